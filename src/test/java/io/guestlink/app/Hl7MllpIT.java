package io.guestlink.app;

import io.guestlink.testing.FreePorts;
import io.guestlink.testing.TestApp;
import io.guestlink.config.Settings;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.guestlink.hl7.Hl7Fixtures;
import io.guestlink.hl7.Hl7Text;
import io.guestlink.hl7.MessageHeader;
import io.guestlink.hl7.MllpWire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real application (routes from routes/, H2 in a temporary folder) with its MLLP listener on a free port, fed by a
 * real HAPI client (which itself only accepts an ACK whose MSA-2 is the control id it sent) and by raw sockets for
 * the samples byte for byte. What the store holds afterwards is read back with SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Hl7MllpIT {
    // one HAPI context per test class: a context shared across classes had its executor shut down by the other
    final HapiContext CLIENT = client();
    TestApp t;
    int port;
    Connection connection;

    static HapiContext client() {
        HapiContext c = new DefaultHapiContext();
        c.setModelClassFactory(new CanonicalModelClassFactory("2.8"));
        c.setValidationContext(ValidationContextFactory.noValidation());
        return c;
    }

    @BeforeAll
    void start() throws Exception {
        port = FreePorts.any();
        Path root = Files.createTempDirectory("guestlink-hl7");
        t = TestApp.start(root, Map.of(), Map.of(Settings.HL7_ENABLED.key(), "true", Settings.HL7_PORT.key(), Integer.toString(port),
                Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1", Settings.HL7_PHONE_REGION.key(), "TH"));
        connection = CLIENT.newClient("127.0.0.1", port, false);
    }

    @AfterAll
    void stop() throws Exception {
        if (connection != null) connection.close();
        if (t != null) t.close();
    }

    Message send(String text) throws Exception {
        Initiator initiator = connection.getInitiator();
        initiator.setTimeout(20, TimeUnit.SECONDS);
        return initiator.sendAndReceive(CLIENT.getPipeParser().parse(text));
    }

    static String seg(String... segments) {
        return String.join("\r", segments);
    }

    long count(String sql, Object... args) throws SQLException {
        try (var c = t.app.database().connection(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    List<String> row(String sql, Object... args) throws SQLException {
        try (var c = t.app.database().connection(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                if (!rs.next()) return out;
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) out.add(rs.getString(i));
                return out;
            }
        }
    }

    /** The stay of a reservation: status, room, arrival, departure. */
    List<String> stay(String system, String confirmation) throws SQLException {
        return row("SELECT s.status, s.room_no, s.arrival, s.departure FROM stay s JOIN source_record r ON r.id = s.source_record_id "
                + "WHERE r.system = ? AND r.record_kind = 'RESERVATION' AND r.source_key = ?", system, confirmation);
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            msft_ADT-A05-02.hl7, ADTApp,  40007716,      RESERVATION_CREATED, BOOKED,      OMU B
            msft_ADT-A01-01.hl7, ADTApp,  40007716,      CHECKED_IN,          IN_HOUSE,    OMU B
            msft_ADT-A02-02.hl7, ADTApp,  40007716,      ROOM_MOVED,          IN_HOUSE,    OMU B
            msft_ADT-A08-02.hl7, ADTApp,  40007716,      RESERVATION_UPDATED, IN_HOUSE,    OMU B
            msft_ADT-A03-02.hl7, ADTApp,  40007716,      CHECKED_OUT,         CHECKED_OUT, OMU B
            msft_ADT-A13-02.hl7, ADTApp,  40007716,      CHECK_OUT_CANCELLED, IN_HOUSE,    OMU B
            msft_ADT-A11-02.hl7, ADTApp,  40007716,      CHECK_IN_CANCELLED,  BOOKED,      OMU B
            msft_ADT01-23.hl7,   AccMgr,  40007716,      CHECKED_IN,          IN_HOUSE,    101
            msft_ADT01-28.hl7,   ADT1,    PATID12345001, CHECKED_IN,          IN_HOUSE,    2012
            msft_ADT04-23.hl7,   NES,     0123456789,    CHECKED_IN,          IN_HOUSE,    EFGH
            msft_ADT04-251.hl7,  REDOX,   123456789,     CHECKED_IN,          IN_HOUSE,    -
            """)
    void shouldAnswerEverySampleAaOnlyOnceItsReservationIsStored(String sample, String system, String confirmation,
                                                                 String type, String status, String room) throws Exception {
        // the seven ADTApp samples all say MSG00001: each gets its own control id here (the next test sends them as is)
        Message m = CLIENT.getPipeParser().parse(Hl7Text.decode(Hl7Fixtures.sample(sample)).text());
        String controlId = "T1-" + sample;
        new Terser(m).set("/MSH-10", controlId);

        Message ack = connection.getInitiator().sendAndReceive(m);

        Terser a = new Terser(ack);
        assertThat(a.get("/MSA-1")).isEqualTo("AA");
        assertThat(a.get("/MSA-2")).isEqualTo(controlId);
        // AA came after the commit: the event and the stay are there the moment the ACK is
        assertThat(row("SELECT event_type, confirmation FROM guest_event WHERE system = ? AND message_id = ?", system, controlId))
                .containsExactly(type, confirmation);
        List<String> stay = stay(system, confirmation);
        assertThat(stay.get(0)).isEqualTo(status);
        assertThat(stay.get(1)).isEqualTo(room);
    }

    @Order(2)
    @Test
    void shouldApplyTheSamplesSentByteForByteOnceEach() throws Exception {
        long before = count("SELECT COUNT(*) FROM guest_event");
        for (String sample : Hl7Fixtures.SAMPLES) {
            byte[] raw = Hl7Fixtures.sample(sample); // BOM, LF endings and trailing blanks as published
            MessageHeader h = MessageHeader.scan(Hl7Text.decode(raw).text());
            MllpWire.Outcome o = MllpWire.exchange(port, MllpWire.frame(raw), Duration.ofSeconds(20));
            assertThat(o).as(sample).isInstanceOfSatisfying(MllpWire.Ack.class, ack -> {
                assertThat(ack.code()).as(sample).isEqualTo("AA");
                assertThat(ack.controlId()).as(sample).isEqualTo(h.controlId());
            });
        }
        // seven samples share (ADTApp, MSG00001): a re-sent control id, applied once; the four others once each
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE system = 'ADTApp' AND message_id = 'MSG00001'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM guest_event") - before).isEqualTo(5);
    }

    @Order(3)
    @Test
    void shouldApplyAControlIdSentTwiceOnce() throws Exception {
        String a01 = seg("MSH|^~\\&|OPERA|BKK01|GL|GL|20250608141500+0700||ADT^A01^ADT_A01|DUP-1|P|2.5",
                "EVN|A01|20250608141500+0700",
                "PID|1||100482^^^OPERA^PI||YU^MING^^^MR||19780314|M|||||||||||||||||CN",
                "PV1|1|I|^1208^^BKK01||||||||||||||||548213907|||||||||||||||||||||||||20250608140000+0700|20250610");
        assertThat(new Terser(send(a01)).get("/MSA-1")).isEqualTo("AA");
        List<String> first = row("SELECT version, content_hash, updated_at FROM source_record WHERE system = 'OPERA' "
                + "AND source_key = '548213907'");

        // the ACK was lost, the sender sends the same message again; then once more, changed (a sender bug): the
        // control id was applied, so neither changes anything
        Message again = send(a01);
        Message changed = send(a01.replace("^1208^", "^1510^"));

        assertThat(new Terser(again).get("/MSA-1")).isEqualTo("AA");
        assertThat(new Terser(again).get("/MSA-2")).isEqualTo("DUP-1");
        assertThat(new Terser(changed).get("/MSA-1")).isEqualTo("AA");
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE system = 'OPERA' AND message_id = 'DUP-1'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE system = 'OPERA' AND message_id = 'DUP-1'")).isEqualTo(1);
        assertThat(row("SELECT version, content_hash, updated_at FROM source_record WHERE system = 'OPERA' "
                + "AND source_key = '548213907'")).isEqualTo(first);
        assertThat(stay("OPERA", "548213907").get(1)).isEqualTo("1208");
    }

    @Order(4)
    @Test
    void shouldFollowAStayThroughMoveDepartureAndCancellations() throws Exception {
        String pid = "PID|1||G-77^^^PMS^PI||ALPHA^ANNA||19800101|F";
        String pv1 = "PV1|1|I|^%s^^BKK01|||%s|||||||||||||R-77|||||||||||||||||||||||||20250601140000|%s";
        String msh = "MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^%s|S-%s|P|2.4";
        assertThat(ack(send(seg(msh.formatted("A05", 1), pid, pv1.formatted("", "", "20250605"))))).isEqualTo("AA");
        assertThat(stay("PMS", "R-77")).containsExactly("BOOKED", null, "2025-06-01", "2025-06-05");

        assertThat(ack(send(seg(msh.formatted("A01", 2), pid, pv1.formatted("1208", "", ""))))).isEqualTo("AA");
        assertThat(stay("PMS", "R-77")).containsExactly("IN_HOUSE", "1208", "2025-06-01", "2025-06-05");

        assertThat(ack(send(seg(msh.formatted("A02", 3), pid, pv1.formatted("1510", "^1208", ""))))).isEqualTo("AA");
        assertThat(stay("PMS", "R-77")).containsExactly("IN_HOUSE", "1510", "2025-06-01", "2025-06-05");
        assertThat(row("SELECT event_type, room_no, prior_room_no FROM guest_event WHERE system = 'PMS' AND message_id = 'S-3'"))
                .containsExactly("ROOM_MOVED", "1510", "1208");

        assertThat(ack(send(seg(msh.formatted("A12", 4), pid, pv1.formatted("1208", "^1510", ""))))).isEqualTo("AA");
        assertThat(stay("PMS", "R-77").get(1)).isEqualTo("1208");

        assertThat(ack(send(seg(msh.formatted("A03", 5), pid, pv1.formatted("1208", "", "20250604"))))).isEqualTo("AA");
        assertThat(stay("PMS", "R-77")).containsExactly("CHECKED_OUT", "1208", "2025-06-01", "2025-06-04");

        assertThat(ack(send(seg(msh.formatted("A13", 6), pid, pv1.formatted("1208", "", "20250604"))))).isEqualTo("AA");
        assertThat(stay("PMS", "R-77").get(0)).isEqualTo("IN_HOUSE");

        assertThat(ack(send(seg(msh.formatted("A11", 7), pid, pv1.formatted("1208", "", ""))))).isEqualTo("AA");
        assertThat(stay("PMS", "R-77").get(0)).isEqualTo("BOOKED");
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE system = 'PMS' AND confirmation = 'R-77'")).isEqualTo(7);
    }

    @Order(5)
    @Test
    void shouldMergeTwoProfilesOnAnA40() throws Exception {
        String msh = "MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^%s|%s|P|2.5";
        assertThat(ack(send(seg(msh.formatted("A05", "M-1"), "PID|1||G-501^^^PMS^PI||BRAVO^BORIS||19700202|M",
                "PV1|1|I|^^^BKK01||||||||||||||||R-501")))).isEqualTo("AA");
        assertThat(ack(send(seg(msh.formatted("A05", "M-2"), "PID|1||G-502^^^PMS^PI||CHARLIE^CLARA||19900303|F",
                "PV1|1|I|^^^BKK01||||||||||||||||R-502")))).isEqualTo("AA");
        long survivor = profile("SRC:PMS:G-501");
        long absorbed = profile("SRC:PMS:G-502");
        assertThat(survivor).isNotEqualTo(absorbed);

        Message ack = send(seg(msh.formatted("A40^ADT_A39", "M-3"), "EVN|A40|20250601120000",
                "PID|1||G-501^^^PMS^PI||BRAVO^BORIS", "MRG|G-502^^^PMS^PI"));

        assertThat(new Terser(ack).get("/MSA-1")).isEqualTo("AA");
        assertThat(count("SELECT COUNT(*) FROM profile_merge WHERE rule = 'source-merge' AND unmerged_at IS NULL "
                + "AND survivor_id = ? AND absorbed_id = ?", survivor, absorbed)).isEqualTo(1);
        assertThat(count("SELECT merged_into FROM guest_profile WHERE id = ?", absorbed)).isEqualTo(survivor);
        assertThat(row("SELECT event_type, profile_id FROM guest_event WHERE system = 'PMS' AND message_id = 'M-3'"))
                .containsExactly("PROFILES_MERGED", Long.toString(survivor));
    }

    @Order(6)
    @Test
    void shouldAnswerAeWhenAMergeNamesAnUnknownGuest() throws Exception {
        Message ack = send(seg("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A40^ADT_A39|M-9|P|2.5",
                "PID|1||G-501^^^PMS^PI||BRAVO^BORIS", "MRG|G-999^^^PMS^PI"));
        Terser a = new Terser(ack);
        assertThat(a.get("/MSA-1")).isEqualTo("AE");
        assertThat(a.get("/MSA-2")).isEqualTo("M-9");
        assertThat(a.get("/ERR-8")).contains("no guest with this key from PMS");
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'M-9'")).isZero();
    }

    long profile(String key) throws SQLException {
        return count("SELECT profile_id FROM profile_key WHERE identity_key = ?", key);
    }

    static String ack(Message m) throws Exception {
        return new Terser(m).get("/MSA-1");
    }

}

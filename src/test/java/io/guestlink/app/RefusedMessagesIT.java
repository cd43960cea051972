package io.guestlink.app;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.app.Initiator;
import ca.uhn.hl7v2.util.Terser;
import io.guestlink.testing.Cli;
import io.guestlink.config.Settings;
import io.guestlink.hl7.MllpWire;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "No message lost or misanswered" through the real application: its MLLP listener fed by a real HAPI client (and
 * raw frames for what HAPI will not send), its embedded broker fed by a JMS client. A frame with two messages or a
 * batch is refused whole and stores nothing; every refusal is journaled with what the sender was told; `refused`
 * lists them without guest data; `reprocess` applies one once after a data fix (an A40 naming a guest who arrives
 * later) or a configuration fix (a property setting, the events' size limit); and no message run stays RUNNING.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RefusedMessagesIT {
    @RegisterExtension
    static final PhiLogScan LOGS = PhiLogScan.of("YU/MING MR", "YU/MING", "yu.ming@example.net", "081-234-5678",
            "+66812345678", "G-RJ1", "G-RJ2", "ZZHIDDEN", "ZZGIVEN");
    static final Duration HANG = Duration.ofSeconds(15);

    final HapiContext client = Hl7MllpIT.client();
    Path root;
    TestApp t;
    int port;
    String tcp;
    Connection hl7;

    @BeforeAll
    void start() throws Exception {
        port = FreePorts.any();
        tcp = "tcp://127.0.0.1:" + FreePorts.any();
        root = Files.createTempDirectory("guestlink-refused");
        t = TestApp.start(root, Map.of(), Map.of(Settings.HL7_ENABLED.key(), "true", Settings.HL7_PORT.key(),
                Integer.toString(port), Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1", Settings.BROKER_LISTEN.key(), tcp,
                // small enough that the test's events are over it: the "mapping fix" is raising it
                Settings.EVENTS_MAX_BYTES.key(), "300"));
        hl7 = client.newClient("127.0.0.1", port, false);
    }

    @AfterAll
    void stop() throws Exception {
        if (hl7 != null) hl7.close();
        if (t != null) t.close();
    }

    static String a01(String controlId, String guest, String confirmation, String facility) {
        String m = String.join("\r", "MSH|^~\\&|PMS|" + facility + "|GL|GL|20250601120000||ADT^A01|" + controlId + "|P|2.5",
                // a family name and a phone of each guest's own, so identity resolution never joins two of them
                "EVN|A01|20250601120000", "PID|1||" + guest + "^^^PMS||ZZHIDDEN" + guest.replaceAll("\\W", "")
                        + "^ZZGIVEN||19780314|M|||||" + (guest.equals("G-SURV7") ? "+66 81 234 5678" : ""),
                "PV1|1|I|^1208^^" + facility + "||||||||||||||||" + confirmation);
        LOGS.sentHl7(m);
        return m;
    }

    Terser send(String text) throws Exception {
        Initiator initiator = hl7.getInitiator();
        initiator.setTimeout(20, TimeUnit.SECONDS);
        return new Terser(initiator.sendAndReceive(client.getPipeParser().parse(text)));
    }

    long count(String sql) throws SQLException {
        return io.guestlink.testing.StoreCounts.count(t.app.database(), sql);
    }

    String one(String sql) throws SQLException {
        try (var c = t.app.database().connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The command line beside the running service, on the same store: its output and exit code. */
    Cli.Result cli(String... args) {
        return Cli.run(root, Map.of(Settings.DB_URL.key(), TestApp.h2Store(root), Settings.SOURCES_DIR.key(),
                root.resolve("sources").toString(), Settings.HMAC_KEY.key(), "test-key-0123456789abcdef",
                Settings.ALERTS_CONFIG.key(), root.resolve("alerts.yaml").toString()), Map.of(), args);
    }

    long refusedId(String messageId) throws SQLException {
        return Long.parseLong(one("SELECT MAX(id) FROM refused_message WHERE message_id = '" + messageId + "'"));
    }

    @Test
    @Order(1)
    void aFrameWithTwoMessagesIsRefusedWholeWithTheFirstControlIdAndNothingStored() throws Exception {
        byte[] two = MllpWire.frame(a01("TWO-1", "G-RJ1", "R-TWO-1", "BKK01") + "\r" + a01("TWO-2", "G-RJ2", "R-TWO-2", "BKK01"));
        MllpWire.Outcome o = MllpWire.exchange(port, two, HANG);
        assertThat(o).isInstanceOfSatisfying(MllpWire.Ack.class, a -> {
            assertThat(a.code()).isEqualTo("AR");
            assertThat(a.controlId()).isEqualTo("TWO-1");
            assertThat(a.segment("ERR")).contains("the frame holds 2 messages").contains("one frame carries one message");
        });
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_id LIKE 'TWO-%'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM source_record WHERE source_key LIKE 'R-TWO-%'")).isZero();
        assertThat(one("SELECT answer || ' ' || code || ' ' || system || ' ' || channel FROM refused_message WHERE message_id = 'TWO-1'"))
                .isEqualTo("AR 100 PMS hl7");

        // each in its own frame, as the AR asks: both applied, each answered with its own control id
        assertThat(send(a01("TWO-1", "G-RJ1", "R-TWO-1", "BKK01")).get("/MSA-2")).isEqualTo("TWO-1");
        assertThat(send(a01("TWO-2", "G-RJ2", "R-TWO-2", "BKK01")).get("/MSA-2")).isEqualTo("TWO-2");
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_id LIKE 'TWO-%'")).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aBatchIsRefusedWholeNamingTheProblem() throws Exception {
        String batch = String.join("\r", "FHS|^~\\&|PMS|BKK01|GL|GL|20250601120000", "BHS|^~\\&|PMS|BKK01|GL|GL|20250601120000",
                a01("BAT-1", "G-RJ1", "R-BAT-1", "BKK01"), a01("BAT-2", "G-RJ2", "R-BAT-2", "BKK01"), "BTS|2", "FTS|1");
        MllpWire.Outcome o = MllpWire.exchange(port, MllpWire.frame(batch), HANG);
        assertThat(o).isInstanceOfSatisfying(MllpWire.Ack.class, a -> {
            assertThat(a.code()).isEqualTo("AR");
            assertThat(a.controlId()).isEqualTo("BAT-1");
            assertThat(a.segment("ERR")).contains("an HL7 batch (FHS segment 1) is not accepted over MLLP");
        });
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_id LIKE 'BAT-%'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM refused_message WHERE message_id = 'BAT-1' AND answer = 'AR'")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void anA40NamingAGuestNotYetKnownIsJournaledAndReprocessedOnceAfterHeArrives() throws Exception {
        assertThat(send(a01("S-1", "G-SURV7", "R-S-1", "BKK01")).get("/MSA-1")).isEqualTo("AA");
        String a40 = String.join("\r", "MSH|^~\\&|PMS|BKK01|GL|GL|20250601130000||ADT^A40^ADT_A39|M40-1|P|2.5",
                "EVN|A40|20250601130000", "PID|1||G-SURV7^^^PMS||ZZHIDDEN^ZZGIVEN", "MRG|G-ABSORB9^^^PMS");
        LOGS.sentHl7(a40);
        Terser ae = send(a40);
        assertThat(ae.get("/MSA-1")).isEqualTo("AE");
        assertThat(ae.get("/MSA-2")).isEqualTo("M40-1");

        long id = refusedId("M40-1");
        assertThat(one("SELECT reason FROM refused_message WHERE id = " + id)).contains("no guest with this key from PMS")
                .contains("'*****ORB9'").doesNotContain("G-ABSORB9");
        assertThat(one("SELECT raw_text FROM refused_message WHERE id = " + id)).as("sealed under the store key")
                .startsWith("gl1:").doesNotContain("G-ABSORB9");
        assertThat(t.app.database().rawText().open(one("SELECT raw_text FROM refused_message WHERE id = " + id)))
                .as("kept for reprocessing").contains("MRG|G-ABSORB9");
        assertThat(one("SELECT status FROM refused_message WHERE id = " + id)).isEqualTo("REFUSED");

        Cli.Result listed = cli("refused", "--channel", "hl7");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains(Long.toString(id)).contains("M40-1").contains("AE").contains("REFUSED")
                .contains("no guest with this key").doesNotContain("G-ABSORB9").doesNotContain("ZZHIDDEN");

        // reprocessed too early, it is refused again and stays open
        Cli.Result early = cli("reprocess", Long.toString(id));
        assertThat(early.exit()).isEqualTo(1);
        assertThat(early.out()).contains("refused again");
        assertThat(count("SELECT COUNT(*) FROM profile_merge WHERE rule = 'source-merge'")).isZero();

        // the data fix: the absorbed guest arrives
        assertThat(send(a01("S-2", "G-ABSORB9", "R-S-2", "BKK01")).get("/MSA-1")).isEqualTo("AA");
        Cli.Result done = cli("reprocess", Long.toString(id));
        assertThat(done.exit()).isZero();
        assertThat(done.out()).contains("applied: guest event");
        assertThat(count("SELECT COUNT(*) FROM profile_merge WHERE rule = 'source-merge'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_id = 'M40-1'")).isEqualTo(1);
        assertThat(one("SELECT status || ' ' || attempts FROM refused_message WHERE id = " + id)).isEqualTo("REPROCESSED 2");

        // once: neither a second reprocess nor the sender's resend applies it again
        assertThat(cli("reprocess", Long.toString(id)).out()).contains("already reprocessed").contains("nothing done");
        assertThat(send(a40).get("/MSA-1")).as("a resend is recognised by its control id").isEqualTo("AA");
        assertThat(count("SELECT COUNT(*) FROM profile_merge WHERE rule = 'source-merge'")).isEqualTo(1);
        assertThat(cli("refused").out()).as("settled: no longer open").doesNotContain("M40-1");
        assertThat(cli("refused", "--all").out()).contains("M40-1").contains("REPROCESSED");
    }

    @Test
    @Order(4)
    void aMessageRefusedForAMissingSettingIsAppliedByReprocessWithTheSettingFixed() throws Exception {
        // no facility anywhere and no guestlink.hl7.property: AE
        String noProperty = a01("NP-1", "G-NP1", "R-NP-1", "").replace("^1208^^|", "^1208|");
        Terser ae = send(noProperty);
        assertThat(ae.get("/MSA-1")).isEqualTo("AE");
        long id = refusedId("NP-1");
        assertThat(one("SELECT field FROM refused_message WHERE id = " + id)).isEqualTo("MSH-4.1");

        Cli.Result fixed = cli("--set", Settings.HL7_PROPERTY.key() + "=BKK01", "reprocess", Long.toString(id));
        assertThat(fixed.exit()).as(fixed.out()).isZero();
        assertThat(one("SELECT property FROM guest_event WHERE message_id = 'NP-1'")).isEqualTo("BKK01");
        assertThat(cli("--set", Settings.HL7_PROPERTY.key() + "=BKK01", "reprocess", Long.toString(id)).out()).contains("nothing done");
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'NP-1'")).isEqualTo(1);
    }

    @Test
    @Order(5)
    void aDeadLetteredJsonEventIsJournaledAndReprocessedAfterTheLimitIsRaised() throws Exception {
        String big = EventMessages.reservation("big-1", "guest.checked_in", "RJ1");
        String notJson = "{\"eventId\": \"bad-1\", \"type\": guest.checked_in}";
        try (QueueClient pms = new QueueClient(tcp)) {
            pms.send(BrokerEventsIT.QUEUE, big, notJson);
            assertThat(pms.take(BrokerEventsIT.DLQ, 2, 10_000)).hasSize(2);
        }
        Wait.until("both refusals journaled", Duration.ofSeconds(10),
                () -> count("SELECT COUNT(*) FROM refused_message WHERE channel = 'jms'") == 2);
        long id = refusedId("big-1");
        assertThat(one("SELECT system || ' ' || answer || ' ' || reason FROM refused_message WHERE id = " + id))
                .startsWith("OPERA DLQ").contains("exceeds the limit of 300 bytes");
        assertThat(one("SELECT transport_id FROM refused_message WHERE id = " + id)).as("the JMS message id").startsWith("ID:");
        assertThat(one("SELECT COUNT(*) FROM refused_message WHERE channel = 'jms' AND message_id IS NULL")).as("not JSON: no id to read").isEqualTo("1");
        assertThat(cli("refused", "--channel", "jms").out()).contains("big-1").doesNotContain("yu.ming").doesNotContain("YU/MING");

        Cli.Result fixed = cli("--set", Settings.EVENTS_MAX_BYTES.key() + "=65536", "reprocess", Long.toString(id));
        assertThat(fixed.exit()).as(fixed.out()).isZero();
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'big-1'")).isEqualTo(1);
        assertThat(cli("--set", Settings.EVENTS_MAX_BYTES.key() + "=65536", "reprocess", Long.toString(id)).out())
                .contains("nothing done");
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'big-1'")).isEqualTo(1);
    }

    @Test
    @Order(6)
    void noMessageRunStaysRunningOnceTheServiceStops() throws Exception {
        assertThat(count("SELECT COUNT(*) FROM import_file WHERE source_id = 'hl7:PMS' AND status = 'RUNNING'")).isEqualTo(1);
        assertThat(one("SELECT file_name FROM import_file WHERE source_id = 'hl7:PMS' AND status = 'RUNNING'"))
                .matches("hl7:PMS messages \\d{4}-\\d{2}-\\d{2}");
        hl7.close();
        hl7 = null;
        t.close();
        t = null;
        try (var c = DriverManager.getConnection(TestApp.h2Store(root), "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN status = 'DONE' AND finished_at IS NOT NULL THEN 1 ELSE 0 END) "
                     + "FROM import_file WHERE file_name LIKE '% messages %'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the listener's and the commands' runs").isGreaterThanOrEqualTo(2);
            assertThat(rs.getLong(2)).isEqualTo(rs.getLong(1));
        }
    }
}

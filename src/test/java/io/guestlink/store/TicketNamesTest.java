package io.guestlink.store;

import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.identity.Survivorship;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.model.ImportSummary;
import io.guestlink.identity.Normalisers;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A POS ticket that only carries the name the cashier wrote reaches the one guest in house under that name that day;
 * namesakes, unknown names, placeholder names and guests not in house leave it unlinked. On H2 and PostgreSQL.
 */
class TicketNamesTest {
    static final String STAYS = """
            id: pms
            system: OPERA
            kind: reservation
            property: BKK01
            key: [CONF]
            fields:
              guest.key: GID
              guest.name: { column: NAME, nameFormat: "LAST/FIRST TITLE" }
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
              reservation.roomNumber: ROOM
            """;
    static final String TICKETS = """
            id: pos
            system: MICROS
            kind: pos-ticket
            property: BKK01
            key: [CHECK]
            dateTimeFormats: ["yyyy-MM-dd HH:mm"]
            fields:
              pos.outlet: OUTLET
              pos.ticketNumber: CHECK
              pos.opened: OPENED
              pos.guestName: NAME
              pos.item.name: ITEM
            """;

    @TempDir
    Path tmp;
    Database db;
    String pgUrl;
    FileImporter importer;

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    RecordMapper feed(String name, String yaml) throws Exception {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, yaml);
        PlaceholderList p = PlaceholderList.defaults();
        return new RecordMapper(SourceConfigLoader.load(f), new Normalisers(new EmailNormaliser(p), new PhoneNormaliser(p),
                new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p)), Clock.systemUTC());
    }

    /** A fresh store of the kind given ("h2" or "postgres") and an importer writing into it. */
    void open(String store, String pgName) {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres(pgName)) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 2);
        importer = new FileImporter(new ImportJournal(db), new BatchWriter(db, 10_000, false, new GoldenRecords(Survivorship.defaults())), 100, 1000);
    }

    void load(RecordMapper feed, String name, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ImportSummary s = importer.importStream(feed, new ByteArrayInputStream(bytes), bytes.length, name, FileImporter.sha256Of(bytes),
                tmp.resolve(name + ".rejects.csv"));
        assertThat(s.status()).isEqualTo("DONE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aNameOnATicketFindsTheOneGuestInHouseUnderThatName(String store) throws Exception {
        open(store, "guestlink_ticketnames");
        load(feed("pms", STAYS), "stays.csv", """
                CONF,GID,NAME,ARR,DEP,ROOM
                R1,G1,YU/MING MR,2025-06-08,2025-06-10,1208
                R2,G2,LEE/ANNA MS,2025-06-08,2025-06-12,301
                R3,G3,LEE/ANNA MRS,2025-06-09,2025-06-11,415
                R4,G4,KOWALSKI/JAN MR,2025-06-20,2025-06-22,502
                """);
        load(feed("pos", TICKETS), "tickets.csv", """
                OUTLET,CHECK,OPENED,NAME,ITEM
                CAFE,T1,2025-06-09 07:30,Mr Ming Yu,Coffee
                CAFE,T2,2025-06-09 08:00,LEE/ANNA,Tea
                CAFE,T3,2025-06-09 08:10,SMITH/JOHN,Tea
                CAFE,T4,2025-06-09 08:20,WALK IN,Tea
                CAFE,T5,2025-06-09 08:30,KOWALSKI/JAN,Tea
                CAFE,T6,2025-06-10 00:20,YU/MING,Water
                """);
        Map<String, Long> linked = new HashMap<>();
        long yu;
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT source_key, profile_id FROM source_record WHERE system = 'MICROS'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) linked.put(rs.getString(1), rs.getObject(2, Long.class));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_id FROM source_record WHERE system = 'OPERA' AND source_key = 'R1'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                yu = rs.getLong(1);
            }
        }
        assertThat(linked).hasSize(6);
        assertThat(linked.get("T1")).as("given-family order, title").isEqualTo(yu);
        assertThat(linked.get("T6")).as("just after midnight on the departure day").isEqualTo(yu);
        assertThat(linked.get("T2")).as("two Anna Lees in house").isNull();
        assertThat(linked.get("T3")).as("nobody of that name").isNull();
        assertThat(linked.get("T4")).as("a placeholder name").isNull();
        assertThat(linked.get("T5")).as("the guest arrives later").isNull();
    }

    /**
     * The guests in house are kept between batches of tickets (one read per property and day, not one per batch), but
     * an arrival written since is seen by the next ticket: a namesake arriving makes the name ambiguous, a new guest
     * makes it known.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anArrivalAfterTheFirstTicketsIsSeenByTheNext(String store) throws Exception {
        open(store, "guestlink_ticketnames_kept");
        RecordMapper pms = feed("pms", STAYS);
        RecordMapper pos = feed("pos", TICKETS);
        load(pms, "stays1.csv", """
                CONF,GID,NAME,ARR,DEP,ROOM
                R1,G1,YU/MING MR,2025-06-08,2025-06-10,1208
                """);
        load(pos, "tickets1.csv", """
                OUTLET,CHECK,OPENED,NAME,ITEM
                CAFE,T1,2025-06-09 07:30,YU/MING,Coffee
                CAFE,T2,2025-06-09 07:40,CHAN/TAI,Coffee
                """);
        load(pms, "stays2.csv", """
                CONF,GID,NAME,ARR,DEP,ROOM
                R5,G5,YU/MING MR,2025-06-09,2025-06-11,714
                R6,G6,CHAN/TAI MR,2025-06-09,2025-06-11,715
                """);
        load(pos, "tickets2.csv", """
                OUTLET,CHECK,OPENED,NAME,ITEM
                CAFE,T3,2025-06-09 12:30,YU/MING,Noodles
                CAFE,T4,2025-06-09 12:40,CHAN/TAI,Noodles
                """);
        Map<String, Long> linked = new HashMap<>();
        Map<String, Long> guests = new HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT system, source_key, profile_id FROM source_record");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) (rs.getString(1).equals("MICROS") ? linked : guests).put(rs.getString(2), rs.getObject(3, Long.class));
        }
        assertThat(linked.get("T1")).as("the one Yu Ming in house then").isEqualTo(guests.get("R1"));
        assertThat(linked.get("T2")).as("nobody of that name yet").isNull();
        assertThat(linked.get("T3")).as("a second Yu Ming arrived since").isNull();
        assertThat(linked.get("T4")).as("Chan Tai arrived since").isNotNull().isEqualTo(guests.get("R6"));
    }
}

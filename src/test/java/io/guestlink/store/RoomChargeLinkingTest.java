package io.guestlink.store;

import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.model.ImportSummary;
import io.guestlink.identity.Normalisers;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.RecognitionCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Room-charged POS tickets on changeover days, just after midnight, and in rooms shared by two guests, from files
 * through the store to the recognition card (H2 and PostgreSQL). The rule is {@link RoomCharges}.
 */
class RoomChargeLinkingTest {
    static final String RESERVATIONS = """
            id: pms
            system: PMS
            kind: reservation
            property: BKK01
            key: [CONF]
            fields:
              reservation.confirmationNumber: CONF
              guest.key: GID
              guest.name: {column: NAME, nameFormat: "LAST/FIRST TITLE"}
              guest.memberNumber: MEMBER
              reservation.arrival: ARR
              reservation.departure: DEP
              reservation.roomNumber: ROOM
              reservation.status: STATUS
            """;
    static final String POS = """
            id: pos
            system: POS
            kind: pos-ticket
            property: BKK01
            key: [OUTLET, CHECK, LINE]
            fields:
              pos.outlet: OUTLET
              pos.ticketNumber: CHECK
              pos.table: TABLE
              pos.opened: OPENED
              pos.roomNumber: ROOM
              pos.guestName: NAME
              pos.memberNumber: MEMBER
              pos.settlement: {constant: ROOM}
              pos.item.line: LINE
              pos.item.name: ITEM
            """;

    @TempDir
    Path tmp;
    Database db;
    String pgUrl;

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    RecordMapper mapper(String yaml) throws IOException {
        Path f = tmp.resolve(System.nanoTime() + ".yaml");
        Files.writeString(f, yaml);
        PlaceholderList p = PlaceholderList.defaults();
        return new RecordMapper(SourceConfigLoader.load(f), new Normalisers(new EmailNormaliser(p), new PhoneNormaliser(p),
                new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p)), Clock.systemUTC());
    }

    ImportSummary importText(FileImporter importer, RecordMapper mapper, String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return importer.importStream(mapper, new ByteArrayInputStream(bytes), bytes.length, name,
                FileImporter.sha256Of(bytes), tmp.resolve(name + ".rejects.csv"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldAttributeRoomChargesOnChangeoverDaysAndBetweenSharersOrLeaveThemUnlinked(String store) throws Exception {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_test")) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 2);
        FileImporter importer = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), 100, 100000);

        ImportSummary stays = importText(importer, mapper(RESERVATIONS), "res.csv", """
                CONF,GID,NAME,MEMBER,ARR,DEP,ROOM,STATUS
                R1,G1,LEE/MIN MR,,2025-06-05,2025-06-08,1208,CHECKED_OUT
                R2,G2,PATEL/RAJ MR,,2025-06-08,2025-06-10,1208,CHECKED_OUT
                R3,G3,SCHMIDT/ANNA MRS,,2025-06-08,2025-06-11,0905,CHECKED_OUT
                R4,G4,SCHMIDT/PETER MR,BR555,2025-06-08,2025-06-11,0905,CHECKED_OUT
                R5,G5,KHAN/SARA MS,,2025-06-08,2025-06-08,0712,CHECKED_OUT
                """);
        assertThat(stays.counts().imported()).isEqualTo(5);
        ImportSummary tickets = importText(importer, mapper(POS), "pos.csv", """
                OUTLET,CHECK,TABLE,OPENED,ROOM,NAME,MEMBER,LINE,ITEM
                LOBBYBAR,1,B1,2025-06-08 00:20,1208,,,1,Whisky
                CAFE,2,W1,2025-06-08 07:30,1208,,,1,Congee
                CAFE,3,T4,2025-06-08 19:10,1208,,,1,Pad Thai
                CAFE,4,T4,2025-06-09 07:40,1208,,,1,Omelette
                CAFE,10,W2,2025-06-09 07:30,0905,SCHMIDT/ANNA,,1,Muesli
                CAFE,11,W2,2025-06-10 07:30,0905,Schmidt/Anna,,1,Muesli
                CAFE,12,T7,2025-06-09 08:30,0905,SCHMIDT,,1,Bacon
                CAFE,13,T7,2025-06-10 08:30,0905,,,1,Bacon
                CAFE,14,T7,2025-06-10 08:40,0905,,BR555,1,Bacon
                CAFE,20,T9,2025-06-08 09:00,0712,,,1,Toast
                """);
        assertThat(tickets.counts().imported()).isEqualTo(10);

        ProfileQueries q = new ProfileQueries(db);
        Map<String, Long> guest = new HashMap<>();
        for (String g : new String[] {"G1", "G2", "G3", "G4", "G5"}) guest.put(g, q.byKey("SRC:PMS:" + g).orElseThrow());
        Map<String, Long> owner = ticketOwners();

        // changeover in 1208: Lee leaves on the 8th, Patel arrives that day
        assertThat(owner.get("1")).as("00:20 on the changeover day: Lee's last night").isEqualTo(guest.get("G1"));
        assertThat(owner.get("2")).as("07:30 on the changeover day: Lee's departure breakfast").isEqualTo(guest.get("G1"));
        assertThat(owner.get("3")).as("19:10 on the changeover day: Patel's first dinner").isEqualTo(guest.get("G2"));
        assertThat(owner.get("4")).isEqualTo(guest.get("G2"));
        // sharers in 0905: Anna and Peter Schmidt, two reservations
        assertThat(owner.get("10")).as("the name on the check picks the sharer").isEqualTo(guest.get("G3"));
        assertThat(owner.get("11")).as("names compared ignoring case").isEqualTo(guest.get("G3"));
        assertThat(owner.get("12")).as("a family name both sharers have decides nothing").isNull();
        assertThat(owner.get("13")).as("no name: not guessed").isNull();
        assertThat(owner.get("14")).as("the member number links it after the room could not").isEqualTo(guest.get("G4"));
        // a day use: the only guest of the day, even before the changeover time
        assertThat(owner.get("20")).isEqualTo(guest.get("G5"));

        // end to end: Anna's usual breakfast is hers alone, Peter's card does not inherit it
        GuestMemoryReader reader = new GuestMemoryReader(db, MemoryConfig.defaults());
        RecognitionCard anna = reader.card(guest.get("G3"), LocalDate.of(2025, 7, 1)).orElseThrow();
        RecognitionCard peter = reader.card(guest.get("G4"), LocalDate.of(2025, 7, 1)).orElseThrow();
        assertThat(anna.usual()).containsExactly(new RecognitionCard.Usual("CAFE", "breakfast", "W2", java.util.List.of("Muesli")));
        assertThat(peter.usual()).isEmpty();
    }

    /** Ticket number -> the profile its source record is filed under (null: unlinked). */
    Map<String, Long> ticketOwners() throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t.ticket_no, r.profile_id FROM pos_ticket t "
                     + "JOIN source_record r ON r.id = t.source_record_id")) {
            while (rs.next()) out.put(rs.getString(1), (Long) rs.getObject(2, Long.class));
        }
        return out;
    }
}

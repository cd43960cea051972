package io.guestlink.pipeline;

import io.guestlink.ingest.RecordMapper;
import io.guestlink.model.ImportCounts;
import io.guestlink.model.ImportSummary;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.PollState;
import io.guestlink.store.TestDatabases;
import io.guestlink.testing.FeedMappers;
import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files and database feeds refuse a value longer than its canonical field keeps (model/FieldLimit) row by row: the
 * row is rejected with its line, field, value and limit, the rows around it are stored, and nothing is stored cut.
 * The same cases for every short code the store keeps in 32 characters, at 33 and 50 characters.
 */
class FieldLimitImportTest {
    static final String RESERVATIONS = """
            id: res
            system: PMS
            kind: reservation
            property: BKK01
            currency: THB
            key: [CONF]
            fields:
              property: PROP
              reservation.confirmationNumber: CONF
              reservation.roomNumber: ROOM
              reservation.roomType: RTYPE
              reservation.rateCode: RATE
              guest.key: GID
              guest.name: NAME
            """;
    static final String TICKETS = """
            id: pos
            system: POS
            kind: pos-ticket
            property: BKK01
            currency: THB
            key: [OUTLET, TICKET]
            fields:
              property: PROP
              pos.outlet: OUTLET
              pos.ticketNumber: TICKET
              pos.table: TBL
              pos.roomNumber: ROOM
              pos.guestName: NAME
            """;
    static final String POLL = """
            poll:
              url: jdbc:h2:mem:not-read-by-this-test
              query: SELECT * FROM legacy
              watermark: UPDATED_AT
            """;

    /** A field, the feed that maps it, its column, the table and column that keep it, and a good row's values. */
    record Case(String field, String feed, String column, String table, String stored, Map<String, String> good) {
        @Override
        public String toString() {
            return field;
        }

        Map<String, String> row(int n, String bad) {
            Map<String, String> r = new LinkedHashMap<>(good);
            r.replaceAll((k, v) -> v.replace("#", Integer.toString(n)));
            if (bad != null) r.put(column, bad);
            return r;
        }
    }

    static final Map<String, String> RES_ROW = row("CONF", "C#", "PROP", "BKK01", "ROOM", "10#", "RTYPE", "DLX",
            "RATE", "BAR", "GID", "G#", "NAME", "YU/MING");
    static final Map<String, String> POS_ROW = row("OUTLET", "CAFE", "TICKET", "T#", "PROP", "BKK01", "TBL", "W2",
            "ROOM", "10#", "NAME", "Yu Ming");

    static final List<Case> CASES = List.of(
            new Case("property", RESERVATIONS, "PROP", "stay", "property", RES_ROW),
            new Case("reservation.roomNumber", RESERVATIONS, "ROOM", "stay", "room_no", RES_ROW),
            new Case("reservation.roomType", RESERVATIONS, "RTYPE", "stay", "room_type", RES_ROW),
            new Case("reservation.rateCode", RESERVATIONS, "RATE", "stay", "rate_code", RES_ROW),
            new Case("pos.table", TICKETS, "TBL", "pos_ticket", "table_no", POS_ROW),
            new Case("pos.roomNumber", TICKETS, "ROOM", "pos_ticket", "room_no", POS_ROW));

    @TempDir
    Path tmp;

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_limits");

    Database db;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    /** Every field at 33 and 50 characters on H2, and at 33 on PostgreSQL (files: the journal and store are shared). */
    static Stream<Arguments> fileCases() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : CASES) {
            out.add(Arguments.of(c, 33, "h2"));
            out.add(Arguments.of(c, 50, "h2"));
            out.add(Arguments.of(c, 33, "postgres"));
        }
        return out.stream();
    }

    static Stream<Arguments> pollCases() {
        return fileCases().filter(a -> a.get()[2].equals("h2"));
    }

    @ParameterizedTest(name = "{0}, {1} characters, {2}")
    @MethodSource("fileCases")
    void aFileRowWithAValueLongerThanItsFieldIsRejectedAndTheRestImported(Case c, int length, String store) throws Exception {
        open(store);
        String tooLong = "X".repeat(length);
        String csv = csv(List.of(c.row(1, null), c.row(2, tooLong), c.row(3, null)));
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        Path rejects = tmp.resolve("rejects.csv");
        ImportSummary s = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), 100, 1000)
                .importStream(mapper(c.feed()), new ByteArrayInputStream(bytes), bytes.length, "night.csv",
                        FileImporter.sha256Of(bytes), rejects);

        assertThat(s.counts()).isEqualTo(new ImportCounts(3, 2, 0, 0, 1, 0));
        assertRefused(c, tooLong, s.runId(), 3);
        assertThat(Files.readString(rejects)).contains("3," + c.field() + "," + tooLong + ",")
                .contains("more than the 32 GuestLink keeps for " + c.field());
    }

    @ParameterizedTest(name = "{0}, {1} characters, {2}")
    @MethodSource("pollCases")
    void aPolledRowWithAValueLongerThanItsFieldIsRejectedAndTheRestImported(Case c, int length, String store) throws Exception {
        open(store);
        String tooLong = "X".repeat(length);
        List<Map<String, Object>> rows = new ArrayList<>();
        LocalDateTime at = LocalDateTime.of(2026, 6, 15, 8, 0);
        for (Map<String, String> r : List.of(c.row(1, null), c.row(2, tooLong), c.row(3, null))) {
            Map<String, Object> row = new LinkedHashMap<>(r);
            row.put("UPDATED_AT", at = at.plusMinutes(1));
            rows.add(row);
        }
        PollImporter poller = new PollImporter(new ImportJournal(db), new BatchWriter(db, 65536), new PollState(db), 1000);
        PollImporter.PollResult result = poller.importRows(mapper(c.feed() + POLL), rows.iterator(), at.plusHours(1), batch -> {
        });

        assertThat(result.counts()).isEqualTo(new ImportCounts(3, 2, 0, 0, 1, 0));
        // a poll's journal numbers its rows in the order read: the over-long one is the second
        assertRefused(c, tooLong, result.runId(), 2);
    }

    @Test
    void aPersonalValueIsMaskedInTheRejection() throws Exception {
        open("h2");
        Case c = new Case("pos.guestName", TICKETS, "NAME", "pos_ticket", "guest_name", POS_ROW);
        String name = "Yu " + "M".repeat(498);
        String csv = csv(List.of(c.row(1, null), c.row(2, name)));
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        Path rejects = tmp.resolve("rejects.csv");
        ImportSummary s = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), 100, 1000)
                .importStream(mapper(TICKETS), new ByteArrayInputStream(bytes), bytes.length, "pos.csv",
                        FileImporter.sha256Of(bytes), rejects);

        assertThat(s.counts().rejected()).isEqualTo(1);
        Map<String, String> journal = journalRow(s.runId(), 3);
        assertThat(journal).containsEntry("field", "pos.guestName").containsEntry("bad_value", "Y***");
        assertThat(journal.get("reason")).isEqualTo("is 501 characters, more than the 500 GuestLink keeps for pos.guestName");
        assertThat(Files.readString(rejects)).contains("3,pos.guestName,Y***,");
    }

    /** The journal names the row, field, value and limit; the stored rows are the good ones, none holds a cut value. */
    private void assertRefused(Case c, String tooLong, long runId, long line) throws SQLException {
        Map<String, String> journal = journalRow(runId, line);
        assertThat(journal).containsEntry("outcome", "REJECTED").containsEntry("field", c.field())
                .containsEntry("bad_value", tooLong);
        assertThat(journal.get("reason")).isEqualTo("is " + tooLong.length() + " characters, more than the 32 GuestLink keeps for "
                + c.field());
        assertThat(count("SELECT count(*) FROM " + c.table())).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM " + c.table() + " WHERE " + c.stored() + " LIKE 'XX%'"))
                .as("no value stored cut").isZero();
        assertThat(count("SELECT count(*) FROM source_record WHERE source_key LIKE '%2'")).as("the refused record").isZero();
    }

    private void open(String store) {
        db = store.equals("postgres") ? Database.open(pg.url(), pg.user(), "", 2)
                : Database.open(TestDatabases.h2Url(tmp), "sa", "", 2);
    }

    private RecordMapper mapper(String yaml) throws IOException {
        return FeedMappers.fromYaml(tmp, yaml);
    }

    private static String csv(List<Map<String, String>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", rows.get(0).keySet())).append('\n');
        for (Map<String, String> r : rows) sb.append(String.join(",", r.values())).append('\n');
        return sb.toString();
    }

    private Map<String, String> journalRow(long runId, long line) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT outcome, field, bad_value, reason FROM import_row "
                     + "WHERE file_id = ? AND line_no = ?")) {
            ps.setLong(1, runId);
            ps.setLong(2, line);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("journal row %d of run %d", line, runId).isTrue();
                Map<String, String> out = new LinkedHashMap<>();
                for (String col : List.of("outcome", "field", "bad_value", "reason")) out.put(col, rs.getString(col));
                return out;
            }
        }
    }

    private long count(String sql) throws SQLException {
        return io.guestlink.testing.StoreCounts.count(db, sql);
    }

    private static Map<String, String> row(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}

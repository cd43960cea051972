package io.guestlink.pipeline;

import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.Normalisers;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;
import io.guestlink.model.ImportCounts;
import io.guestlink.model.ImportSummary;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.RawText;
import io.guestlink.store.Retention;
import io.guestlink.store.TestDatabases;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.StoreCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the store keeps of an imported guest, on H2 and PostgreSQL: no identity-document number in any text column
 * of any table (the journal's raw text holds a marker with the keyed hash), no clear e-mail, phone or name in the raw
 * texts (sealed under the store key); a rejected row with a passport is still reprocessed after the mapping is fixed,
 * and gets the document hash a direct import gives. And retention: a dry run counts what is past it, a prune clears
 * or deletes exactly that, and what is younger stays.
 */
class DataProtectionTest {
    static final String PASSPORT_1 = "E47102938";
    static final String PASSPORT_2 = "K56019283";
    static final List<String> CONTACTS = List.of("yu.ming@example.net", "anna.lee@example.org", "234 5678", "765 4321",
            "+66812345678", "+66897654321", "YU/MING", "LEE/ANNA");
    static final List<String> RAW_TEXT_COLUMNS = List.of("import_row.raw_text", "refused_message.raw_text",
            "source_record_history.payload");
    static final byte[] HMAC = "0123456789abcdef-test".getBytes(StandardCharsets.UTF_8);
    static final byte[] STORE_KEY = "store-key-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8);

    static final String FEED = """
            id: res
            system: PMS
            kind: reservation
            property: BKK01
            currency: THB
            phoneRegion: TH
            key: [CONF]
            %s
            fields:
              reservation.confirmationNumber: CONF
              reservation.arrival: ARRIVAL
              reservation.departure: DEPARTURE
              guest.key: GID
              guest.name: NAME
              guest.email: EMAIL
              guest.mobile: MOBILE
              guest.idType:
                constant: PASSPORT
              guest.idNumber: PASSPORT
            """;
    static final String HEADER = "CONF,GID,NAME,EMAIL,MOBILE,PASSPORT,ARRIVAL,DEPARTURE\n";
    static final String FIRST = HEADER
            + "C1,G1,YU/MING,yu.ming@example.net,+66 81 234 5678," + PASSPORT_1 + ",2026-06-01,2026-06-03\n"
            + "C2,G2,LEE/ANNA,anna.lee@example.org,+66 89 765 4321," + PASSPORT_2 + ",01/06/2026,2026-06-04\n";
    // C1 again with a later departure: its first version goes to source_record_history
    static final String SECOND = HEADER
            + "C1,G1,YU/MING,yu.ming@example.net,+66 81 234 5678," + PASSPORT_1 + ",2026-06-01,2026-06-05\n";

    @RegisterExtension
    static final PhiLogScan LOGS = PhiLogScan.of(PASSPORT_1, PASSPORT_2, "yu.ming@example.net", "anna.lee@example.org",
            "+66 81 234 5678", "+66 89 765 4321");

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_protect");

    @TempDir
    Path tmp;

    Database db;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void theStoreHoldsNoDocumentNumberAndNoClearContactInRawTextYetARejectedRowIsReprocessed(String store) throws Exception {
        open(store);
        FileImporter importer = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), 100, 1000);
        ImportSummary first = importFile(importer, mapper(""), FIRST, "first.csv");
        assertThat(first.counts()).isEqualTo(new ImportCounts(2, 1, 0, 0, 1, 0));
        ImportSummary second = importFile(importer, mapper(""), SECOND, "second.csv");
        assertThat(second.counts().updated()).isEqualTo(1);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM source_record_history")).isEqualTo(1);

        // the rejected row (line 3: a date in another format) is reprocessed after the feed learns the format
        RecordMapper fixed = mapper("dateFormats: [yyyy-MM-dd, dd/MM/yyyy]");
        FileImporter.RowOutcome outcome = importer.reprocessRow(fixed, first.runId(), 3);
        assertThat(outcome.status()).isEqualTo("IMPORTED");
        String hash = hasher().hash("PASSPORT", PASSPORT_2, null).orElseThrow().keyedHash();
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM profile_key WHERE identity_key = 'IDDOC:" + hash + "'"))
                .as("the reprocessed row's document, hashed as a direct import hashes it").isEqualTo(1);
        // and a replay reads every kept row back, markers included (C1's two versions in file order, C2 as stored)
        ImportSummary replay = importer.replay(fixed, tmp.resolve("replay.rejects.csv"));
        assertThat(replay.counts()).isEqualTo(new ImportCounts(3, 0, 2, 1, 0, 0));
        String hash1 = hasher().hash("PASSPORT", PASSPORT_1, null).orElseThrow().keyedHash();
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM source_record WHERE source_key = 'C1' AND payload LIKE '%"
                + hash1 + "%'")).as("the replayed record keeps its document").isEqualTo(1);

        assertThat(hits(textColumns(), List.of("yu.ming@example.net"))).as("the scan finds a value the store does keep in clear "
                + "(the profile's contact)").isNotEmpty();
        assertThat(new ImportJournal(db).storedRow(first.runId(), 2).orElseThrow().raw())
                .as("the journal's text, opened with the store key: the marker stands for the number")
                .contains("yu.ming@example.net,+66 81 234 5678,{{iddoc:").doesNotContain(PASSPORT_1);
        List<String> everywhere = hits(textColumns(), List.of(PASSPORT_1, PASSPORT_2, "47102938", "56019283"));
        assertThat(everywhere).as("identity-document numbers in any text column of any table").isEmpty();
        List<String> rawText = hits(RAW_TEXT_COLUMNS, CONTACTS);
        assertThat(rawText).as("clear contacts and names in the raw texts").isEmpty();
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM import_row WHERE raw_text LIKE 'gl1:%'"))
                .as("every kept raw text sealed").isEqualTo(StoreCounts.count(db, "SELECT COUNT(*) FROM import_row WHERE raw_text IS NOT NULL"))
                .isGreaterThanOrEqualTo(4);
        assertThat(Files.readString(tmp.resolve("first.csv.rejects.csv"))).doesNotContain(PASSPORT_2).contains("{{iddoc:");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void aPruneRemovesWhatIsPastItsRetentionAndADryRunOnlyCountsIt(String store) throws Exception {
        open(store);
        FileImporter importer = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), 100, 1000);
        ImportSummary old = importFile(importer, mapper(""), FIRST, "first.csv");
        importFile(importer, mapper(""), SECOND, "second.csv"); // a young run and a young history row
        Instant longAgo = Instant.now().minusSeconds(400L * 86400);
        exec("UPDATE import_file SET started_at = ? WHERE id = " + old.runId(), longAgo);
        exec("INSERT INTO inbound_message (system, message_id, channel, event_type, received_at) VALUES ('PMS', 'M1', 'hl7', 'CHECKED_IN', ?)", longAgo);
        exec("INSERT INTO inbound_message (system, message_id, channel, event_type, received_at) VALUES ('PMS', 'M2', 'hl7', 'CHECKED_IN', ?)", Instant.now());
        exec("INSERT INTO refused_message (channel, answer, reason, raw_text, raw_chars, received_at, status) VALUES "
                + "('jms', 'DLQ', 'bad', 'gl1:x', 5, ?, 'REFUSED')", longAgo);
        exec("INSERT INTO audit_entry (at, actor, action) VALUES (?, 'cli', 'VIEW_PROFILE')", longAgo);
        exec("INSERT INTO audit_entry (at, actor, action) VALUES (?, 'cli', 'VIEW_PROFILE')", Instant.now());
        exec("INSERT INTO alert (id, rule, audience, payload, created_at) VALUES ('a1', 'r', 'desk', '{\"card\":1}', ?)", longAgo);
        exec("INSERT INTO alert_delivery (alert_id, channel, status, next_attempt_at) VALUES ('a1', 'topic', 'DELIVERED', ?)", longAgo);
        exec("INSERT INTO alert (id, rule, audience, payload, created_at) VALUES ('a2', 'r', 'desk', '{\"card\":2}', ?)", longAgo);
        exec("INSERT INTO alert_delivery (alert_id, channel, status, next_attempt_at) VALUES ('a2', 'topic', 'PENDING', ?)", longAgo);
        exec("UPDATE source_record_history SET replaced_at = ?", longAgo);

        Map<Retention.Kind, Integer> days = new EnumMap<>(Retention.Kind.class);
        for (Retention.Kind k : Retention.Kind.values()) days.put(k, 365);
        Pruner pruner = new Pruner(db, days, Clock.systemUTC());
        Map<Retention.Kind, Long> expected = Map.of(Retention.Kind.JOURNAL_RAW_TEXT, 3L, // run 1's two rows + the refusal
                Retention.Kind.SOURCE_HISTORY, 1L, Retention.Kind.INBOUND_MESSAGES, 2L, // M1 + the refusal
                Retention.Kind.OUTBOX_PAYLOADS, 1L, Retention.Kind.AUDIT, 1L);
        assertThat(rows(pruner.dryRun())).isEqualTo(expected);
        assertThat(rows(pruner.dryRun())).as("a dry run changes nothing").isEqualTo(expected);
        assertThat(rows(pruner.prune())).isEqualTo(expected);
        assertThat(rows(pruner.dryRun())).as("nothing left past retention").allSatisfy((k, n) -> assertThat(n).isZero());

        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM import_row WHERE file_id = " + old.runId() + " AND raw_text IS NULL"))
                .as("the old run's rows stay, without their text").isEqualTo(2);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM import_row WHERE file_id <> " + old.runId() + " AND raw_text IS NOT NULL"))
                .as("the young run keeps its text").isEqualTo(1);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM inbound_message")).isEqualTo(1);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM audit_entry")).isEqualTo(1);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM alert WHERE payload = '" + Retention.PRUNED_PAYLOAD + "'"))
                .as("the delivered alert's card cleared, the pending one's kept").isEqualTo(1);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM alert WHERE id = 'a2' AND payload = '{\"card\":2}'")).isEqualTo(1);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM alert_delivery")).as("deliveries stay").isEqualTo(2);

        // a kind kept for ever (0 days) is never touched
        Pruner forever = new Pruner(db, Map.of(), Clock.systemUTC());
        exec("INSERT INTO audit_entry (at, actor, action) VALUES (?, 'cli', 'VIEW_PROFILE')", longAgo);
        assertThat(rows(forever.prune())).allSatisfy((k, n) -> assertThat(n).isZero());
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM audit_entry")).isEqualTo(2);
    }

    private static Map<Retention.Kind, Long> rows(List<Pruner.Line> lines) {
        Map<Retention.Kind, Long> out = new EnumMap<>(Retention.Kind.class);
        for (Pruner.Line l : lines) out.put(l.kind(), l.rows());
        return out;
    }

    private void open(String store) {
        RawText sealing = RawText.keyed(STORE_KEY);
        db = store.equals("postgres") ? Database.open(pg.url(), pg.user(), "", 2, sealing)
                : Database.open(TestDatabases.h2Url(tmp), "sa", "", 2, sealing);
    }

    private ImportSummary importFile(FileImporter importer, RecordMapper mapper, String csv, String name) throws IOException {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        return importer.importStream(mapper, new ByteArrayInputStream(bytes), bytes.length, name, FileImporter.sha256Of(bytes),
                tmp.resolve(name + ".rejects.csv"));
    }

    private static IdDocumentHasher hasher() {
        return new IdDocumentHasher(HMAC, PlaceholderList.defaults());
    }

    private RecordMapper mapper(String extra) throws IOException {
        Path f = tmp.resolve("feed.yaml");
        Files.writeString(f, FEED.formatted(extra));
        PlaceholderList p = PlaceholderList.defaults();
        return new RecordMapper(SourceConfigLoader.load(f), new Normalisers(new EmailNormaliser(p), new PhoneNormaliser(p),
                hasher()), Clock.systemUTC());
    }

    /** Every character column of every table of the store, as table.column. */
    private List<String> textColumns() throws SQLException {
        Set<String> text = Set.of("VARCHAR", "CHARACTER VARYING", "CHAR", "CHARACTER", "TEXT", "CLOB",
                "CHARACTER LARGE OBJECT", "BPCHAR", "JSON", "JSONB");
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            DatabaseMetaData md = c.getMetaData();
            String schema = db.isPostgres() ? "public" : "PUBLIC";
            try (ResultSet rs = md.getColumns(null, schema, "%", "%")) {
                while (rs.next()) {
                    if (text.contains(rs.getString("TYPE_NAME").toUpperCase(Locale.ROOT)))
                        out.add(rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME"));
                }
            }
        }
        assertThat(out).as("the scan sees the journal's raw text").anyMatch(s -> s.equalsIgnoreCase("import_row.raw_text"));
        return out;
    }

    /** "table.column: value" for every value found in a column. */
    private List<String> hits(List<String> columns, List<String> values) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            for (String tc : columns) {
                String[] p = tc.split("\\.");
                // as the metadata names them (quoted), else in the store's own case (H2 upper, PostgreSQL lower)
                boolean named = columns != RAW_TEXT_COLUMNS;
                String table = "\"" + (named ? p[0] : db.isPostgres() ? p[0] : p[0].toUpperCase(Locale.ROOT)) + "\"";
                String column = "\"" + (named ? p[1] : db.isPostgres() ? p[1] : p[1].toUpperCase(Locale.ROOT)) + "\"";
                for (String v : values) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE CAST(" + column
                            + " AS VARCHAR(100000)) LIKE ?")) {
                        ps.setString(1, "%" + v + "%");
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) out.add(tc + ": " + v);
                        }
                    }
                }
            }
        }
        return out;
    }

    private void exec(String sql, Instant at) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, at.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }
}

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The import pipeline against both stores: the embedded H2 and the real PostgreSQL. */
class StoreScenariosTest {
    static final String FEED = """
            id: res
            system: PMS
            kind: reservation
            phoneRegion: TH
            property: BKK01
            currency: THB
            key: [CONF]
            fields:
              guest.key: GID
              guest.name: { column: NAME, nameFormat: "LAST/FIRST TITLE" }
              guest.email: EMAIL
              guest.phone: PHONE
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
              reservation.rateAmount: RATE
            """;

    @TempDir
    Path tmp;
    Database db;
    String pgUrl;

    Database open(String store) throws IOException {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_test")) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 2);
        return db;
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    /** A file importer on the open store, in batches of {@code batchSize} rows. */
    FileImporter importer(int batchSize) {
        return new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), batchSize, 1000);
    }

    /** Opens the store and imports into it with the reservation feed, in batches of {@code batchSize}. */
    record Feed(FileImporter importer, RecordMapper mapper) {
    }

    Feed openFeed(String store, int batchSize) throws IOException {
        open(store);
        return new Feed(importer(batchSize), mapper());
    }

    RecordMapper mapper() throws IOException {
        Path f = tmp.resolve("res.yaml");
        Files.writeString(f, FEED);
        PlaceholderList p = PlaceholderList.defaults();
        return new RecordMapper(SourceConfigLoader.load(f), new Normalisers(new EmailNormaliser(p), new PhoneNormaliser(p),
                new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p)), Clock.systemUTC());
    }

    static String rows(int from, int to, String departure) {
        StringBuilder sb = new StringBuilder("CONF,GID,NAME,EMAIL,PHONE,ARR,DEP,RATE\n");
        for (int i = from; i <= to; i++) {
            sb.append("C").append(i).append(",G").append(i % 40).append(",GUEST").append(i % 40).append("/ANNA MS,")
                    .append(i % 3 == 0 ? "noemail@hotel.com" : "guest" + (i % 40) + "@example.com").append(',')
                    .append(i % 5 == 0 ? "081 234 " + String.format("%04d", i % 40) : "").append(",2025-06-0")
                    .append(1 + i % 5).append(',').append(departure).append(",1500.50\n");
        }
        return sb.toString();
    }

    ImportSummary importText(FileImporter importer, RecordMapper mapper, String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return importer.importStream(mapper, new ByteArrayInputStream(bytes), bytes.length, name,
                FileImporter.sha256Of(bytes), tmp.resolve(name + ".rejects.csv"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldImportUpdateAndLeaveUnchangedRowsAlone(String store) throws Exception {
        Feed feed = openFeed(store, 25);
        FileImporter importer = feed.importer();
        RecordMapper mapper = feed.mapper();

        ImportSummary first = importText(importer, mapper, "n1.csv", rows(1, 200, "2025-06-20"));
        ImportSummary again = importText(importer, mapper, "n2.csv", rows(1, 200, "2025-06-20"));
        ImportSummary changed = importText(importer, mapper, "n3.csv", rows(1, 200, "2025-06-21"));

        assertThat(first.counts().imported()).isEqualTo(200);
        assertThat(again.counts().unchanged()).isEqualTo(200);
        assertThat(changed.counts().updated()).isEqualTo(200);
        ProfileQueries q = new ProfileQueries(db);
        assertThat(q.count("stay")).isEqualTo(200);
        assertThat(q.count("source_record_history")).isEqualTo(200);
        // 40 source guests, 40 distinct profiles: placeholder e-mails linked nobody
        assertThat(q.countLiveProfiles()).isEqualTo(40);
        assertThat(q.byKey("EMAIL:noemail@hotel.com")).isEmpty();
        assertThat(scalar("SELECT COUNT(*) FROM import_row")).isEqualTo(600);
    }

    /**
     * A profile a batch creates is inserted with its golden row at once (no read-back, no second write): that row must
     * be exactly what recomputing it from its stored sources gives, provenance included, for guests with several
     * records (different spellings) in one batch and guests that come back in a later batch.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aProfileCreatedByABatchGetsTheGoldenRowARecomputeGives(String store) throws Exception {
        open(store);
        FileImporter importer = importer(100);
        StringBuilder text = new StringBuilder("CONF,GID,NAME,EMAIL,PHONE,ARR,DEP,RATE\n");
        for (int i = 1; i <= 300; i++) {
            int g = i % 70;
            text.append("C").append(i).append(",G").append(g).append(',').append(i % 2 == 0 ? "GUEST" + g + "/ANNA MS" : "GUEST" + g + "/ANNE MRS")
                    .append(',').append(i % 4 == 0 ? "" : "guest" + g + "@example.com").append(',')
                    .append(i % 3 == 0 ? "081 234 " + String.format("%04d", g) : "").append(",2025-06-0").append(1 + i % 5)
                    .append(",2025-06-20,1500.50\n");
        }
        importText(importer, mapper(), "golden.csv", text.toString());
        String columns = "SELECT id, display_name, birth_date, gender, nationality, language, vip_code, provenance FROM guest_profile "
                + "WHERE merged_into IS NULL ORDER BY id";
        java.util.List<String> asInserted = rowsOf(columns);
        assertThat(asInserted).hasSize(70).allMatch(r -> r.contains("sourceRecordId"), "every golden row names its sources");
        java.util.Set<Long> live = new java.util.HashSet<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM guest_profile WHERE merged_into IS NULL")) {
            while (rs.next()) live.add(rs.getLong(1));
            c.setAutoCommit(false); // the writer's unit of work: its staging table lives until the commit
            new GoldenRecords(io.guestlink.identity.Survivorship.defaults()).recompute(c, live);
            c.commit();
        }
        assertThat(rowsOf(columns)).containsExactlyElementsOf(asInserted);
    }

    /**
     * Most-recent survivorship weighs when each source last described the guest: a reservation whose rate changed
     * (its guest as before) does not make its old spelling of the name newer than another record's, and its update
     * touches neither the guest's keys nor the golden row; a change of the guest itself does.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRateChangeDoesNotMakeTheGuestDetailsOfItsReservationNewer(String store) throws Exception {
        Feed feed = openFeed(store, 25);
        String head = "CONF,GID,NAME,EMAIL,PHONE,ARR,DEP,RATE\n";
        importText(feed.importer(), feed.mapper(), "a.csv", head + "C1,G1,SMITH/JOHN MR,john.smith@example.com,,2025-06-01,2025-06-03,1500.50\n");
        Thread.sleep(5);
        importText(feed.importer(), feed.mapper(), "b.csv", head + "C2,G1,SMITH/JONATHAN MR,john.smith@example.com,,2025-07-01,2025-07-03,1500.50\n");
        assertThat(q1("SELECT display_name FROM guest_profile WHERE merged_into IS NULL")).containsIgnoringCase("jonathan");
        String goldenBefore = q1("SELECT updated_at FROM guest_profile WHERE merged_into IS NULL");
        long keysBefore = scalar("SELECT COUNT(*) FROM profile_key");
        Thread.sleep(5);

        ImportSummary rate = importText(feed.importer(), feed.mapper(), "c.csv", head + "C1,G1,SMITH/JOHN MR,john.smith@example.com,,2025-06-01,2025-06-03,1800.00\n");
        assertThat(rate.counts().updated()).isEqualTo(1);
        assertThat(q1("SELECT display_name FROM guest_profile WHERE merged_into IS NULL")).as("the newer spelling stays")
                .containsIgnoringCase("jonathan");
        assertThat(q1("SELECT updated_at FROM guest_profile WHERE merged_into IS NULL")).as("golden row not rewritten").isEqualTo(goldenBefore);
        assertThat(scalar("SELECT COUNT(*) FROM profile_key")).isEqualTo(keysBefore);
        assertThat(scalar("SELECT COUNT(*) FROM source_record WHERE source_key = 'C1' AND version = 2 AND guest_seen_at IS NOT NULL "
                + "AND guest_seen_at < updated_at")).as("C1 keeps when its guest was described").isEqualTo(1);
        assertThat(scalar("SELECT COUNT(*) FROM source_record_history")).isEqualTo(1);
        assertThat(scalar("SELECT COUNT(*) FROM stay WHERE confirmation_no = 'C1' AND rate_amount = 1800")).isEqualTo(1);
        assertThat(scalar("SELECT COUNT(DISTINCT profile_id) FROM source_record")).as("both records on one profile").isEqualTo(1);
        Thread.sleep(5);

        importText(feed.importer(), feed.mapper(), "d.csv", head + "C1,G1,SMITH/JACK MR,john.smith@example.com,,2025-06-01,2025-06-03,1800.00\n");
        assertThat(q1("SELECT display_name FROM guest_profile WHERE merged_into IS NULL")).as("a changed guest is newest")
                .containsIgnoringCase("jack");
        assertThat(scalar("SELECT COUNT(*) FROM source_record WHERE source_key = 'C1' AND version = 3 AND guest_seen_at IS NULL")).isEqualTo(1);
        assertThat(scalar("SELECT COUNT(*) FROM source_record_history")).isEqualTo(2);
    }

    String q1(String sql) throws Exception {
        java.util.List<String> rows = rowsOf(sql);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    java.util.List<String> rowsOf(String sql) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.append(rs.getString(i)).append(" | ");
                out.add(row.toString());
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldResumeAfterACrashWithoutLosingOrDoublingRows(String store) throws Exception {
        open(store);
        FileImporter importer = importer(100);
        RecordMapper mapper = mapper();
        // large enough that the reader's 64 KB buffers are refilled several times before the cut
        byte[] file = rows(1, 6000, "2025-06-20").getBytes(StandardCharsets.UTF_8);
        String sha = FileImporter.sha256Of(file);

        // the transfer dies after about 60 % of the file
        InputStream dying = new FilterInputStream(new ByteArrayInputStream(file)) {
            int read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > file.length * 6 / 10) throw new IOException("connection reset");
                int n = super.read(b, off, Math.min(len, 512));
                read += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> importer.importStream(mapper, dying, file.length, "night.csv", sha, tmp.resolve("r1.csv")))
                .hasMessageContaining("connection reset");
        long committed = scalar("SELECT COUNT(*) FROM source_record");
        assertThat(committed).isBetween(100L, 5900L);

        ImportSummary resumed = importer.importStream(mapper, new ByteArrayInputStream(file), file.length, "night.csv", sha,
                tmp.resolve("r2.csv"));

        assertThat(resumed.status()).isEqualTo("DONE");
        assertThat(resumed.counts().imported()).isEqualTo(6000);
        assertThat(scalar("SELECT COUNT(*) FROM source_record")).isEqualTo(6000);
        assertThat(scalar("SELECT COUNT(*) FROM import_row")).isEqualTo(6000);
        assertThat(scalar("SELECT COUNT(*) FROM stay")).isEqualTo(6000);
        assertThat(scalar("SELECT COUNT(*) FROM import_file")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldStoreSqlAndScriptTextVerbatim(String store) throws Exception {
        open(store);
        FileImporter importer = importer(10);
        String evil = "Robert'); DROP TABLE guest_profile;--";
        ImportSummary s = importText(importer, mapper(), "evil.csv", "CONF,GID,NAME,EMAIL,PHONE,ARR,DEP,RATE\n"
                + "X1,G1,\"" + evil + "/<script>alert(1)</script>\",,,2025-06-01,2025-06-02,10\n");

        assertThat(s.counts().imported()).isEqualTo(1);
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT family_name, given_name FROM profile_name")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(evil);
            assertThat(rs.getString(2)).isEqualTo("<script>alert(1)</script>");
        }
        assertThat(new ProfileQueries(db).count("guest_profile")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldReplayJournaledRowsAfterAMappingFixWithoutDuplicating(String store) throws Exception {
        open(store);
        FileImporter importer = importer(10);
        // the first mapping knows only ISO dates: the rows written 08.06.2025 are rejected
        String text = "CONF,GID,NAME,EMAIL,PHONE,ARR,DEP,RATE\n"
                + "C1,G1,YU/MING MR,,,2025-06-08,2025-06-10,100\n"
                + "C2,G2,LEE/ANN MS,,,08.06.2025,10.06.2025,100\n"
                + "C3,G3,KIM/JO MR,,,09.06.2025,11.06.2025,100\n";
        ImportSummary first = importText(importer, mapper(), "n1.csv", text);
        assertThat(first.counts().rejected()).isEqualTo(2);

        Path fixed = tmp.resolve("fixed.yaml");
        Files.writeString(fixed, FEED + "dateFormats: [yyyy-MM-dd, dd.MM.yyyy]\n");
        PlaceholderList p = PlaceholderList.defaults();
        RecordMapper fixedMapper = new RecordMapper(SourceConfigLoader.load(fixed), new Normalisers(new EmailNormaliser(p),
                new PhoneNormaliser(p), new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p)),
                Clock.systemUTC());
        ImportSummary replay = importer.replay(fixedMapper, tmp.resolve("replay.rejects.csv"));
        ImportSummary again = importer.replay(fixedMapper, tmp.resolve("replay2.rejects.csv"));

        assertThat(replay.counts().imported()).isEqualTo(2);
        assertThat(replay.counts().unchanged()).isEqualTo(1);
        assertThat(replay.counts().rejected()).isZero();
        assertThat(again.counts().unchanged()).isEqualTo(3);
        assertThat(scalar("SELECT COUNT(*) FROM stay")).isEqualTo(3);
        assertThat(scalar("SELECT COUNT(*) FROM stay WHERE arrival = DATE '2025-06-08'")).isEqualTo(2);
    }

    long scalar(String sql) throws Exception {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

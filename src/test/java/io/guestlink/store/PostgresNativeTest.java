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
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DuplicateKeyException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the store relies on PostgreSQL for when several nodes share it: identity keys arbitrated by the database
 * (INSERT ... ON CONFLICT, re-resolving after a lost race), partial indexes the planner really uses, and primary keys
 * on the tables two nodes share. Each "node" is its own Database pool with its own BatchWriter, so BatchWriter's
 * in-JVM lock does not serialise them, as it would not across two JVMs.
 */
class PostgresNativeTest {
    @TempDir
    Path tmp;
    final List<Database> open = new ArrayList<>();
    String pgUrl;
    String url;

    Database node(String store) {
        if (url == null) {
            url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_native")) : TestDatabases.h2Url(tmp);
        }
        Database db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 4);
        open.add(db);
        return db;
    }

    @AfterEach
    void close() {
        open.forEach(Database::close);
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    RecordMapper mapper() throws Exception {
        Path f = tmp.resolve("res.yaml");
        Files.writeString(f, StoreScenariosTest.FEED);
        PlaceholderList p = PlaceholderList.defaults();
        return new RecordMapper(SourceConfigLoader.load(f), new Normalisers(new EmailNormaliser(p), new PhoneNormaliser(p),
                new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p)), Clock.systemUTC());
    }

    static ImportSummary importText(Database db, RecordMapper mapper, String name, String text, Path rejects)
            throws java.io.IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        FileImporter importer = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), 25, 1_000_000);
        return importer.importStream(mapper, new ByteArrayInputStream(bytes), bytes.length, name,
                FileImporter.sha256Of(bytes), rejects);
    }

    @Test
    void twoNodesImportingTheSameGuestsAtOnceEndWithOneProfilePerGuest() throws Exception {
        Database a = node("postgres");
        Database b = node("postgres");
        RecordMapper mapper = mapper();
        // the same 40 guests (source key, e-mail, phone) in both files, different reservations: every batch of both
        // nodes creates or finds the same keys at the same time
        String fileA = StoreScenariosTest.rows(1, 2000, "2025-06-20");
        String fileB = StoreScenariosTest.rows(2001, 4000, "2025-06-20");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ImportSummary> ra = pool.submit(() -> {
                go.await();
                return importText(a, mapper, "a.csv", fileA, tmp.resolve("a.rejects.csv"));
            });
            Future<ImportSummary> rb = pool.submit(() -> {
                go.await();
                return importText(b, mapper, "b.csv", fileB, tmp.resolve("b.rejects.csv"));
            });
            go.countDown();
            assertThat(ra.get(2, TimeUnit.MINUTES).counts().imported()).isEqualTo(2000);
            assertThat(rb.get(2, TimeUnit.MINUTES).counts().imported()).isEqualTo(2000);
        } finally {
            pool.shutdownNow();
        }

        ProfileQueries q = new ProfileQueries(a);
        assertThat(q.countLiveProfiles()).isEqualTo(40);
        // a batch that lost a race rolled its profiles back instead of leaving them behind without keys
        assertThat(scalar(a, "SELECT COUNT(*) FROM guest_profile p WHERE NOT EXISTS "
                + "(SELECT 1 FROM profile_key k WHERE k.profile_id = p.id)")).isZero();
        assertThat(scalar(a, "SELECT COUNT(*) FROM guest_profile")).isEqualTo(40);
        assertThat(scalar(a, "SELECT COUNT(*) FROM stay WHERE profile_id IS NULL")).isZero();
        // each guest's 100 stays, from both nodes, on one profile
        assertThat(scalar(a, "SELECT COUNT(DISTINCT profile_id) FROM stay")).isEqualTo(40);
        assertThat(scalar(a, "SELECT COUNT(DISTINCT profile_id) FROM profile_key WHERE key_type = 'SRC'")).isEqualTo(40);
        // the same keys and names as one node importing both files one after the other
        Database serial = Database.open(TestDatabases.h2Url(tmp.resolve("serial")), "sa", "", 2);
        open.add(serial);
        importText(serial, mapper, "a.csv", fileA, tmp.resolve("sa.rejects.csv"));
        importText(serial, mapper, "b.csv", fileB, tmp.resolve("sb.rejects.csv"));
        assertThat(keys(a)).isEqualTo(keys(serial)).hasSize((int) scalar(serial, "SELECT COUNT(*) FROM profile_key"));
        assertThat(scalar(a, "SELECT COUNT(*) FROM profile_name")).isEqualTo(scalar(serial, "SELECT COUNT(*) FROM profile_name"));
    }

    @Test
    void aBatchThatLosesAKeyToAnotherNodeResolvesAgainToThatNodesProfile() throws Exception {
        Database db = node("postgres");
        RecordMapper mapper = mapper();
        long otherNodesProfile = 9_000_000_001L;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = db.connection()) {
            // another node is mid-batch: it has created a profile for this guest's source key and not committed yet
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.executeUpdate("INSERT INTO guest_profile (id, display_name, created_at, updated_at) VALUES ("
                        + otherNodesProfile + ", 'OTHER NODE', now(), now())");
                s.executeUpdate("INSERT INTO profile_key (identity_key, key_type, profile_id, display_value, first_seen) "
                        + "VALUES ('SRC:PMS:G1', 'SRC', " + otherNodesProfile + ", 'PMS:G1', now())");
            }
            Future<ImportSummary> mine = pool.submit(() -> importText(db, mapper, "mine.csv",
                    StoreScenariosTest.rows(1, 1, "2025-06-20"), tmp.resolve("mine.rejects.csv")));
            // this node's key insert waits for the other transaction (it cannot know yet who wins)
            awaitLockWait(db, Duration.ofSeconds(30));
            assertThat(mine.isDone()).isFalse();
            other.commit();

            ImportSummary s = mine.get(1, TimeUnit.MINUTES);
            assertThat(s.counts().imported()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        ProfileQueries q = new ProfileQueries(db);
        assertThat(q.byKey("SRC:PMS:G1")).contains(otherNodesProfile);
        // the keys this node added (e-mail) went to the winner's profile too, not to a profile of its own
        assertThat(scalar(db, "SELECT COUNT(DISTINCT profile_id) FROM profile_key")).isEqualTo(1);
        assertThat(q.bySourceRecord("PMS", "RESERVATION", "C1")).contains(otherNodesProfile);
        assertThat(scalar(db, "SELECT COUNT(*) FROM guest_profile")).isEqualTo(1);
        assertThat(scalar(db, "SELECT profile_id FROM stay")).isEqualTo(otherNodesProfile);
    }

    @Test
    void partialIndexesExistAndThePlannerUsesThemForTheQueriesTheyServe() throws Exception {
        Database db = node("postgres");
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'guest_profile' "
                    + "AND indexname IN ('guest_profile_absorbed', 'guest_profile_merged') ORDER BY indexname")) {
                List<String> defs = new ArrayList<>();
                while (rs.next()) defs.add(rs.getString(1) + ": " + rs.getString(2));
                assertThat(defs).hasSize(2);
                assertThat(defs.get(0)).startsWith("guest_profile_absorbed:")
                        .contains("(merged_into) WHERE (merged_into IS NOT NULL)");
                assertThat(defs.get(1)).startsWith("guest_profile_merged:")
                        .contains("(id) INCLUDE (merged_into) WHERE (merged_into IS NOT NULL)");
            }
            // 50,000 profiles, 1 in 500 merged, as after a season of imports; statistics as autovacuum would leave them
            s.executeUpdate("INSERT INTO guest_profile (id, created_at, updated_at) SELECT g, now(), now() "
                    + "FROM generate_series(1, 50000) g");
            s.executeUpdate("UPDATE guest_profile SET merged_into = id - 1 WHERE id % 500 = 0");
            s.execute("VACUUM ANALYZE guest_profile");
            // the plans of the prepared statements as the driver runs them after a few executions: generic plans
            s.execute("SET plan_cache_mode = force_generic_plan");

            s.execute("PREPARE resolver_merged(bigint[]) AS SELECT id, merged_into FROM guest_profile "
                    + "WHERE merged_into IS NOT NULL AND id = ANY($1)");
            assertThat(plan(s, "EXPLAIN EXECUTE resolver_merged('{1,2,500,1000,4999}')"))
                    .contains("Index Only Scan using guest_profile_merged");
            s.execute("PREPARE absorbed(bigint) AS SELECT id FROM guest_profile WHERE merged_into = $1 ORDER BY id");
            assertThat(plan(s, "EXPLAIN EXECUTE absorbed(501)")).contains("guest_profile_absorbed").doesNotContain("Seq Scan");
            s.execute("PREPARE merge_point(bigint, bigint) AS UPDATE guest_profile SET merged_into = $1 "
                    + "WHERE id = $2 OR merged_into = $2");
            assertThat(plan(s, "EXPLAIN EXECUTE merge_point(7, 501)")).contains("guest_profile_absorbed")
                    .doesNotContain("Seq Scan");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void everyStoreHasTheVendorMigrationAndTheIndexesItPromises(String store) throws Exception {
        Database db = node(store);
        assertThat(scalar(db, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '3' AND \"success\"")).isEqualTo(1);
        // H2 indexes a foreign key column by itself: its V3 relies on that for merged_into
        try (Connection c = db.connection(); ResultSet rs = c.getMetaData().getIndexInfo(null, null,
                store.equals("h2") ? "GUEST_PROFILE" : "guest_profile", false, false)) {
            List<String> columns = new ArrayList<>();
            while (rs.next()) columns.add(String.valueOf(rs.getString("COLUMN_NAME")).toLowerCase());
            assertThat(columns).contains("merged_into");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void sharedTablesHavePrimaryKeysSoTwoNodesCannotDoubleARow(String store) throws Exception {
        Database a = node(store);
        Database b = node(store);
        for (String table : List.of("camel_messageprocessed", "import_file", "import_row", "poll_state", "profile_key")) {
            try (Connection c = a.connection(); ResultSet rs = c.getMetaData().getPrimaryKeys(null, null,
                    store.equals("h2") ? table.toUpperCase() : table)) {
                assertThat(rs.next()).as(table + " has a primary key").isTrue();
            }
        }
        String insert = "INSERT INTO camel_messageprocessed (processorname, messageid, createdat) VALUES (?, ?, ?)";
        try (Connection ca = a.connection(); Connection cb = b.connection()) {
            exec(ca, insert, "import-file", "sha-1", OffsetDateTime.now().toLocalDateTime());
            assertThatThrownBy(() -> exec(cb, insert, "import-file", "sha-1", OffsetDateTime.now().toLocalDateTime()))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            exec(ca, "INSERT INTO import_file (source_id, file_name, file_sha256, status, started_at) VALUES (?,?,?,?,?)",
                    "res", "n1.csv", "sha-1", "RUNNING", OffsetDateTime.now());
            long fileId = scalar(a, "SELECT MAX(id) FROM import_file");
            exec(ca, "INSERT INTO import_row (file_id, line_no, outcome) VALUES (?,?,?)", fileId, 2L, "IMPORTED");
            assertThatThrownBy(() -> exec(cb, "INSERT INTO import_row (file_id, line_no, outcome) VALUES (?,?,?)",
                    fileId, 2L, "IMPORTED"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        }
        assertThat(scalar(a, "SELECT COUNT(*) FROM camel_messageprocessed")).isEqualTo(1);
        assertThat(scalar(a, "SELECT COUNT(*) FROM import_row")).isEqualTo(1);
    }

    @Test
    void camelsRepositoryOnTwoNodesRemembersAFileOnceAndTheLoserOfARaceGetsADuplicateKeyError() throws Exception {
        Database a = node("postgres");
        Database b = node("postgres");
        JdbcMessageIdRepository repoA = new JdbcMessageIdRepository(a.dataSource(), "import-file");
        JdbcMessageIdRepository repoB = new JdbcMessageIdRepository(b.dataSource(), "import-file");
        repoA.setCreateTableIfNotExists(false);
        repoB.setCreateTableIfNotExists(false);
        repoA.start();
        repoB.start();
        try {
            assertThat(repoA.add("sha-1")).isTrue();
            assertThat(repoB.contains("sha-1")).isTrue();
            assertThat(repoB.add("sha-1")).isFalse();

            // a true race: both nodes checked before either inserted. Camel's add() is "count, then insert" in one
            // transaction; the primary key is what stops the second insert, and add() lets the error through
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Connection nodeA = a.connection()) {
                nodeA.setAutoCommit(false);
                exec(nodeA, "INSERT INTO camel_messageprocessed (processorname, messageid, createdat) VALUES (?, ?, ?)",
                        "import-file", "sha-2", OffsetDateTime.now().toLocalDateTime());
                Future<Boolean> nodeB = pool.submit(() -> repoB.add("sha-2"));
                awaitLockWait(a, Duration.ofSeconds(30));
                nodeA.commit();
                assertThatThrownBy(() -> nodeB.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateKeyException.class);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            repoA.stop();
            repoB.stop();
        }
        assertThat(scalar(a, "SELECT COUNT(*) FROM camel_messageprocessed WHERE messageid = 'sha-2'")).isEqualTo(1);
        assertThat(scalar(a, "SELECT COUNT(*) FROM camel_messageprocessed")).isEqualTo(2);
    }

    /** Waits until some backend of this database waits for a lock held by another transaction. */
    static void awaitLockWait(Database db, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (scalar(db, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND wait_event_type = 'Lock'") > 0) return;
            Thread.sleep(20);
        }
        throw new AssertionError("no session waited for a lock within " + timeout);
    }

    static String plan(Statement s, String explain) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (ResultSet rs = s.executeQuery(explain)) {
            while (rs.next()) sb.append(rs.getString(1)).append('\n');
        }
        return sb.toString();
    }

    static List<String> keys(Database db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT identity_key FROM profile_key ORDER BY identity_key")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        out.sort(null);
        return out;
    }

    static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.executeUpdate();
        }
    }

    static long scalar(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

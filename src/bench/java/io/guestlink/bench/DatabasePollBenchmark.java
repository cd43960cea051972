package io.guestlink.bench;

import io.guestlink.config.Settings;
import io.guestlink.poll.ConcurrentWriter;
import io.guestlink.poll.ConcurrentWriter.Change;
import io.guestlink.testing.LegacyDatabases;
import io.guestlink.testing.LegacyDatabases.LegacyDb;
import io.guestlink.poll.LegacyPms;
import io.guestlink.poll.Reconciliation;
import io.guestlink.testing.TestApp;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The database-polling benchmark: a command that prints a table, not a unit test.
 *
 * <pre>
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-poll -Dbench.args="--rows=1000000 --seconds=60 --rate=100"
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-poll -Dbench.args="--rows=50000 --seconds=10"     # a quick look
 * </pre>
 *
 * <p>What it does: a legacy PMS database on the local MariaDB ({@code legacy_<nanotime>}, the schema of
 * {@link LegacyPms}) is loaded with {@code --rows} reservations; the real application (routes from routes/, the feed
 * of issue 3 in watermark mode, poll every {@code --every}, batches of {@code --batch-size}) is started on a fresh
 * PostgreSQL store ({@code guestlink_pollbench_<timestamp>}, dropped at the end).
 * <ol>
 *   <li><b>Initial load</b>: wall time from the start of the application until the store holds every legacy row,
 *       rows/s, and heap (see {@link HeapMeter}: heap@GC the largest heap in use before a collection, old-gen the
 *       old generation's peak). Ceiling printed beside it: the bare streamed read of the same ordered query with the
 *       same driver and fetch size (what the poll cannot beat), and the ratio.</li>
 *   <li><b>Steady state</b>: {@link ConcurrentWriter} changes the legacy table at {@code --rate} changes/s for
 *       {@code --seconds} (20% inserts, every {@code --late-every}-th change a transaction that commits 2 s late with
 *       an older timestamp). Lag = time from a change's COMMIT in MariaDB until the store shows it (its stay carries
 *       the change's unique rate), sampled every 10 ms (the pending changes looked up when the feed's poll_state shows a batch committed); p50/p95/p99/max, for on-time and late commits separately.
 *       A change overtaken by a later change of the same row before it was seen counts as superseded.</li>
 *   <li><b>Reconciliation</b> of the whole table with the store at the end.</li>
 * </ol>
 * The lag includes the poll period (a change waits on average half of it, at worst all of it): compare it with
 * {@code --every}, which the verdict names. After the steady state, a note gives what each step of the batch writer
 * cost per change meanwhile (the identity worker's linking steps included, under "linking:").
 *
 * <p>Verdict lines: the initial load against at least 20,000 rows/s (and its ratio to the bare read), and the lag p99
 * over every change seen (on-time and late commits) against at most 1.5 s at 1,000 changes/s
 * ({@code --rate=1000}: the writer spreads the rate over one connection per 150 changes/s; a run whose writer did not
 * reach 95 % of the rate asked says so instead of a verdict).
 */
public final class DatabasePollBenchmark {
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;
    static final String FEED = "legacy-reservations";

    record Options(long rows, int seconds, double rate, int lateEvery, String every, int batchSize, String pgUrl, String pgUser,
                   String pgPassword, Path lagCsv, boolean keep, boolean help, Map<String, String> sets) {
        static final String USAGE = """
                DatabasePollBenchmark: polls a legacy MariaDB reservation table into a PostgreSQL store; prints the
                initial load (rows/s, heap, beside a bare streamed read) and the steady-state lag (commit -> store).

                  ./mvnw -q -B -Pbench test-compile exec:exec@bench-poll -Dbench.args="--rows=1000000 --seconds=60 --rate=100"

                Options (one string: separate them with spaces, or with commas before '--'):
                  --rows=N           legacy reservations loaded before the start (default 1000000)
                  --seconds=N        steady-state writing time (default 60)
                  --rate=F           legacy changes per second while writing (default 100)
                  --late-every=N     every N-th change commits 2 s late with an older timestamp; 0 = none (default 100)
                  --every=DURATION   poll.every of the feed (default PT1S)
                  --batch-size=N     poll.batchSize of the feed (default 1000)
                  --pg-url=URL       PostgreSQL server for the store (default jdbc:postgresql://127.0.0.1:5432)
                  --pg-user=NAME     (default postgres)   --pg-password=PW (default empty: trust auth)
                  MariaDB: GUESTLINK_TEST_MARIADB (host:port, default 127.0.0.1:3306), user root, empty password
                  --lag-csv=PATH     also write every change with its commit time and lag to this CSV file
                  --keep             keep the legacy and store databases
                  --set=KEY=VALUE    a setting of the application under test (docs/configuration.md), repeatable
                  --help
                """;

        static Options parse(String[] args) {
            long rows = 1_000_000;
            int seconds = 60;
            double rate = 100;
            int lateEvery = 100;
            String every = "PT1S";
            int batch = 1000;
            String pgUrl = "jdbc:postgresql://127.0.0.1:5432";
            String pgUser = "postgres";
            String pgPassword = "";
            boolean keep = false;
            boolean help = false;
            Path lagCsv = null;
            Map<String, String> sets = new java.util.LinkedHashMap<>();
            List<String> parts = new ArrayList<>();
            for (String a : args) for (String p : a.strip().split("\\s+|,(?=--)")) if (!p.isBlank()) parts.add(p.strip());
            for (String option : parts) {
                String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
                String value = option.contains("=") ? option.substring(option.indexOf('=') + 1) : "";
                switch (name) {
                    case "--rows" -> rows = Long.parseLong(value.replace("_", ""));
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--late-every" -> lateEvery = Integer.parseInt(value);
                    case "--every" -> every = value;
                    case "--batch-size" -> batch = Integer.parseInt(value);
                    case "--pg-url" -> pgUrl = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                    case "--pg-user" -> pgUser = value;
                    case "--pg-password" -> pgPassword = value;
                    case "--lag-csv" -> lagCsv = Path.of(value);
                    case "--keep" -> keep = true;
                    case "--set" -> {
                        if (!value.contains("=")) throw new IllegalArgumentException("--set=KEY=VALUE, not '" + option + "'");
                        sets.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                    }
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'\n\n" + USAGE);
                }
            }
            if (rows < 1 || seconds < 0 || !(rate > 0)) throw new IllegalArgumentException("--rows >= 1, --seconds >= 0, --rate > 0");
            return new Options(rows, seconds, rate, lateEvery, every, batch, pgUrl, pgUser, pgPassword, lagCsv, keep, help, Map.copyOf(sets));
        }
    }

    private final Options o;
    private final List<String[]> table = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();
    static final double TARGET_LOAD_ROWS_PER_SECOND = 20_000;
    static final double TARGET_LAG_P99_MS = 1_500;
    static final double TARGET_LAG_RATE = 1_000;

    private DatabasePollBenchmark(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            OUT.print(Options.USAGE);
            return;
        }
        int status = new DatabasePollBenchmark(options).run();
        System.exit(status); // no stray non-daemon thread (driver, pool housekeeping) may keep the JVM alive
    }

    private int run() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        PgAdmin pg = new PgAdmin(o.pgUrl(), o.pgUser(), o.pgPassword());
        Path work = Files.createTempDirectory("guestlink-pollbench-");
        LegacyDb[] legacyDb = {null};
        Thread cleanup = new Thread(() -> {
            if (o.keep()) return;
            pg.dropAll();
            if (legacyDb[0] != null) legacyDb[0].close();
            deleteTree(work);
        }, "bench-cleanup");
        java.lang.Runtime.getRuntime().addShutdownHook(cleanup);
        int status = 0;
        try {
            OUT.printf(Locale.ROOT, "GuestLink database-poll benchmark: %,d legacy rows (MariaDB) -> PostgreSQL store; then %d s at %.0f "
                            + "changes/s, late commit every %d; poll every %s, batches of %d%n", o.rows(), o.seconds(), o.rate(),
                    o.lateEvery(), o.every(), o.batchSize());
            OUT.printf(Locale.ROOT, "java %s, %d CPUs, max heap %d MB, PostgreSQL %s, MariaDB %s%n", System.getProperty("java.version"),
                    java.lang.Runtime.getRuntime().availableProcessors(), java.lang.Runtime.getRuntime().maxMemory() >> 20, pg.version(),
                    mariaDbVersion());
            legacyDb[0] = LegacyDatabases.createMariaDbOrThrow();
            LegacyPms pms = new LegacyPms(legacyDb[0]);
            pms.createSchema();
            long t = System.nanoTime();
            pms.generate(1, o.rows());
            double genSeconds = (System.nanoTime() - t) / 1e9;
            notes.add(String.format(Locale.ROOT, "legacy table loaded by INSERT ... SELECT FROM seq_1_to_%d in %.1f s (%,.0f rows/s)",
                    o.rows(), genSeconds, o.rows() / genSeconds));
            LOG.println(notes.get(notes.size() - 1));

            double readSeconds = bareRead(pms);
            String storeUrl = pg.create("guestlink_pollbench_" + stamp);
            Map<String, String> settings = new HashMap<>();
            settings.put(Settings.DB_URL.key(), storeUrl);
            settings.put(Settings.DB_USER.key(), o.pgUser());
            settings.put(Settings.DB_PASSWORD.key(), o.pgPassword());
            // the shipped batch size for the identity worker, not the tests' small one
            settings.put(Settings.BATCH_SIZE.key(), Settings.BATCH_SIZE.defaultValue());
            settings.putAll(o.sets());
            if (!o.sets().isEmpty()) notes.add("settings given: " + new java.util.TreeMap<>(o.sets()));
            String feed = pms.feed(FEED, "watermark", o.every(), o.batchSize(), null);

            boolean autovacuum = AutoAnalyze.serverAutovacuum(o.pgUrl() + "/postgres", o.pgUser(), o.pgPassword());
            if (!autovacuum) notes.add("PostgreSQL runs with autovacuum off: the benchmark ANALYZEs the store like autovacuum would "
                    + "(AutoAnalyze, every 60 s)");
            HeapMeter heap = HeapMeter.start();
            io.guestlink.store.WriteCosts.reset(); // the initial load's own
            CpuMeter cpu = new CpuMeter(storeUrl, o.pgUser(), o.pgPassword());
            cpu.start(); // before the app: its backends are counted from their start
            ThreadCpu threads = new ThreadCpu(DatabasePollBenchmark::threadGroup);
            long started = System.nanoTime();
            try (TestApp app = TestApp.start(work.resolve("app"), Map.of(FEED, feed), settings);
                 AutoAnalyze analyzer = autovacuum ? null : AutoAnalyze.start(storeUrl, o.pgUser(), o.pgPassword(), 60_000)) {
                long stored = awaitCount(app, o.rows(), Math.max(600, o.rows() / 500));
                double loadSeconds = (System.nanoTime() - started) / 1e9;
                heap.close();
                cpuNote(stored, cpu, threads);
                if (stored < o.rows()) {
                    notes.add("initial load did not finish: " + stored + " of " + o.rows() + " rows stored");
                    status = 1;
                }
                row("initial load", String.format(Locale.ROOT, "%,d rows", stored), String.format(Locale.ROOT, "%.1f s", loadSeconds),
                        String.format(Locale.ROOT, "%,.0f rows/s", stored / loadSeconds),
                        String.format(Locale.ROOT, "bare read %.1f s (%,.0f rows/s)", readSeconds, o.rows() / readSeconds),
                        String.format(Locale.ROOT, "%.1fx", loadSeconds / readSeconds));
                row("  heap", "", "", String.format(Locale.ROOT, "heap@GC %d MB", heap.heapPeak() >> 20),
                        String.format(Locale.ROOT, "old-gen %d MB, pool-peak sum %d MB", heap.oldGenPeak() >> 20, heap.poolPeakSum() >> 20), "");
                firstRun(app);
                writeCosts("initial load", "row", stored);
                loadVerdict(stored / loadSeconds, o.rows() / readSeconds);
                queuesDrained(app, loadSeconds, Math.max(600, o.rows() / 500));

                if (o.seconds() > 0) status |= steadyState(app, pms);

                LOG.println("reconciling " + pms.count(null) + " rows ...");
                try (Connection legacy = pms.connect(); Connection store = app.store()) {
                    long rt = System.nanoTime();
                    List<Reconciliation.Difference> diffs = Reconciliation.compare(legacy, store, "LEGACYPMS", LegacyPms.STATUS_CODES);
                    row("reconciliation", String.format(Locale.ROOT, "%,d rows", pms.count(null)),
                            String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - rt) / 1e9),
                            diffs.isEmpty() ? "reconciled" : diffs.size() + " differences", diffs.isEmpty() ? "" : diffs.get(0).toString(), "");
                    if (!diffs.isEmpty()) {
                        status = 1;
                        diffs.stream().limit(10).forEach(d -> notes.add("difference: " + d));
                    }
                }
            }
            print();
        } finally {
            if (o.keep()) OUT.println("kept: " + pg.created() + (legacyDb[0] == null ? "" : " and MariaDB " + legacyDb[0].name()));
            else {
                pg.dropAll();
                if (legacyDb[0] != null) legacyDb[0].close();
                deleteTree(work);
            }
            try {
                java.lang.Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already
            }
        }
        return status;
    }

    /** The ceiling: the poll's ordered query streamed with the same driver and fetch size, values touched, nothing else. */
    private double bareRead(LegacyPms pms) throws SQLException {
        long t = System.nanoTime();
        long n = 0;
        try (Connection c = pms.db().connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery("SELECT * FROM (" + LegacyPms.QUERY + ") guestlink_src ORDER BY guestlink_src.updated_at, "
                    + "guestlink_src.res_id")) {
                int cols = rs.getMetaData().getColumnCount();
                long sink = 0;
                while (rs.next()) {
                    for (int i = 1; i <= cols; i++) {
                        Object v = rs.getObject(i);
                        if (v != null) sink += v.hashCode();
                    }
                    n++;
                }
                if (sink == 42) LOG.print("");
            }
            c.rollback();
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        LOG.printf(Locale.ROOT, "bare streamed read: %,d rows in %.1f s%n", n, seconds);
        return seconds;
    }

    /**
     * Waits until the store holds {@code rows} legacy rows. Progress is read from the feed's one poll_state row (a
     * COUNT(*) over a growing source_record several times a second would load the 2-core machine it measures); the
     * count is taken once the poll state says the rows are applied.
     */
    private static long awaitCount(TestApp app, long rows, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long stored = 0;
        long lastLog = System.nanoTime();
        while (System.nanoTime() < deadline) {
            stored = app.count("SELECT COALESCE(MAX(rows_applied), 0) FROM poll_state WHERE source_id = '" + FEED + "'");
            if (stored >= rows) {
                stored = storedRows(app);
                if (stored >= rows) return stored;
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                LOG.printf(Locale.ROOT, "  ... %,d of %,d rows stored%n", stored, rows);
                lastLog = System.nanoTime();
            }
            Thread.sleep(200);
        }
        return stored;
    }

    private static long storedRows(TestApp app) throws SQLException {
        return app.count("SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS' AND record_kind = 'RESERVATION'");
    }

    /**
     * Waits until the identity worker and guest memory have emptied the link and memory queues the initial load
     * filled (both empty at once), and prints when, beside the load's own time: a load is only of use once its guests
     * are linked and remembered, and a faster load that leaves more for the workers would otherwise look better than
     * it is. The steady state starts after it, with empty queues.
     */
    private void queuesDrained(TestApp app, double loadSeconds, long timeoutSeconds) throws Exception {
        long t = System.nanoTime();
        long deadline = t + timeoutSeconds * 1_000_000_000L;
        long lastLog = t;
        long links = -1, memory = -1;
        while (System.nanoTime() < deadline) {
            links = app.count("SELECT COUNT(*) FROM (SELECT 1 FROM link_queue LIMIT 1) q");
            memory = app.count("SELECT COUNT(*) FROM (SELECT 1 FROM memory_queue LIMIT 1) q");
            if (links == 0 && memory == 0) break;
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                LOG.printf(Locale.ROOT, "  ... waiting for the link and memory queues (%s)%n", (links > 0 ? "links" : "")
                        + (links > 0 && memory > 0 ? ", " : "") + (memory > 0 ? "memory" : ""));
                lastLog = System.nanoTime();
            }
            Thread.sleep(250);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        boolean drained = links == 0 && memory == 0;
        row("queues drained", "", String.format(Locale.ROOT, "%.1f s", seconds), drained ? "after the load" : "NOT drained",
                String.format(Locale.ROOT, "the load took %.1f s", loadSeconds), String.format(Locale.ROOT, "%.2fx", seconds / loadSeconds));
        verdicts.add(String.format(Locale.ROOT, "VERDICT queues: link and memory queues %s %.1f s after the initial load (the load "
                        + "took %.1f s; target at most as long again): %s", drained ? "empty" : "still not empty", seconds, loadSeconds,
                drained && seconds <= loadSeconds ? "OK" : "NOT met"));
    }

    /** What the CPU time of a thread of this JVM went to, for {@link ThreadCpu}; null: counted only in the whole. */
    static String threadGroup(String name) {
        if (name.startsWith("poll-reader-")) return "reader";
        if (name.contains("timer://poll-")) return "writer";
        if (name.startsWith("identity-") || name.contains("timer://identity-") || name.contains("timer://guest-memory")) return "workers";
        return null;
    }

    /**
     * The initial load's CPU: the whole JVM (app start included) split into the poll's reader and writer threads, the
     * identity and memory workers and the rest (JIT compiler, garbage collector, start-up), and the store's PostgreSQL
     * backends; in seconds and in microseconds a row.
     */
    private void cpuNote(long rows, CpuMeter cpu, ThreadCpu threads) {
        Map<String, Double> by = threads.seconds();
        threads.close();
        double jvm = cpu.jvmSeconds();
        double pgs = cpu.pgSeconds();
        double named = by.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "initial load cpu: whole JVM %.1f s (%.0f us a row: ",
                jvm, jvm * 1e6 / rows));
        for (var e : by.entrySet()) line.append(String.format(Locale.ROOT, "%s %.1f s = %.0f us, ", e.getKey(), e.getValue(), e.getValue() * 1e6 / rows));
        Map<String, Double> internal = threads.internalSeconds();
        for (var e : internal.entrySet()) {
            line.append(String.format(Locale.ROOT, "%s %.1f s = %.0f us, ", e.getKey(), e.getValue(), e.getValue() * 1e6 / rows));
            named += e.getValue();
        }
        line.append(String.format(Locale.ROOT, "the rest %.1f s = %.0f us)", jvm - named, (jvm - named) * 1e6 / rows));
        line.append(pgs < 0 ? "; PostgreSQL backends not readable here" : String.format(Locale.ROOT,
                "; PostgreSQL backends %.1f s (%.0f us a row)", pgs, pgs * 1e6 / rows));
        notes.add(line.toString());
    }

    /** The poll runs of the initial load, as journaled. */
    private void firstRun(TestApp app) throws SQLException {
        try (Connection c = app.store(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(rows_read), SUM(duration_ms), MAX(rows_per_second) FROM import_file "
                     + "WHERE file_name LIKE 'poll:" + FEED + ":%'")) {
            rs.next();
            notes.add(String.format(Locale.ROOT, "initial load journaled as %d poll run(s): %,d rows, %.1f s inside the runs, best %,.0f rows/s",
                    rs.getLong(1), rs.getLong(2), rs.getLong(3) / 1000.0, rs.getDouble(4)));
        }
    }

    /** Writes at the target rate and samples, for each committed change, when the store first shows it. */
    private int steadyState(TestApp app, LegacyPms pms) throws Exception {
        LOG.printf(Locale.ROOT, "steady state: %d s at %.0f changes/s%n", o.seconds(), o.rate());
        io.guestlink.store.WriteCosts.reset(); // the steady state's own: where a poll's writing time goes
        ConcurrentWriter writer = new ConcurrentWriter(pms, o.rate(), 0.2, o.lateEvery(), 2_000, 20250610L).start();
        Map<Long, Long> seenAt = new HashMap<>(); // change seq -> nanoTime first seen in the store
        Map<Long, Long> superseded = new HashMap<>();
        // kept up to date as changes arrive: a sample costs what is pending, not every change so far (at 1,000/s the
        // whole list would cost the machine it measures)
        Map<Long, Change> pendingBySeq = new java.util.LinkedHashMap<>();
        Map<Long, Long> latestSeq = new HashMap<>(); // res_id -> the highest seq of its changes so far
        int consumed = 0;
        long depthAt = System.nanoTime();
        long lastApplied = Long.MIN_VALUE; // the feed's rows applied (poll_state) when all pending changes were last looked up
        int lookups = 0;
        long writeEnd = System.nanoTime() + o.seconds() * 1_000_000_000L;
        long sampleEnd = Long.MAX_VALUE;
        java.util.concurrent.CompletableFuture<Void> stopping = null;
        int samples = 0;
        long sampleNanos = 0;
        List<Long> linkQueueDepths = new ArrayList<>(); // profiles waiting for the identity worker, about once a second
        double linkQueueCaughtUp = -1; // seconds into the steady state when at most 1,000 profiles waited first
        long steadyStart = System.nanoTime();
        try (Connection store = app.store()) {
            while (true) {
                long now = System.nanoTime();
                if (now >= writeEnd && stopping == null) {
                    // stop waits for the late transactions still sleeping: sampling must go on meanwhile
                    stopping = java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            writer.stop();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                if (stopping != null && stopping.isDone() && sampleEnd == Long.MAX_VALUE) sampleEnd = System.nanoTime() + 60_000_000_000L;
                List<Change> arrived = writer.changesFrom(consumed);
                consumed += arrived.size();
                for (Change c : arrived) {
                    pendingBySeq.put(c.seq(), c);
                    latestSeq.merge(c.resId(), c.seq(), Math::max);
                }
                if (pendingBySeq.isEmpty() && sampleEnd != Long.MAX_VALUE) break;
                if (System.nanoTime() > sampleEnd) break;
                // A change reaches the store only with a committed batch, and each batch moves the feed's poll_state in
                // its own transaction: the probe reads that one row every 10 ms and looks the pending changes up only
                // when it moved, and otherwise just the changes that arrived since (a poll may have taken them before
                // the writer reported them). Looking every pending change up at every sample, as before, cost the
                // store's server 57-116 ms a sample at 1,000 changes/s: most of a core on a 2-core machine, the more
                // the further the store lagged.
                long t = System.nanoTime();
                long applied = applied(store);
                long detected = System.nanoTime(); // every batch counted in `applied` committed before this
                boolean moved = applied != lastApplied;
                List<Change> pending = moved ? new ArrayList<>(pendingBySeq.values()) : arrived;
                Map<Long, BigDecimal> rates = pending.isEmpty() ? Map.of()
                        : storeRates(store, pending.stream().map(Change::resId).distinct().toList());
                long seen = System.nanoTime();
                if (moved) {
                    lookups++;
                    // no batch committed during the look-up: what it found was there when poll_state was read
                    if (applied(store) == applied) {
                        seen = detected;
                        lastApplied = applied;
                    }
                }
                sampleNanos += System.nanoTime() - t;
                samples++;
                for (Change c : pending) {
                    BigDecimal r = rates.get(c.resId());
                    if (r != null && r.compareTo(c.rate()) == 0) {
                        seenAt.put(c.seq(), seen);
                        pendingBySeq.remove(c.seq());
                    } else if (latestSeq.get(c.resId()) != c.seq() && r != null && r.compareTo(BigDecimal.valueOf(1_000_000, 2)) > 0
                            && r.compareTo(c.rate()) > 0) {
                        superseded.put(c.seq(), seen); // a later change of the row is there
                        pendingBySeq.remove(c.seq());
                    }
                }
                if (System.nanoTime() - depthAt >= 1_000_000_000L) { // about once a second
                    depthAt = System.nanoTime();
                    long depth = linkQueue(store);
                    linkQueueDepths.add(depth);
                    if (depth <= 1_000 && linkQueueCaughtUp < 0) linkQueueCaughtUp = (System.nanoTime() - steadyStart) / 1e9;
                }
                Thread.sleep(10);
            }
        }
        writer.stop();
        int status = 0;
        if (!writer.errors().isEmpty()) {
            notes.add("legacy writer errors: " + writer.errors().size() + ", first: " + writer.errors().get(0));
            status = 1;
        }
        List<Change> changes = writer.changes();
        long late = changes.stream().filter(Change::late).count();
        long missing = changes.stream().filter(c -> !seenAt.containsKey(c.seq()) && !superseded.containsKey(c.seq())).count();
        double actualRate = changes.size() / (double) Math.max(1, o.seconds());
        row("steady state", String.format(Locale.ROOT, "%,d changes", changes.size()), o.seconds() + " s",
                String.format(Locale.ROOT, "%.1f changes/s", actualRate),
                String.format(Locale.ROOT, "%d late commits, %d superseded, %d never seen", late, superseded.size(), missing), "");
        lagRow("  lag, on-time commits", changes.stream().filter(c -> !c.late()).toList(), seenAt);
        lagRow("  lag, late commits", changes.stream().filter(Change::late).toList(), seenAt);
        lagVerdict(changes, seenAt, actualRate, writer.writers());
        writeCosts("steady state", "change", changes.size());
        notes.add(String.format(Locale.ROOT, "link queue during the steady state (profiles waiting for the identity worker, "
                        + "about once a second): largest %,d, last %,d; at most 1,000 %s", linkQueueDepths.stream().mapToLong(Long::longValue)
                        .max().orElse(0), linkQueueDepths.isEmpty() ? 0 : linkQueueDepths.get(linkQueueDepths.size() - 1),
                linkQueueCaughtUp < 0 ? "never" : String.format(Locale.ROOT, "from %.0f s in", linkQueueCaughtUp)));
        notes.add(String.format(Locale.ROOT, "lag sampled every 10 ms + %.1f ms per sample (%d samples, %d of them looking up every "
                        + "pending change after a batch committed); poll.every = %s", sampleNanos / 1e6 / Math.max(1, samples), samples,
                lookups, o.every()));
        if (missing > 0) status = 1;
        if (o.lagCsv() != null) {
            long t0 = changes.isEmpty() ? 0 : changes.get(0).commitNanos();
            List<String> lines = new ArrayList<>();
            lines.add("seq,res_id,insert,late,updated_at,commit_ms,lag_ms,superseded");
            for (Change c : changes) {
                Long s = seenAt.get(c.seq());
                lines.add(c.seq() + "," + c.resId() + "," + c.insert() + "," + c.late() + "," + c.updatedAt() + ","
                        + (c.commitNanos() - t0) / 1_000_000 + "," + (s == null ? "" : String.valueOf((s - c.commitNanos()) / 1_000_000)) + ","
                        + superseded.containsKey(c.seq()));
            }
            Files.write(o.lagCsv(), lines);
            notes.add("every change with its lag: " + o.lagCsv());
        }
        return status;
    }

    private void loadVerdict(double rowsPerSecond, double bareRowsPerSecond) {
        verdicts.add(String.format(Locale.ROOT, "VERDICT initial load: %,.0f rows/s (target >= %,.0f): %s; %.2fx the rate of a bare "
                        + "streamed read (%,.0f rows/s)", rowsPerSecond, TARGET_LOAD_ROWS_PER_SECOND,
                rowsPerSecond >= TARGET_LOAD_ROWS_PER_SECOND ? "OK" : "NOT met", rowsPerSecond / bareRowsPerSecond, bareRowsPerSecond));
    }

    /**
     * What each step of the batch writer (mostly one table each) cost during one phase, per row or change written,
     * and the batches it ran in: how much of a poll is writing, and which table. The identity worker's linking steps,
     * which run beside the polls, are summed there too (under "linking:").
     */
    private void writeCosts(String phase, String unit, long rows) {
        var costs = io.guestlink.store.WriteCosts.snapshot();
        io.guestlink.store.WriteCosts.reset();
        double total = costs.stream().mapToLong(io.guestlink.store.WriteCosts.Cost::nanos).sum() / 1e9;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s write costs (us per %s; %.1f s in all):", phase, unit, total));
        for (var c : costs) {
            if (c.nanos() < 10_000_000) continue; // under 10 ms over the whole phase: noise
            line.append(String.format(Locale.ROOT, " %s %.1f (%d batches);", c.step(), c.nanos() / 1000.0 / Math.max(1, rows),
                    c.batches()));
        }
        notes.add(line.toString());
    }

    /** p99 over every change seen, on-time and late commits together, against the target at 1,000 changes/s. */
    private void lagVerdict(List<Change> changes, Map<Long, Long> seenAt, double achievedRate, int writers) {
        List<Double> lags = lags(changes, seenAt);
        if (lags.isEmpty()) {
            verdicts.add("VERDICT lag: no change seen: NOT met");
            return;
        }
        double p99 = pct(lags, 99);
        boolean rateOk = o.rate() >= TARGET_LAG_RATE && achievedRate >= 0.95 * o.rate();
        verdicts.add(String.format(Locale.ROOT, "VERDICT lag: p99 %,.0f ms over %,d changes with late commits at %.1f changes/s "
                        + "written (%.0f asked, %d writer connections), poll.every %s (target <= %,.0f ms at %,.0f changes/s): %s",
                p99, lags.size(), achievedRate, o.rate(), writers, o.every(), TARGET_LAG_P99_MS, TARGET_LAG_RATE,
                !rateOk ? "not measured at the target rate" : p99 <= TARGET_LAG_P99_MS ? "OK" : "NOT met"));
    }

    /** The lag of every change seen, in ms, ascending. */
    private static List<Double> lags(List<Change> changes, Map<Long, Long> seenAt) {
        List<Double> lags = new ArrayList<>();
        for (Change c : changes) {
            Long s = seenAt.get(c.seq());
            if (s != null) lags.add(Math.max(0, s - c.commitNanos()) / 1e6);
        }
        lags.sort(Comparator.naturalOrder());
        return lags;
    }

    private void lagRow(String label, List<Change> changes, Map<Long, Long> seenAt) {
        List<Double> lags = lags(changes, seenAt);
        if (lags.isEmpty()) {
            row(label, "0 seen", "", "", "", "");
            return;
        }
        row(label, String.format(Locale.ROOT, "%,d seen", lags.size()),
                String.format(Locale.ROOT, "p50 %.0f ms", pct(lags, 50)), String.format(Locale.ROOT, "p95 %.0f ms", pct(lags, 95)),
                String.format(Locale.ROOT, "p99 %.0f ms, max %.0f ms", pct(lags, 99), lags.get(lags.size() - 1)), "");
    }

    private static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** The rows the feed's committed batches applied (poll_state: moved in each batch's own transaction). */
    private static long applied(Connection store) throws SQLException {
        try (Statement s = store.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(rows_applied), 0) FROM poll_state "
                + "WHERE source_id = '" + FEED + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The stay rate of each reservation in the store, by res_id. */
    private static long linkQueue(Connection store) throws SQLException {
        try (Statement s = store.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(DISTINCT profile_id) FROM link_queue")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<Long, BigDecimal> storeRates(Connection store, List<Long> ids) throws SQLException {
        Map<Long, BigDecimal> out = new HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = store.prepareStatement("SELECT r.source_key, s.rate_amount FROM source_record r JOIN stay s "
                    + "ON s.source_record_id = r.id WHERE r.source_key IN (" + marks + ") AND r.system = 'LEGACYPMS' "
                    + "AND r.record_kind = 'RESERVATION'")) {
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, String.valueOf(chunk.get(i)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(Long.parseLong(rs.getString(1)), rs.getBigDecimal(2));
                }
            }
        }
        return out;
    }

    private void row(String... cells) {
        table.add(cells);
    }

    private void print() {
        String[] head = {"what", "rows", "time", "rate", "ceiling / detail", "ratio"};
        int[] w = new int[head.length];
        for (int i = 0; i < head.length; i++) w[i] = head[i].length();
        for (String[] r : table) for (int i = 0; i < r.length; i++) w[i] = Math.max(w[i], r[i].length());
        StringBuilder fmt = new StringBuilder();
        for (int i = 0; i < w.length; i++) fmt.append("%-").append(w[i]).append("s").append(i < w.length - 1 ? " | " : "%n");
        OUT.println();
        OUT.printf(fmt.toString(), (Object[]) head);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < w.length; i++) rule.append("-".repeat(w[i])).append(i < w.length - 1 ? "-+-" : "");
        OUT.println(rule);
        for (String[] r : table) OUT.printf(fmt.toString(), (Object[]) r);
        OUT.println();
        for (String n : notes) OUT.println("note: " + n);
        for (String v : verdicts) OUT.println(v);
    }

    private static String mariaDbVersion() {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:mariadb://" + LegacyDatabases.MARIADB_HOST + "/",
                LegacyDatabases.MARIADB_USER, LegacyDatabases.MARIADB_PASSWORD);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "not reachable at " + LegacyDatabases.MARIADB_HOST + " (" + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}

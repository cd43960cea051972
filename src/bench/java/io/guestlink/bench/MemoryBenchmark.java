package io.guestlink.bench;

import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.model.ImportSummary;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.ImportJournal;
import io.guestlink.pipeline.MemoryWorker;
import io.guestlink.model.StoreRow;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Guest-memory benchmark (issue 5): what one landing record costs the memory worker as a guest's history grows, and
 * how long a full {@code memory-rebuild} of a million profiles takes on PostgreSQL.
 *
 * <pre>
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-memory                                                 # both parts, 1,000,000 profiles
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-memory -Dbench.memory.args="--part=rebuild --profiles=100000"
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-memory -Dbench.memory.args="--part=cost --guests=10"
 * </pre>
 *
 * <p><b>Part cost</b>: a fresh PostgreSQL database; for each history size (1, 10, 100, 500 past stays) {@code --guests}
 * guests, each stay written through the store's {@link BatchWriter} exactly as an import writes it: a checked-out
 * reservation, three folio lines (room, F&amp;B, minibar) and two breakfast tickets charged to the room (three items
 * each), six source records per stay. The memory worker catches up (untimed). Then, {@code --rounds} times per
 * history size, one new record per guest lands (in turn a POS ticket, a folio line, a new stay's reservation, and a
 * re-delivered folio line with a changed amount, i.e. an update) and the worker's {@code drain()} is timed: the
 * column is that time divided by the number of records.
 *
 * <p><b>Part rebuild</b>: a fresh PostgreSQL database; a synthetic night ({@link SyntheticNight}, {@code --seed-scale})
 * is imported through the real importer and linked by the identity worker, so every row is shaped exactly as an
 * import writes it. That store is then copied set-based ({@code INSERT ... SELECT} with shifted ids and keys) until it
 * holds at least {@code --profiles} live profiles; every copy keeps its merges, source records and facts. After
 * {@code ANALYZE}, {@code MemoryWorker.rebuildAll()} is timed; rows/s counts the source records of live clusters read
 * per second. A copy's memory must equal its original's: checked on a sample, printed.
 *
 * <p>Options: {@code --part=cost,rebuild}, {@code --profiles=N} (1,000,000), {@code --seed-scale=F} (0.1),
 * {@code --guests=N} (20), {@code --rounds=N} (8), {@code --pg-url=jdbc:postgresql://127.0.0.1:5432},
 * {@code --pg-user=postgres}, {@code --pg-password=}, {@code --keep} (keep the databases), {@code --reuse-db=NAME} (time
 * the rebuild again on a store kept with {@code --keep}).
 */
public final class MemoryBenchmark {
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;
    private static final int[] HISTORIES = {1, 10, 100, 500};
    private static final String[] KINDS = {"POS ticket", "folio line", "reservation", "update"};
    private static final LocalDate FIRST_STAY = LocalDate.of(2019, 1, 7);

    private final Map<String, String> options;
    private final List<String> notes = new ArrayList<>();

    private MemoryBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.named(args, "MemoryBenchmark", List.of("part", "profiles", "seed-scale", "guests", "rounds", "pg-url", "pg-user", "pg-password", "keep", "reuse-db"));
        new MemoryBenchmark(options).run();
        System.exit(0);
    }

    private String opt(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    private void run() throws Exception {
        String part = opt("part", "cost,rebuild");
        PgAdmin pg = new PgAdmin(opt("pg-url", "jdbc:postgresql://127.0.0.1:5432"), opt("pg-user", "postgres"), opt("pg-password", ""));
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        Thread cleanup = new Thread(() -> {
            if (!options.containsKey("keep")) pg.dropAll();
        }, "bench-cleanup");
        java.lang.Runtime.getRuntime().addShutdownHook(cleanup);
        OUT.printf(Locale.ROOT, "guest memory benchmark: java %s, %d CPUs, max heap %d MB, PostgreSQL %s, load average %.1f%n",
                System.getProperty("java.version"), java.lang.Runtime.getRuntime().availableProcessors(),
                java.lang.Runtime.getRuntime().maxMemory() >> 20, pg.version(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try {
            if (part.contains("cost")) cost(pg.create("guestlink_bench_memcost_" + stamp));
            if (part.contains("rebuild")) rebuild(options.containsKey("reuse-db") ? pg.url(opt("reuse-db", ""))
                    : pg.create("guestlink_bench_memrebuild_" + stamp));
            OUT.println();
            notes.forEach(n -> OUT.println("note: " + n));
        } finally {
            if (options.containsKey("keep")) OUT.println("kept databases " + pg.created());
            else pg.dropAll();
            java.lang.Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    // ------------------------------------------------------------------------------------------------ cost per record

    private void cost(String url) throws Exception {
        int guests = Integer.parseInt(opt("guests", "20"));
        int rounds = Integer.parseInt(opt("rounds", "8"));
        try (Database db = Database.open(url, opt("pg-user", "postgres"), opt("pg-password", ""), 4)) {
            BatchWriter writer = new BatchWriter(db, 65536);
            ImportJournal journal = new ImportJournal(db);
            MemoryWorker worker = new MemoryWorker(db, MemoryConfig.defaults(), Clock.systemDefaultZone(), 200, 3);
            long t = System.nanoTime();
            long records = 0;
            for (int h = 0; h < HISTORIES.length; h++) {
                List<StoreRow> rows = new ArrayList<>();
                for (int g = 0; g < guests; g++)
                    for (int s = 0; s < HISTORIES[h]; s++) rows.addAll(stay(h, g, s, 0));
                records += write(writer, journal, rows);
            }
            worker.drain();
            LOG.printf(Locale.ROOT, "history written: %d source records in %.1f s; memory caught up%n", records, (System.nanoTime() - t) / 1e9);
            try (Connection c = db.connection(); Statement st = c.createStatement()) {
                st.execute("ANALYZE");
            }

            double[][] ms = new double[HISTORIES.length][KINDS.length];
            int[][] n = new int[HISTORIES.length][KINDS.length];
            for (int r = 0; r < rounds; r++) {
                int kind = r % KINDS.length;
                for (int h = 0; h < HISTORIES.length; h++) {
                    List<StoreRow> rows = new ArrayList<>();
                    for (int g = 0; g < guests; g++) rows.add(newRecord(h, g, kind, r));
                    write(writer, journal, rows);
                    long started = System.nanoTime();
                    worker.drain();
                    ms[h][kind] += (System.nanoTime() - started) / 1e6;
                    n[h][kind] += guests;
                }
            }
            OUT.println();
            OUT.printf("Per-record cost of the memory worker by the guest's history (%d guests per row, %d rounds, ms per record)%n",
                    guests, rounds);
            StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-11s %-15s", "past stays", "past records"));
            for (String k : KINDS) head.append(String.format(Locale.ROOT, " %12s", k));
            head.append(String.format(Locale.ROOT, " %12s", "new records"));
            OUT.println(head);
            OUT.println("-".repeat(head.length()));
            for (int h = 0; h < HISTORIES.length; h++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-11d %-15d", HISTORIES[h], HISTORIES[h] * 6));
                double all = 0;
                int count = 0;
                for (int k = 0; k < KINDS.length; k++) {
                    row.append(n[h][k] == 0 ? String.format(Locale.ROOT, " %12s", "-") : String.format(Locale.ROOT, " %12.2f", ms[h][k] / n[h][k]));
                    if (k < 3) {
                        all += ms[h][k];
                        count += n[h][k];
                    }
                }
                row.append(String.format(Locale.ROOT, " %12.2f", count == 0 ? 0 : all / count));
                OUT.println(row);
            }
            notes.add("cost: 'new records' is the mean over the new POS tickets, folio lines and reservations; 'update' is a "
                    + "re-delivered folio line with a changed amount (an UPDATED record)");
        }
    }

    private static long write(BatchWriter writer, ImportJournal journal, List<StoreRow> rows) {
        var run = journal.start("bench-memory", "rows-" + System.nanoTime(), Long.toHexString(System.nanoTime()), 0, null);
        long n = 0;
        List<StoreRow> numbered = new ArrayList<>(); // journal rows are keyed by run and line
        for (StoreRow r : rows) numbered.add(StoreRow.mapped(numbered.size() + 1, r.raw(), r.record()));
        rows = numbered;
        for (int from = 0; from < rows.size(); from += 1000) {
            List<StoreRow> part = rows.subList(from, Math.min(rows.size(), from + 1000));
            n += writer.write(run.id(), "bench-memory", part.stream().filter(r -> kind(r) == RecordKind.RESERVATION).toList()).read();
            n += writer.write(run.id(), "bench-memory", part.stream().filter(r -> kind(r) == RecordKind.FOLIO).toList()).read();
            n += writer.write(run.id(), "bench-memory", part.stream().filter(r -> kind(r) == RecordKind.POS_TICKET).toList()).read();
        }
        return n;
    }

    private static RecordKind kind(StoreRow r) {
        return r.record().ref().kind();
    }

    private static String guestKey(int h, int g) {
        return "H" + HISTORIES[h] + "G" + g;
    }

    /** A room of its own per guest, so a ticket charged to it finds exactly that guest's stay. */
    private static String room(int h, int g) {
        return Integer.toString(1000 * (h + 1) + g);
    }

    private static LocalDate arrival(int s) {
        return FIRST_STAY.plusDays(3L * s);
    }

    private static GuestProfile guest(int h, int g) {
        return new GuestProfile(List.of(new PersonName("GUEST" + guestKey(h, g) + "/ANNA MS", "GUEST" + guestKey(h, g), "ANNA", "MS", "Latin")),
                LocalDate.of(1970 + g % 30, 1 + g % 12, 1 + g % 28), "F", "DE", "de", List.of(), List.of(), List.of(),
                null, List.of(), Map.of());
    }

    private static StoreRow row(RecordKind kind, String key, String guestKey, GuestProfile guest, io.guestlink.model.Fact fact) {
        return StoreRow.mapped(1, key, new CanonicalRecord(new SourceRef("BENCH", kind, key), guestKey, guest, fact));
    }

    /** One past stay: a reservation, three folio lines and two breakfasts charged to the room. */
    private static List<StoreRow> stay(int h, int g, int s, int version) {
        String conf = guestKey(h, g) + "S" + s;
        LocalDate a = arrival(s);
        List<StoreRow> rows = new ArrayList<>();
        rows.add(row(RecordKind.RESERVATION, conf, guestKey(h, g), guest(h, g), new Reservation("BKK01", conf, a, a.plusDays(2),
                "DLXK", room(h, g), "BAR", new BigDecimal("3200.00"), "THB", StayStatus.CHECKED_OUT, "WEB", 2, 0)));
        rows.add(folio(conf, 1, a, ChargeCategory.ROOM, "6400.00"));
        rows.add(folio(conf, 2, a.plusDays(1), ChargeCategory.FNB, "" + (400 + version)));
        rows.add(folio(conf, 3, a.plusDays(1), ChargeCategory.MINIBAR, "180.00"));
        rows.add(ticket(h, g, conf + "T1", a.plusDays(1)));
        rows.add(ticket(h, g, conf + "T2", a.plusDays(2)));
        return rows;
    }

    private static StoreRow folio(String conf, int line, LocalDate date, ChargeCategory category, String amount) {
        return row(RecordKind.FOLIO, conf + "-" + line, null, null, new FolioLine("BKK01", conf, Integer.toString(line), conf,
                date, "1000", category.name(), category, new BigDecimal(amount), "THB"));
    }

    private static StoreRow ticket(int h, int g, String number, LocalDate day) {
        return row(RecordKind.POS_TICKET, number, null, null, new PosTicket("BKK01", "CAFE", number, "W2", 2, day.atTime(7, 40),
                day.atTime(8, 20), List.of(new PosItem("1", "Club Sandwich", BigDecimal.ONE, new BigDecimal("320")),
                new PosItem("2", "Coffee", BigDecimal.ONE, new BigDecimal("120")),
                new PosItem("3", "Fried Egg", BigDecimal.ONE, new BigDecimal("90"))),
                room(h, g), null, null, "ROOM", new BigDecimal("530"), "THB"));
    }

    /** The record landing in a round: a ticket or folio line on the guest's last stay, a new stay, or an update. */
    private static StoreRow newRecord(int h, int g, int kind, int round) {
        int last = HISTORIES[h] - 1;
        String conf = guestKey(h, g) + "S" + last;
        LocalDate a = arrival(last);
        return switch (kind) {
            case 0 -> ticket(h, g, conf + "R" + round, a.plusDays(1));
            case 1 -> folio(conf, 10 + round, a.plusDays(1), ChargeCategory.FNB, "250.00");
            case 2 -> stay(h, g, 10_000 + round, 0).get(0);
            default -> folio(conf, 2, a.plusDays(1), ChargeCategory.FNB, "" + (400 + round + 1));
        };
    }

    // ------------------------------------------------------------------------------------------------ full rebuild

    private void rebuild(String url) throws Exception {
        long target = Long.parseLong(opt("profiles", "1000000"));
        double seedScale = Double.parseDouble(opt("seed-scale", "0.1"));
        Path work = Files.createTempDirectory("guestlink-bench-memory-");
        try {
            Path sources = NightlyImportBenchmark.writeFeeds(work.resolve("sources"));
            SyntheticNight.Night night = new SyntheticNight(42).generate(work.resolve("night"), seedScale);
            Map<String, String> s = new HashMap<>();
            s.put(Settings.SOURCES_DIR.key(), sources.toString());
            s.put(Settings.INBOX_DIR.key(), work.resolve("inbox").toString());
            s.put(Settings.DB_URL.key(), url);
            s.put(Settings.DB_USER.key(), opt("pg-user", "postgres"));
            s.put(Settings.DB_PASSWORD.key(), opt("pg-password", ""));
            s.put(Settings.HMAC_KEY.key(), "bench-only-hmac-key-0123456789abcdef");
            String user = opt("pg-user", "postgres"), password = opt("pg-password", "");
            boolean analyze = !AutoAnalyze.serverAutovacuum(url, user, password);
            if (analyze) notes.add("PostgreSQL autovacuum is off: the benchmark ANALYZEs like autovacuum would, every 60 s");
            try (GuestLink app = GuestLink.start(Settings.load(null, Map.of(), s));
                 AutoAnalyze analyzer = analyze ? AutoAnalyze.start(url, user, password, 60_000) : null) {
                if (options.containsKey("reuse-db")) {
                    Cloner.reuse(app.database());
                    notes.add("store: " + opt("reuse-db", "") + " kept from an earlier run");
                    timeRebuild(app, url);
                    return;
                }
                long t = System.nanoTime();
                Map<String, Path> files = Map.of("opera-reservations", night.reservations(), "night-audit-folio", night.folio(),
                        "pos-tickets", night.pos());
                for (String feed : NightlyImportBenchmark.FEEDS) {
                    Path f = files.get(feed);
                    ImportSummary sum = app.importer().importFile(app.feed(feed), f, f.getFileName().toString(),
                            FileImporter.sha256(f), work.resolve(feed + ".rejects.csv"));
                    if (!"DONE".equals(sum.status())) throw new IllegalStateException(feed + ": " + sum);
                }
                app.linking().drain();
                app.remembering().drain();
                long seedLive = scalar(app.database(), "SELECT count(*) FROM guest_profile WHERE merged_into IS NULL");
                String seedLine = String.format(Locale.ROOT, "seed: a synthetic night at scale %s imported and linked in %.1f s: %d live "
                        + "profiles, %d source records", seedScale, (System.nanoTime() - t) / 1e9, seedLive,
                        scalar(app.database(), "SELECT count(*) FROM source_record"));
                LOG.println(seedLine);
                notes.add(seedLine);

                int copies = (int) Math.max(0, (target + seedLive - 1) / seedLive - 1);
                t = System.nanoTime();
                Cloner.copy(app.database(), copies, LOG);
                double cloneSeconds = (System.nanoTime() - t) / 1e9;
                long live = scalar(app.database(), "SELECT count(*) FROM guest_profile WHERE merged_into IS NULL");
                long records = scalar(app.database(), "SELECT count(*) FROM source_record WHERE profile_id IS NOT NULL");
                long allRecords = scalar(app.database(), "SELECT count(*) FROM source_record");
                String cloneLine = String.format(Locale.ROOT, "store: %d copies of the seed in %.1f s: %d live profiles, %d source "
                        + "records (%d of them in a profile's cluster), database %s", copies, cloneSeconds, live, allRecords, records,
                        text(app.database(), "SELECT pg_size_pretty(pg_database_size(current_database()))"));
                LOG.println(cloneLine);
                notes.add(cloneLine);
                try (Connection c = app.database().connection(); Statement st = c.createStatement()) {
                    st.execute("ANALYZE"); // the copies hold no memory yet: the rebuild writes every profile's
                }
                timeRebuild(app, url);
            }
        } finally {
            try (var walk = Files.walk(work)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Times memory-rebuild on the store as it is; rows/s counts the source records of live clusters read. */
    private void timeRebuild(GuestLink app, String url) throws Exception {
        long records = scalar(app.database(), "SELECT count(*) FROM source_record WHERE profile_id IS NOT NULL");
        CpuMeter cpu = new CpuMeter(url, opt("pg-user", "postgres"), opt("pg-password", ""));
        cpu.start();
        long t = System.nanoTime();
        int rebuilt = app.remembering().rebuildAll();
        double seconds = (System.nanoTime() - t) / 1e9;
        OUT.println();
        OUT.printf(Locale.ROOT, "Full rebuild (memory-rebuild) on PostgreSQL, %d transactions at a time%n",
                app.settings().getInt(Settings.DB_POOL) - 1);
        String head = String.format(Locale.ROOT, "%-12s %14s %10s %12s %12s", "profiles", "source records", "seconds", "rows/s", "profiles/s");
        OUT.println(head);
        OUT.println("-".repeat(head.length()));
        OUT.printf(Locale.ROOT, "%-12d %14d %10.1f %12.0f %12.0f%n", rebuilt, records, seconds, records / seconds, rebuilt / seconds);
        notes.add(String.format(Locale.ROOT, "rebuild CPU: JVM %.1f s, PostgreSQL backends %.1f s, wall %.1f s", cpu.jvmSeconds(),
                cpu.pgSeconds(), seconds));
        notes.add(Cloner.sameAsSeed(app.database()));
    }

    static long scalar(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}

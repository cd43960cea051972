package io.guestlink.bench;

import io.guestlink.access.Role;
import io.guestlink.config.Settings;
import io.guestlink.identity.SearchTerms;
import io.guestlink.identity.match.Blocking;
import io.guestlink.identity.match.IncrementalLinker;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.names.ComparableName;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.store.GuestSearch;
import io.guestlink.testing.ApiClient;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.TestApp;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Guest search over HTTP on a PostgreSQL store of a million profiles: the targets are search p99 ≤ 50 ms and
 * card p99 ≤ 20 ms at 100 requests/s. Beside each, the same work done straight (no HTTP, no gate, no audit) as the
 * ceiling, with the ratio of the p99s.
 *
 * <pre>
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-search -Dbench.args="--profiles=1000000"
 * </pre>
 *
 * <p><b>The store</b>: a fresh database {@code guestlink_bench_search} (dropped first if a run left it, dropped at the
 * end unless {@code --keep}); the real application starts on it (Flyway migrations, HTTP on a free port) and imports
 * the demo files through its real importer and identity worker (Mr. Yu, 于明 / YU/MING MR, and the other demo guests
 * with their stays, folios and tickets). Then {@code --profiles} synthetic profiles are <em>loaded with PostgreSQL
 * COPY</em> (PgJDBC CopyManager), not through the store's write path: guest_profile, profile_name, profile_key (one
 * SRC key each) and profile_block, the last with exactly the keys identity resolution keeps for such a profile
 * ({@link Blocking#keys} over the readings of the same {@link NameNormaliser}, stored hashed as the linker stores
 * them), so the name search reads what it would read after real imports. profile_block's own indexes are dropped for
 * the load and built again from their definitions afterwards (as pg_restore does). Names: 40% Chinese written in Han
 * (王伟明), 20% Chinese written in Latin (WANG/WEIMING), 40% other names; family names and given-name characters drawn
 * with Zipf weights flattened to real shares (王 ~7% of Chinese guests), a quarter of Chinese given names one
 * character, the rest two. Then {@code VACUUM ANALYZE}, as autovacuum does after a load.
 *
 * <p><b>Load</b>: open loop at {@code --rate} requests/s for {@code --seconds} (a request is sent at its scheduled
 * time whether or not earlier ones were answered; latency counts from the scheduled time, so a stall is not hidden),
 * a real {@code java.net.http} client with front-desk Basic credentials. Search: the name of a randomly drawn
 * synthetic profile, half in Han script (于明 style), half in Latin given-first (MING YU style) for Chinese names.
 * Card: {@code GET /guests/{id}/card} of the imported demo guests in turn. Ceiling: the same queries one at a time
 * over JDBC (the name keys computed beforehand; the search's two statements exactly as GuestSearch runs them) and the
 * card read in-process ({@code GuestMemoryReader.card}, its JDBC reads without HTTP).
 *
 * <p>Options: {@code --profiles=N} (1,000,000), {@code --seconds=N} per phase (60), {@code --rate=N} (100),
 * {@code --seed=N}, {@code --pg-url=jdbc:postgresql://127.0.0.1:5432}, {@code --pg-user=postgres},
 * {@code --pg-password=}, {@code --keep}, {@code --explain} (print EXPLAIN ANALYZE of the search for the commonest and a
 * median name).
 */
public final class SearchBenchmark {
    private static final PrintStream OUT = System.out;
    private static final PrintStream LOG = System.err;
    private static final String DB = "guestlink_bench_search";
    private static final long FIRST_ID = 1_000_000_000L;
    private static final LocalDate AS_OF = LocalDate.of(2026, 6, 15);
    /** The API's default page, whose summaries the search reads. */
    private static final int PAGE = 50;

    /** Chinese family names, commonest first, with their pinyin. */
    private static final String[][] HAN_FAMILY = {{"王", "WANG"}, {"李", "LI"}, {"张", "ZHANG"}, {"刘", "LIU"}, {"陈", "CHEN"},
            {"杨", "YANG"}, {"黄", "HUANG"}, {"赵", "ZHAO"}, {"吴", "WU"}, {"周", "ZHOU"}, {"徐", "XU"}, {"孙", "SUN"},
            {"马", "MA"}, {"朱", "ZHU"}, {"胡", "HU"}, {"郭", "GUO"}, {"何", "HE"}, {"高", "GAO"}, {"林", "LIN"}, {"罗", "LUO"},
            {"郑", "ZHENG"}, {"梁", "LIANG"}, {"谢", "XIE"}, {"宋", "SONG"}, {"唐", "TANG"}, {"许", "XU"}, {"韩", "HAN"},
            {"冯", "FENG"}, {"邓", "DENG"}, {"曹", "CAO"}, {"彭", "PENG"}, {"曾", "ZENG"}, {"肖", "XIAO"}, {"田", "TIAN"},
            {"董", "DONG"}, {"袁", "YUAN"}, {"潘", "PAN"}, {"于", "YU"}, {"蒋", "JIANG"}, {"蔡", "CAI"}, {"余", "YU"},
            {"杜", "DU"}, {"叶", "YE"}, {"程", "CHENG"}, {"苏", "SU"}, {"魏", "WEI"}, {"吕", "LV"}, {"丁", "DING"},
            {"任", "REN"}, {"沈", "SHEN"}, {"姚", "YAO"}, {"卢", "LU"}, {"姜", "JIANG"}, {"崔", "CUI"}, {"钟", "ZHONG"},
            {"谭", "TAN"}, {"陆", "LU"}, {"汪", "WANG"}, {"范", "FAN"}, {"金", "JIN"}, {"石", "SHI"}, {"廖", "LIAO"},
            {"贾", "JIA"}, {"夏", "XIA"}, {"韦", "WEI"}, {"方", "FANG"}, {"白", "BAI"}, {"邹", "ZOU"}, {"孟", "MENG"},
            {"熊", "XIONG"}, {"秦", "QIN"}, {"邱", "QIU"}, {"江", "JIANG"}, {"尹", "YIN"}, {"薛", "XUE"}, {"段", "DUAN"},
            {"雷", "LEI"}, {"侯", "HOU"}, {"龙", "LONG"}, {"史", "SHI"}, {"陶", "TAO"}, {"黎", "LI"}, {"贺", "HE"},
            {"顾", "GU"}, {"毛", "MAO"}, {"郝", "HAO"}, {"龚", "GONG"}, {"邵", "SHAO"}, {"万", "WAN"}, {"钱", "QIAN"},
            {"严", "YAN"}, {"武", "WU"}, {"戴", "DAI"}, {"莫", "MO"}, {"孔", "KONG"}, {"向", "XIANG"}, {"汤", "TANG"}};
    /**
     * Characters of Chinese given names, commonest first, with their pinyin: a given name is one of them (a quarter of
     * the guests) or two (伟明, WEIMING), as a passport writes it.
     */
    private static final String[][] HAN_GIVEN = {{"伟", "WEI"}, {"芳", "FANG"}, {"娜", "NA"}, {"敏", "MIN"}, {"静", "JING"},
            {"丽", "LI"}, {"强", "QIANG"}, {"磊", "LEI"}, {"军", "JUN"}, {"洋", "YANG"}, {"勇", "YONG"}, {"艳", "YAN"},
            {"杰", "JIE"}, {"娟", "JUAN"}, {"涛", "TAO"}, {"明", "MING"}, {"超", "CHAO"}, {"秀", "XIU"}, {"霞", "XIA"},
            {"平", "PING"}, {"刚", "GANG"}, {"桂", "GUI"}, {"华", "HUA"}, {"玉", "YU"}, {"建", "JIAN"}, {"辉", "HUI"},
            {"鹏", "PENG"}, {"斌", "BIN"}, {"宇", "YU"}, {"浩", "HAO"}, {"凯", "KAI"}, {"兰", "LAN"}, {"国", "GUO"},
            {"志", "ZHI"}, {"海", "HAI"}, {"燕", "YAN"}, {"小", "XIAO"}, {"红", "HONG"}, {"晓", "XIAO"}, {"东", "DONG"},
            {"文", "WEN"}, {"琳", "LIN"}, {"欣", "XIN"}, {"怡", "YI"}, {"子", "ZI"}, {"涵", "HAN"}, {"梓", "ZI"},
            {"萱", "XUAN"}, {"然", "RAN"}, {"轩", "XUAN"}, {"思", "SI"}, {"远", "YUAN"}, {"嘉", "JIA"}, {"雨", "YU"},
            {"桐", "TONG"}, {"俊", "JUN"}, {"博", "BO"}, {"晨", "CHEN"}, {"颖", "YING"}, {"倩", "QIAN"}, {"婷", "TING"},
            {"雪", "XUE"}, {"慧", "HUI"}, {"佳", "JIA"}, {"梅", "MEI"}, {"亮", "LIANG"}, {"健", "JIAN"}, {"英", "YING"},
            {"春", "CHUN"}, {"德", "DE"}, {"成", "CHENG"}, {"荣", "RONG"}, {"林", "LIN"}, {"峰", "FENG"}, {"新", "XIN"},
            {"云", "YUN"}, {"飞", "FEI"}, {"波", "BO"}, {"琪", "QI"}, {"瑶", "YAO"}, {"安", "AN"}, {"泽", "ZE"},
            {"睿", "RUI"}, {"铭", "MING"}, {"诗", "SHI"}, {"雅", "YA"}, {"天", "TIAN"}, {"昊", "HAO"}, {"宁", "NING"}};
    private static final String[] OTHER_FAMILY = {"SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS",
            "GARCIA", "RODRIGUEZ", "WILSON", "MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER",
            "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "SATO", "SUZUKI",
            "TAKAHASHI", "TANAKA", "WATANABE", "KIM", "LEE", "PARK", "CHOI", "NGUYEN", "TRAN", "PHAM", "SHARMA", "PATEL",
            "SINGH", "KUMAR", "KHAN", "AHMED", "HASSAN", "IVANOV", "SMIRNOV", "KOWALSKI", "NOWAK", "JANSEN", "DE JONG",
            "ANDERSSON", "JOHANSSON", "HANSEN", "NIELSEN", "SILVA", "SANTOS", "OLIVEIRA", "LOPEZ", "GONZALEZ", "PEREZ",
            "SANCHEZ", "TAYLOR", "ANDERSON", "WHITE", "HARRIS", "CLARK", "LEWIS", "WALKER", "HALL", "ALLEN", "YOUNG",
            "KING", "WRIGHT", "SCOTT", "GREEN", "BAKER", "ADAMS", "NELSON", "HILL", "CAMPBELL", "MITCHELL", "ROBERTS",
            "CARTER", "PHILLIPS", "EVANS", "TURNER", "TORRES", "PARKER", "COLLINS", "EDWARDS", "STEWART", "MORRIS",
            "MURPHY", "COOK", "ROGERS", "MORGAN", "PETERSON", "COOPER", "REED", "BAILEY", "BELL", "GOMEZ", "KELLY"};
    private static final String[] OTHER_GIVEN = {"JAMES", "MARY", "JOHN", "PATRICIA", "ROBERT", "JENNIFER", "MICHAEL",
            "LINDA", "DAVID", "ELIZABETH", "WILLIAM", "SUSAN", "RICHARD", "JESSICA", "THOMAS", "SARAH", "DANIEL", "KAREN",
            "ANNA", "PETER", "SABINE", "STEFAN", "JULIA", "ANDREAS", "MARIA", "CARLOS", "CARMEN", "JOSE", "LUCIA", "LUCA",
            "GIULIA", "MARCO", "SOFIA", "PIERRE", "MARIE", "CAMILLE", "JEAN", "HIROSHI", "YUKI", "KENJI", "HARUKA", "MIN JUN",
            "JI YEON", "SEO YEON", "RAHUL", "PRIYA", "AMIT", "ANITA", "AHMED", "FATIMA", "OMAR", "AISHA", "IVAN", "OLGA",
            "SERGEI", "TATIANA", "PIOTR", "EMMA", "LARS", "INGRID", "ERIK", "KARIN", "JOAO", "BEATRIZ", "PEDRO", "ANA",
            "OLIVER", "CHARLOTTE", "GEORGE", "AMELIA", "HARRY", "OLIVIA", "JACK", "ISLA", "NOAH", "EMILY", "LEO", "GRACE"};
    private static final String[] NATIONALITY = {"US", "GB", "DE", "FR", "IT", "ES", "JP", "KR", "VN", "IN", "PK", "RU",
            "PL", "NL", "SE", "DK", "BR", "MX", "AU", "TH"};

    private final Map<String, String> options;

    private SearchBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.named(args, "SearchBenchmark", List.of("profiles", "seconds", "rate", "seed", "pg-url", "pg-user", "pg-password", "keep", "explain"));
        new SearchBenchmark(options).run();
        System.exit(0);
    }

    private String opt(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    /** One synthetic guest's name as written, and the two ways a person at a terminal would type it. */
    private record Name(String family, String given, String full, String script, String hanQuery, String latinQuery) {
    }

    /** One phase's figures, in ms. */
    private record Figures(String what, int count, int errors, double p50, double p95, double p99, double max) {
        static Figures of(String what, Histogram h, int errors) {
            return new Figures(what, (int) h.getTotalCount(), errors, h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
        }
    }

    private void run() throws Exception {
        int profiles = Integer.parseInt(opt("profiles", "1000000"));
        int seconds = Integer.parseInt(opt("seconds", "60"));
        int rate = Integer.parseInt(opt("rate", "100"));
        long seed = Long.parseLong(opt("seed", "20261206"));
        String pgUrl = opt("pg-url", "jdbc:postgresql://127.0.0.1:5432");
        PgAdmin pg = new PgAdmin(pgUrl, opt("pg-user", "postgres"), opt("pg-password", ""));
        pg.dropIfExists(DB);
        String url = pg.create(DB);
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!options.containsKey("keep")) pg.dropAll();
        }, "bench-cleanup"));
        OUT.printf(Locale.ROOT, "guest search benchmark: java %s, %s, max heap %d MB, PostgreSQL %s%n",
                System.getProperty("java.version"), RealtimeTable.machine(), java.lang.Runtime.getRuntime().maxMemory() >> 20,
                pg.version());
        Path tmp = Files.createTempDirectory("bench-search");
        int port = FreePorts.any();
        Map<String, String> settings = new HashMap<>(ApiClient.settings(tmp, port));
        settings.put(Settings.DB_URL.key(), url);
        settings.put(Settings.DB_USER.key(), opt("pg-user", "postgres"));
        Map<String, String> feeds = new HashMap<>();
        for (String feed : List.of("opera-reservations", "cn-pms-guests", "night-audit-folio", "pos-tickets"))
            feeds.put(feed, Files.readString(Path.of("config/sources", feed + ".yaml")));
        try (TestApp t = TestApp.in(tmp).feeds(feeds).settings(settings).env(ApiClient.env()).start()) {
            // the demo guests through the real importer and identity worker: real histories for the card
            for (String feed : List.of("opera-reservations", "cn-pms-guests", "night-audit-folio", "pos-tickets")) {
                try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo", feed))) {
                    for (Path f : files.filter(p -> !p.toString().endsWith(".txt")).sorted().toList()) t.importFile(feed, f);
                }
            }
            t.app.linking().drain();
            t.app.remembering().drain();
            long yu = t.app.profiles().byKey("SRC:CNPMS:G0008812").orElseThrow();
            List<Long> demo = new ArrayList<>();
            try (Connection c = t.store(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM guest_profile WHERE merged_into IS NULL ORDER BY id")) {
                while (rs.next()) demo.add(rs.getLong(1));
            }
            OUT.printf(Locale.ROOT, "imported the demo files through the importer: %d live profiles (Mr. Yu is %d)%n", demo.size(), yu);

            Name[] names = new Name[profiles];
            long[] live = new long[profiles];
            long started = System.nanoTime();
            load(url, profiles, seed, names, live);
            OUT.printf(Locale.ROOT, "loaded %,d synthetic profiles with PostgreSQL COPY (not the store's write path) in %.0f s%n",
                    profiles, (System.nanoTime() - started) / 1e9);
            try (Connection c = DriverManager.getConnection(url, opt("pg-user", "postgres"), opt("pg-password", ""));
                 Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM guest_profile WHERE merged_into IS NOT NULL")) {
                    rs.next();
                    OUT.printf(Locale.ROOT, "  of them merged into another (a duplicate of the guest before): %,d%n", rs.getLong(1));
                }
                for (String table : List.of("guest_profile", "profile_name", "profile_key", "profile_block")) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                        rs.next();
                        OUT.printf(Locale.ROOT, "  %-14s %,12d rows%n", table, rs.getLong(1));
                    }
                }
            }

            SearchTerms terms = new SearchTerms(new NameNormaliser(), t.app.normalisers());
            SplittableRandom rnd = new SplittableRandom(seed + 1);
            int n = seconds * rate;
            List<String> queries = new ArrayList<>(n);
            List<Long> wanted = new ArrayList<>(n);
            int han = 0;
            for (int i = 0; i < n; i++) {
                int p = rnd.nextInt(profiles);
                Name name = names[p];
                boolean inHan = name.hanQuery() != null && rnd.nextBoolean();
                if (inHan) han++;
                queries.add(inHan ? name.hanQuery() : name.latinQuery());
                wanted.add(live[p]);
            }
            OUT.printf(Locale.ROOT, "%,d search queries: %,d in Han script (于明 style), %,d in Latin (MING YU style)%n",
                    n, han, n - han);

            ApiClient api = new ApiClient(port);
            String desk = ApiClient.as(Role.FRONT_DESK);
            // the Argon2 check once (then remembered, as for a person's browser), and a sanity check: Mr. Yu by 于明
            String yuFound = api.get("/api/v1/guests?name=" + q("于明"), desk).body();
            if (!yuFound.contains("\"id\":" + yu)) throw new IllegalStateException("于明 did not find Mr. Yu: " + yuFound);
            warmUp(api, desk, queries, demo);
            serial(api, desk, queries, demo);

            Figures search = openLoop("search over HTTP", port, rate, n, i -> "/api/v1/guests?name=" + q(queries.get(i)), desk);
            Figures[] ceiling = sqlCeiling(t, terms, queries, wanted, rate);
            Figures card = openLoop("card over HTTP", port, rate, n, i -> "/api/v1/guests/" + demo.get(i % demo.size())
                    + "/card?asOf=" + AS_OF, desk);
            Figures cardCeiling = cardCeiling(t, demo, n, rate);

            StringBuilder table = new StringBuilder();
            table.append("| request | requests | errors | p50 ms | p95 ms | p99 ms | max ms | straight p50 ms | straight p99 ms "
                    + "| p99 ratio to straight | target p99 | |\n");
            table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
            row(table, search, ceiling[0], 50);
            row(table, card, cardCeiling, 20);
            OUT.println();
            OUT.printf(Locale.ROOT, "%,d profiles on PostgreSQL, open loop at %d requests/s for %d s per row (%s at the end)%n",
                    profiles + demo.size(), rate, seconds, RealtimeTable.machine());
            OUT.print(table);
            OUT.println(ceiling[1].what());
            if (options.containsKey("explain")) explain(url, terms);
        } finally {
            if (!options.containsKey("keep")) pg.dropAll();
        }
    }

    private static void row(StringBuilder table, Figures f, Figures straight, double target) {
        table.append(String.format(Locale.ROOT, "| %s | %,d | %d | %s | %s | %s | %s | %s | %s | %.1f | ≤ %.0f ms | %s |%n", f.what(),
                f.count(), f.errors(), RealtimeTable.ms(f.p50()), RealtimeTable.ms(f.p95()), RealtimeTable.ms(f.p99()),
                RealtimeTable.ms(f.max()), RealtimeTable.ms(straight.p50()), RealtimeTable.ms(straight.p99()),
                f.p99() / straight.p99(), target, f.errors() == 0 && f.p99() <= target ? "met" : "**NOT met**"));
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- the load ----------------------------------------------------------------------------------------------

    /** Runs each kind of request for a few seconds, untimed: JIT, connection pools, the server's caches. */
    private static void warmUp(ApiClient api, String desk, List<String> queries, List<Long> demo) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; System.nanoTime() < until; i++) {
            api.get("/api/v1/guests?name=" + q(queries.get((i * 7919) % queries.size())), desk);
            api.get("/api/v1/guests/" + demo.get(i % demo.size()) + "/card?asOf=" + AS_OF, desk);
        }
    }

    /** One request at a time (closed loop): the service time without queueing, printed as a diagnostic. */
    private static void serial(ApiClient api, String desk, List<String> queries, List<Long> demo) throws Exception {
        Histogram search = new Histogram(TimeUnit.MINUTES.toMicros(1), 3), card = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        for (int i = 0; i < 200; i++) {
            long t0 = System.nanoTime();
            api.get("/api/v1/guests?name=" + q(queries.get(i % queries.size())), desk);
            search.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
            t0 = System.nanoTime();
            api.get("/api/v1/guests/" + demo.get(i % demo.size()) + "/card?asOf=" + AS_OF, desk);
            card.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
        }
        LOG.printf(Locale.ROOT, "  one request at a time: search p50 %.1f ms p99 %.1f ms, card p50 %.1f ms p99 %.1f ms%n",
                search.getValueAtPercentile(50) / 1000.0, search.getValueAtPercentile(99) / 1000.0,
                card.getValueAtPercentile(50) / 1000.0, card.getValueAtPercentile(99) / 1000.0);
    }

    /** n requests at their scheduled times (one every 1/rate s), latency from the scheduled time to the full answer. */
    private Figures openLoop(String what, int port, int rate, int n, IntFunction<String> path, String auth) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Histogram h = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>(n);
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < n; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.apply(i)))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", auth).GET().build();
            pending.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, x) -> {
                h.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - due), h.getHighestTrackableValue()));
                if (x != null || r.statusCode() != 200) errors.incrementAndGet();
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).handle((v, x) -> null).get(60, TimeUnit.SECONDS);
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.printf(Locale.ROOT, "  %s: %,d requests in %.1f s, %d errors%n", what, n, seconds, errors.get());
        return Figures.of(what, h, errors.get());
    }

    /**
     * The search's two statements as the store runs them ({@link GuestSearch#byBlockKeys}, {@link GuestSearch#summaries}
     * of the first page, one transaction over JDBC), the name keys computed beforehand with the same SearchTerms: no
     * HTTP, no gate, no audit. One query at a time, paced at the same rate. Also counts the queries whose own guest
     * is among the live profiles found (the name in the other script must find it too).
     */
    private static Figures[] sqlCeiling(TestApp t, SearchTerms terms, List<String> queries, List<Long> wanted, int rate) {
        List<Set<String>> keys = new ArrayList<>();
        for (String text : queries) keys.add(terms.nameKeys(text));
        Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        int found = 0;
        long sizes = 0;
        int biggest = 0;
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < queries.size(); i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            long t0 = System.nanoTime();
            Set<String> k = keys.get(i);
            Set<Long> ids = k.isEmpty() ? Set.of() : t.app.database().inTransaction("bench: search", tx -> {
                Set<Long> all = GuestSearch.byBlockKeys(tx, k);
                GuestSearch.summaries(tx, all.stream().limit(PAGE).toList());
                return all;
            });
            h.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
            if (ids.contains(wanted.get(i))) found++;
            sizes += ids.size();
            biggest = Math.max(biggest, ids.size());
        }
        Figures f = Figures.of("search straight in SQL", h, 0);
        String check = String.format(Locale.ROOT, "check: %,d of %,d queries found their own guest; live profiles found per query: "
                + "%.0f on average, %,d at most (the page shows the first 50)", found, queries.size(),
                (double) sizes / queries.size(), biggest);
        return new Figures[] {f, new Figures(check, 0, 0, 0, 0, 0, 0)};
    }

    /** The card read in-process (GuestMemoryReader.card: its JDBC reads, no HTTP), paced at the same rate. */
    private static Figures cardCeiling(TestApp t, List<Long> demo, int n, int rate) {
        Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
            long t0 = System.nanoTime();
            t.app.memory().card(demo.get(i % demo.size()), AS_OF);
            h.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
        }
        return Figures.of("card in-process", h, 0);
    }

    /** EXPLAIN ANALYZE of GuestSearch's name statement in the generic plan a prepared statement of the pool ends up with. */
    private void explain(String url, SearchTerms terms) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, opt("pg-user", "postgres"), opt("pg-password", ""));
             Statement st = c.createStatement()) {
            st.execute("SET plan_cache_mode = force_generic_plan");
            for (String name : List.of("王伟", "WEI WANG", "明于", "JOHN SMITH")) {
                OUT.println("\nEXPLAIN (ANALYZE, BUFFERS) of the name search for " + name + " (generic plan):");
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) SELECT DISTINCT COALESCE(m.merged_into, "
                        + "b.profile_id) FROM profile_block b LEFT JOIN guest_profile m ON m.id = b.profile_id AND m.merged_into "
                        + "IS NOT NULL WHERE b.block_key = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("varchar", terms.nameKeys(name).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) OUT.println("  " + rs.getString(1));
                    }
                }
            }
        }
    }

    // ---- the data ----------------------------------------------------------------------------------------------

    /** Generates the synthetic profiles and writes them with COPY; fills {@code names}. */
    private void load(String url, int profiles, long seed, Name[] names, long[] live) throws Exception {
        NameNormaliser normaliser = new NameNormaliser();
        Map<String, List<ComparableName>> readings = new HashMap<>();
        // Zipf weights flattened to real shares: the commonest Chinese family name ~7% (王), the commonest other ~6%
        double[] hanFamily = zipf(HAN_FAMILY.length, 0.6), hanGiven = zipf(HAN_GIVEN.length, 0.5);
        double[] otherFamily = zipf(OTHER_FAMILY.length, 0.6), otherGiven = zipf(OTHER_GIVEN.length, 0.6);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Connection c = DriverManager.getConnection(url, opt("pg-user", "postgres"), opt("pg-password", ""))) {
            c.setAutoCommit(true);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            List<String> blockIndexes = dropIndexes(c, "profile_block");
            int chunk = 50_000;
            for (int from = 0; from < profiles; from += chunk) {
                StringBuilder gp = new StringBuilder(), pn = new StringBuilder(), pk = new StringBuilder(), pb = new StringBuilder();
                for (int i = from; i < Math.min(profiles, from + chunk); i++) {
                    long id = FIRST_ID + i;
                    double kind = rnd.nextDouble();
                    Name name;
                    String nationality;
                    // one in twenty is a second profile of the guest before it, merged into that one
                    boolean merged = i > 0 && rnd.nextInt(20) == 0 && live[i - 1] == FIRST_ID + i - 1;
                    live[i] = merged ? FIRST_ID + i - 1 : id;
                    if (merged) {
                        name = names[i - 1];
                        nationality = "CN";
                    } else if (kind < 0.6) {
                        String[] f = HAN_FAMILY[pick(rnd, hanFamily)], g = HAN_GIVEN[pick(rnd, hanGiven)];
                        if (rnd.nextInt(4) > 0) {
                            String[] second = HAN_GIVEN[pick(rnd, hanGiven)];
                            g = new String[] {g[0] + second[0], g[1] + second[1]};
                        }
                        String hanQuery = f[0] + g[0], latinQuery = g[1] + " " + f[1];
                        name = kind < 0.4 ? new Name(f[0], g[0], f[0] + g[0], "HAN", hanQuery, latinQuery)
                                : new Name(f[1], g[1], f[1] + "/" + g[1], "LATIN", hanQuery, latinQuery);
                        nationality = "CN";
                    } else {
                        String f = OTHER_FAMILY[pick(rnd, otherFamily)], g = OTHER_GIVEN[pick(rnd, otherGiven)];
                        name = new Name(f, g, g + " " + f, "LATIN", null, g + " " + f);
                        nationality = NATIONALITY[rnd.nextInt(NATIONALITY.length)];
                    }
                    names[i] = name;
                    LocalDate birth = rnd.nextInt(10) < 3 ? null : LocalDate.of(1940, 1, 1).plusDays(rnd.nextInt(65 * 365));
                    String gender = rnd.nextBoolean() ? "M" : "F";
                    gp.append(id).append('\t').append(name.full()).append('\t').append(birth == null ? "\\N" : birth.toString())
                            .append('\t').append(gender).append('\t').append(nationality).append("\t\\N\t\\N\t")
                            .append(merged ? Long.toString(live[i]) : "\\N").append("\t2025-01-01 00:00:00+00\t2025-01-01 00:00:00+00\n");
                    pn.append(id).append('\t').append(name.full()).append('\t').append(name.family()).append('\t')
                            .append(name.given()).append("\t\\N\t").append(name.script()).append("\t\\N\n");
                    pk.append("SRC:BENCH:").append(i).append("\tSRC\t").append(id).append("\tBENCH:").append(i)
                            .append("\t\\N\t2025-01-01 00:00:00+00\n");
                    List<ComparableName> r = readings.computeIfAbsent(name.family() + "\u0000" + name.given(),
                            k -> normaliser.normalise(name.family(), name.given(), name.full()).readings());
                    for (String key : Blocking.keys(new PersonRecord(Long.toString(id), r, birth, gender, null, null, null,
                            null, null, null)))
                        pb.append(IncrementalLinker.storedKey(key)).append('\t').append(id).append('\n');
                }
                copy.copyIn("COPY guest_profile (id, display_name, birth_date, gender, nationality, language, vip_code, "
                        + "merged_into, created_at, updated_at) FROM STDIN", new StringReader(gp.toString()));
                copy.copyIn("COPY profile_name (profile_id, full_name, family_name, given_name, title, script, source_record_id) "
                        + "FROM STDIN", new StringReader(pn.toString()));
                copy.copyIn("COPY profile_key (identity_key, key_type, profile_id, display_value, source_record_id, first_seen) "
                        + "FROM STDIN", new StringReader(pk.toString()));
                copy.copyIn("COPY profile_block (block_key, profile_id) FROM STDIN", new StringReader(pb.toString()));
                if ((from / chunk) % 4 == 3) LOG.printf(Locale.ROOT, "  %,d profiles copied%n", from + chunk);
            }
            long t0 = System.nanoTime();
            try (Statement st = c.createStatement()) {
                for (String ddl : blockIndexes) st.execute(ddl);
                // what autovacuum does to insert-only tables soon after a load (visibility map, statistics)
                st.execute("VACUUM ANALYZE");
            }
            LOG.printf(Locale.ROOT, "  profile_block indexes built again and VACUUM ANALYZE in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Drops the table's indexes (its primary key as a constraint) and returns the DDL that builds them again. */
    private static List<String> dropIndexes(Connection c, String table) throws SQLException {
        List<String> rebuild = new ArrayList<>();
        List<String> drop = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = CAST(? AS regclass) AND contype = 'p'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + rs.getString(1));
                    rebuild.add("ALTER TABLE " + table + " ADD CONSTRAINT " + rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ? "
                + "AND i.schemaname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    drop.add("DROP INDEX " + rs.getString(1));
                    rebuild.add(rs.getString(2));
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String ddl : drop) st.execute(ddl);
        }
        return rebuild;
    }

    /** Cumulative Zipf weights (exponent s) for n values, commonest first. */
    private static double[] zipf(int n, double s) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) cumulative[k] = sum += 1.0 / Math.pow(k + 1, s);
        for (int k = 0; k < n; k++) cumulative[k] /= sum;
        return cumulative;
    }

    private static int pick(SplittableRandom rnd, double[] cumulative) {
        double u = rnd.nextDouble();
        int k = java.util.Arrays.binarySearch(cumulative, u);
        return Math.min(cumulative.length - 1, k >= 0 ? k : -k - 1);
    }
}

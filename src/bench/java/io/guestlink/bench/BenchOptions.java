package io.guestlink.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The benchmark's command-line options; see {@link NightlyImportBenchmark} for their meaning. */
record BenchOptions(double scale, Set<String> stores, boolean skipCopy, long bigFileMb, long seed, Integer batchSize,
                    String h2Params, String pgUrl, String pgParams, String pgUser, String pgPassword, String autoAnalyze, int naptimeSeconds, Path workDir,
                    boolean keep, boolean help, List<Integer> growth, Integer readAhead,
                    boolean workersDuring, double warmUp) {

    static final String USAGE = """
            NightlyImportBenchmark: imports a synthetic hotel night (reservations -> folio -> POS) into H2 and PostgreSQL
            and prints rows/s, peak heap and the PostgreSQL COPY baseline.

              ./mvnw -q -B -Pbench test-compile exec:exec@bench-import -Dbench.args="--scale=1" [-Dbench.heap=512m]

            Options (one string: separate them with spaces, or with commas before '--'):
              --scale=F            night size; 1 = 200,000 reservations, 1,000,000 folio lines, 300,000 POS items (default 1)
              --stores=h2,pg       stores to import into, in this order; 'none' for only --big-file-mb (default h2,pg)
              --skip-copy          no PostgreSQL COPY baseline
              --big-file-mb=N      also import one ~N MB reservation file into a fresh H2 and report its peak heap (default off)
              --seed=N             generator seed (default 20250610)
              --batch-size=N       guestlink.import.batch-size for the runs (default: the application's default)
              --pg-url=URL         PostgreSQL server, without database (default jdbc:postgresql://127.0.0.1:5432)
              --h2-params=P        H2 URL settings for the import databases, e.g. CACHE_SIZE=16384 (default none)
              --pg-params=Q        JDBC parameters for the import database, e.g. reWriteBatchedInserts=true (default none)
              --pg-user=NAME       (default postgres)   --pg-password=PW (default empty: trust auth)
              --autoanalyze=MODE   auto|on|off: ANALYZE the import database like autovacuum would (every --naptime-s,
                                   tables with > 50 + 10% changed rows); auto = only when the server runs with
                                   autovacuum off (default auto)
              --naptime-s=N        interval of that stand-in, as autovacuum_naptime (default 60)
              --growth=1,2,4       also import successive new nights into one store per store (up to the largest
                                   multiple) and print rows/s of the night that brings it to each multiple (default off)
              --read-ahead=N       guestlink.import.read-ahead for the runs (0: read, map and write on one thread)
              --workers-during-import  run the identity and memory workers beside the import (a round a second, as
                                   in the service) and time the queues from the night's end until empty
              --warm-up=F          first import a throwaway night of this scale (another seed) into its own database in
                                   the same JVM, not reported: the figures then are those of a service that has run a
                                   night before (its code compiled), not of a cold start (default 0: off)
              --work-dir=PATH      parent of the temporary folder (default java.io.tmpdir)
              --keep               keep the temporary folder and the PostgreSQL databases (default: delete/drop them)
              --help
            """;

    static BenchOptions parse(String[] args) {
        double scale = 1.0;
        Set<String> stores = new LinkedHashSet<>(List.of("h2", "pg"));
        boolean skipCopy = false;
        long bigFileMb = 0;
        long seed = 20250610L;
        Integer batchSize = null;
        String pgUrl = "jdbc:postgresql://127.0.0.1:5432";
        String pgUser = "postgres";
        String pgParams = "";
        String h2Params = "";
        String pgPassword = "";
        String autoAnalyze = "auto";
        int naptime = 60;
        Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
        boolean keep = false;
        boolean help = false;
        List<Integer> growth = List.of();
        Integer readAhead = null;
        boolean workersDuring = false;
        double warmUp = 0;
        for (String option : split(args)) {
            String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
            String value = option.contains("=") ? option.substring(option.indexOf('=') + 1) : "";
            switch (name) {
                case "--scale" -> {
                    scale = Double.parseDouble(value);
                    if (!(scale > 0)) throw new IllegalArgumentException("--scale must be > 0");
                }
                case "--stores" -> {
                    stores = new LinkedHashSet<>();
                    for (String s : value.toLowerCase(Locale.ROOT).split(",")) {
                        s = s.strip();
                        if (s.isEmpty() || s.equals("none")) continue;
                        if (!s.equals("h2") && !s.equals("pg")) throw new IllegalArgumentException("--stores: unknown store '" + s + "' (h2, pg)");
                        stores.add(s);
                    }
                }
                case "--skip-copy" -> skipCopy = true;
                case "--big-file-mb" -> bigFileMb = Long.parseLong(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--batch-size" -> batchSize = Integer.parseInt(value);
                case "--pg-url" -> pgUrl = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                case "--pg-user" -> pgUser = value;
                case "--pg-params" -> pgParams = value;
                case "--h2-params" -> h2Params = value.startsWith(";") ? value.substring(1) : value;
                case "--pg-password" -> pgPassword = value;
                case "--autoanalyze" -> {
                    autoAnalyze = value.toLowerCase(Locale.ROOT);
                    if (!List.of("auto", "on", "off").contains(autoAnalyze))
                        throw new IllegalArgumentException("--autoanalyze: auto, on or off");
                }
                case "--naptime-s" -> naptime = Integer.parseInt(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--keep" -> keep = true;
                case "--growth" -> growth = growth(value);
                case "--read-ahead" -> readAhead = Integer.parseInt(value);
                case "--workers-during-import" -> workersDuring = true;
                case "--warm-up" -> {
                    warmUp = Double.parseDouble(value);
                    if (warmUp < 0) throw new IllegalArgumentException("--warm-up must be >= 0");
                }
                case "--help", "-h" -> help = true;
                default -> throw new IllegalArgumentException("unknown option '" + option + "'\n\n" + USAGE);
            }
        }
        return new BenchOptions(scale, stores, skipCopy, bigFileMb, seed, batchSize, h2Params, pgUrl, pgParams, pgUser, pgPassword, autoAnalyze,
                naptime, workDir, keep, help, growth, readAhead, workersDuring, warmUp);
    }

    /** The multiples of --growth, ascending: 1,2,4 imports 4 nights and reports the 1st, 2nd and 4th. */
    private static List<Integer> growth(String value) {
        List<Integer> out = new ArrayList<>();
        for (String m : value.split("[,;]")) {
            int n = Integer.parseInt(m.strip().replace("x", ""));
            if (n < 1) throw new IllegalArgumentException("--growth: multiples of 1 or more, not " + n);
            out.add(n);
        }
        return out.stream().distinct().sorted().toList();
    }

    /** exec:exec passes bench.args as one argument: split it on whitespace, and on commas that precede '--'. */
    /**
     * The {@code --name=value} options of a benchmark that keeps them as a map ({@code --flag} alone maps to ""),
     * refusing any name not in {@code known}.
     */
    static java.util.Map<String, String> named(String[] args, String who, List<String> known) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        for (String part : split(args)) {
            if (!part.startsWith("--")) throw new IllegalArgumentException("unknown argument " + part);
            int eq = part.indexOf('=');
            String name = eq < 0 ? part.substring(2) : part.substring(2, eq);
            if (!known.contains(name)) throw new IllegalArgumentException("unknown option --" + name + " (see " + who + "'s Javadoc)");
            options.put(name, eq < 0 ? "" : part.substring(eq + 1));
        }
        return options;
    }

    private static List<String> split(String[] args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            for (String part : a.strip().split("\\s+|,(?=--)")) if (!part.isBlank()) out.add(part.strip());
        }
        return out;
    }
}

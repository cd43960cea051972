package io.guestlink.bench;

import io.guestlink.identity.match.Blocking;
import io.guestlink.identity.match.Deduplicator;
import io.guestlink.identity.match.Linker;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.match.PreparedRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The identity-resolution benchmark: a command that prints a table, not a unit test.
 *
 * <pre>
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-identity                                          # everything
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-identity -Dbench.identity.args="--profiles=100000" # a quick look
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-identity -Dbench.identity.args="--skip-duke --profiles=0"
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-identity -Dbench.identity.args="--only=crossscript --cross-guests=1000 --skip-duke --examples"
 * </pre>
 *
 * The pom's {@code bench-identity} execution runs {@code java -Xmx6g -cp <test classpath>
 * io.guestlink.bench.IdentityBenchmark ${bench.identity.args}}; without that property Maven passes the expression
 * itself, which is read as "no options".
 *
 * <p>Options: {@code --only=febrl,crossscript,synthetic} (the parts to run; default all three), {@code --febrl-dir=PATH}
 * (default src/test/resources/data/febrl, gzip-compressed copies), {@code --profiles=N} synthetic profiles
 * (default 1,000,000; 0 skips), {@code --seed=N} (default 20250610), {@code --cross-guests=N} persons of the
 * cross-script set (default 3,000), {@code --cross-tune-seed=N} (default 1) and {@code --cross-seed=N} (default 2),
 * {@code --examples} (two examples under each cause of a false merge), {@code --misses} (FEBRL: every true pair left
 * apart on dataset3 and 4a x 4b, with its rows, whether blocking made it a candidate and each field's level; synthetic:
 * every false direct merge counted by the fields that weighed for it, two examples each; cross-script: every false
 * merge of our linking with its evidence, and every missed pair something besides a name joins directly with the open
 * review between its two guests, in {@code diagnosis-*.txt} of the work dir), {@code --work-dir=PATH} (default
 * target/bench-identity; the cross-script stores and files go into a temporary folder below it, deleted unless
 * {@code --keep}), {@code --skip-duke}, {@code --help}.
 *
 * <p>The cross-script part ({@link CrossScriptBenchmark}, {@link CrossScriptGuests}) imports generated files of three
 * systems through their feed files into H2 and lets the identity worker link them, as the service does; see there.
 * The last table sets every figure beside its target (the identity goals) with a verdict; a part not run is "not run", never met.
 *
 * <p>Protocol (the febrl folder's SOURCES.md): our model runs with the shipped defaults
 * ({@code identity/match-defaults.yaml}), whose m/u and thresholds were fixed on dataset1/dataset2 only
 * ({@link FebrlTune}); Duke runs twice, with its Lucene candidate search ("Duke Lucene") and comparing every pair
 * ("Duke all-pr", Duke's InMemoryDatabase), each with its threshold fixed here on dataset1/dataset2 by the same rule
 * as ours (middle of the range of thresholds with the best F1 at pairwise precision >= 0.999). Then dataset3 (deduplication) and dataset4a x 4b
 * (linkage, one-to-one for both engines) are run once. All FEBRL rows are read by {@link FebrlData}.
 *
 * <p>Columns: <b>true</b> true pairs; <b>cand</b> candidate pairs scored (Duke: its comparison count);
 * <b>pred</b> predicted pairs (all pairs inside the clusters for deduplication, links for linkage); <b>P R F1</b>
 * pairwise precision, recall (over all true pairs: pairs lost by blocking are misses) and F1; <b>mergeP</b>
 * precision of the pairs merged directly (at or above autoMerge), before transitivity; <b>blockR</b> share of true
 * pairs that blocking produced as candidates; <b>s</b> wall seconds of the whole run (preparing, blocking, scoring,
 * clustering); <b>rec/s</b> records (both sides for linkage) per second.
 */
public final class IdentityBenchmark {

    private record Row(String run, String engine, int records, long truePairs, long candidates, long predicted, double precision,
                       double recall, double f1, double mergePrecision, double blockingRecall, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        Path febrl = Path.of("src/test/resources/data/febrl");
        int profiles = 1_000_000;
        long seed = 20250610L;
        boolean duke = true, keep = false, examples = false, misses = false;
        Set<String> only = new HashSet<>(PARTS);
        int crossGuests = 3_000;
        long crossTuneSeed = 1, crossSeed = 2;
        Path workDir = Path.of("target", "bench-identity");
        for (String a : args) {
            for (String o : a.strip().split("\\s+|,(?=--)")) {
                if (o.isBlank() || o.startsWith("${")) continue; // unset bench.identity.args arrives as the expression
                String name = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
                String value = o.contains("=") ? o.substring(o.indexOf('=') + 1) : "";
                switch (name) {
                    case "--febrl-dir" -> febrl = Path.of(value);
                    case "--profiles" -> profiles = Integer.parseInt(value.replace("_", ""));
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--skip-duke" -> duke = false;
                    case "--only" -> {
                        only = new HashSet<>(List.of(value.toLowerCase(Locale.ROOT).split(",")));
                        if (!PARTS.containsAll(only)) throw new IllegalArgumentException("--only takes " + PARTS + ", not '" + value + "'");
                    }
                    case "--cross-guests" -> crossGuests = Integer.parseInt(value.replace("_", ""));
                    case "--cross-tune-seed" -> crossTuneSeed = Long.parseLong(value);
                    case "--cross-seed" -> crossSeed = Long.parseLong(value);
                    case "--work-dir" -> workDir = Path.of(value);
                    case "--keep" -> keep = true;
                    case "--examples" -> examples = true;
                    case "--misses" -> misses = true;
                    case "--help", "-h" -> {
                        System.out.println("IdentityBenchmark [--only=febrl,crossscript,synthetic] [--febrl-dir=PATH] [--profiles=N] [--seed=N] "
                                + "[--cross-guests=N] [--cross-tune-seed=1] [--cross-seed=2] [--work-dir=target/bench-identity] [--keep] [--examples] [--misses] [--skip-duke]");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + o + "'");
                }
            }
        }
        if (profiles <= 0) only.remove("synthetic");
        if (only.contains("febrl") && !Files.isDirectory(febrl)) throw new IllegalArgumentException("no FEBRL folder at " + febrl.toAbsolutePath());
        MatchModel model = MatchModel.defaults();
        System.out.printf(Locale.ROOT, "model: identity/match-defaults.yaml, autoMerge %.2f, review %.2f, maxHolders %d, maxBlockSize %d; parts %s%n",
                model.config().autoMerge(), model.config().review(), model.config().maxHolders(), model.config().maxBlockSize(),
                PARTS.stream().filter(only::contains).toList());
        System.out.println("load average at start: " + loadAverage());
        List<Row> rows = new ArrayList<>();
        List<String> dukeNotes = new ArrayList<>();
        if (only.contains("febrl")) febrl(febrl, model, duke, rows, dukeNotes, misses);

        CrossScriptBenchmark.Result cross = null;
        if (only.contains("crossscript")) {
            Files.createDirectories(workDir);
            Path work = Files.createTempDirectory(workDir.toAbsolutePath(), "crossscript-");
            try {
                if (misses) CrossScriptBenchmark.diagnoseTo = workDir.toAbsolutePath();
                cross = CrossScriptBenchmark.run(crossGuests, crossTuneSeed, crossSeed, duke, work);
            } finally {
                if (keep) System.out.println("kept: " + work);
                else NightlyImportBenchmark.deleteTree(work);
            }
        }

        String syntheticNote = null;
        if (only.contains("synthetic")) {
            long g0 = System.nanoTime();
            SyntheticGuests.Data data = SyntheticGuests.generate(profiles, seed);
            double gen = (System.nanoTime() - g0) / 1e9;
            System.gc();
            long t0 = System.nanoTime();
            Deduplicator.Result r = new Deduplicator(model).run(data.records());
            double s = (System.nanoTime() - t0) / 1e9;
            rows.add(syntheticRow(data, r, s));
            if (misses) SyntheticMisses.report(data, r, 2);
            syntheticNote = String.format(Locale.ROOT,
                    "synthetic: %,d profiles of %,d persons generated in %.1f s; deduplicated in %.1f s; %.2f candidate pairs per record; %,d review pairs; %,d blocking keys dropped (> %d records)",
                    data.records().size(), data.persons(), gen, s, (double) r.candidatePairs() / data.records().size(), r.reviews().size(),
                    r.droppedBlocks(), model.config().maxBlockSize());
        }

        if (!rows.isEmpty()) print(rows);
        for (String n : dukeNotes) System.out.println("note: " + n + String.format(Locale.ROOT, " (maybe-threshold %.2f, 2 threads)", DukePeer.MAYBE));
        if (syntheticNote != null) System.out.println("note: " + syntheticNote);
        if (cross != null) CrossScriptBenchmark.print(cross, examples);
        targets(rows, cross);
        System.out.println("load average at end: " + loadAverage());
        System.exit(0); // no stray non-daemon thread of the imports' application may keep the JVM alive
    }

    static final List<String> PARTS = List.of("febrl", "crossscript", "synthetic");

    private static void febrl(Path febrl, MatchModel model, boolean duke, List<Row> rows, List<String> dukeNotes, boolean misses) {
        List<FebrlData.Row> d1 = FebrlData.load(febrl.resolve("dataset1.csv"));
        List<FebrlData.Row> d2 = FebrlData.load(febrl.resolve("dataset2.csv"));
        List<FebrlData.Row> d3 = FebrlData.load(febrl.resolve("dataset3.csv"));
        List<FebrlData.Row> d4a = FebrlData.load(febrl.resolve("dataset4a.csv"));
        List<FebrlData.Row> d4b = FebrlData.load(febrl.resolve("dataset4b.csv"));

        // tuning sets first (they also warm the JIT), then the test sets once
        rows.add(ours("dataset1 (tuning)", d1, model));
        rows.add(ours("dataset2 (tuning)", d2, model));
        rows.add(ours("dataset3 dedup", d3, model));
        rows.add(oursLink("dataset4a x 4b link", d4a, d4b, model));
        if (misses) {
            FebrlMisses.dedup("dataset3", d3, model);
            FebrlMisses.link(d4a, d4b, model);
        }

        if (duke) {
            for (boolean allPairs : new boolean[]{false, true}) {
                String engine = allPairs ? "Duke all-pr" : "Duke Lucene";
                DukePeer.Run r1 = DukePeer.deduplicate(d1, allPairs), r2 = DukePeer.deduplicate(d2, allPairs);
                double threshold = dukeThreshold(d1, r1, d2, r2);
                rows.add(dukeDedup("dataset1 (tuning)", engine, d1, r1, threshold));
                rows.add(dukeDedup("dataset2 (tuning)", engine, d2, r2, threshold));
                rows.add(dukeDedup("dataset3 dedup", engine, d3, DukePeer.deduplicate(d3, allPairs), threshold));
                rows.add(dukeLink("dataset4a x 4b link", engine, d4a, d4b, DukePeer.link(d4a, d4b, allPairs), threshold));
                dukeNotes.add(String.format(Locale.ROOT, "%s: Duke 1.2 with %s, threshold %.2f fixed on dataset1/2", engine,
                        allPairs ? "InMemoryDatabase (every pair compared)" : "LuceneDatabase (in-memory index, max 100 hits)", threshold));
            }
        }
    }

    // ---- ours ----------------------------------------------------------------------------------------------------

    private static Row ours(String run, List<FebrlData.Row> rows, MatchModel model) {
        List<PersonRecord> persons = FebrlData.persons(rows);
        long t0 = System.nanoTime();
        Deduplicator.Result r = new Deduplicator(model).run(persons);
        double s = (System.nanoTime() - t0) / 1e9;
        FebrlData.Metrics m = FebrlData.dedupMetrics(rows, r.clusters());
        Map<String, String> entity = entities(rows);
        long good = r.merges().stream().filter(x -> entity.get(x.a()).equals(entity.get(x.b()))).count();
        return new Row(run, "GuestLink", rows.size(), m.truePairs(), r.candidatePairs(), m.predicted(), m.precision(), m.recall(), m.f1(),
                ratio(good, r.merges().size()), blockingRecall(rows, model), s);
    }

    private static Row oursLink(String run, List<FebrlData.Row> left, List<FebrlData.Row> right, MatchModel model) {
        long t0 = System.nanoTime();
        Linker.Result r = new Linker(model, true).link(FebrlData.persons(left), FebrlData.persons(right));
        double s = (System.nanoTime() - t0) / 1e9;
        FebrlData.Metrics m = FebrlData.linkMetrics(left, right, FebrlData.links(r));
        // blocking recall of linkage: true cross pairs among the candidates
        List<PreparedRecord> l = prepare(left), rr = prepare(right);
        Blocking.Candidates c = Blocking.crossPairs(l, rr, model.config().maxBlockSize());
        Set<Long> cand = new HashSet<>();
        for (long p : c.pairs()) cand.add(p);
        Map<String, List<Integer>> rightByEntity = new HashMap<>();
        for (int j = 0; j < right.size(); j++) rightByEntity.computeIfAbsent(right.get(j).entity(), k -> new ArrayList<>()).add(j);
        long found = 0;
        for (int i = 0; i < left.size(); i++)
            for (int j : rightByEntity.getOrDefault(left.get(i).entity(), List.of())) if (cand.contains(((long) i << 32) | j)) found++;
        return new Row(run, "GuestLink", left.size() + right.size(), m.truePairs(), r.candidatePairs(), m.predicted(), m.precision(),
                m.recall(), m.f1(), m.precision(), ratio(found, m.truePairs()), s);
    }

    private static double blockingRecall(List<FebrlData.Row> rows, MatchModel model) {
        List<PreparedRecord> p = prepare(rows);
        return FebrlTune.blockingRecall(rows, p, Blocking.candidatePairs(p, model.config().maxBlockSize()));
    }

    private static Row syntheticRow(SyntheticGuests.Data data, Deduplicator.Result r, double seconds) {
        Map<String, Integer> index = new HashMap<>(data.records().size() * 2);
        for (int i = 0; i < data.records().size(); i++) index.put(data.records().get(i).id(), i);
        int[] truth = data.person();
        Map<Integer, Integer> sizes = new HashMap<>();
        for (int t : truth) sizes.merge(t, 1, Integer::sum);
        long truePairs = 0;
        for (int s : sizes.values()) truePairs += (long) s * (s - 1) / 2;
        long predicted = 0, correct = 0;
        for (List<String> c : r.clusters()) {
            predicted += (long) c.size() * (c.size() - 1) / 2;
            Map<Integer, Integer> by = new HashMap<>();
            for (String id : c) by.merge(truth[index.get(id)], 1, Integer::sum);
            for (int s : by.values()) correct += (long) s * (s - 1) / 2;
        }
        long good = r.merges().stream().filter(m -> truth[index.get(m.a())] == truth[index.get(m.b())]).count();
        double p = ratio(correct, predicted), rc = ratio(correct, truePairs);
        return new Row("synthetic guests dedup", "GuestLink", data.records().size(), truePairs, r.candidatePairs(), predicted, p, rc,
                p + rc == 0 ? 0 : 2 * p * rc / (p + rc), ratio(good, r.merges().size()), Double.NaN, seconds);
    }

    // ---- Duke ----------------------------------------------------------------------------------------------------

    private static List<List<String>> dukeClusters(List<FebrlData.Row> rows, DukePeer.Run run, double threshold) {
        return DukePeer.clusters(rows.stream().map(FebrlData.Row::id).toList(), run, threshold);
    }

    private static double dukeThreshold(List<FebrlData.Row> d1, DukePeer.Run r1, List<FebrlData.Row> d2, DukePeer.Run r2) {
        double best = -1, lo = Double.NaN, hi = Double.NaN;
        for (int k = 50; k <= 99; k++) {
            double t = k / 100.0;
            FebrlData.Metrics m1 = FebrlData.dedupMetrics(d1, dukeClusters(d1, r1, t));
            FebrlData.Metrics m2 = FebrlData.dedupMetrics(d2, dukeClusters(d2, r2, t));
            if (Math.min(m1.precision(), m2.precision()) < 0.999) continue;
            double f = m1.f1() + m2.f1();
            if (f > best + 1e-12) {
                best = f;
                lo = hi = t;
            } else if (Math.abs(f - best) <= 1e-12 && Math.abs(hi - (t - 0.01)) < 1e-9) {
                hi = t;
            }
        }
        return Double.isNaN(lo) ? 0.9 : Math.round((lo + hi) / 2 * 100) / 100.0;
    }

    private static Row dukeDedup(String run, String engine, List<FebrlData.Row> rows, DukePeer.Run r, double threshold) {
        List<List<String>> clusters = dukeClusters(rows, r, threshold);
        FebrlData.Metrics m = FebrlData.dedupMetrics(rows, clusters);
        Map<String, String> entity = entities(rows);
        Map<String, DukePeer.ScoredPair> direct = DukePeer.above(r, threshold);
        long good = direct.values().stream().filter(p -> entity.get(p.a()).equals(entity.get(p.b()))).count();
        return new Row(run, engine, rows.size(), m.truePairs(), r.comparisons(), m.predicted(), m.precision(), m.recall(), m.f1(),
                ratio(good, direct.size()), Double.NaN, r.seconds());
    }

    private static Row dukeLink(String run, String engine, List<FebrlData.Row> left, List<FebrlData.Row> right, DukePeer.Run r, double threshold) {
        Set<String> leftIds = new HashSet<>();
        for (FebrlData.Row x : left) leftIds.add(x.id());
        // one-to-one, strongest first, as our Linker does
        List<DukePeer.ScoredPair> pairs = new ArrayList<>(DukePeer.above(r, threshold).values());
        pairs.sort(Comparator.comparingDouble(DukePeer.ScoredPair::confidence).reversed());
        Set<String> usedL = new HashSet<>(), usedR = new HashSet<>();
        List<String[]> links = new ArrayList<>();
        for (DukePeer.ScoredPair p : pairs) {
            // ids are unique across the two files only with their side: orient each pair left -> right
            String l = leftIds.contains(p.a()) ? p.a() : p.b(), rt = l.equals(p.a()) ? p.b() : p.a();
            if (!leftIds.contains(l) || usedL.contains(l) || usedR.contains(rt)) continue;
            usedL.add(l);
            usedR.add(rt);
            links.add(new String[]{l, rt});
        }
        FebrlData.Metrics m = FebrlData.linkMetrics(left, right, links);
        return new Row(run, engine, left.size() + right.size(), m.truePairs(), r.comparisons(), m.predicted(), m.precision(),
                m.recall(), m.f1(), m.precision(), Double.NaN, r.seconds());
    }

    // ---- output --------------------------------------------------------------------------------------------------

    private static void print(List<Row> rows) {
        String h = String.format(Locale.ROOT, "%-24s %-11s %9s %9s %11s %9s %7s %7s %7s %7s %7s %8s %9s",
                "run", "engine", "records", "true", "cand", "pred", "P", "R", "F1", "mergeP", "blockR", "s", "rec/s");
        System.out.println();
        System.out.println(h);
        System.out.println("-".repeat(h.length()));
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "%-24s %-11s %9d %9d %11d %9d %7.4f %7.4f %7.4f %7.4f %7s %8.2f %9.0f%n",
                    r.run(), r.engine(), r.records(), r.truePairs(), r.candidates(), r.predicted(), r.precision(), r.recall(), r.f1(),
                    r.mergePrecision(), Double.isNaN(r.blockingRecall()) ? "-" : String.format(Locale.ROOT, "%.4f", r.blockingRecall()),
                    r.seconds(), r.records() / r.seconds());
        }
        System.out.println();
    }

    /** One issue target beside our figure: a missing figure is "not run", never a pass. */
    private record Target(String what, String target, double figure, boolean met, boolean run) {
    }

    private static void targets(List<Row> rows, CrossScriptBenchmark.Result cross) {
        List<Target> t = new ArrayList<>();
        Row d3 = ourRow(rows, "dataset3"), d4 = ourRow(rows, "dataset4"), synthetic = ourRow(rows, "synthetic");
        t.add(at("FEBRL dataset3 F1", ">= 0.999", d3 == null ? Double.NaN : d3.f1(), f -> f >= 0.999));
        t.add(at("FEBRL dataset4a x 4b F1", ">= 0.9995", d4 == null ? Double.NaN : d4.f1(), f -> f >= 0.9995));
        double febrlMerge = rows.stream().filter(r -> r.engine().equals("GuestLink") && r.run().startsWith("dataset"))
                .mapToDouble(Row::mergePrecision).min().orElse(Double.NaN);
        t.add(at("FEBRL auto-merge precision (all four sets)", "= 1.0", febrlMerge, f -> f >= 1.0));
        t.add(at("synthetic auto-merge precision", ">= 0.999", synthetic == null ? Double.NaN : synthetic.mergePrecision(), f -> f >= 0.999));
        boolean million = synthetic != null && synthetic.records() >= 1_000_000;
        t.add(at("synthetic 1,000,000 dedup seconds", "<= 120", million ? synthetic.seconds() : Double.NaN, f -> f <= 120));
        CrossScriptBenchmark.Outcome ours = cross == null ? null : cross.find("GuestLink", cross.reportSeed());
        CrossScriptBenchmark.Outcome dedup = cross == null ? null : cross.find("keys+dedup", cross.reportSeed());
        String seed = cross == null ? "" : " (seed " + cross.reportSeed() + ")";
        t.add(at("cross-script precision, service linking" + seed, ">= 0.998", ours == null ? Double.NaN : ours.pairs().precision(), f -> f >= 0.998));
        t.add(at("cross-script F1, service linking" + seed, ">= 0.975", ours == null ? Double.NaN : ours.pairs().f1(), f -> f >= 0.975));
        t.add(at("cross-script Han-Latin F1, service linking" + seed, ">= 0.97", ours == null ? Double.NaN : ours.pairs().f1(2), f -> f >= 0.97));
        t.add(at("cross-script F1, keys then dedup" + seed, ">= 0.975", dedup == null ? Double.NaN : dedup.pairs().f1(), f -> f >= 0.975));
        t.add(new Target("cross-script review items per 1,000 guests" + seed, "reported", ours == null ? Double.NaN : ours.reviewsPer1000(),
                true, ours != null));
        System.out.println();
        String h = String.format(Locale.ROOT, "%-52s %-10s %10s  %s", "target (identity goals)", "target", "figure", "verdict");
        System.out.println(h);
        System.out.println("-".repeat(h.length() + 4));
        for (Target x : t) {
            System.out.printf(Locale.ROOT, "%-52s %-10s %10s  %s%n", x.what(), x.target(),
                    x.run() ? String.format(Locale.ROOT, x.figure() >= 10 ? "%.1f" : "%.4f", x.figure()) : "-",
                    !x.run() ? "not run" : x.target().equals("reported") ? "-" : x.met() ? "met" : "MISSED");
        }
        long missed = t.stream().filter(x -> x.run() && !x.met()).count(), notRun = t.stream().filter(x -> !x.run()).count();
        System.out.printf(Locale.ROOT, "verdict: %d of %d targets missed, %d not run%n", missed, t.size(), notRun);
    }

    private static Target at(String what, String target, double figure, java.util.function.DoublePredicate ok) {
        boolean run = !Double.isNaN(figure);
        return new Target(what, target, figure, run && ok.test(figure), run);
    }

    private static Row ourRow(List<Row> rows, String prefix) {
        return rows.stream().filter(r -> r.engine().equals("GuestLink") && r.run().startsWith(prefix)).findFirst().orElse(null);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static Map<String, String> entities(List<FebrlData.Row> rows) {
        Map<String, String> m = new HashMap<>();
        for (FebrlData.Row r : rows) m.put(r.id(), r.entity());
        return m;
    }

    private static List<PreparedRecord> prepare(List<FebrlData.Row> rows) {
        return FebrlTune.prepare(rows);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 1.0 : (double) a / b;
    }
}

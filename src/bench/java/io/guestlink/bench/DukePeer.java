package io.guestlink.bench;

import no.priv.garshol.duke.Comparator;
import no.priv.garshol.duke.ConfigurationImpl;
import no.priv.garshol.duke.DataSource;
import no.priv.garshol.duke.Processor;
import no.priv.garshol.duke.Property;
import no.priv.garshol.duke.PropertyImpl;
import no.priv.garshol.duke.Record;
import no.priv.garshol.duke.RecordImpl;
import no.priv.garshol.duke.comparators.ExactComparator;
import no.priv.garshol.duke.comparators.JaroWinkler;
import no.priv.garshol.duke.comparators.Levenshtein;
import no.priv.garshol.duke.databases.LuceneDatabase;
import no.priv.garshol.duke.datasources.InMemoryDataSource;
import no.priv.garshol.duke.matchers.AbstractMatchListener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Duke 1.2 (no.priv.garshol.duke, test scope), the peer engine, configured in code on the same FEBRL rows: each
 * column a property with a comparator and hand-set low/high probabilities in the style of Duke's own examples, two
 * threads, and either Duke's Lucene candidate search or all pairs (see {@link #database}).
 * Duke reports every pair whose combined probability reaches the "maybe" threshold; the benchmark keeps them all
 * and applies the match threshold afterwards, so one run serves every threshold of the d1/d2 sweep.
 */
final class DukePeer {

    /** A pair Duke reported, with its confidence. */
    record ScoredPair(String a, String b, double confidence) {
    }

    record Run(List<ScoredPair> pairs, long comparisons, double seconds) {
    }

    static final double MAYBE = 0.5;

    private DukePeer() {
    }

    private static List<Property> properties() {
        List<Property> p = new ArrayList<>();
        p.add(new PropertyImpl("ID"));
        p.add(prop("given_name", new JaroWinkler(), 0.35, 0.88));
        p.add(prop("surname", new JaroWinkler(), 0.3, 0.9));
        p.add(prop("street_number", new ExactComparator(), 0.4, 0.7));
        p.add(prop("address_1", new Levenshtein(), 0.3, 0.85));
        p.add(prop("address_2", new Levenshtein(), 0.4, 0.65));
        p.add(prop("suburb", new Levenshtein(), 0.35, 0.8));
        p.add(prop("postcode", new Levenshtein(), 0.3, 0.8));
        p.add(prop("state", new ExactComparator(), 0.45, 0.55));
        p.add(prop("date_of_birth", new Levenshtein(), 0.3, 0.9));
        p.add(prop("soc_sec_id", new Levenshtein(), 0.3, 0.95));
        return p;
    }

    static Property prop(String name, Comparator c, double low, double high) {
        return new PropertyImpl(name, c, low, high);
    }

    static Record record(FebrlData.Row row) {
        Map<String, Collection<String>> values = new HashMap<>();
        values.put("ID", List.of(row.id()));
        for (String column : FebrlData.COLUMNS) {
            if (column.equals("rec_id")) continue;
            String v = row.raw().get(column);
            if (v != null && !v.isEmpty()) values.put(column, List.of(v));
        }
        return new RecordImpl(values);
    }

    /** Match threshold 0.99 and maybe-threshold {@link #MAYBE}: every pair from MAYBE up is reported. */
    private static ConfigurationImpl config(List<Property> properties) {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setProperties(properties);
        c.setThreshold(0.99);
        c.setMaybeThreshold(MAYBE);
        return c;
    }

    /**
     * Lucene: Duke's standard candidate search (an in-memory index, at most 100 hits per search). All pairs: Duke's
     * InMemoryDatabase, which compares every record with every other; slow (25 million comparisons for 5,000
     * records) but it shows Duke's scoring without its retrieval losses.
     */
    private static no.priv.garshol.duke.Database database(ConfigurationImpl c, boolean allPairs) {
        if (allPairs) {
            no.priv.garshol.duke.databases.InMemoryDatabase db = new no.priv.garshol.duke.databases.InMemoryDatabase();
            db.setConfiguration(c);
            return db;
        }
        LuceneDatabase db = new LuceneDatabase(); // no path: an in-memory index
        db.setMaxSearchHits(100);
        db.setConfiguration(c);
        return db;
    }

    private static final class Collector extends AbstractMatchListener {
        final List<ScoredPair> pairs = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void matches(Record r1, Record r2, double confidence) {
            pairs.add(new ScoredPair(r1.getValue("ID"), r2.getValue("ID"), confidence));
        }

        @Override
        public void matchesPerhaps(Record r1, Record r2, double confidence) {
            pairs.add(new ScoredPair(r1.getValue("ID"), r2.getValue("ID"), confidence));
        }
    }

    /** Deduplication of one FEBRL file: every pair at or above {@link #MAYBE}. */
    static Run deduplicate(List<FebrlData.Row> rows, boolean allPairs) {
        List<Record> records = new ArrayList<>();
        for (FebrlData.Row r : rows) records.add(record(r));
        return deduplicate(records, properties(), allPairs);
    }

    /**
     * Deduplication of any records (each with an "ID" value) under the given properties, the "ID" property among
     * them: every pair at or above {@link #MAYBE}.
     */
    static Run deduplicate(List<Record> records, List<Property> properties, boolean allPairs) {
        ConfigurationImpl c = config(properties);
        long t0 = System.nanoTime();
        Processor p = new Processor(c, database(c, allPairs));
        p.setThreads(2);
        Collector collector = new Collector();
        p.addMatchListener(collector);
        p.deduplicate(records);
        double s = (System.nanoTime() - t0) / 1e9;
        long comparisons = p.getComparisonCount();
        p.close();
        return new Run(List.copyOf(collector.pairs), comparisons, s);
    }

    /** A record of the given values (null and empty values left out); "ID" must be among them. */
    static Record record(Map<String, String> values) {
        Map<String, Collection<String>> v = new HashMap<>();
        values.forEach((k, x) -> {
            if (x != null && !x.isEmpty()) v.put(k, List.of(x));
        });
        return new RecordImpl(v);
    }

    /** Unordered pairs at or above the threshold, best confidence kept (Duke reports a dedup pair from both sides). */
    static Map<String, ScoredPair> above(Run run, double threshold) {
        Map<String, ScoredPair> out = new HashMap<>();
        for (ScoredPair p : run.pairs()) {
            if (p.confidence() < threshold || p.a().equals(p.b())) continue;
            String key = p.a().compareTo(p.b()) < 0 ? p.a() + "\u0000" + p.b() : p.b() + "\u0000" + p.a();
            out.merge(key, p, (x, y) -> x.confidence() >= y.confidence() ? x : y);
        }
        return out;
    }

    /** The clusters (two records or more) that the pairs at or above the threshold make, transitively. */
    static List<List<String>> clusters(Collection<String> ids, Run run, double threshold) {
        Map<String, String> parent = new HashMap<>();
        for (String id : ids) parent.put(id, id);
        for (ScoredPair p : above(run, threshold).values()) {
            String a = find(parent, p.a()), b = find(parent, p.b());
            if (!a.equals(b)) parent.put(a, b);
        }
        Map<String, List<String>> clusters = new HashMap<>();
        for (String id : ids) clusters.computeIfAbsent(find(parent, id), k -> new ArrayList<>()).add(id);
        List<List<String>> out = new ArrayList<>();
        for (List<String> c : clusters.values()) if (c.size() > 1) out.add(c);
        return out;
    }

    private static String find(Map<String, String> parent, String x) {
        while (!parent.get(x).equals(x)) {
            parent.put(x, parent.get(parent.get(x)));
            x = parent.get(x);
        }
        return x;
    }

    /** Linkage: left indexed, each right record searched; Duke reports every pair at or above {@link #MAYBE}. */
    static Run link(List<FebrlData.Row> left, List<FebrlData.Row> right, boolean allPairs) {
        ConfigurationImpl c = config(properties());
        InMemoryDataSource l = new InMemoryDataSource(), r = new InMemoryDataSource();
        for (FebrlData.Row row : left) l.add(record(row));
        for (FebrlData.Row row : right) r.add(record(row));
        c.addDataSource(1, l);
        c.addDataSource(2, r);
        long t0 = System.nanoTime();
        Processor p = new Processor(c, database(c, allPairs));
        p.setThreads(2);
        Collector collector = new Collector();
        p.addMatchListener(collector);
        List<DataSource> g1 = List.of(l), g2 = List.of(r);
        p.link(g1, g2, true, 1000);
        double s = (System.nanoTime() - t0) / 1e9;
        long comparisons = p.getComparisonCount();
        p.close();
        return new Run(List.copyOf(collector.pairs), comparisons, s);
    }
}

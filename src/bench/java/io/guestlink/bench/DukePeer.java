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

    private static Property prop(String name, Comparator c, double low, double high) {
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

    private static ConfigurationImpl config(double threshold) {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setProperties(properties());
        c.setThreshold(threshold);
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

    /** Deduplication of one file: every pair at or above {@link #MAYBE}. */
    static Run deduplicate(List<FebrlData.Row> rows, boolean allPairs) {
        ConfigurationImpl c = config(0.99);
        List<Record> records = new ArrayList<>();
        for (FebrlData.Row r : rows) records.add(record(r));
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

    /** Linkage: left indexed, each right record searched; Duke reports every pair at or above {@link #MAYBE}. */
    static Run link(List<FebrlData.Row> left, List<FebrlData.Row> right, boolean allPairs) {
        ConfigurationImpl c = config(0.99);
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

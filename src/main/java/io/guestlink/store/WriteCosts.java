package io.guestlink.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wall time the batch writer spends per step (mostly one target table each), summed over all batches of this JVM:
 * what each table costs per row, which the nightly-import benchmark prints after each feed. The identity worker's
 * linking steps are summed here too, under names beginning "linking:" (printed after the linking). Two clock reads per
 * step and batch, so it is always on.
 */
public final class WriteCosts {
    /** One step's totals: nanoseconds, rows it wrote (or looked at) and batches it ran in. */
    public record Cost(String step, long nanos, long rows, long batches) {
        public double microsPerRow() {
            return rows == 0 ? 0 : nanos / 1000.0 / rows;
        }
    }

    private static final Map<String, LongAdder[]> TOTALS = new ConcurrentHashMap<>();

    private WriteCosts() {
    }

    @FunctionalInterface
    interface Step<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    interface VoidStep {
        void run() throws SQLException;
    }

    static <T> T time(String step, long rows, Step<T> work) throws SQLException {
        long t = System.nanoTime();
        try {
            return work.run();
        } finally {
            add(step, System.nanoTime() - t, rows);
        }
    }

    static void time(String step, long rows, VoidStep work) throws SQLException {
        long t = System.nanoTime();
        try {
            work.run();
        } finally {
            add(step, System.nanoTime() - t, rows);
        }
    }

    private static void add(String step, long nanos, long rows) {
        LongAdder[] a = TOTALS.computeIfAbsent(step, s -> new LongAdder[]{new LongAdder(), new LongAdder(), new LongAdder()});
        a[0].add(nanos);
        a[1].add(rows);
        a[2].increment();
    }

    /** The totals since the last {@link #reset}, most expensive first. */
    public static List<Cost> snapshot() {
        List<Cost> out = new ArrayList<>();
        TOTALS.forEach((step, a) -> out.add(new Cost(step, a[0].sum(), a[1].sum(), a[2].sum())));
        out.sort(java.util.Comparator.comparingLong(Cost::nanos).reversed());
        return out;
    }

    public static void reset() {
        TOTALS.clear();
    }
}

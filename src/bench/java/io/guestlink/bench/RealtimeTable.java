package io.guestlink.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table the real-time benchmarks print (HL7 and broker): per store and offered load, what GuestLink achieved,
 * its latency, the bare ceiling measured in the same run, their ratio and the target, met or not.
 */
final class RealtimeTable {
    /** One row; latencies in ms (NaN: not measured), rates per second (NaN: no ceiling run). */
    record Row(String store, String offered, int count, double achieved, double p50, double p99, double max, double cpuMs,
               double bareRate, double bareP99, String target, Boolean met) {
    }

    private final String unit;
    private final List<Row> rows = new ArrayList<>();

    /** @param unit what is counted ("msg", "events") */
    RealtimeTable(String unit) {
        this.unit = unit;
    }

    void add(Row r) {
        rows.add(r);
    }

    List<Row> rows() {
        return rows;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "| store | offered | %s | achieved %s/s | p50 ms | p99 ms | max ms | CPU ms/%s | bare %s/s "
                + "| bare p99 ms | ratio to bare | target | |%n", unit, unit, unit, unit));
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.store, r.offered,
                    r.count, rate(r.achieved), ms(r.p50), ms(r.p99), ms(r.max), Double.isNaN(r.cpuMs) ? "–" : String.format(Locale.ROOT, "%.2f", r.cpuMs),
                    rate(r.bareRate), ms(r.bareP99),
                    Double.isNaN(r.bareRate) ? "–" : String.format(Locale.ROOT, "%.2f", r.achieved / r.bareRate),
                    r.target == null ? "–" : r.target, r.met == null ? "" : r.met ? "met" : "**NOT met**"));
        }
        return out.toString();
    }

    static String ms(double ms) {
        if (Double.isNaN(ms)) return "–";
        return ms >= 100 ? String.format(Locale.ROOT, "%,.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }

    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "–" : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** Load average and cores, for the line under a table: the figures mean little without them. */
    static String machine() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return String.format(Locale.ROOT, "%d cores, load average %.1f", os.getAvailableProcessors(), os.getSystemLoadAverage());
    }
}

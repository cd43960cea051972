package io.guestlink.bench;

import java.util.List;
import java.util.Locale;

/**
 * Options of the paced real-time benchmarks (AlertBenchmark, Hl7ArrivalBenchmark): one parser for both.
 *
 * @param stores  stores to run on, in this order (h2, pg); {@code --store=X} is the same as {@code --stores=X}
 * @param ceiling whether the bare ceiling runs beside each rate ({@code --no-ceiling} leaves it out, e.g. to profile)
 * @param repeat  runs of each rate; the table shows the run with the median p99 (or the median rate at max)
 */
record RateOptions(List<String> stores, int seconds, int senders, int guests, List<String> rates, boolean ceiling, int repeat) {
    RateOptions(String store, int seconds, int senders, int guests, List<String> rates) {
        this(List.of(store), seconds, senders, guests, rates, true, 1);
    }

    /** The first store, for the benchmarks that run on one. */
    String store() {
        return stores.get(0);
    }

    /**
     * Parses {@code --stores= --store= --seconds= --senders= --guests= --rates= --repeat= --no-ceiling} over the
     * defaults; {@code who} names the Javadoc.
     */
    static RateOptions parse(String[] args, RateOptions defaults, String who) {
        List<String> stores = defaults.stores;
        int seconds = defaults.seconds, senders = defaults.senders, guests = defaults.guests, repeat = defaults.repeat;
        List<String> rates = defaults.rates;
        boolean ceiling = defaults.ceiling;
        for (String a : String.join(" ", args).trim().split("\\s+")) {
            if (a.isBlank()) continue;
            String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
            if (a.startsWith("--store=") || a.startsWith("--stores=")) stores = stores(v);
            else if (a.startsWith("--seconds=")) seconds = Integer.parseInt(v);
            else if (a.startsWith("--senders=")) senders = Integer.parseInt(v);
            else if (a.startsWith("--guests=")) guests = Integer.parseInt(v);
            else if (a.startsWith("--rates=")) rates = List.of(v.split(","));
            else if (a.startsWith("--repeat=")) repeat = Math.max(1, Integer.parseInt(v));
            else if (a.equals("--no-ceiling")) ceiling = false;
            else throw new IllegalArgumentException("unknown option " + a + " (see " + who + "'s Javadoc)");
        }
        return new RateOptions(stores, seconds, senders, guests, rates, ceiling, repeat);
    }

    static List<String> stores(String list) {
        List<String> out = List.of(list.toLowerCase(Locale.ROOT).split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String s : out) if (!s.equals("h2") && !s.equals("pg")) throw new IllegalArgumentException("unknown store '" + s + "' (h2, pg)");
        if (out.isEmpty()) throw new IllegalArgumentException("no store named (h2, pg)");
        return out;
    }
}

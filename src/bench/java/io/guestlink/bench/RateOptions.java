package io.guestlink.bench;

import java.util.List;

/** Options of the paced real-time benchmarks (AlertBenchmark, Hl7ArrivalBenchmark): one parser for both. */
record RateOptions(String store, int seconds, int senders, int guests, List<String> rates) {
    /** Parses {@code --store= --seconds= --senders= --guests= --rates=} over the defaults; {@code who} names the Javadoc. */
    static RateOptions parse(String[] args, RateOptions defaults, String who) {
        String store = defaults.store;
        int seconds = defaults.seconds, senders = defaults.senders, guests = defaults.guests;
        List<String> rates = defaults.rates;
        for (String a : String.join(" ", args).trim().split("\\s+")) {
            if (a.isBlank()) continue;
            String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
            if (a.startsWith("--store=")) store = v;
            else if (a.startsWith("--seconds=")) seconds = Integer.parseInt(v);
            else if (a.startsWith("--senders=")) senders = Integer.parseInt(v);
            else if (a.startsWith("--guests=")) guests = Integer.parseInt(v);
            else if (a.startsWith("--rates=")) rates = List.of(v.split(","));
            else throw new IllegalArgumentException("unknown option " + a + " (see " + who + "'s Javadoc)");
        }
        return new RateOptions(store, seconds, senders, guests, rates);
    }
}

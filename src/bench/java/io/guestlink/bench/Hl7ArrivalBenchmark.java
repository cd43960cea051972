package io.guestlink.bench;

import io.guestlink.store.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The issue-6 benchmark: ADT^A01 check-ins sent over MLLP to the real listener (routes/hl7-mllp.camel.yaml), stored
 * by EventIntake, turned into a returning-guest arrival alert and delivered to the ActiveMQ topic, where a JMS
 * subscriber takes the time. Rates 100, 500 and as fast as the senders go; latency from when each message was due
 * (a sender that falls behind shows, no coordinated omission). Beside it the ceiling: a bare camel-mllp listener that
 * only ACKs ({@link BareMllpListener}), same client, same machine, latency from due to ACK.
 *
 * <pre>
 *   ./mvnw -q -B -Pbench test-compile exec:exec@bench-hl7 [-Dbench.hl7.args="--store=h2 --seconds=10 --senders=8"]
 * </pre>
 * Options: --store=h2|pg, --seconds=N per rate (default 10), --rates=list (default 100,200,500,max),
 * --senders=N connections (default 8), --guests=N returning guests (default 2000).
 */
public final class Hl7ArrivalBenchmark {
    private Hl7ArrivalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RateOptions o = RateOptions.parse(args, new RateOptions("h2", 10, 8, 2000, List.of("100", "200", "500", "max")), "Hl7ArrivalBenchmark");
        String store = o.store();
        int seconds = o.seconds(), senders = o.senders(), guests = o.guests();
        List<String> rates = o.rates();
        Path dir = Files.createTempDirectory("guestlink-hl7-bench");
        String pg = store.equals("pg") ? TestDatabases.createPostgres("guestlink_hl7_bench") : null;
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AlertBench bench = AlertBench.start(dir, pg, guests, port); BareMllpListener bare = BareMllpListener.start(0)) {
            System.out.printf("%nHL7 arrival benchmark: ADT^A01 over MLLP -> listener -> EventIntake -> alert rules -> outbox -> "
                    + "activemq topic -> subscriber; store %s, %d connections, %d s per rate, %d returning guests; "
                    + "%d cores%n", store, senders, seconds, guests, java.lang.Runtime.getRuntime().availableProcessors());
            bench.warmUpMllp(port, 500);
            bench.runMllp(bare.port(), true, 0, 2, senders);
            List<String[]> rows = new ArrayList<>();
            for (String rate : rates) {
                int r = rate.equals("max") ? 0 : Integer.parseInt(rate);
                AlertBench.Result ours = bench.runMllp(port, false, r, seconds, senders);
                AlertBench.Result ceiling = bench.runMllp(bare.port(), true, r, seconds, senders);
                rows.add(new String[]{rate, String.valueOf(ours.count()), AlertBenchmark.ms(ours.p50()), AlertBenchmark.ms(ours.p99()), AlertBenchmark.rate(ours.perSecond()),
                        String.format("%.2f", ours.cpuMs()), AlertBenchmark.ms(ceiling.p50()), AlertBenchmark.ms(ceiling.p99()), AlertBenchmark.rate(ceiling.perSecond()),
                        String.format("%.1f", ours.p99() / Math.max(1, ceiling.p99())),
                        String.format("%.2f", ours.perSecond() / ceiling.perSecond())});
            }
            System.out.printf("%n%-5s %7s %8s %8s %7s %7s | %9s %9s %7s | %9s %9s%n", "rate", "msgs", "p50 ms", "p99 ms",
                    "msg/s", "cpu ms", "bare p50", "bare p99", "bare/s", "p99 ratio", "/s ratio");
            for (String[] row : rows) System.out.printf("%-5s %7s %8s %8s %7s %7s | %9s %9s %7s | %9s %9s%n", (Object[]) row);
            System.out.printf("%nGuestLink: from due to the alert on the topic; bare: from due to the ACK of a listener that only ACKs."
                    + "%ncpu ms = this JVM's CPU per message (both listeners run in it); targets: p99 <= 20 ms at 200 msg/s, "
                    + ">= 2,000 msg/s; load average %.1f%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            if (pg != null) TestDatabases.dropPostgres(pg);
        }
    }
}

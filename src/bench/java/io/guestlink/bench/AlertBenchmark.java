package io.guestlink.bench;

import io.guestlink.store.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrival alert latency: a check-in applied by the real-time intake (EventIntake, one transaction) and announced on
 * direct:guest-event-stored, to the alert JSON received by a JMS subscriber on the topic, through the real alert
 * routes and an embedded broker (vm://). Paced at each rate from several sender threads (as several MLLP connections
 * would be); latency counts from the moment each message was due, so a sender that falls behind shows in the figures
 * (no coordinated omission). Beside it the ceiling: the same topic fed straight by a Camel producer, no store.
 *
 * <pre>
 *   ./mvnw -q -B -Pbench test-compile exec:exec@bench-alerts [-Dbench.alerts.args="--store=h2 --seconds=5 --rates=100,500,max"]
 * </pre>
 * Options: --store=h2|pg (default h2), --seconds=N per rate (default 5), --rates=list (default 100,500,max),
 * --senders=N threads (default 4), --guests=N returning guests to choose from (default 2000).
 */
public final class AlertBenchmark {
    private AlertBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RateOptions o = RateOptions.parse(args, new RateOptions("h2", 5, 4, 2000, List.of("100", "500", "max")), "AlertBenchmark");
        String store = o.store();
        int seconds = o.seconds(), senders = o.senders(), guests = o.guests();
        List<String> rates = o.rates();
        Path dir = Files.createTempDirectory("guestlink-alert-bench");
        String pg = store.equals("pg") ? TestDatabases.createPostgres("guestlink_alert_bench") : null;
        try (AlertBench bench = AlertBench.start(dir, pg, guests)) {
            System.out.printf("%nAlert benchmark: check-in (EventIntake) -> direct:guest-event-stored -> rules -> outbox -> "
                    + "activemq topic -> subscriber; store %s, %d senders, %d s per rate, %d returning guests%n",
                    store, senders, seconds, guests);
            bench.warmUp(300);
            List<String[]> rows = new ArrayList<>();
            for (String rate : rates) {
                int r = rate.equals("max") ? 0 : Integer.parseInt(rate);
                AlertBench.Result ours = bench.runAlerts(r, seconds, senders);
                AlertBench.Result ceiling = bench.runBareTopic(r, seconds, senders);
                rows.add(new String[]{rate, String.valueOf(ours.count()), ms(ours.p50()), ms(ours.p99()), rate(ours.perSecond()),
                        String.format("%.2f", ours.cpuMs()), String.format("%.1f", ours.applyMs()), String.format("%.1f", ours.announceMs()),
                        ms(ceiling.p50()), ms(ceiling.p99()), rate(ceiling.perSecond()), String.format("%.2f", ceiling.cpuMs()),
                        String.format("%.2f", ours.perSecond() / ceiling.perSecond())});
            }
            System.out.printf("%n%-5s %7s %8s %8s %9s %7s %8s %9s | %8s %8s %9s %7s | %s%n", "rate", "alerts", "p50 ms", "p99 ms",
                    "alerts/s", "cpu ms", "intake", "alerts ms", "ceil p50", "ceil p99", "ceil /s", "cpu ms", "ratio /s");
            for (String[] row : rows)
                System.out.printf("%-5s %7s %8s %8s %9s %7s %8s %9s | %8s %8s %9s %7s | %s%n", (Object[]) row);
            System.out.printf("%nlatency from when each check-in was due to the alert on the topic; cpu ms = this JVM's CPU per alert;"
                    + "%nintake = mean ms of EventIntake.apply, alerts ms = mean ms of the fast path (rules, outbox, hand-off);"
                    + "%nceiling: the same topic and subscriber fed by a Camel producer, no intake, rules or outbox; load average %.1f%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            if (pg != null) TestDatabases.dropPostgres(pg);
        }
    }

    static String ms(double nanos) {
        return String.format("%.1f", nanos / 1e6);
    }

    static String rate(double perSecond) {
        return String.format("%.0f", perSecond);
    }
}

package io.guestlink.bench;

import io.guestlink.store.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * ADT^A01 check-ins sent over MLLP to the real listener (routes/hl7-mllp.camel.yaml), stored by EventIntake, turned
 * into a returning-guest arrival alert and delivered to the ActiveMQ topic, where a JMS subscriber takes the time; on
 * each store in turn (H2 and a throwaway PostgreSQL database, dropped afterwards). Latency runs from when each message
 * was due (a sender that falls behind shows, no coordinated omission). Beside each rate the ceiling: a bare camel-mllp
 * listener that only ACKs ({@link BareMllpListener}), same client, same JVM, same offered rate, latency from due to ACK.
 * Prints one table with the targets: p99 &le; 20 ms at 200 msg/s, &ge; 2,000 msg/s at most.
 *
 * <pre>
 *   ./mvnw -q -B -Pbench test-compile exec:exec@bench-hl7 [-Dbench.hl7.args="--seconds=20 --repeat=3"]
 * </pre>
 * Options: --stores=h2,pg (default both), --seconds=N per rate (default 5), --rates=list of msg/s or max (default
 * 200,max; none: only the stage line), --repeat=N runs per rate, the median shown (default 1), --senders=N connections (default 8), --guests=N
 * returning guests (default 2000), --no-ceiling (only GuestLink's listener: for a profiler).
 */
public final class Hl7ArrivalBenchmark {
    static final double TARGET_P99_MS = 20, TARGET_RATE = 2000;
    /** Check-ins for the per-stage CPU line under the table. */
    private static final int STAGE_CHECKINS = 1000;

    private Hl7ArrivalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        RateOptions o = RateOptions.parse(args, new RateOptions(List.of("h2", "pg"), 5, 8, 2000, List.of("200", "max"), true, 1),
                "Hl7ArrivalBenchmark");
        System.out.printf("%nHL7 arrival benchmark: ADT^A01 over MLLP -> listener -> EventIntake -> alert rules -> outbox -> "
                + "activemq topic -> subscriber; stores %s, %d connections, %d s per rate x %d, %d returning guests; %s%n",
                o.stores(), o.senders(), o.seconds(), o.repeat(), o.guests(), RealtimeTable.machine());
        RealtimeTable table = new RealtimeTable("msg");
        List<String> stages = new ArrayList<>();
        try (BareMllpListener bare = o.ceiling() ? BareMllpListener.start(0) : null) {
            for (String store : o.stores()) run(store, o, bare, table, stages);
        }
        System.out.printf("%n%s%nGuestLink: from due to the alert on the topic; bare: a camel-mllp listener that only ACKs, from due to the ACK,"
                + "%nat the same offered rate; ratio = achieved msg/s over the bare listener's; CPU = this JVM's CPU per message"
                + "%n(both listeners and the background identity and memory work run in it; PostgreSQL's own CPU is not counted); %s%n",
                table.render(), RealtimeTable.machine());
        if (!stages.isEmpty()) {
            System.out.println("\nCPU per check-in by stage, one sender, the listener left out (EventIntake.apply, then the alert fast path):");
            stages.forEach(System.out::println);
        }
    }

    private static void run(String store, RateOptions o, BareMllpListener bare, RealtimeTable table, List<String> stages) throws Exception {
        Path dir = Files.createTempDirectory("guestlink-hl7-bench");
        String pg = store.equals("pg") ? TestDatabases.createPostgres("guestlink_hl7_bench") : null;
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AlertBench bench = AlertBench.start(dir, pg, o.guests(), port)) {
            bench.warmUpMllp(port, 500);
            if (bare != null) bench.runMllp(bare.port(), true, 0, 2, o.senders());
            for (String rate : o.rates()) {
                if (rate.equals("none")) continue;
                int r = rate.equals("max") ? 0 : Integer.parseInt(rate);
                List<AlertBench.Result[]> runs = new ArrayList<>();
                for (int i = 0; i < o.repeat(); i++) {
                    AlertBench.Result ours = bench.runMllp(port, false, r, o.seconds(), o.senders());
                    AlertBench.Result ceiling = bare == null ? null : bench.runMllp(bare.port(), true, r, o.seconds(), o.senders());
                    runs.add(new AlertBench.Result[]{ours, ceiling});
                    System.out.printf("  %s %s run %d: %.0f msg/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %.2f CPU ms/msg%n", store, rate, i + 1,
                            ours.perSecond(), ours.p50() / 1e6, ours.p99() / 1e6, ours.max() / 1e6, ours.cpuMs());
                }
                // the median run: by p99 when paced, by rate at most
                runs.sort(Comparator.comparingDouble(x -> r > 0 ? x[0].p99() : x[0].perSecond()));
                AlertBench.Result ours = runs.get(runs.size() / 2)[0], ceiling = runs.get(runs.size() / 2)[1];
                String target = null;
                Boolean met = null;
                if (r == 200) {
                    target = "p99 ≤ 20 ms at 200/s";
                    met = ours.p99() / 1e6 <= TARGET_P99_MS && ours.perSecond() >= 0.95 * r;
                } else if (r == 0) {
                    target = "≥ 2,000 msg/s";
                    met = ours.perSecond() >= TARGET_RATE;
                }
                table.add(new RealtimeTable.Row(store, r == 0 ? "max" : r + "/s", ours.count(), ours.perSecond(), ours.p50() / 1e6,
                        ours.p99() / 1e6, ours.max() / 1e6, ours.cpuMs(), ceiling == null ? Double.NaN : ceiling.perSecond(),
                        ceiling == null ? Double.NaN : ceiling.p99() / 1e6, target, met));
            }
            if (STAGE_CHECKINS > 0) {
                AlertBench.StageCost cost = bench.stageCost(STAGE_CHECKINS, pg);
                stages.add(String.format(java.util.Locale.ROOT, "  %s: intake %.2f ms, alert fast path %.2f ms%s (%d check-ins)", store,
                        cost.intakeMs(), cost.alertMs(), cost.pgMs() < 0 ? "" : String.format(java.util.Locale.ROOT,
                                ", PostgreSQL server %.2f ms", cost.pgMs()), cost.checkIns()));
            }
        } finally {
            if (pg != null) TestDatabases.dropPostgres(pg);
        }
    }
}

package io.guestlink.bench;

import io.guestlink.app.camel.Broker;
import io.guestlink.app.GuestLink;
import io.guestlink.app.camel.Runtime;
import io.guestlink.config.Settings;
import io.guestlink.store.TestDatabases;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JSON events through the broker into the store: a command that prints a table, not a test.
 *
 * <pre>
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-broker [-Dbench.broker.args="--events=5000 --consumers=1,4 --stores=h2,pg"]
 * </pre>
 *
 * <p>For each store and number of consumers: N check-in events (distinct stays, 1 guest in 3 returning) are queued
 * on a fresh embedded broker (KahaDB on disk), then GuestLink starts with its real routes and drains the queue;
 * the rate is counted from the first stored event to the last by their stored_at (start-up excluded). Beside it, the
 * ceiling: the same broker and as many consumers that only take each message in its own committed transaction, as
 * the route does. One table for all runs, with the target: &ge; 2,000 events/s into PostgreSQL and within 2&times; of
 * the bare consumers. Options: --stores=h2,pg (default both), --consumers=1,4 (default), --events=N (default 2000).
 */
public final class BrokerEventsBenchmark {
    private static final String BENCH_USER = "guestlink-bench";
    private static final String BENCH_PASSWORD = "bench-broker-password";
    private static final String QUEUE = "guestlink.events";
    private static final String CEILING_QUEUE = "bench.ceiling";

    public static void main(String[] args) throws Exception {
        int events = 2000;
        List<Integer> consumers = List.of(1, 4);
        List<String> stores = List.of("h2", "pg");
        for (String a : String.join(" ", args).trim().split("\\s+")) {
            if (a.isBlank()) continue;
            if (a.startsWith("--events=")) events = Integer.parseInt(a.substring(9));
            else if (a.startsWith("--consumers=")) consumers = Arrays.stream(a.substring(12).split(",")).map(Integer::parseInt).toList();
            else if (a.startsWith("--stores=")) stores = RateOptions.stores(a.substring(9));
            else if (a.equals("--help")) {
                System.out.println("BrokerEventsBenchmark --events=N (2000) --consumers=1,4 --stores=h2,pg");
                return;
            } else throw new IllegalArgumentException("unknown option " + a + " (--help)");
        }
        RealtimeTable table = new RealtimeTable("event");
        for (String store : stores) {
            for (int c : consumers) {
                double[] r = run(store, c, events);
                boolean pg = store.equals("pg");
                table.add(new RealtimeTable.Row(store + ", " + c + (c == 1 ? " consumer" : " consumers"), "backlog of " + events, events,
                        r[0], Double.NaN, Double.NaN, Double.NaN, r[2], r[1], Double.NaN,
                        pg ? "≥ 2,000/s and ≥ 0.5 × bare" : null, pg ? r[0] >= TARGET_RATE && r[0] >= r[1] / 2 : null));
                System.out.printf("  %s, %d consumers: %.0f events/s, bare %.0f msg/s%n", store, c, r[0], r[1]);
            }
        }
        System.out.printf("%n%s%nA backlog drained: no latency to report (every event waited in the queue from the start). Bare: as many%n"
                + "consumers of the same broker that commit each message in its own transaction and do nothing else. CPU = this JVM's%n"
                + "per event (broker included; PostgreSQL's own is not). %s%n", table.render(), RealtimeTable.machine());
    }

    static final double TARGET_RATE = 2000;

    /** {events/s through GuestLink, messages/s of the bare transacted consumers, GuestLink's JVM CPU ms per event}. */
    private static double[] run(String store, int consumers, int events) throws Exception {
        Path root = Files.createTempDirectory("guestlink-bench-broker");
        Files.createDirectories(root.resolve("sources"));
        String tcp = "tcp://127.0.0.1:" + freePort();
        String pgUrl = store.equals("pg") ? TestDatabases.createPostgres("guestlink_bench_broker") : null;
        Map<String, String> s = new HashMap<>();
        s.put(Settings.SOURCES_DIR.key(), root.resolve("sources").toString());
        s.put(Settings.INBOX_DIR.key(), root.resolve("inbox").toString());
        s.put(Settings.DB_URL.key(), pgUrl != null ? pgUrl : "jdbc:h2:file:" + root.resolve("db/guestlink").toAbsolutePath());
        s.put(Settings.DB_USER.key(), pgUrl != null ? TestDatabases.PG_USER : "sa");
        s.put(Settings.HMAC_KEY.key(), "bench-key-0123456789abcdef");
        s.put(Settings.BROKER_URL.key(), "vm://bench-" + System.nanoTime() + "?create=false");
        s.put(Settings.BROKER_DATA_DIR.key(), root.resolve("activemq").toString());
        s.put(Settings.BROKER_LISTEN.key(), tcp);
        s.put(Settings.EVENTS_CONSUMERS.key(), Integer.toString(consumers));
        // a broker that listens admits only its user: the benchmark's PMS clients connect as it
        Settings settings = Settings.load(null, Map.of(Settings.BROKER_USER.envName(), BENCH_USER,
                Settings.BROKER_PASSWORD.envName(), BENCH_PASSWORD), s);

        Broker alone = Broker.of(settings);
        alone.start();
        double ceiling;
        try {
            fill(tcp, QUEUE, events);
            fill(tcp, CEILING_QUEUE, events);
            ceiling = drainBare(tcp, consumers, events);
        } finally {
            alone.stop();
        }

        double rate, cpuMs;
        try (GuestLink app = GuestLink.start(settings)) {
            Main main = Runtime.start(app, Path.of("config/application.properties"), true);
            try {
                // polled slowly: the rate comes from the events' own stored_at, the poll only says when all are in
                long cpu0 = CPU.getProcessCpuTime();
                while (count(app) < events) Thread.sleep(50);
                cpuMs = (CPU.getProcessCpuTime() - cpu0) / 1e6 / events;
                double seconds = storedSpan(app);
                rate = (events - 1) / seconds;
            } finally {
                main.stop();
            }
        }
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
        return new double[]{rate, ceiling, cpuMs};
    }

    /** A PMS sending check-ins: persistent, committed in batches of 500 to fill the queue quickly. */
    private static void fill(String tcp, String queue, int events) throws Exception {
        Connection c = new ActiveMQConnectionFactory(BENCH_USER, BENCH_PASSWORD, tcp).createConnection();
        try {
            Session session = c.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer p = session.createProducer(session.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < events; i++) {
                p.send(session.createTextMessage(event(i)));
                if (i % 500 == 499) session.commit();
            }
            session.commit();
        } finally {
            c.close();
        }
    }

    /** The ceiling: consumers that commit each message in its own transaction and do nothing else. */
    private static double drainBare(String tcp, int consumers, int events) throws Exception {
        AtomicInteger left = new AtomicInteger(events);
        CountDownLatch done = new CountDownLatch(consumers);
        Connection c = new ActiveMQConnectionFactory(BENCH_USER, BENCH_PASSWORD, tcp).createConnection();
        c.start();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < consumers; i++) {
                Session session = c.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(CEILING_QUEUE));
                new Thread(() -> {
                    try {
                        while (left.get() > 0) {
                            if (consumer.receive(200) != null) {
                                session.commit();
                                left.decrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        done.countDown();
                    }
                }, "bench-bare-consumer-" + i).start();
            }
            done.await();
            return events / ((System.nanoTime() - t0) / 1e9);
        } finally {
            c.close();
        }
    }

    private static String event(int i) {
        String conf = "B%07d".formatted(i);
        return """
                {"eventId": "bench-%d", "type": "guest.checked_in", "source": "OPERA", "occurredAt": "2026-06-15T14:02:11+07:00",
                 "property": "BKK01", "phoneRegion": "TH",
                 "reservation": {"confirmationNumber": "%s", "arrival": "2026-06-15", "departure": "2026-06-18", "roomNumber": "%d"},
                 "guest": {"key": "G%06d", "names": [{"text": "GUEST%d/TEST MR", "format": "LAST/FIRST TITLE"}],
                           "emails": ["guest%d@example.net"]}}
                """.formatted(i, conf, 100 + i % 900, i * 2 / 3, i * 2 / 3, i * 2 / 3);
    }

    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** Seconds from the first stored event to the last, by their stored_at. */
    private static double storedSpan(GuestLink app) throws Exception {
        try (java.sql.Connection c = app.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MIN(stored_at), MAX(stored_at) FROM guest_event")) {
            rs.next();
            var first = rs.getObject(1, java.time.OffsetDateTime.class);
            var last = rs.getObject(2, java.time.OffsetDateTime.class);
            return java.time.Duration.between(first, last).toNanos() / 1e9;
        }
    }

    private static long count(GuestLink app) throws Exception {
        try (java.sql.Connection c = app.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM guest_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

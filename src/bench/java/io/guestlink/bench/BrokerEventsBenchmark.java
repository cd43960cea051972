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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JSON events through the broker into the store: a command that prints a table, not a test.
 *
 * <pre>
 * ./mvnw -q -B -Pbench test-compile exec:exec@bench-broker -Dbench.args="--events=5000 --consumers=1,4 --stores=h2,pg"
 * </pre>
 *
 * <p>For each store and number of consumers: N check-in events (distinct stays, 1 guest in 3 returning) are queued
 * on a fresh embedded broker (KahaDB on disk), then GuestLink starts with its real routes and drains the queue;
 * the rate is counted from the first stored event to the last (start-up excluded). Beside it, the ceiling: the same
 * broker and as many consumers that only take each message in its own committed transaction, as the route does.
 */
public final class BrokerEventsBenchmark {
    private static final String QUEUE = "guestlink.events";
    private static final String CEILING_QUEUE = "bench.ceiling";

    public static void main(String[] args) throws Exception {
        int events = 5000;
        List<Integer> consumers = List.of(1, 4);
        List<String> stores = List.of("h2");
        for (String a : String.join(" ", args).trim().split("\\s+")) {
            if (a.startsWith("--events=")) events = Integer.parseInt(a.substring(9));
            else if (a.startsWith("--consumers=")) consumers = Arrays.stream(a.substring(12).split(",")).map(Integer::parseInt).toList();
            else if (a.startsWith("--stores=")) stores = List.of(a.substring(9).split(","));
            else if (a.equals("--help")) {
                System.out.println("BrokerEventsBenchmark --events=N (5000) --consumers=1,4 --stores=h2,pg (h2)");
                return;
            }
        }
        List<String> rows = new ArrayList<>();
        for (String store : stores) {
            for (int c : consumers) {
                double[] r = run(store, c, events);
                rows.add(String.format(Locale.ROOT, "| %-5s | %9d | %6d | %10.0f | %12.0f | %5.2f |", store, c, events, r[0], r[1], r[0] / r[1]));
            }
        }
        System.out.println();
        System.out.println("| store | consumers | events | GuestLink events/s | ceiling msg/s | ratio |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** {events/s through GuestLink, messages/s of the bare transacted consumers}. */
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
        Settings settings = Settings.load(null, Map.of(), s);

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

        double rate;
        try (GuestLink app = GuestLink.start(settings)) {
            Main main = Runtime.start(app, Path.of("config/application.properties"), true);
            try {
                long first = 0;
                long last;
                while (true) {
                    long n = count(app);
                    long now = System.nanoTime();
                    if (n > 0 && first == 0) first = now;
                    if (n >= events) {
                        last = now;
                        break;
                    }
                    Thread.sleep(5);
                }
                rate = (events - 1) / ((last - first) / 1e9);
            } finally {
                main.stop();
            }
        }
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
        return new double[]{rate, ceiling};
    }

    /** A PMS sending check-ins: persistent, committed in batches of 500 to fill the queue quickly. */
    private static void fill(String tcp, String queue, int events) throws Exception {
        Connection c = new ActiveMQConnectionFactory(tcp).createConnection();
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
        Connection c = new ActiveMQConnectionFactory(tcp).createConnection();
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

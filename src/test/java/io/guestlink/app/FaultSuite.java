package io.guestlink.app;

import io.guestlink.config.Settings;
import io.guestlink.testing.PostgresServer;
import io.guestlink.testing.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite: faults injected against the real application, each GuestLink a JVM of its own ({@code run}, as in
 * production) on a PostgreSQL database of its own, then a table of what was sent, stored, doubled and lost. Not part of
 * {@code verify} (its name is no *IT): run it with
 * <pre>./mvnw -o -B verify -Dit.test=FaultSuite -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dfaults.rows=1000000</pre>
 * (docs/operations.md, "Faults survived", which lists every row and its {@code -Dfaults.*} parameters).
 * {@code -Dfaults.rows} is the size of the big file and of the legacy table (default 1,000,000).
 */
class FaultSuite {
    static final String FEED = InboxImportIT.FEED;
    static final String HEADER = InboxImportIT.HEADER;
    static final int ROWS = Integer.getInteger("faults.rows", 1_000_000);
    static final Duration LONG = Duration.ofMinutes(Integer.getInteger("faults.minutes", 60));
    static final List<String> TABLE = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void header() {
        TABLE.add(String.format("%-64s %10s %10s %8s %6s %8s", "fault", "sent", "stored", "doubled", "lost", "failed/"));
    }

    /** The GuestLink processes' logs, kept in target/fault-suite/ (the temporary folder goes with the test). */
    @org.junit.jupiter.api.AfterEach
    void keepLogs(org.junit.jupiter.api.TestInfo test) throws java.io.IOException {
        Path keep = Files.createDirectories(Path.of("target", "fault-suite"));
        try (var logs = Files.find(tmp, 2, (p, a) -> p.toString().endsWith(".log"))) {
            for (Path log : logs.toList())
                Files.copy(log, keep.resolve(test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test") + "-"
                        + log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @AfterAll
    static void print() {
        System.out.println();
        System.out.println("GuestLink fault suite (" + ROWS + " rows in the big file)");
        TABLE.forEach(System.out::println);
    }

    @Test
    void killMinus9MidFileThenRestart() throws Exception {
        String url = PostgresServer.createDatabase("guestlink_faults");
        try {
            Path inbox = Files.createDirectories(tmp.resolve("inbox"));
            drop(inbox, "big.csv", 1, ROWS, "K");
            Process a = start(tmp, "a", inbox, url);
            try {
                Wait.until("a third of the big file committed", LONG, () -> rowsRead(url) >= ROWS / 3, () -> "rows: " + rowsRead(url));
            } finally {
                a.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last batch
            }
            long atKill = rowsRead(url);
            Process b = start(tmp, "b", inbox, url);
            try {
                Wait.until("the big file done after the restart", LONG, () -> "DONE".equals(status(url)), () -> "rows: " + rowsRead(url));
            } finally {
                stop(b);
            }
            row("kill -9 mid-file (at row " + atKill + "), restart", url, ROWS, inbox);
        } finally {
            PostgresServer.dropDatabase(url);
        }
    }

    /**
     * The database away mid-file for {@code faults.outage-seconds} (10): the process's connections hang, then drop, and
     * new ones are refused, through a proxy. It is what a PostgreSQL restart looks like to GuestLink; the server itself
     * is not restarted because other suites share it (with a server of its own, {@code pg_ctlcluster <v> main restart}
     * does the same).
     */
    @Test
    void databaseAwayMidFile() throws Exception {
        String url = PostgresServer.createDatabase("guestlink_faults");
        int seconds = Integer.getInteger("faults.outage-seconds", 10);
        try (io.guestlink.testing.FaultyProxy proxy = io.guestlink.testing.FaultyProxy.postgres(0)) {
            Path inbox = Files.createDirectories(tmp.resolve("inbox"));
            drop(inbox, "big.csv", 1, ROWS, "D");
            Process a = start(tmp, "a", inbox, proxy.through(url));
            try {
                Wait.until("a third of the big file committed", LONG, () -> rowsRead(url) >= ROWS / 3, () -> "rows: " + rowsRead(url));
                proxy.stall();
                Thread.sleep(1000);
                proxy.cut();
                Thread.sleep(seconds * 1000L);
                proxy.restore();
                Wait.until("the big file done after the outage", LONG, () -> "DONE".equals(status(url)), () -> "rows: " + rowsRead(url));
            } finally {
                stop(a);
            }
            row("PostgreSQL away " + seconds + " s mid-file (cut, refused)", url, ROWS, inbox);
        } finally {
            PostgresServer.dropDatabase(url);
        }
    }

    @Test
    void twoProcessesOnOneInbox() throws Exception {
        String url = PostgresServer.createDatabase("guestlink_faults");
        try {
            Path inbox = Files.createDirectories(tmp.resolve("inbox"));
            Process a = start(tmp, "a", inbox, url);
            Process b = start(tmp, "b", inbox, url);
            int files = 10;
            int per = Math.max(1, ROWS / 10 / files);
            try {
                Wait.until("both processes started", LONG, () -> count(url, "SELECT COUNT(*) FROM flyway_schema_history") > 0);
                Thread.sleep(5000);
                for (int f = 0; f < files; f++) drop(inbox, "part" + f + ".csv", f * per + 1, (f + 1) * per, "P");
                Wait.until("every file done", LONG, () -> count(url, "SELECT COUNT(*) FROM import_file WHERE status = 'DONE'") == files,
                        () -> "runs done: " + count(url, "SELECT COUNT(*) FROM import_file WHERE status = 'DONE'"));
            } finally {
                stop(a);
                stop(b);
            }
            row("two processes on one inbox (" + files + " files)", url, (long) files * per, inbox);
            assertThat(list(inbox.resolve("test-res").resolve("failed"))).as("files in failed/").isEmpty();
            assertThat(count(url, "SELECT COUNT(*) FROM import_file")).as("runs: one per file").isEqualTo(files);
        } finally {
            PostgresServer.dropDatabase(url);
        }
    }

    /**
     * The store away while a database feed's first poll loads the legacy table: the legacy PMS is a PostgreSQL database
     * of its own, reached directly; GuestLink's store is reached through the proxy, which hangs, drops and refuses for
     * {@code faults.outage-seconds}. A store call waits 2 s for a connection here (guestlink.db.connection-timeout-ms;
     * the default 30 s outwaits a 10 s outage and the poll merely pauses), so the poll fails; the timer polls again
     * from the last committed batch (its watermark), and every legacy row must be stored once.
     */
    @Test
    void databaseAwayMidPoll() throws Exception {
        String url = PostgresServer.createDatabase("guestlink_faults");
        String legacy = PostgresServer.createDatabase("legacy_faults");
        int seconds = Integer.getInteger("faults.outage-seconds", 10);
        try (io.guestlink.testing.FaultyProxy proxy = io.guestlink.testing.FaultyProxy.postgres(0)) {
            try (Connection c = DriverManager.getConnection(legacy, PostgresServer.USER, ""); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE reservation (res_id BIGINT PRIMARY KEY, conf_no VARCHAR(20), guest_id BIGINT, "
                        + "guest_name VARCHAR(100), arrival DATE, departure DATE, status VARCHAR(12), "
                        + "updated_at TIMESTAMP(0) WITHOUT TIME ZONE)");
                // stamped two days ago (whatever the zones, before the legacy clock), 50 rows sharing each second
                s.execute("INSERT INTO reservation SELECT i, 'L' || i, i, 'GUEST/NUMBER MR', DATE '2026-12-01', "
                        + "DATE '2026-12-03', 'RES', LOCALTIMESTAMP(0) - INTERVAL '2 days' + (i / 50) * INTERVAL '1 second' "
                        + "FROM generate_series(1, " + ROWS + ") i");
                s.execute("CREATE INDEX reservation_changes ON reservation (updated_at, res_id)");
            }
            String feed = """
                    id: legacy
                    system: LEGACYPMS
                    kind: reservation
                    property: BKK01
                    timeZone: UTC
                    currency: THB
                    poll:
                      url: %s
                      user: %s
                      query: SELECT res_id, conf_no, guest_id, guest_name, arrival, departure, status, updated_at FROM reservation
                      watermark: updated_at
                      tieBreaker: res_id
                      lag: PT10S
                      every: PT1S
                      batchSize: 500
                    key: [res_id]
                    fields:
                      reservation.confirmationNumber: conf_no
                      guest.key: guest_id
                      guest.name: guest_name
                      reservation.arrival: arrival
                      reservation.departure: departure
                      reservation.status: { column: status, codes: resStatus }
                    codes:
                      resStatus: { "RES": "BOOKED" }
                    """.formatted(legacy, PostgresServer.USER);
            Path inbox = Files.createDirectories(tmp.resolve("inbox"));
            String stored = "SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS'";
            // a store call waits 2 s for a connection (default 30 s, which would outwait the outage): the poll fails
            Process a = start(tmp, "a", inbox, proxy.through(url), Map.of("legacy", feed),
                    Map.of(Settings.DB_CONNECTION_TIMEOUT.key(), "2000"), Map.of());
            long atCut;
            try {
                Wait.until("a third of the legacy table stored", LONG, () -> count(url, stored) >= ROWS / 3,
                        () -> "stored: " + count(url, stored));
                proxy.stall();
                Thread.sleep(1000);
                proxy.cut();
                atCut = count(url, stored);
                Thread.sleep(seconds * 1000L);
                proxy.restore();
                Wait.until("every legacy row stored after the outage", LONG, () -> count(url, stored) >= ROWS,
                        () -> "stored: " + count(url, stored));
                Thread.sleep(5000); // a few more polls: the lag window read again must change nothing
            } finally {
                stop(a);
            }
            long records = count(url, stored);
            long keys = count(url, "SELECT COUNT(DISTINCT source_key) FROM source_record WHERE system = 'LEGACYPMS'");
            long rewritten = count(url, "SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS' AND version > 1");
            // a row journaled as written (IMPORTED or UPDATED) by more than one poll was applied twice
            long journaledWrites = count(url, "SELECT COUNT(*) FROM import_row r JOIN import_file f ON f.id = r.file_id "
                    + "WHERE f.source_id = 'legacy' AND r.outcome IN ('IMPORTED', 'UPDATED')");
            long journaledKeys = count(url, "SELECT COUNT(DISTINCT r.source_key) FROM import_row r JOIN import_file f "
                    + "ON f.id = r.file_id WHERE f.source_id = 'legacy' AND r.outcome IN ('IMPORTED', 'UPDATED')");
            long doubled = (records - keys) + rewritten + (journaledWrites - journaledKeys);
            assertThat(Files.readString(tmp.resolve("a").resolve("a.log"))).as("the outage reached the poll")
                    .contains("poll of feed legacy failed, retrying in the next poll");
            counted("PostgreSQL away " + seconds + " s mid-poll (" + atCut + " of " + ROWS + " stored)", ROWS, keys, doubled,
                    ROWS - keys);
        } finally {
            PostgresServer.dropDatabase(url);
            PostgresServer.dropDatabase(legacy);
        }
    }

    /**
     * A webhook channel down for {@code faults.webhook-down-s} (600: ten minutes) while arrivals keep coming: the
     * receiver (the JDK's HTTP server) answers 200, then 503 for the first half of the outage, then is closed
     * (connection refused) for the second half, then answers 200 again. The rule sends every check-in to the webhook,
     * with the shipped delivery settings (backoff 1 s doubling to 10 min, 20 attempts). Counted at the receiver: each
     * alert id answered 200 once; a second 200 for the same id is doubled, an id never answered 200 is lost.
     * The check-ins are stored straight into the store, as the intake stores them, and the sweep evaluates them.
     */
    @Test
    void webhookDown() throws Exception {
        String url = PostgresServer.createDatabase("guestlink_faults");
        int downSeconds = Integer.getInteger("faults.webhook-down-s", 600);
        int alerts = Integer.getInteger("faults.alerts", 60);
        byte[] secret = "fault-suite-webhook-secret-0123456789".getBytes(StandardCharsets.UTF_8);
        int port = io.guestlink.testing.FreePorts.any();
        try (Hook hook = new Hook(port, secret)) {
            Path inbox = Files.createDirectories(tmp.resolve("inbox"));
            Files.writeString(Files.createDirectories(tmp.resolve("a")).resolve("alerts.yaml"), """
                    properties: [BKK01]
                    delivery:
                      leaseMs: 60000
                      batch: 50
                      eventGraceMs: 2000
                      queue: 1000
                      backoff: { firstMs: 1000, factor: 2.0, maxMs: 600000, maxAttempts: 20 }
                    channels:
                      hook: { type: webhook, url: "http://127.0.0.1:%d/hook", secretEnv: GUESTLINK_FAULTS_HOOK_SECRET, timeoutMs: 5000 }
                    rules:
                      - id: every-arrival
                        on: [CHECKED_IN]
                        audience: front-desk
                        channels: [hook]
                    """.formatted(port));
            drop(inbox, "guests.csv", 1, alerts, "W");
            Process a = start(tmp, "a", inbox, url, Map.of(), Map.of(Settings.ALERTS_SWEEP.key(), "200"),
                    Map.of("GUESTLINK_FAULTS_HOOK_SECRET", new String(secret, StandardCharsets.UTF_8)));
            try {
                Wait.until("the guests imported", LONG, () -> "DONE".equals(status(url)), () -> "status: " + status(url));
                List<Long> profiles = new ArrayList<>();
                try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT DISTINCT profile_id FROM source_record ORDER BY profile_id")) {
                    while (rs.next()) profiles.add(rs.getLong(1));
                }
                assertThat(profiles).hasSize(alerts);
                int third = alerts / 3;
                checkIns(url, profiles.subList(0, third));
                Wait.until("the first third accepted while the webhook is up", LONG, () -> hook.acceptedIds().size() >= third,
                        () -> "accepted: " + hook.acceptedIds().size());
                hook.answer503();
                checkIns(url, profiles.subList(third, 2 * third));
                Thread.sleep(downSeconds * 500L);
                hook.closeServer();
                checkIns(url, profiles.subList(2 * third, alerts));
                Thread.sleep(downSeconds * 500L);
                hook.reopen();
                Wait.until("every alert accepted by the webhook", LONG, () -> new java.util.HashSet<>(hook.acceptedIds()).size() >= alerts,
                        () -> "accepted: " + new java.util.HashSet<>(hook.acceptedIds()).size() + " of " + alerts);
                Thread.sleep(5000); // a late second delivery would show here
            } finally {
                stop(a);
            }
            long written = count(url, "SELECT COUNT(*) FROM alert");
            long failedAttempts = count(url, "SELECT COUNT(*) FROM alert_attempt WHERE outcome = 'FAILED'");
            List<String> accepted = hook.acceptedIds();
            long distinct = accepted.stream().distinct().count();
            assertThat(hook.refused()).as("requests answered 503 while down").isPositive();
            assertThat(written).as("alerts in the outbox, one per check-in").isEqualTo(alerts);
            assertThat(failedAttempts).as("attempts that failed while the webhook was down").isPositive();
            counted("webhook down " + downSeconds + " s (503, closed; " + failedAttempts + " failed tries)", alerts, distinct, accepted.size() - distinct,
                    alerts - distinct);
        } finally {
            PostgresServer.dropDatabase(url);
        }
    }

    /**
     * The disk holding the inbox full: the inbox (and so its done/ archive) on a tmpfs of {@code faults.disk-mb} (4) MB
     * mounted for the test (root only; without it the row says why and the test is skipped). Files are dropped while
     * GuestLink is stopped, the disk is filled to the last byte, GuestLink started: each file has rejected rows, whose
     * CSV goes beside the archived file in done/ and cannot be written. After {@code faults.disk-full-s} (20) the filler
     * is deleted. Each file must be stored once, none in failed/, each with its rejects CSV in done/.
     */
    @Test
    void inboxDiskFull() throws Exception {
        Path disk = Files.createDirectories(tmp.resolve("disk"));
        int mb = Integer.getInteger("faults.disk-mb", 4);
        int fullSeconds = Integer.getInteger("faults.disk-full-s", 20);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mb + "m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String mountSays = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (mount.waitFor() != 0) {
            TABLE.add(String.format("%-64s %s", "inbox disk full", "skipped: cannot mount a tmpfs (" + mountSays + ")"));
            org.junit.jupiter.api.Assumptions.abort("cannot mount a tmpfs: " + mountSays);
        }
        String url = PostgresServer.createDatabase("guestlink_faults");
        try {
            Path inbox = Files.createDirectories(disk.resolve("inbox"));
            int files = 5;
            int per = Math.max(10, Math.min(ROWS / 10, 2000) / files);
            int bad = 0;
            for (int f = 0; f < files; f++) bad += dropWithRejects(inbox, "full" + f + ".csv", f * per + 1, (f + 1) * per, "F");
            long filled = fill(disk.resolve("filler"));
            int wentToFailed;
            Process a = start(tmp, "a", inbox, url);
            try {
                Wait.until("the first file read", LONG, () -> rowsRead(url) > 0, () -> "rows: " + rowsRead(url));
                Thread.sleep(fullSeconds * 1000L);
                Files.delete(disk.resolve("filler"));
                // a file that went to failed/ is moved back under its name, as an operator would (issue 15 says none
                // should go there: disk full is a transient failure)
                Path failed = inbox.resolve("test-res").resolve("failed");
                List<Path> inFailed = list(failed);
                wentToFailed = inFailed.size();
                for (Path f : inFailed) {
                    String original = f.getFileName().toString().replaceFirst("^\\d{8}-\\d{6}-", "");
                    Files.move(f, inbox.resolve("test-res").resolve(original));
                }
                Wait.until("every file archived in done/ after space came back", LONG, () -> list(inbox.resolve("test-res")).isEmpty()
                                && count(url, "SELECT COUNT(*) FROM import_file WHERE status = 'DONE'") >= files,
                        () -> "in the inbox: " + list(inbox.resolve("test-res")) + ", runs done: "
                                + count(url, "SELECT COUNT(*) FROM import_file WHERE status = 'DONE'"));
                Thread.sleep(3000); // a file taken twice would show here
            } finally {
                stop(a);
            }
            long rejected = count(url, "SELECT COUNT(*) FROM import_row WHERE outcome = 'REJECTED'");
            List<Path> done = list(inbox.resolve("test-res").resolve("done"));
            long rejectsCsvs = done.stream().filter(p -> p.getFileName().toString().endsWith(".rejects.csv")).count();
            // doubled counts journal rows too: a file taken again journals its rejected rows a second time
            row("inbox disk full " + fullSeconds + " s (" + (filled >> 10) + " KB filler, " + files + " files)", url,
                    (long) files * per - bad, inbox, wentToFailed);
            assertThat(rejected).as("rejected rows journaled once").isEqualTo(bad);
            assertThat(rejectsCsvs).as("a rejects CSV beside each archived file").isEqualTo(files);
            assertThat(count(url, "SELECT COUNT(*) FROM import_file")).as("runs: one per file").isEqualTo(files);
        } finally {
            try {
                PostgresServer.dropDatabase(url);
            } finally {
                new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor();
            }
        }
    }

    /** Writes zeros until the disk is full; the bytes written. */
    private static long fill(Path filler) throws java.io.IOException {
        long n = 0;
        byte[] chunk = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                out.flush();
                n += chunk.length;
            }
        } catch (java.io.IOException full) {
            if (n == 0) throw full;
            return n;
        }
    }

    /** A file whose every 20th row has an arrival that is no date (rejected); the number of such rows. */
    private static int dropWithRejects(Path inbox, String name, int from, int to, String prefix) throws Exception {
        Path dir = Files.createDirectories(inbox.resolve("test-res"));
        Path part = dir.resolve("." + name + ".part");
        int bad = 0;
        try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            for (int i = from; i <= to; i++) {
                boolean reject = i % 20 == 0;
                if (reject) bad++;
                w.write(prefix + i + ",G" + prefix + i + ",GUEST/NUMBER MR,,," + (reject ? "2025-13-45" : "2025-06-08")
                        + ",2025-06-10,100\n");
            }
        }
        Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return bad;
    }

    /**
     * The broker stopped mid-stream: the hotel's broker (an ActiveMQ BrokerService in the suite's JVM, persistent, on
     * a TCP port; GuestLink's JVM reaches it as an external broker through {@code failover:}) is stopped while a PMS
     * sends JSON events to it one by one and GuestLink consumes them, then started again on the same data after
     * {@code faults.outage-seconds}. The PMS's client (failover too) resends what it could not send. Every event must be
     * stored once (one guest_event per message id).
     */
    @Test
    void brokerStoppedMidStream() throws Exception {
        String url = PostgresServer.createDatabase("guestlink_faults");
        int seconds = Integer.getInteger("faults.outage-seconds", 10);
        int events = Math.max(30, Math.min(ROWS / 10, 3000));
        int port = io.guestlink.testing.FreePorts.any();
        String tcp = "tcp://127.0.0.1:" + port;
        String failover = "failover:(" + tcp + ")?initialReconnectDelay=100&maxReconnectDelay=1000";
        Path data = Files.createDirectories(tmp.resolve("hotel-broker"));
        org.apache.activemq.broker.BrokerService[] broker = {hotelBroker(data, tcp)};
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> pmsFailed = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            Path inbox = Files.createDirectories(tmp.resolve("inbox"));
            Process a = start(tmp, "a", inbox, url, Map.of(), Map.of(Settings.BROKER_EMBEDDED.key(), "false",
                    Settings.BROKER_URL.key(), failover), Map.of(Settings.BROKER_USER.envName(), "guestlink",
                    Settings.BROKER_PASSWORD.envName(), "fault-suite-broker-secret"));
            Thread pms = new Thread(() -> {
                try (QueueClient client = new QueueClient(failover, "guestlink", "fault-suite-broker-secret")) {
                    for (int i = 0; i < events; i++) {
                        client.send(BrokerEventsIT.QUEUE, EventMessages.reservation("fault-%05d".formatted(i),
                                "reservation.created", "B%05d".formatted(i)));
                        sent.incrementAndGet();
                        Thread.sleep(10);
                    }
                } catch (Throwable e) {
                    pmsFailed.set(e);
                }
            }, "pms");
            String stored = "SELECT COUNT(DISTINCT message_id) FROM guest_event";
            try {
                Wait.until("GuestLink started", LONG, () -> count(url, "SELECT COUNT(*) FROM flyway_schema_history") > 0);
                pms.start();
                Wait.until("a third of the events stored", LONG, () -> count(url, stored) >= events / 3,
                        () -> "stored: " + count(url, stored) + ", sent: " + sent.get() + ", pms: " + pmsFailed.get());
                broker[0].stop();
                broker[0].waitUntilStopped();
                long atStop = count(url, stored);
                Thread.sleep(seconds * 1000L);
                broker[0] = hotelBroker(data, tcp);
                pms.join(LONG.toMillis());
                assertThat(pmsFailed.get()).as("the PMS's sends").isNull();
                Wait.until("every event stored after the broker came back", LONG, () -> count(url, stored) >= events,
                        () -> "stored: " + count(url, stored) + " of " + events);
                Thread.sleep(5000); // a message delivered again would show here
                long rows = count(url, "SELECT COUNT(*) FROM guest_event");
                long distinct = count(url, stored);
                counted("broker stopped " + seconds + " s mid-stream (at " + atStop + " stored)", sent.get(), distinct,
                        rows - distinct, events - distinct);
            } finally {
                stop(a);
            }
        } finally {
            broker[0].stop();
            PostgresServer.dropDatabase(url);
        }
    }

    /** The hotel's broker: persistent on {@code data}, one OpenWire connector, one application user. */
    private static org.apache.activemq.broker.BrokerService hotelBroker(Path data, String tcp) throws Exception {
        var b = new org.apache.activemq.broker.BrokerService();
        b.setBrokerName("hotel");
        b.setUseJmx(false);
        b.setUseShutdownHook(false);
        b.setDataDirectoryFile(data.toFile());
        b.setPlugins(new org.apache.activemq.broker.BrokerPlugin[]{
                new io.guestlink.app.camel.BrokerPassword("guestlink", "fault-suite-broker-secret")});
        b.addConnector(tcp);
        b.start();
        b.waitUntilStarted();
        return b;
    }

    /** CHECKED_IN events for these guests, stored as the intake stores them (the alert sweep evaluates them). */
    private static void checkIns(String url, List<Long> profiles) throws Exception {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Bangkok"));
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); var ps = c.prepareStatement(
                "INSERT INTO guest_event (event_type, system, message_id, property, profile_id, confirmation, room_no, arrival, "
                        + "departure, occurred_at, business_date, stored_at) VALUES ('CHECKED_IN', 'PMS', ?, 'BKK01', ?, ?, ?, ?, ?, "
                        + "CURRENT_TIMESTAMP, ?, CURRENT_TIMESTAMP)")) {
            for (long p : profiles) {
                ps.setString(1, "faults-" + p);
                ps.setLong(2, p);
                ps.setString(3, "F" + p);
                ps.setString(4, String.valueOf(1000 + p % 900));
                ps.setObject(5, today);
                ps.setObject(6, today.plusDays(3));
                ps.setObject(7, today);
                ps.executeUpdate();
            }
        }
    }

    /**
     * The webhook receiver: answers 200 to a correctly signed request (that id is then accepted), 503 while told to,
     * and can be closed (connection refused) and opened again on the same port.
     */
    static final class Hook implements AutoCloseable {
        private final int port;
        private final byte[] secret;
        private final List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean unavailable;
        private com.sun.net.httpserver.HttpServer server;

        Hook(int port, byte[] secret) throws java.io.IOException {
            this.port = port;
            this.secret = secret;
            open();
        }

        private void open() throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", port), 50);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/hook", ex -> {
                byte[] body;
                try (var in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String id = ex.getRequestHeaders().getFirst(io.guestlink.alert.WebhookSignature.ID_HEADER);
                boolean valid = io.guestlink.alert.WebhookSignature.verify(secret, body,
                        ex.getRequestHeaders().getFirst(io.guestlink.alert.WebhookSignature.HEADER));
                int status = unavailable ? 503 : valid ? 200 : 401;
                try {
                    ex.sendResponseHeaders(status, -1);
                    if (status == 200) accepted.add(id);
                    else if (status == 503) refused.incrementAndGet();
                } catch (java.io.IOException gone) {
                    // the sender gave up before the answer: not accepted
                }
                ex.close();
            });
            server.start();
        }

        void answer503() {
            unavailable = true;
        }

        void closeServer() {
            server.stop(0);
        }

        void reopen() throws java.io.IOException {
            unavailable = false;
            open();
        }

        List<String> acceptedIds() {
            return List.copyOf(accepted);
        }

        int refused() {
            return refused.get();
        }

        @Override
        public void close() {
            try {
                server.stop(0);
            } catch (IllegalStateException alreadyClosed) {
                // closed by the test (the outage's second half) and not reopened: the test failed before
            }
        }
    }

    /** One line of the table from counts made by the test, and the suite fails on anything lost or doubled. */
    private static void counted(String fault, long sent, long stored, long doubled, long lost) {
        TABLE.add(String.format("%-64s %10d %10d %8d %6d %8s", fault, sent, stored, doubled, lost, "-"));
        assertThat(doubled).as(fault + ": doubled").isZero();
        assertThat(lost).as(fault + ": lost").isZero();
    }

    /** One line of the table, and the suite fails on anything lost or doubled. */
    private static void row(String fault, String url, long sent, Path inbox) throws Exception {
        row(fault, url, sent, inbox, list(inbox.resolve("test-res").resolve("failed")).size());
    }

    /** @param wentToFailed files that went to failed/ during the test (moved back by it, as an operator would) */
    private static void row(String fault, String url, long sent, Path inbox, int wentToFailed) throws Exception {
        long stored = count(url, "SELECT COUNT(DISTINCT source_key) FROM source_record");
        long journaled = count(url, "SELECT COUNT(*) FROM import_row");
        long distinctLines = count(url, "SELECT COUNT(*) FROM (SELECT DISTINCT f.file_name, r.line_no FROM import_row r "
                + "JOIN import_file f ON f.id = r.file_id) x");
        long records = count(url, "SELECT COUNT(*) FROM source_record");
        long doubled = (journaled - distinctLines) + (records - stored);
        long lost = sent - stored;
        TABLE.add(String.format("%-64s %10d %10d %8d %6d %8d", fault, sent, stored, doubled, lost, wentToFailed));
        assertThat(doubled).as(fault + ": doubled").isZero();
        assertThat(lost).as(fault + ": lost").isZero();
        assertThat(list(inbox.resolve("test-res").resolve("failed"))).as(fault + ": failed/").isEmpty();
        assertThat(wentToFailed).as(fault + ": files that went to failed/ (only a file that does not fit its feed may)").isZero();
    }

    /** A GuestLink {@code run} in a JVM of its own, on the test's classpath, its log in {@code <root>/<name>.log}. */
    private static Process start(Path root, String name, Path inbox, String url) throws Exception {
        return start(root, name, inbox, url, Map.of(), Map.of(), Map.of());
    }

    /** The same, with more feed files ({@code sources/<id>.yaml}), settings over the suite's, and environment variables. */
    private static Process start(Path root, String name, Path inbox, String url, Map<String, String> feeds,
                                 Map<String, String> extra, Map<String, String> env) throws Exception {
        Path home = Files.createDirectories(root.resolve(name));
        Path sources = Files.createDirectories(root.resolve("sources"));
        Files.writeString(sources.resolve("test-res.yaml"), FEED);
        for (var f : feeds.entrySet()) Files.writeString(sources.resolve(f.getKey() + ".yaml"), f.getValue());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.guestlink.app.cli.GuestLinkCli"));
        Map<String, String> set = new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry(Settings.SOURCES_DIR.key(), sources.toString()),
                Map.entry(Settings.INBOX_DIR.key(), inbox.toString()),
                Map.entry(Settings.DB_URL.key(), url),
                Map.entry(Settings.DB_USER.key(), PostgresServer.USER),
                Map.entry(Settings.POLL_DELAY.key(), "500"),
                Map.entry(Settings.READ_LOCK_INTERVAL.key(), "500"),
                Map.entry(Settings.ALERTS_CONFIG.key(), home.resolve("alerts.yaml").toString()),
                Map.entry(Settings.BROKER_URL.key(), "vm://faults-" + name + "?create=false"),
                Map.entry(Settings.BROKER_DATA_DIR.key(), home.resolve("activemq").toString()),
                Map.entry(Settings.HL7_ENABLED.key(), "false"),
                Map.entry(Settings.HTTP_ENABLED.key(), "false")));
        set.putAll(extra);
        set.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        cmd.add("run");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile()).directory(new File(System.getProperty("user.dir")));
        pb.environment().put(Settings.HMAC_KEY.envName(), "fault-suite-key-0123456789");
        pb.environment().put(Settings.STORE_KEY.envName(), "fault-suite-store-key-0123456789abcdef"); // a PostgreSQL store needs one
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
    }

    private static void drop(Path inbox, String name, int from, int to, String prefix) throws Exception {
        Path dir = Files.createDirectories(inbox.resolve("test-res"));
        Path part = dir.resolve("." + name + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            for (int i = from; i <= to; i++)
                w.write(prefix + i + ",G" + prefix + i + ",GUEST/NUMBER MR,,,2025-06-08,2025-06-10,100\n");
        }
        Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static long rowsRead(String url) throws Exception {
        return count(url, "SELECT COALESCE(MAX(rows_read), 0) FROM import_file");
    }

    private static String status(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status FROM import_file ORDER BY id DESC")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (java.sql.SQLException e) {
            return null; // not migrated yet
        }
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1; // not migrated yet
        }
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}

package io.guestlink.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.access.Role;
import io.guestlink.config.Settings;
import io.guestlink.hl7.MllpWire;
import io.guestlink.testing.ApiClient;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics, readiness and logs of the real application (HTTP, MLLP listener, embedded broker, a file feed, a database
 * feed on an H2 legacy database, alert channels, JSON logs): a file with a bad row and HL7 messages answered AA, AE and
 * AR show in /metrics with their feed and code labels; every metric docs/operations.md names is exposed and every
 * guestlink_* metric exposed is documented; readiness goes DOWN over a backlog threshold and for a failed file, with
 * the reason, and UP again once drained or fixed; the console writes parseable JSON lines carrying feed and run ids
 * and nothing personal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
    static final String GUEST_NAME = "OBSERVA/TIONIST MR";
    static final String GUEST_EMAIL = "observed.guest@example.net";
    static final String HL7_FAMILY = "ZZWATCHED";

    @RegisterExtension
    static final PhiLogScan LOGS = PhiLogScan.of(GUEST_NAME, "OBSERVA", "TIONIST", GUEST_EMAIL, "+66 81 999 4321",
            "G-OBS-1", "G-OBS-2", HL7_FAMILY, "ZZGIVEN", "P-OBS-9", "LEGACY/GUEST MS", "L-OBS-7");

    static final String FEED = """
            id: obs-res
            system: OBSPMS
            kind: reservation
            property: BKK01
            timeZone: Asia/Bangkok
            phoneRegion: TH
            currency: THB
            format:
              type: delimited
              delimiter: ","
            key: [CONF]
            fields:
              guest.key: GUEST_ID
              guest.name: { column: NAME, nameFormat: "LAST/FIRST TITLE" }
              guest.email: EMAIL
              guest.phone: PHONE
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
            """;
    static final String HEADER = "CONF,GUEST_ID,NAME,EMAIL,PHONE,ARR,DEP\n";

    Path root;
    TestApp t;
    ApiClient api;
    int hl7Port;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream originalErr;

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("guestlink-obs");
        String legacyUrl = "jdbc:h2:file:" + root.resolve("legacy/pms").toAbsolutePath();
        try (var c = DriverManager.getConnection(legacyUrl, "sa", ""); var s = c.createStatement()) {
            s.execute("CREATE TABLE reservation (res_id INT PRIMARY KEY, conf_no VARCHAR(20), guest_id VARCHAR(20), "
                    + "guest_name VARCHAR(80), arrival DATE, departure DATE, updated_at TIMESTAMP)");
            s.execute("INSERT INTO reservation VALUES (1, 'L-C1', 'L-OBS-7', 'LEGACY/GUEST MS', DATE '2026-12-01', "
                    + "DATE '2026-12-03', TIMESTAMP '2026-12-01 08:00:00')");
        }
        String legacyFeed = """
                id: obs-legacy
                system: OBSLEGACY
                kind: reservation
                property: BKK01
                timeZone: UTC
                currency: THB
                poll:
                  url: %s
                  user: sa
                  query: SELECT RES_ID, CONF_NO, GUEST_ID, GUEST_NAME, ARRIVAL, DEPARTURE, UPDATED_AT FROM reservation
                  watermark: UPDATED_AT
                  lag: PT10S
                  every: PT0.5S
                  batchSize: 50
                key: [RES_ID]
                fields:
                  reservation.confirmationNumber: CONF_NO
                  guest.key: GUEST_ID
                  guest.name: { column: GUEST_NAME, nameFormat: "LAST/FIRST TITLE" }
                  reservation.arrival: ARRIVAL
                  reservation.departure: DEPARTURE
                """.formatted(legacyUrl);
        int httpPort = FreePorts.any();
        hl7Port = FreePorts.any();
        String alerts = """
                properties: [BKK01]
                channels:
                  topic:
                    type: activemq-topic
                    destination: guestlink.alerts.obs
                  floor:
                    type: hl7-mllp
                    host: 127.0.0.1
                    port: %d
                    timeoutMs: 1000
                    receivingApplication: FLOOR
                    receivingFacility: BKK01
                rules:
                  - id: every-check-in
                    on: [CHECKED_IN]
                    audience: front-desk
                    channels: [topic, floor]
                """.formatted(FreePorts.any()); // nobody listens there: every floor delivery fails
        Map<String, String> settings = new LinkedHashMap<>(ApiClient.settings(root, httpPort));
        settings.put(Settings.HL7_ENABLED.key(), "true");
        settings.put(Settings.HL7_PORT.key(), Integer.toString(hl7Port));
        settings.put(Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1");
        settings.put(Settings.LOG_FORMAT.key(), "json");
        settings.put(Settings.HEALTH_DEAD_LETTER_MAX.key(), "0");
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, console), true, StandardCharsets.UTF_8));
        t = TestApp.in(root).feeds(Map.of("obs-res", FEED, "obs-legacy", legacyFeed)).settings(settings)
                .env(ApiClient.env()).alerts(alerts).start();
        api = new ApiClient(httpPort);
    }

    @AfterAll
    void stop() {
        try {
            if (t != null) t.close();
        } finally {
            System.setErr(originalErr);
            // the JVM's next tests log as text again
            LogFormat.apply(Settings.load(null, Map.of(), Map.of()));
        }
    }

    static String a01(String controlId, String guest, String facility) {
        String m = String.join("\r", "MSH|^~\\&|OBSPMS|" + facility + "|GL|GL|20261201120000||ADT^A01|" + controlId + "|P|2.5",
                "EVN|A01|20261201120000", "PID|1||" + guest + "^^^PMS||" + HL7_FAMILY + "^ZZGIVEN||19780314|M",
                "PV1|1|I|^1208^^" + facility + "||||||||||||||||" + "P-OBS-9" + controlId);
        LOGS.sentHl7(m);
        return m;
    }

    String sendHl7(String message) throws Exception {
        MllpWire.Outcome o = MllpWire.exchange(hl7Port, MllpWire.frame(message), Duration.ofSeconds(20));
        assertThat(o).as("an ACK").isInstanceOf(MllpWire.Ack.class);
        return ((MllpWire.Ack) o).code();
    }

    String metrics() throws Exception {
        HttpResponse<String> r = api.get("/metrics", "Bearer " + ApiClient.TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of one sample line, e.g. {@code guestlink_hl7_acks_total{code="AE"}}; null when absent. */
    static Double sample(String body, String nameAndLabels) {
        return body.lines().filter(l -> l.startsWith(nameAndLabels + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(null);
    }

    Double awaitSample(String nameAndLabels, java.util.function.DoublePredicate ok) throws Exception {
        return Wait.forValue(nameAndLabels, Duration.ofSeconds(30), () -> {
            Double v = sample(metrics(), nameAndLabels);
            return v != null && ok.test(v) ? v : null;
        }, () -> metrics().lines().filter(l -> l.startsWith("guestlink_")).reduce("", (a, b) -> a + "\n" + b));
    }

    @Test
    @Order(1)
    void aFileWithABadRowAndHl7AnswersShowInMetricsWithTheirLabels() throws Exception {
        t.drop("obs-res", "night.csv", HEADER
                + "C1,G-OBS-1," + GUEST_NAME + "," + GUEST_EMAIL + ",+66 81 999 4321,2026-12-01,2026-12-03\n"
                + "C2,G-OBS-2,OBSERVA/ANNA MS,,,2026-12-05,2026-12-02\n");
        var run = t.awaitRun("obs-res", "night.csv");
        assertThat(run.counts().rejected()).isEqualTo(1);

        assertThat(sendHl7(a01("OBS-AA", "G-OBS-H1", "BKK01"))).isEqualTo("AA");
        // no facility anywhere and no guestlink.hl7.property: understood, not applicable
        assertThat(sendHl7(a01("OBS-AE", "G-OBS-H2", "").replace("^1208^^|", "^1208|"))).isEqualTo("AE");
        assertThat(sendHl7("MSH|^~\\&|OBSPMS|BKK01|GL|GL|20261201120000||ZZZ^Z99|OBS-AR|P|2.5\rEVN|Z99|20261201120000"))
                .isEqualTo("AR");

        assertThat(awaitSample("guestlink_rows_imported_total{feed=\"obs-res\"}", v -> v >= 1)).isEqualTo(1.0);
        assertThat(awaitSample("guestlink_rows_rejected_total{feed=\"obs-res\"}", v -> v >= 1)).isEqualTo(1.0);
        String body = metrics();
        assertThat(sample(body, "guestlink_hl7_acks_total{code=\"AA\"}")).isEqualTo(1.0);
        assertThat(sample(body, "guestlink_hl7_acks_total{code=\"AE\"}")).isEqualTo(1.0);
        assertThat(sample(body, "guestlink_hl7_acks_total{code=\"AR\"}")).isEqualTo(1.0);
        // the check-in wrote an alert (fast path) and the topic delivered it; the floor channel fails
        assertThat(sample(body, "guestlink_alert_written_seconds_count")).isEqualTo(1.0);
        awaitSample("guestlink_alert_delivered_seconds_count{channel=\"topic\"}", v -> v >= 1);
        awaitSample("guestlink_alert_delivery_failures_total{channel=\"floor\"}", v -> v >= 1);
        awaitSample("guestlink_outbox_backlog{channel=\"floor\"}", v -> v >= 1);
        // the database feed polled its row
        awaitSample("guestlink_rows_imported_total{feed=\"obs-legacy\"}", v -> v >= 1);
        assertThat(sample(metrics(), "guestlink_poll_lag_seconds{feed=\"obs-legacy\"}")).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(sample(metrics(), "guestlink_poll_watermark_age_seconds{feed=\"obs-legacy\"}")).isPositive();
        assertThat(metrics()).contains("camel_exchanges_total{").contains("routeId=\"import-obs-res\"");
        // no personal value in any label or sample
        for (String personal : List.of("OBSERVA", GUEST_EMAIL, "G-OBS-1", HL7_FAMILY, "L-OBS-7"))
            assertThat(metrics()).doesNotContain(personal);
    }

    @Test
    @Order(2)
    void everyDocumentedMetricIsExposedAndEveryExposedOneIsDocumented() throws Exception {
        String operations = Files.readString(Path.of("docs/operations.md"));
        Matcher m = Pattern.compile("`(guestlink_[a-z0-9_]+)`").matcher(operations);
        Set<String> documented = new TreeSet<>();
        while (m.find()) documented.add(m.group(1));
        assertThat(documented).isNotEmpty();
        String body = metrics();
        Set<String> exposed = new TreeSet<>();
        body.lines().filter(l -> l.startsWith("guestlink_")).forEach(l -> exposed.add(l.split("[{ ]", 2)[0]));
        for (String name : documented)
            assertThat(exposed).as("docs/operations.md names " + name).anyMatch(e -> e.equals(name) || family(e).equals(name));
        for (String name : exposed)
            assertThat(documented).as("/metrics exposes " + name).anyMatch(d -> d.equals(name) || d.equals(family(name)));
    }

    /** A histogram's series belong to the documented family: x_bucket, x_count, x_sum, x_max. */
    static String family(String sample) {
        return sample.replaceAll("_(bucket|count|sum|max)$", "");
    }

    @Test
    @Order(3)
    void readinessGoesDownOverABacklogThresholdWithTheReasonAndUpOnceDrained() throws Exception {
        api.awaitReady();
        // a message no schema accepts: GuestLink moves it to its dead-letter queue (threshold 0 in this test)
        try (Connection c = new ActiveMQConnectionFactory(t.app.settings().get(Settings.BROKER_URL)).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            s.createProducer(s.createQueue("guestlink.events")).send(s.createTextMessage("{\"not\": \"an event\"}"));
        }
        JsonNode down = Wait.forValue("readiness DOWN", Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = api.get("/health/ready", null);
            return r.statusCode() == 503 ? ApiClient.parse(r.body()) : null;
        });
        assertThat(down.get("status").asText()).isEqualTo("DOWN");
        assertThat(check(down, "guestlink:backlog").get("state").asText()).isEqualTo("DOWN");
        assertThat(check(down, "guestlink:backlog").get("detail").asText())
                .isEqualTo("dead-letter queue guestlink.events.DLQ: 1 waiting, over guestlink.health.dead-letter-max = 0");
        assertThat(sample(metrics(), "guestlink_dead_letter_depth{queue=\"guestlink.events.DLQ\"}")).isEqualTo(1.0);

        // drained by an operator: readiness UP again
        try (Connection c = new ActiveMQConnectionFactory(t.app.settings().get(Settings.BROKER_URL)).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("guestlink.events.DLQ"));
            assertThat(consumer.receive(10_000)).isNotNull();
        }
        api.awaitReady();
        JsonNode up = ApiClient.parse(api.get("/health/ready", null).body());
        assertThat(check(up, "guestlink:backlog").has("detail")).isFalse();
    }

    @Test
    @Order(4)
    void aFailedFileMakesReadinessDownNamingTheFeedUntilTheNextFileImports() throws Exception {
        api.awaitReady();
        t.drop("obs-res", "wrong-layout.csv", "SOMETHING,ELSE\n1,2\n");
        assertThat(t.awaitRun("obs-res", "wrong-layout.csv").status()).isEqualTo("FAILED");
        JsonNode down = Wait.forValue("readiness DOWN", Duration.ofSeconds(30), () -> {
            HttpResponse<String> r = api.get("/health/ready", null);
            return r.statusCode() == 503 ? ApiClient.parse(r.body()) : null;
        });
        assertThat(check(down, "guestlink:feeds").get("detail").asText()).isEqualTo("latest file failed: obs-res (guestlink runs)");
        awaitSample("guestlink_feed_failing{feed=\"obs-res\"}", v -> v == 1);

        t.drop("obs-res", "fixed.csv", HEADER + "C3,G-OBS-1," + GUEST_NAME + ",,,2026-12-07,2026-12-08\n");
        assertThat(t.awaitRun("obs-res", "fixed.csv").status()).isEqualTo("DONE");
        api.awaitReady();
        assertThat(sample(metrics(), "guestlink_feed_failing{feed=\"obs-res\"}")).isZero();
    }

    @Test
    @Order(5)
    void theConsoleWritesJsonLinesWithFeedAndRunIdsAndNothingPersonal() throws Exception {
        long run = t.awaitRun("obs-res", "night.csv").id();
        String out = console.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            assertThat(line).as("a JSON object per line").startsWith("{");
            lines.add(ApiClient.parse(line));
        }
        assertThat(lines).isNotEmpty();
        assertThat(lines).allSatisfy(l -> assertThat(l.has("timestamp") && l.has("level") && l.has("formattedMessage")).isTrue());
        assertThat(lines).as("the import's lines carry its feed and run").anySatisfy(l -> {
            assertThat(l.path("mdc").path("feed").asText()).isEqualTo("obs-res");
            assertThat(l.path("mdc").path("run").asText()).isEqualTo(Long.toString(run));
            assertThat(l.get("formattedMessage").asText()).contains("import finished");
        });
        assertThat(lines).as("the HL7 listener's lines carry its channel").anySatisfy(l ->
                assertThat(l.path("mdc").path("feed").asText()).isEqualTo("hl7"));
        for (String personal : List.of("OBSERVA", "TIONIST", GUEST_EMAIL, "G-OBS-1", HL7_FAMILY, "ZZGIVEN", "L-OBS-7", "LEGACY/GUEST"))
            assertThat(out).as("the console output").doesNotContainIgnoringCase(personal);
    }

    @Test
    @Order(6)
    void aRunningImportShowsItsRowsSoFarInMetricsUntilItEnds() throws Exception {
        java.io.PipedOutputStream writer = new java.io.PipedOutputStream();
        java.io.PipedInputStream reader = new java.io.PipedInputStream(writer, 1 << 16);
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return t.app.importer().importStream(t.app.feed("obs-res"), reader, -1, "long.csv", "a".repeat(64),
                        root.resolve("long.rejects.csv"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        StringBuilder rows = new StringBuilder(HEADER);
        for (int i = 1; i <= 250; i++) rows.append("P").append(i).append(",G-P").append(i).append(",PROG/ROW MR,,,2026-12-01,2026-12-03\n");
        writer.write(rows.toString().getBytes(StandardCharsets.UTF_8));
        writer.flush();
        // batches of 100 (the test settings): two committed, 50 rows in hand while the file is still being read
        var progress = Wait.forValue("two batches committed", Duration.ofSeconds(30),
                () -> t.app.progress().ofFeed("obs-res").filter(p -> p.rowsSoFar() == 200).orElse(null));
        assertThat(t.app.progress().run(progress.runId())).isPresent();
        assertThat(sample(metrics(), "guestlink_import_rows{feed=\"obs-res\"}")).isEqualTo(200.0);
        assertThat(sample(metrics(), "guestlink_import_rows_per_second{feed=\"obs-res\"}")).isNotNull().isGreaterThanOrEqualTo(0);

        writer.close();
        assertThat(running.get(30, java.util.concurrent.TimeUnit.SECONDS).counts().imported()).isEqualTo(250);
        assertThat(t.app.progress().running()).isEmpty();
        assertThat(sample(metrics(), "guestlink_import_rows{feed=\"obs-res\"}")).isZero();
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no check " + name + " in " + health);
    }

    /** Writes to both streams: the build output keeps its log, the test reads the copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
        }
    }
}

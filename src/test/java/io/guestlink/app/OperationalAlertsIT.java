package io.guestlink.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestlink.alert.OperationalAlert;
import io.guestlink.config.Settings;
import io.guestlink.store.AlertOutbox;
import io.guestlink.testing.Alerting;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.LegacyDatabase;
import io.guestlink.testing.LegacyDatabases.Dialect;
import io.guestlink.testing.LegacyDatabases.LegacyDb;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.StoreCounts;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operational alerts through the real application: the real routes (file import, database poll, the operations check,
 * the alert channels), delivered to a folder (file channel) and a webhook on the JDK HTTP server, on H2 and PostgreSQL.
 */
class OperationalAlertsIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "test-webhook-secret-0123456789";
    static final Map<String, String> ENV = Map.of("GUESTLINK_TEST_HOOK_SECRET", SECRET);

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_ops");
    @RegisterExtension
    final LegacyDatabase legacyDatabase = new LegacyDatabase();
    @RegisterExtension
    static final PhiLogScan PHI = PhiLogScan.of("YU/MING", "MING MR", "SMITH/ANNA", "SMYTH", "JONES/BOB", "JONES/ROBERT");

    @TempDir
    Path tmp;
    TestApp t;
    final List<AutoCloseable> receivers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        if (t != null) t.close();
        for (AutoCloseable r : receivers) r.close();
    }

    Path ops() {
        return tmp.resolve("ops-out");
    }

    /** The alert configuration: a file channel for operations, a webhook, and the operations section given. */
    String alerts(int hookPort, String operations) {
        return """
                delivery:
                  leaseMs: 60000
                  backoff: { firstMs: 100, factor: 2.0, maxMs: 300, maxAttempts: 1000 }
                channels:
                  files: { type: file, dir: "%s" }
                  hook: { type: webhook, url: "http://127.0.0.1:%d/hook", secretEnv: GUESTLINK_TEST_HOOK_SECRET, timeoutMs: 1000 }
                operations:
                """.formatted(ops().toString().replace("\\", "/"), hookPort) + operations.indent(2);
    }

    TestApp.Builder app(String store, String alertsYaml) {
        Map<String, String> settings = new HashMap<>();
        settings.put(Settings.ALERTS_OPERATIONS_CHECK.key(), "200");
        if (store.equals("postgres")) {
            settings.put(Settings.DB_URL.key(), pg.url());
            settings.put(Settings.DB_USER.key(), pg.user());
        }
        return TestApp.in(tmp.resolve("app")).alerts(alertsYaml).env(ENV).settings(settings);
    }

    /** Every operational alert the file channel wrote, as JSON. */
    List<JsonNode> delivered() throws IOException {
        if (!Files.isDirectory(ops())) return List.of();
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ops())) {
            // the channel writes .writing-<name> first and renames it when whole: only whole files are read
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).sorted().toList())
                out.add(JSON.readTree(Files.readString(f, StandardCharsets.UTF_8)));
        }
        return out;
    }

    List<JsonNode> delivered(String type, String state) throws IOException {
        return delivered().stream().filter(j -> j.get("type").asText().equals(type) && j.get("state").asText().equals(state)).toList();
    }

    long count(String sql) throws Exception {
        return StoreCounts.count(t.app.database(), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void fileThatDoesNotFitItsFeedGivesOneAlertOnTheFileChannel(String store) throws Exception {
        t = app(store, alerts(FreePorts.any(), "failedFile: { channels: [files] }")).feed("res", Alerting.RES_FEED).start();
        // no header: the first line, a guest's row, is what the file "has" as columns
        t.drop("res", "night-audit.csv", "R1,G1,YU/MING MR,1980-05-04,Y,Y,BKK01,2026-12-01,2026-12-03,1204,IN_HOUSE\n");

        Wait.until("the failed-file alert in the folder", WAIT, () -> delivered("failed-file", "raised").size() == 1);
        JsonNode a = delivered("failed-file", "raised").get(0);
        assertThat(a.get("kind").asText()).isEqualTo("operational");
        assertThat(a.get("subject").asText()).isEqualTo("res");
        assertThat(a.get("details").get("feed").asText()).isEqualTo("res");
        assertThat(a.get("details").get("file").asText()).isEqualTo("night-audit.csv");
        assertThat(a.get("details").get("reason").asText()).contains("missing columns").contains("CONF");
        assertThat(a.get("text").asText()).startsWith("Feed res: file night-audit.csv moved to failed/");
        assertThat(a.toString()).as("no row contents").doesNotContain("YU", "MING", "1980", "G1", "1204");
        assertThat(t.files("res", "failed")).hasSize(1);

        // the same move told twice (a retried route, another node): still one alert
        String archived = a.get("details").get("archivedAs").asText();
        t.app.operations().fileFailed("res", "night-audit.csv", archived, "ImportFailedException", "missing columns [CONF]");
        Thread.sleep(600);
        assertThat(count("SELECT COUNT(*) FROM alert WHERE rule = 'operations:failed-file'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM alert WHERE kind = 'operational'")).isEqualTo(1);
        assertThat(delivered()).hasSize(1);
        AlertOutbox.AlertStatus status = t.app.outbox().recent(10).get(0);
        assertThat(status.kind()).isEqualTo(OperationalAlert.KIND);
        assertThat(status.audience()).isEqualTo(OperationalAlert.AUDIENCE);
        assertThat(status.deliveries()).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo("DELIVERED"));
    }

    @Test
    void pollErrorOfAMariaDbFeedAlertsOnceAndClearsWhenTheTableIsBack() throws Exception {
        LegacyDb legacy = legacyDatabase.create(Dialect.MARIADB);
        legacySql(legacy, "CREATE TABLE reservation (res_id BIGINT PRIMARY KEY, conf_no VARCHAR(20), guest_id BIGINT, "
                + "guest_name VARCHAR(100), arrival DATE, departure DATE, status VARCHAR(12), updated_at DATETIME)");
        legacySql(legacy, "INSERT INTO reservation VALUES (1, 'C1', 901, 'YU/MING', DATE '2026-12-01', DATE '2026-12-03', 'RES', NOW())");
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
                  mode: watermark
                  watermark: updated_at
                  lag: PT10S
                  every: PT0.2S
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
                """.formatted(legacy.url(), legacy.user());
        t = app("h2", alerts(FreePorts.any(), "pollError: { channels: [files], reAlertMs: 3600000 }")).feed("legacy", feed).start();
        Wait.until("the first row", WAIT, () -> count("SELECT COUNT(*) FROM source_record WHERE system = 'LEGACYPMS'") == 1);

        legacySql(legacy, "RENAME TABLE reservation TO reservation_away"); // every poll now fails: no such table
        Wait.until("the poll-error alert", WAIT, () -> delivered("poll-error", "raised").size() == 1);
        Thread.sleep(1500); // several more failing polls: nothing new
        assertThat(delivered("poll-error", "raised")).hasSize(1);
        JsonNode raised = delivered("poll-error", "raised").get(0);
        assertThat(raised.get("subject").asText()).isEqualTo("legacy");
        assertThat(raised.get("text").asText()).startsWith("Feed legacy: poll failed: ").contains("doesn't exist");
        assertThat(count("SELECT COUNT(*) FROM ops_condition WHERE kind = 'poll-error' AND subject = 'legacy'")).isEqualTo(1);

        legacySql(legacy, "RENAME TABLE reservation_away TO reservation");
        Wait.until("the cleared alert", WAIT, () -> delivered("poll-error", "cleared").size() == 1);
        JsonNode cleared = delivered("poll-error", "cleared").get(0);
        assertThat(cleared.get("id").asText()).isEqualTo(raised.get("id").asText() + "/cleared");
        assertThat(cleared.get("text").asText()).startsWith("Feed legacy: polls again");
        Thread.sleep(600);
        assertThat(delivered("poll-error", "raised")).hasSize(1);
        assertThat(delivered("poll-error", "cleared")).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM ops_condition")).isZero();
        assertThat(delivered().toString()).doesNotContain("YU", "MING");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void webhookDownLongerThanAllowedIsToldThroughTheOtherChannelAndClearedWhenItAnswers(String store) throws Exception {
        int port = FreePorts.any(); // nobody listens yet: every attempt is refused
        t = app(store, alerts(port, """
                failedFile: { channels: [hook] }
                channelFailing: { failingForMs: 1500, channels: [hook, files] }
                """)).feed("res", Alerting.RES_FEED).start();
        t.drop("res", "bad.csv", "A,B\n1,2\n");
        Wait.until("attempts at the webhook failing", WAIT,
                () -> count("SELECT COUNT(*) FROM alert_attempt WHERE channel = 'hook' AND outcome = 'FAILED'") > 0);
        assertThat(delivered("channel-failing", "raised")).as("not before failingForMs").isEmpty();

        Wait.until("the channel-failing alert through the file channel", WAIT, () -> delivered("channel-failing", "raised").size() == 1);
        JsonNode raised = delivered("channel-failing", "raised").get(0);
        assertThat(raised.get("subject").asText()).isEqualTo("hook");
        assertThat(raised.get("text").asText()).startsWith("Alert channel hook failing since").contains("1 undelivered");
        assertThat(count("SELECT COUNT(*) FROM alert_delivery WHERE alert_id = '" + raised.get("id").asText() + "'"))
                .as("not sent through the failing channel itself").isEqualTo(1);

        AlertReceivers.Webhook hook = new AlertReceivers.Webhook(port, SECRET.getBytes(StandardCharsets.UTF_8), 0,
                n -> AlertReceivers.Answer.OK);
        receivers.add(hook);
        Wait.until("the failed-file alert on the webhook and the channel cleared", WAIT,
                () -> !hook.acceptedIds().isEmpty() && delivered("channel-failing", "cleared").size() == 1);
        assertThat(hook.acceptedIds()).anySatisfy(id -> assertThat(id).startsWith("operations:failed-file/res/"));
        Wait.until("the clearing on the webhook too", WAIT, () -> hook.acceptedIds().stream().anyMatch(id -> id.endsWith("/cleared")));
        assertThat(hook.requests).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        assertThat(delivered("channel-failing", "raised")).hasSize(1);
    }

    @Test
    void webhookAsTheOnlyChannelOfItsOwnFailureStillWritesTheAlert() throws Exception {
        t = app("h2", alerts(FreePorts.any(), """
                channels: [hook]
                failedFile: {}
                channelFailing: { failingForMs: 500 }
                """)).feed("res", Alerting.RES_FEED).start();
        t.drop("res", "bad.csv", "A,B\n1,2\n");
        Wait.until("the channel-failing alert in the outbox", WAIT,
                () -> count("SELECT COUNT(*) FROM alert WHERE rule = 'operations:channel-failing'") == 1);
        AlertOutbox.AlertStatus s = t.app.outbox().recent(10).stream()
                .filter(a -> a.rule().equals("operations:channel-failing")).findFirst().orElseThrow();
        assertThat(s.deliveries()).singleElement().satisfies(d -> assertThat(d.channel()).isEqualTo("hook"));
        assertThat(PHI.lines()).anySatisfy(l -> assertThat(l.getFormattedMessage()).contains("is the failing channel hook itself"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void reviewQueueOverItsSizeAlertsOnceAndClears(String store) throws Exception {
        t = app(store, alerts(FreePorts.any(), "reviewQueue: { sizeAbove: 1, reAlertMs: 0, channels: [files] }"))
                .feed("res", Alerting.RES_FEED).start();
        assertThat(Alerting.reservations(t, """
                C1,G1,SMITH/ANNA MS,,,,BKK01,2026-12-01,2026-12-03,,CHECKED_OUT
                C2,G2,SMYTH/ANNA MS,,,,BKK01,2026-12-01,2026-12-03,,CHECKED_OUT
                C3,G3,JONES/BOB MR,,,,BKK01,2026-12-01,2026-12-03,,CHECKED_OUT
                C4,G4,JONES/ROBERT MR,,,,BKK01,2026-12-01,2026-12-03,,CHECKED_OUT
                """).counts().rejected()).isZero();
        long[] p = new long[5];
        for (int i = 1; i <= 4; i++) p[i] = t.app.profiles().byKey("SRC:PMS:G" + i).orElseThrow();
        long open = count("SELECT COUNT(*) FROM possible_duplicate WHERE status = 'OPEN'");
        pair(p[1], p[2]);
        Thread.sleep(600);
        if (open == 0) assertThat(delivered("review-queue", "raised")).as("one pair is not over 1").isEmpty();
        pair(p[3], p[4]);
        Wait.until("the review-queue alert", WAIT, () -> delivered("review-queue", "raised").size() == 1);
        assertThat(delivered("review-queue", "raised").get(0).get("text").asText())
                .startsWith("Identity review queue: ").contains("(more than 1)");
        Thread.sleep(800); // the check keeps running: nothing new while it holds (reAlertMs: 0)
        assertThat(delivered("review-queue", "raised")).hasSize(1);

        try (Connection c = t.store(); PreparedStatement ps = c.prepareStatement(
                "UPDATE possible_duplicate SET status = 'DISTINCT', decided_at = CURRENT_TIMESTAMP, decided_by = 'test'")) {
            ps.executeUpdate();
        }
        Wait.until("the review-queue cleared", WAIT, () -> delivered("review-queue", "cleared").size() == 1);
        assertThat(delivered().toString()).doesNotContain("SMITH", "SMYTH", "JONES", "ANNA");
    }

    @Test
    void deadLetterQueueOverItsDepthAlertsOnceAndClearsWhenEmptied() throws Exception {
        t = app("h2", alerts(FreePorts.any(), "deadLetterQueue: { depthAbove: 1, reAlertMs: 0, channels: [files] }"))
                .feed("res", Alerting.RES_FEED).start();
        String dlq = t.app.settings().get(Settings.EVENTS_DLQ);
        jakarta.jms.Connection c = new org.apache.activemq.ActiveMQConnectionFactory(t.app.settings().get(Settings.BROKER_URL))
                .createConnection();
        try (c) {
            c.start();
            jakarta.jms.Session s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageProducer p = s.createProducer(s.createQueue(dlq));
            p.send(s.createTextMessage("not json 1"));
            Thread.sleep(600);
            assertThat(delivered("dead-letter-queue", "raised")).as("one message is not over 1").isEmpty();
            p.send(s.createTextMessage("not json 2"));
            Wait.until("the dead-letter alert", WAIT, () -> delivered("dead-letter-queue", "raised").size() == 1);
            JsonNode a = delivered("dead-letter-queue", "raised").get(0);
            assertThat(a.get("subject").asText()).isEqualTo(dlq);
            assertThat(a.get("details").get("depth").asText()).isEqualTo("2");
            Thread.sleep(600);
            assertThat(delivered("dead-letter-queue", "raised")).hasSize(1);

            jakarta.jms.MessageConsumer consumer = s.createConsumer(s.createQueue(dlq));
            assertThat(consumer.receive(5000)).isNotNull();
            assertThat(consumer.receive(5000)).isNotNull();
            Wait.until("the dead-letter queue cleared", WAIT, () -> delivered("dead-letter-queue", "cleared").size() == 1);
        }
    }

    void pair(long a, long b) throws Exception {
        try (Connection c = t.store(); PreparedStatement ps = c.prepareStatement("INSERT INTO possible_duplicate (profile_a, "
                + "profile_b, score, status, found_at) VALUES (?, ?, 9.5, 'OPEN', CURRENT_TIMESTAMP)")) {
            ps.setLong(1, Math.min(a, b));
            ps.setLong(2, Math.max(a, b));
            ps.executeUpdate();
        }
    }

    static void legacySql(LegacyDb legacy, String sql) throws Exception {
        try (Connection c = legacy.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }
}

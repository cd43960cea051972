package io.guestlink.app;

import io.guestlink.testing.FreePorts;
import io.guestlink.app.cli.DemoCommand;
import io.guestlink.testing.Cli;
import io.guestlink.config.Settings;
import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.model.v28.message.ORU_R01;
import io.guestlink.alert.Alert;
import io.guestlink.alert.AlertHl7;
import io.guestlink.alert.AlertIds;
import io.guestlink.alert.DailyListCsv;
import io.guestlink.store.AlertOutbox;
import io.guestlink.testing.Alerting;
import io.guestlink.testing.TestApp;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.guestlink.testing.Wait.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts end to end through the real routes (routes/alerts.camel.yaml) to real receivers: an embedded broker's
 * topic, a webhook on the JDK HTTP server, a HAPI HL7 server over MLLP, and a folder for the CSV lists.
 */
class AlertDeliveryIT {
    static final String SECRET = "test-webhook-secret-0123456789";
    static final Map<String, String> ENV = Map.of("GUESTLINK_TEST_HOOK_SECRET", SECRET);
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Bangkok"));
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    TestApp a;
    final List<AutoCloseable> receivers = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        if (a != null) a.close();
        for (AutoCloseable r : receivers) r.close();
    }

    static String config(int webhookPort, long webhookTimeoutMs, int hl7Port, Path lists, boolean daily) {
        return """
                properties: [BKK01]
                delivery:
                  leaseMs: 60000
                  eventGraceMs: 500
                  backoff: { firstMs: 100, factor: 2.0, maxMs: 400, maxAttempts: 100 }
                channels:
                  topic: { type: activemq-topic, destination: %s }
                  hook: { type: webhook, url: "http://127.0.0.1:%d/hook", secretEnv: GUESTLINK_TEST_HOOK_SECRET, timeoutMs: %d }
                  floor: { type: hl7-mllp, host: 127.0.0.1, port: %d, timeoutMs: 3000, receivingApplication: FLOOR }
                  lists: { type: file, dir: "%s" }
                rules:
                  - id: returning-guest-arrival
                    on: [CHECKED_IN]
                    when: { minStayNumber: 2 }
                    audience: front-desk
                    channels: [topic, hook, floor]
                """.formatted(Alerting.TOPIC, webhookPort, webhookTimeoutMs, hl7Port, lists.toString().replace("\\", "/"))
                + (daily ? """
                  - id: pre-arrival-briefing
                    daily: { at: "00:00", select: arrivals-tomorrow }
                    audience: front-desk
                    channels: [lists]
                """ : "");
    }

    /** n returning guests (a stay last year at BKK01 and one arriving today); returns their profile ids. */
    List<Long> returningGuests(int n) throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            rows.append("P").append(i).append(",G").append(i).append(",GUEST").append(i).append("/ANNA MS,,,,BKK01,")
                    .append(TODAY.minusYears(1)).append(',').append(TODAY.minusYears(1).plusDays(2)).append(",,CHECKED_OUT\n");
            rows.append("N").append(i).append(",G").append(i).append(",GUEST").append(i).append("/ANNA MS,,,,BKK01,")
                    .append(TODAY).append(',').append(TODAY.plusDays(3)).append(',').append(1200 + i).append(",IN_HOUSE\n");
        }
        assertThat(Alerting.reservations(a, rows.toString()).counts().rejected()).isZero();
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) ids.add(profile("G" + i));
        return ids;
    }

    List<String> checkIns(List<Long> profiles) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            long e = checkIn(profiles.get(i), "N" + (i + 1), String.valueOf(1201 + i), TODAY, TODAY.plusDays(3));
            ids.add(AlertIds.forEvent("returning-guest-arrival", e));
        }
        return ids;
    }

    long profile(String guestKey) {
        return a.app.profiles().byKey("SRC:PMS:" + guestKey).orElseThrow();
    }

    /** Stores a guest event as the intake does, without announcing it. */
    long storeEvent(String type, long profileId, String confirmation, String room, LocalDate arrival, LocalDate departure,
                    LocalDate businessDate) throws Exception {
        try (java.sql.Connection c = a.store(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO guest_event (event_type, system, message_id, property, profile_id, confirmation, room_no, arrival, "
                        + "departure, occurred_at, business_date, stored_at) VALUES (?, 'PMS', ?, 'BKK01', ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[]{"id"})) {
            ps.setString(1, type);
            ps.setString(2, "m" + System.nanoTime());
            ps.setLong(3, profileId);
            ps.setString(4, confirmation);
            ps.setString(5, room);
            ps.setObject(6, arrival);
            ps.setObject(7, departure);
            ps.setObject(8, OffsetDateTime.now());
            ps.setObject(9, businessDate);
            ps.setObject(10, OffsetDateTime.now());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Stores the event and announces it on the fast path, as the intake routes do after their commit. */
    long checkIn(long profileId, String confirmation, String room, LocalDate arrival, LocalDate departure) throws Exception {
        long id = storeEvent("CHECKED_IN", profileId, confirmation, room, arrival, departure, arrival);
        a.announce(id);
        return id;
    }

    /** The delivery status of an alert on a channel; null while there is no such alert or delivery. */
    String status(String alertId, String channel) {
        return a.app.outbox().recent(1000).stream().filter(x -> x.id().equals(alertId)).flatMap(x -> x.deliveries().stream())
                .filter(d -> d.channel().equals(channel)).map(AlertOutbox.DeliveryStatus::status).findFirst().orElse(null);
    }

    boolean allDelivered(List<String> alerts, String channel) {
        return alerts.stream().allMatch(id -> "DELIVERED".equals(status(id, channel)));
    }

    @Test
    void arrivalReachesTopicWebhookAndHl7WithTheRecognitionCard() throws Exception {
        int hookPort = FreePorts.any();
        int hl7Port = FreePorts.any();
        var hook = new AlertReceivers.Webhook(hookPort, SECRET.getBytes(StandardCharsets.UTF_8), 0, n -> AlertReceivers.Answer.OK);
        receivers.add(hook);
        var floor = new AlertReceivers.Hl7(hl7Port, n -> AcknowledgmentCode.AA);
        receivers.add(floor);
        a = Alerting.start(tmp, config(hookPort, 2000, hl7Port, tmp.resolve("lists"), false), ENV);
        List<Long> guests = returningGuests(2);

        String announced = checkIns(guests.subList(0, 1)).get(0);
        // the second is only stored (as if the intake died before announcing it): the sweep takes it
        long missed = storeEvent("CHECKED_IN", guests.get(1), "N2", "1202", TODAY, TODAY.plusDays(3), TODAY);
        String swept = AlertIds.forEvent("returning-guest-arrival", missed);
        List<String> both = List.of(announced, swept);
        // within WAIT (30 s), shorter than the lease (60 s): the announced one went out by the fast path, not a sweep
        until("both alerts delivered on every channel", WAIT,
                () -> allDelivered(both, "topic") && allDelivered(both, "hook") && allDelivered(both, "floor"));

        // topic: the alert JSON with the card, the id and audience as JMS properties
        assertThat(a.topicMessages).hasSize(2);
        String msg = a.topicMessages.stream().filter(m -> m.contains("#" + announced + "#")).findFirst().orElseThrow();
        Alert onTopic = Alert.fromJson(msg.substring(0, msg.lastIndexOf("\n#")));
        assertThat(onTopic.id()).isEqualTo(announced);
        assertThat(onTopic.card().stayNumber()).isEqualTo(2);
        assertThat(onTopic.card().lastStay()).isEqualTo(TODAY.minusYears(1));
        assertThat(onTopic.text()).contains("2nd stay");
        assertThat(onTopic.stay().room()).isEqualTo("1201");
        assertThat(msg).endsWith("#" + announced + "#front-desk");

        // webhook: the same JSON, signed, with the id for de-duplication
        assertThat(hook.requests).extracting(AlertReceivers.Request::alertId).containsExactlyInAnyOrderElementsOf(both);
        assertThat(hook.requests).allSatisfy(r -> assertThat(r.signatureValid()).as("signature of " + r.alertId()).isTrue());
        assertThat(hook.requests).anySatisfy(r -> assertThat(r.body()).isEqualTo(onTopic.toJson()));

        // HL7: an ORU^R01 per alert, ACKed AA, whose CARDJSON is the alert
        assertThat(floor.received).hasSize(2);
        Set<String> hl7Ids = new HashSet<>();
        for (var m : floor.received) {
            ORU_R01 oru = (ORU_R01) m;
            hl7Ids.add(oru.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR().getFillerOrderNumber().getEntityIdentifier().getValue());
            Alert viaHl7 = Alert.fromJson(AlertHl7.alertJson(oru));
            assertThat(oru.getMSH().getMessageControlID().getValue()).isEqualTo(AlertIds.shortForm(viaHl7.id()));
            assertThat(oru.getPATIENT_RESULT().getPATIENT().getPID().getPatientName(0).getFamilyName().getSurname().getValue())
                    .startsWith("GUEST");
        }
        assertThat(hl7Ids).containsExactlyInAnyOrderElementsOf(both);

        assertThat(a.app.outbox().attempts(announced)).extracting(AlertOutbox.Attempt::outcome).containsOnly("DELIVERED").hasSize(3);

        // the CLI shows them once the service is stopped
        a.close();
        a = null;
        Cli.Result alerts = Cli.run(tmp, Map.of(Settings.DB_URL.key(), "jdbc:h2:file:" + tmp.resolve("db/guestlink").toAbsolutePath(),
                Settings.SOURCES_DIR.key(), tmp.resolve("sources").toString(), Settings.HMAC_KEY.key(), "test-key-0123456789abcdef",
                Settings.ALERTS_CONFIG.key(), tmp.resolve("alerts.yaml").toString()), Map.of(), "alerts");
        assertThat(alerts.exit()).as(alerts.err()).isZero();
        assertThat(alerts.out()).contains(announced).contains(swept).contains("hook")
                .contains("DELIVERED").contains("attempts 1");
    }

    /**
     * The acceptance story (../shared/docs/product.md): Mr. Yu's stay a year ago and his breakfasts from the demo
     * files, then his arrival as the real-time intake applies it (EventIntake, as after an ADT^A01): the restaurant's
     * topic and the front desk's webhook receive the returning-guest alert with his card.
     */
    @Test
    void mrYuChecksInAndTheTopicAndWebhookGetHisCard() throws Exception {
        int hookPort = FreePorts.any();
        var hook = new AlertReceivers.Webhook(hookPort, SECRET.getBytes(StandardCharsets.UTF_8), 0, n -> AlertReceivers.Answer.OK);
        receivers.add(hook);
        a = Alerting.start(tmp, config(hookPort, 2000, FreePorts.any(), tmp.resolve("lists"), false), ENV);
        for (String feed : List.of("opera-reservations", "cn-pms-guests", "night-audit-folio", "pos-tickets")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo", feed))) {
                for (Path f : files.filter(p -> !p.toString().endsWith(".txt")).toList())
                    assertThat(a.importFile(feed, f).status()).isEqualTo("DONE");
            }
        }
        a.app.linking().drain();
        long yu = a.app.profiles().byKey(DemoCommand.STORY_KEY).orElseThrow();

        // his arrival, as the HL7 listener hands it to the store: the Chinese PMS reservation, now in house, room 1208
        var guest = new io.guestlink.model.GuestProfile(List.of(new io.guestlink.model.PersonName("于明", "于", "明", null, "Han")),
                LocalDate.of(1978, 3, 14), "M", "CN", "zh", List.of(), List.of("+66812345678"), List.of(), null, List.of(), Map.of());
        var stay = new io.guestlink.model.Reservation("BKK01", "R2606150017", LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 18),
                null, "1208", null, null, null, io.guestlink.model.StayStatus.IN_HOUSE, null, null, null);
        var record = new io.guestlink.model.CanonicalRecord(new io.guestlink.model.SourceRef("CNPMS",
                io.guestlink.model.RecordKind.RESERVATION, "R2606150017"), "G0008812", guest, stay);
        var applied = a.app.intake().apply(new io.guestlink.event.InboundEvent("hl7", "CNPMS", "A01-0001",
                io.guestlink.event.GuestEventType.CHECKED_IN, java.time.Instant.parse("2026-06-15T07:12:00Z"), record, null,
                null, null, null, "MSH|^~\\&|CNPMS|BKK01|..."));
        assertThat(applied.event().profileId()).isEqualTo(yu);
        a.announce(applied.event().id());

        String id = AlertIds.forEvent("returning-guest-arrival", applied.event().id());
        until("Mr. Yu's alert on the topic and the webhook", WAIT, () -> allDelivered(List.of(id), "topic")
                && allDelivered(List.of(id), "hook"));
        String msg = a.topicMessages.get(0);
        Alert alert = Alert.fromJson(msg.substring(0, msg.lastIndexOf("\n#")));
        assertThat(alert.text()).contains("Mr. Yu").contains("于先生").contains("2nd stay").contains("last stay Jun 2025")
                .contains("CAFE breakfast: table W2").contains("Club Sandwich + Coffee + Fried Egg");
        assertThat(alert.card().usual()).singleElement().satisfies(u -> assertThat(u.table()).isEqualTo("W2"));
        assertThat(alert.stay().room()).isEqualTo("1208");
        assertThat(alert.businessDate()).isEqualTo(LocalDate.of(2026, 6, 15));
        assertThat(hook.acceptedIds()).containsExactly(id);
        assertThat(hook.requests.get(0).body()).isEqualTo(alert.toJson());
        assertThat(hook.requests.get(0).signatureValid()).isTrue();
    }

    /** The same story as the PMS sends it: an ADT^A01 over MLLP to the real listener, a real HAPI client. */
    @Test
    void mrYusAdtA01OverMllpReachesTheTopicWithHisCard() throws Exception {
        int hl7In = FreePorts.any();
        a = Alerting.start(tmp, config(FreePorts.any(), 500, FreePorts.any(), tmp.resolve("lists"), false),
                ENV, null, Map.of(Settings.HL7_ENABLED.key(), "true", Settings.HL7_PORT.key(), String.valueOf(hl7In),
                        Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1", Settings.HL7_PHONE_REGION.key(), "TH"));
        for (String feed : List.of("opera-reservations", "cn-pms-guests", "night-audit-folio", "pos-tickets")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo", feed))) {
                for (Path f : files.filter(p -> !p.toString().endsWith(".txt")).toList())
                    assertThat(a.importFile(feed, f).status()).isEqualTo("DONE");
            }
        }
        a.app.linking().drain();
        long yu = a.app.profiles().byKey(DemoCommand.STORY_KEY).orElseThrow();

        String a01 = String.join("\r",
                "MSH|^~\\&|CNPMS|BKK01|GL|GL|20260615141200+0700||ADT^A01^ADT_A01|YU-A01-1|P|2.5",
                "EVN|A01|20260615141200+0700",
                "PID|1||G0008812^^^CNPMS^PI||YU^MING^^^MR||19780314|M",
                "PV1|1|I|^1208^^BKK01||||||||||||||||R2606150017|||||||||||||||||||||||||20260615140000+0700|20260618");
        try (var hapi = new ca.uhn.hl7v2.DefaultHapiContext()) {
            hapi.setValidationContext(ca.uhn.hl7v2.validation.impl.ValidationContextFactory.noValidation());
            var connection = hapi.newClient("127.0.0.1", hl7In, false);
            try {
                var ack = connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(a01));
                assertThat(new ca.uhn.hl7v2.util.Terser(ack).get("/MSA-1")).isEqualTo("AA");
            } finally {
                connection.close();
            }
        }
        until("Mr. Yu's arrival alert on the topic", WAIT, () -> a.topicMessages.size() == 1);
        String msg = a.topicMessages.get(0);
        Alert alert = Alert.fromJson(msg.substring(0, msg.lastIndexOf("\n#")));
        assertThat(alert.rule()).isEqualTo("returning-guest-arrival");
        assertThat(alert.profileId()).isEqualTo(yu);
        assertThat(alert.eventType()).isEqualTo(io.guestlink.event.GuestEventType.CHECKED_IN);
        assertThat(alert.text()).contains("Mr. Yu").contains("2nd stay").contains("last stay Jun 2025")
                .contains("CAFE breakfast: table W2").contains("Club Sandwich + Coffee + Fried Egg");
        assertThat(alert.stay().room()).isEqualTo("1208");
        assertThat(alert.stay().confirmation()).isEqualTo("R2606150017");
    }

    @Test
    void webhookDownThenFailingThenTimingOutThenBackReceivesEveryAlertOnce() throws Exception {
        int hookPort = FreePorts.any();
        a = Alerting.start(tmp, config(hookPort, 500, FreePorts.any(), tmp.resolve("lists"), false), ENV);
        List<Long> guests = returningGuests(5);

        // down: nothing listens on the port
        List<String> alerts = new ArrayList<>(checkIns(guests.subList(0, 3)));
        until("a refused attempt for each", WAIT, () -> alerts.stream().allMatch(id ->
                a.app.outbox().attempts(id).stream().anyMatch(t -> t.channel().equals("hook") && t.outcome().equals("FAILED"))));

        // back, but answering 500 once, then hanging past the 500 ms timeout once, then well
        var hook = new AlertReceivers.Webhook(hookPort, SECRET.getBytes(StandardCharsets.UTF_8), 1500,
                n -> n == 1 ? AlertReceivers.Answer.FAIL_500 : n == 2 ? AlertReceivers.Answer.HANG : AlertReceivers.Answer.OK);
        receivers.add(hook);
        alerts.addAll(checkIns(guests.subList(3, 5)));
        until("every alert delivered to the webhook", WAIT, () -> allDelivered(alerts, "hook"));

        assertThat(hook.acceptedIds()).as("each alert accepted exactly once").hasSize(5).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(hook.requests).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
        Map<String, Long> seen = hook.requests.stream().collect(Collectors.groupingBy(AlertReceivers.Request::alertId, Collectors.counting()));
        List<String> errors = new ArrayList<>();
        for (String id : alerts) {
            List<AlertOutbox.Attempt> tries = a.app.outbox().attempts(id).stream().filter(t -> t.channel().equals("hook")).toList();
            assertThat(tries.get(tries.size() - 1).outcome()).isEqualTo("DELIVERED");
            assertThat(tries).extracting(AlertOutbox.Attempt::attempt).as("attempts numbered in order")
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, tries.size()).boxed().toList());
            long reachedServer = tries.stream().filter(t -> t.error() == null || !t.error().contains("Connection refused")).count();
            assertThat(seen.getOrDefault(id, 0L)).as("requests the webhook saw for " + id + " = attempts that reached it")
                    .isEqualTo(reachedServer);
            tries.stream().map(AlertOutbox.Attempt::error).filter(java.util.Objects::nonNull).forEach(errors::add);
        }
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("Connection refused"))
                .anySatisfy(e -> assertThat(e).contains("500"))
                .anySatisfy(e -> assertThat(e).containsIgnoringCase("timed out"));
        // the other channels were never held up by the webhook
        assertThat(allDelivered(alerts, "topic")).isTrue();
    }

    @Test
    void aRestartLosesNoAlertAndSendsNoneTwice() throws Exception {
        int hookPort = FreePorts.any();
        String cfg = config(hookPort, 500, FreePorts.any(), tmp.resolve("lists"), false);
        a = Alerting.start(tmp, cfg, ENV);
        List<Long> guests = returningGuests(4);
        List<String> alerts = new ArrayList<>(checkIns(guests.subList(0, 2)));
        until("delivered to the topic, failing on the webhook (down)", WAIT, () -> allDelivered(alerts, "topic")
                && alerts.stream().allMatch(id -> a.app.outbox().attempts(id).stream().anyMatch(t -> t.channel().equals("hook"))));
        a.close();
        a = null;

        // while stopped: the intake stored two more arrivals (written straight to the store, nobody to announce them)
        GuestLink offline = GuestLink.start(Settings.load(null, ENV, TestApp.settingsFor(tmp, Map.of(
                Settings.ALERTS_CONFIG.key(), tmp.resolve("alerts.yaml").toString()))));
        List<Long> stored = new ArrayList<>();
        try (offline) {
            for (int i = 2; i < 4; i++) {
                try (var c = offline.database().connection(); var ps = c.prepareStatement("INSERT INTO guest_event (event_type, "
                        + "system, message_id, property, profile_id, confirmation, room_no, arrival, departure, occurred_at, "
                        + "business_date, stored_at) VALUES ('CHECKED_IN', 'PMS', ?, 'BKK01', ?, ?, NULL, ?, ?, CURRENT_TIMESTAMP, ?, "
                        + "CURRENT_TIMESTAMP)", new String[]{"id"})) {
                    ps.setString(1, "offline-" + i);
                    ps.setLong(2, guests.get(i));
                    ps.setString(3, "N" + (i + 1));
                    ps.setObject(4, TODAY);
                    ps.setObject(5, TODAY.plusDays(3));
                    ps.setObject(6, TODAY);
                    ps.executeUpdate();
                    try (var rs = ps.getGeneratedKeys()) {
                        rs.next();
                        stored.add(rs.getLong(1));
                    }
                }
            }
        }
        stored.forEach(e -> alerts.add(AlertIds.forEvent("returning-guest-arrival", e)));

        var hook = new AlertReceivers.Webhook(hookPort, SECRET.getBytes(StandardCharsets.UTF_8), 0, n -> AlertReceivers.Answer.OK);
        receivers.add(hook);
        a = Alerting.start(tmp, cfg, ENV);
        until("all four on the webhook after the restart", WAIT, () -> allDelivered(alerts, "hook") && allDelivered(alerts, "topic"));
        assertThat(hook.acceptedIds()).containsExactlyInAnyOrderElementsOf(alerts);
        assertThat(a.topicMessages).as("only the two evaluated after the restart: the first two were on the topic before")
                .hasSize(2);
        assertThat(a.app.outbox().recent(100)).hasSize(4);
    }

    @Test
    void aHangingWebhookDoesNotDelayTheTopic() throws Exception {
        int hookPort = FreePorts.any();
        var hook = new AlertReceivers.Webhook(hookPort, SECRET.getBytes(StandardCharsets.UTF_8), 0, n -> AlertReceivers.Answer.BLOCK);
        receivers.add(hook);
        a = Alerting.start(tmp, config(hookPort, 15000, FreePorts.any(), tmp.resolve("lists"), false), ENV);
        List<String> alerts = checkIns(returningGuests(5));

        until("every alert on the topic", WAIT, () -> a.topicMessages.size() == 5);
        assertThat(hook.acceptedIds()).as("the webhook has answered nothing yet").isEmpty();
        assertThat(alerts).allSatisfy(id -> assertThat(status(id, "hook")).isEqualTo("PENDING"));
        assertThat(a.topicMessages).extracting(m -> m.substring(m.indexOf("\n#") + 2, m.lastIndexOf('#')))
                .containsExactlyInAnyOrderElementsOf(alerts);

        hook.release();
        until("the webhook catches up", WAIT, () -> allDelivered(alerts, "hook"));
        assertThat(hook.acceptedIds()).containsExactlyInAnyOrderElementsOf(alerts);
    }

    @Test
    void anHl7ReceiverAnsweringAeGetsTheSameMessageAgain() throws Exception {
        int hl7Port = FreePorts.any();
        var floor = new AlertReceivers.Hl7(hl7Port, n -> n == 1 ? AcknowledgmentCode.AE : n == 2 ? AcknowledgmentCode.AR : AcknowledgmentCode.AA);
        receivers.add(floor);
        a = Alerting.start(tmp, config(FreePorts.any(), 500, hl7Port, tmp.resolve("lists"), false), ENV);
        String alert = checkIns(returningGuests(1)).get(0);

        until("delivered to the floor system", WAIT, () -> "DELIVERED".equals(status(alert, "floor")));
        List<AlertOutbox.Attempt> tries = a.app.outbox().attempts(alert).stream().filter(t -> t.channel().equals("floor")).toList();
        assertThat(tries).extracting(AlertOutbox.Attempt::outcome).containsExactly("FAILED", "FAILED", "DELIVERED");
        assertThat(tries.get(0).error()).contains("MllpApplicationErrorAcknowledgementException");
        assertThat(tries.get(1).error()).contains("MllpApplicationRejectAcknowledgementException");
        assertThat(tries.get(0).error()).as("no guest data in the recorded error (logPhi off)").doesNotContain("GUEST1");
        assertThat(floor.received).hasSize(3).extracting(m -> ((ORU_R01) m).getMSH().getMessageControlID().getValue())
                .containsOnly(AlertIds.shortForm(alert));
    }

    @Test
    void dailyBriefingLandsAsOneCsvFileInTheFolder() throws Exception {
        Path lists = tmp.resolve("lists");
        String cfg = config(FreePorts.any(), 500, FreePorts.any(), lists, true);
        a = Alerting.start(tmp, cfg, ENV, """
                T1,G1,YU/MING MR,,,,BKK01,%s,%s,,BOOKED
                T2,G2,ADAMS/ANN MS,,,,BKK01,%s,%s,,BOOKED
                T3,G3,LATER/LEO MR,,,,BKK01,%s,%s,,BOOKED
                """.formatted(TODAY.plusDays(1), TODAY.plusDays(3), TODAY.plusDays(1), TODAY.plusDays(2),
                TODAY.plusDays(2), TODAY.plusDays(4)));
        Path file = lists.resolve("pre-arrival-briefing_BKK01_" + TODAY + ".csv");
        until("the briefing file", WAIT, () -> Files.exists(file));
        until("both deliveries recorded", WAIT, () -> a.app.outbox().recent(10).stream()
                .allMatch(s -> s.deliveries().stream().allMatch(d -> d.status().equals("DELIVERED"))));
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(Files.readString(file)))) {
            assertThat(p.getHeaderNames()).isEqualTo(DailyListCsv.COLUMNS);
            List<CSVRecord> rows = p.getRecords();
            assertThat(rows).extracting(r -> r.get("confirmation")).containsExactly("T2", "T1"); // sorted by name
            assertThat(rows).extracting(r -> r.get("arrival")).containsOnly(TODAY.plusDays(1).toString());
            assertThat(rows.get(1).get("name")).isEqualTo("Mr. Yu");
        }
        try (Stream<Path> s = Files.list(lists)) {
            assertThat(s.map(x -> x.getFileName().toString())).as("no temporary file left").containsExactly(file.getFileName().toString());
        }
    }
}

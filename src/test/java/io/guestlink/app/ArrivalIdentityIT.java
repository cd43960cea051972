package io.guestlink.app;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.guestlink.alert.Alert;
import io.guestlink.alert.AlertIds;
import io.guestlink.config.Settings;
import io.guestlink.store.MergeWrites;
import io.guestlink.testing.Alerting;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity before the arrival alert, end to end: last year's PMS stay and POS breakfasts imported from the demo
 * files, then the guest checks in through a Chinese booking channel (an ADT^A01 over MLLP from a real HAPI client to
 * the real listener) under a guest key the store has never seen, the name in Han script and the mobile number
 * written another way. The front desk's topic must get exactly one arrival alert with his card within a second of
 * the ACK; a pair the matcher only puts in the review queue is named on the card as "possibly", never merged; and a
 * later merge makes the rules look again without doubling the alert.
 */
class ArrivalIdentityIT {
    static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
    static final LocalDate TODAY = LocalDate.now(BANGKOK);
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The functional deadline of the issue: the arrival alert within a second of the acknowledgement. */
    static final Duration DEADLINE = Duration.ofSeconds(1);
    static final String RETURNING = "returning-guest-arrival";
    static final String POSSIBLY = "possibly-returning-guest-arrival";
    static final String ALERTS = """
            properties: [BKK01]
            delivery:
              leaseMs: 60000
              eventGraceMs: 500
            channels:
              topic: { type: activemq-topic, destination: %s }
            rules:
              - id: returning-guest-arrival
                on: [CHECKED_IN]
                when: { minStayNumber: 2 }
                audience: front-desk
                channels: [topic]
              - id: possibly-returning-guest-arrival
                on: [CHECKED_IN]
                when: { possiblyReturning: true }
                audience: front-desk
                channels: [topic]
            """.formatted(Alerting.TOPIC);

    @TempDir
    Path tmp;
    TestApp a;
    int hl7In;

    @AfterEach
    void close() {
        if (a != null) a.close();
    }

    /**
     * The application with its MLLP listener, last year's stay and breakfasts imported and linked. The identity
     * worker's timer is slowed to once an hour so that linking an arrival is the arrival path's own doing (the test
     * drains the worker itself where it needs it); the arrival's budget is generous because a cold test JVM may hold
     * the identity lock for seconds where a warm one needs milliseconds.
     */
    void startWithHistory() throws Exception {
        hl7In = FreePorts.any();
        a = Alerting.start(tmp, ALERTS, Map.of(), null, Map.of(Settings.HL7_ENABLED.key(), "true",
                Settings.HL7_PORT.key(), String.valueOf(hl7In), Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1",
                Settings.HL7_PHONE_REGION.key(), "TH", Settings.LINK_INTERVAL.key(), "3600000",
                Settings.ARRIVAL_LINK_BUDGET.key(), "5000"));
        // the PMS stay of June 2025 (YU/MING MR, +66 81 234 5678) and his CAFE breakfasts at table W2
        for (String feed : List.of("opera-reservations", "night-audit-folio", "pos-tickets")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo", feed))) {
                for (Path f : files.filter(p -> !p.toString().endsWith(".txt")).toList())
                    assertThat(a.importFile(feed, f).status()).isEqualTo("DONE");
            }
        }
        a.app.linking().drain();
    }

    long yu() {
        return a.app.profiles().bySourceRecord("OPERA", "RESERVATION", "548213907").orElseThrow();
    }

    /**
     * An ADT^A01 from the Chinese channel's interface: PID-3 a key never seen, PID-5 in Han script, PID-13 the
     * mobile written as a local number; the stay from today for three nights in room 1208. Returns when the ACK came
     * (System.nanoTime()) after checking it is AA.
     */
    long checkIn(String controlId, String guestKey, String confirmation, String birthDate, String phone) throws Exception {
        String now = java.time.ZonedDateTime.now(BANGKOK).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ"));
        String a01 = String.join("\r",
                "MSH|^~\\&|CTRIP|BKK01|GL|GL|" + now + "||ADT^A01^ADT_A01|" + controlId + "|P|2.5|||||CHN|UNICODE UTF-8",
                "EVN|A01|" + now,
                "PID|1||" + guestKey + "^^^CTRIP^PI||于^明||" + birthDate + "|M|||||" + phone,
                "PV1|1|I|^1208^^BKK01||||||||||||||||" + confirmation + "|||||||||||||||||||||||||" + now + "|"
                        + TODAY.plusDays(3).format(DateTimeFormatter.BASIC_ISO_DATE));
        try (var hapi = new DefaultHapiContext()) {
            hapi.setValidationContext(ValidationContextFactory.noValidation());
            hapi.setLowerLayerProtocol(new MinLowerLayerProtocol(true)); // the bytes in MSH-18's charset
            var connection = hapi.newClient("127.0.0.1", hl7In, false);
            try {
                var ack = connection.getInitiator().sendAndReceive(hapi.getPipeParser().parse(a01));
                long ackAt = System.nanoTime();
                assertThat(new Terser(ack).get("/MSA-1")).as("ACK of " + controlId).isEqualTo("AA");
                return ackAt;
            } finally {
                connection.close();
            }
        }
    }

    long eventOf(String controlId) {
        return a.app.intake().previous("CTRIP", controlId).orElseThrow().id();
    }

    Alert onTopic(String alertId) {
        String msg = a.topicMessages.stream().filter(m -> m.contains("\n#" + alertId + "#")).findFirst().orElseThrow();
        return Alert.fromJson(msg.substring(0, msg.lastIndexOf("\n#")));
    }

    /** The topic message of the alert arrived within the deadline after the ACK (it may come before the ACK). */
    void assertWithinDeadline(String alertId, long ackAt) throws Exception {
        Wait.until("alert " + alertId + " on the topic", WAIT, () -> a.topicReceivedAt.containsKey(alertId));
        Duration afterAck = Duration.ofNanos(a.topicReceivedAt.get(alertId) - ackAt);
        assertThat(afterAck).as("alert %s on the topic %d ms after the ACK", alertId, afterAck.toMillis())
                .isLessThanOrEqualTo(DEADLINE);
    }

    /** Every recheck a merge queued has been evaluated, and the sweeps after it had their turn. */
    void settled() throws Exception {
        Wait.until("the recheck queue drained", WAIT, () -> a.count("SELECT COUNT(*) FROM alert_recheck") == 0);
        Thread.sleep(1000); // several sweeps (every 200 ms) and channel rounds: anything they would write, they have
    }

    long alertsOf(long eventId) throws Exception {
        return a.count("SELECT COUNT(*) FROM alert WHERE event_id = " + eventId);
    }

    @Test
    void aGuestCheckingInUnderANewKeyInHanScriptGetsOneArrivalAlertWithHisCardWithinASecondOfTheAck() throws Exception {
        startWithHistory();
        long yu = yu();
        long profilesBefore = a.app.profiles().countLiveProfiles();

        long ackAt = checkIn("CT-A01-1", "CT99887766", "CT2612001", "19780314", "081-234-5678");
        long event = eventOf("CT-A01-1");
        String id = AlertIds.forEvent(RETURNING, event);
        // linked before the rules looked: the alert was written before the ACK went out
        assertThat(alertsOf(event)).as("alerts of the arrival when the ACK came").isEqualTo(1);
        assertWithinDeadline(id, ackAt);

        Alert alert = onTopic(id);
        assertThat(alert.rule()).isEqualTo(RETURNING);
        assertThat(alert.profileId()).as("the live (merged) profile, Mr. Yu of last year").isEqualTo(yu);
        assertThat(alert.updates()).isNull();
        assertThat(alert.card().stayNumber()).isEqualTo(2);
        assertThat(alert.card().lastStay()).isEqualTo(LocalDate.of(2025, 6, 8));
        assertThat(alert.card().usual()).singleElement().satisfies(u -> {
            assertThat(u.table()).isEqualTo("W2");
            assertThat(u.items()).containsExactly("Club Sandwich", "Coffee", "Fried Egg");
        });
        assertThat(alert.text()).contains("Mr. Yu").contains("2nd stay").contains("last stay Jun 2025")
                .contains("CAFE breakfast: table W2, Club Sandwich + Coffee + Fried Egg");
        assertThat(alert.stay().room()).isEqualTo("1208");
        assertThat(alert.stay().confirmation()).isEqualTo("CT2612001");

        // the arriving profile was merged into his (by the matcher: no key in common) and nobody else was
        assertThat(a.app.profiles().bySourceRecord("CTRIP", "RESERVATION", "CT2612001")).contains(yu);
        assertThat(a.app.profiles().countLiveProfiles()).isEqualTo(profilesBefore);
        assertThat(a.app.desk().merges(yu)).extracting(MergeWrites.Merge::rule).containsExactly("probabilistic");

        // the merge queued a recheck of his arrival: evaluated again, it writes nothing (same guest, same card)
        settled();
        assertThat(alertsOf(event)).isEqualTo(1);
        assertThat(a.topicMessages).hasSize(1);
    }

    @Test
    void aPairOnlyReachingTheReviewQueueIsSaidAsPossiblyOnTheCardAndNotMerged() throws Exception {
        startWithHistory();
        long yu = yu();
        long mergesBefore = a.count("SELECT COUNT(*) FROM profile_merge");

        // the same name in Han script, but another birth date and no phone: between the review and merge thresholds
        long ackAt = checkIn("CT-A01-2", "CT55501234", "CT2612002", "19850101", "");
        long event = eventOf("CT-A01-2");
        String id = AlertIds.forEvent(POSSIBLY, event);
        assertWithinDeadline(id, ackAt);

        Alert alert = onTopic(id);
        long arriving = a.app.profiles().bySourceRecord("CTRIP", "RESERVATION", "CT2612002").orElseThrow();
        assertThat(arriving).as("not merged").isNotEqualTo(yu);
        assertThat(alert.profileId()).isEqualTo(arriving);
        assertThat(alert.card().stayNumber()).isEqualTo(1);
        assertThat(alert.card().possibly()).singleElement().satisfies(p -> {
            assertThat(p.profileId()).isEqualTo(yu);
            assertThat(p.stays()).isEqualTo(1);
            assertThat(p.lastStay()).isEqualTo(LocalDate.of(2025, 6, 8));
            assertThat(p.score()).isBetween(4.04, 12.0);
            assertThat(p.evidence()).contains("family EXACT", "given EXACT");
        });
        assertThat(alert.text()).contains("first stay").contains("possibly the same guest as Mr. Yu (1 stay, last stay Jun 2025")
                .contains("not merged").doesNotContain("1978").doesNotContain("1985");

        settled();
        assertThat(a.count("SELECT COUNT(*) FROM profile_merge")).isEqualTo(mergesBefore);
        assertThat(a.count("SELECT COUNT(*) FROM possible_duplicate WHERE status = 'OPEN' AND profile_a = " + Math.min(yu, arriving)
                + " AND profile_b = " + Math.max(yu, arriving))).isEqualTo(1);
        assertThat(alertsOf(event)).isEqualTo(1);
        assertThat(a.topicMessages).hasSize(1);
    }

    @Test
    void aLaterMergeEvaluatesTheArrivalAgainOnceAndAChangedCardGoesOutAsAnUpdate() throws Exception {
        startWithHistory();
        long yu = yu();
        checkIn("CT-A01-3", "CT55505678", "CT2612003", "19850101", "");
        long event = eventOf("CT-A01-3");
        Wait.until("the possibly alert on the topic", WAIT, () -> a.topicMessages.size() == 1);
        settled();

        // the front desk asks him and decides: the same guest. The merge makes the rules look again
        MergeWrites.Review review = a.app.desk().openReviews(10).stream().findFirst().orElseThrow();
        a.app.desk().decide(review.id(), true, "front desk");
        String returning = AlertIds.forEvent(RETURNING, event);
        Wait.until("the returning-guest alert after the decision", WAIT, () -> a.topicReceivedAt.containsKey(returning));
        settled();
        Alert confirmed = onTopic(returning);
        assertThat(confirmed.profileId()).isEqualTo(yu);
        assertThat(confirmed.card().stayNumber()).isEqualTo(2);
        assertThat(confirmed.card().possibly()).as("no longer a question").isEmpty();
        assertThat(confirmed.updates()).isNull();
        assertThat(alertsOf(event)).as("the possibly alert and the returning-guest one, each once").isEqualTo(2);

        // a stay of 2024 under yet another key arrives from the PMS; the identity worker merges it into his cluster:
        // the card changes (third stay), so the front desk gets it again, as an update of the alert it has
        Alerting.reservations(a, "OLD2024,G-2024,YU/MING MR,1978-03-14,,,BKK01,2024-03-02,2024-03-05,,CHECKED_OUT\n");
        assertThat(a.app.linking().drain()).isEqualTo(1);
        String update = AlertIds.forUpdate(returning, 1);
        Wait.until("the update after the second merge", WAIT, () -> a.topicReceivedAt.containsKey(update));
        settled();
        Alert updated = onTopic(update);
        assertThat(updated.updates()).isEqualTo(returning);
        assertThat(updated.text()).startsWith(Alert.UPDATE_PREFIX).contains("3rd stay").contains("last stay Jun 2025");
        assertThat(String.join("\n", a.topicMessages)).contains("#" + update + "#front-desk");
        assertThat(alertsOf(event)).isEqualTo(3);
        assertThat(a.topicMessages).hasSize(3);
    }
}

package io.guestlink.alert;

import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.memory.GuestFacts;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.RecognitionCard;
import io.guestlink.model.ChargeCategory;
import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which alerts the shipped rules (config/alerts.yaml) raise, without a database: guests as the store would hand
 * them over, events and population rows as values.
 */
class AlertEvaluatorTest {
    static final AlertConfig CONFIG = AlertConfig.load(Path.of("config/alerts.yaml"));
    static final MemoryConfig MEMORY = MemoryConfig.defaults();
    static final AlertEvaluator EVALUATOR = new AlertEvaluator(CONFIG, MEMORY);
    static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");
    static final LocalDate DAY = LocalDate.of(2026, 6, 15);
    static final Instant NOW = Instant.parse("2026-06-15T07:05:00Z");
    static final long YU = 7;

    static AlertRule rule(String id) {
        return CONFIG.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    static GuestEvent event(long id, GuestEventType type, Long profile, String confirmation) {
        return new GuestEvent(id, type, "PMS", "m" + id, "BKK01", profile, confirmation, "1412", null, DAY, DAY.plusDays(3),
                NOW, DAY);
    }

    static Reservation stay(String property, String conf, LocalDate arrival, LocalDate departure, StayStatus status) {
        return new Reservation(property, conf, arrival, departure, "DLX", "1412", "BAR", new BigDecimal("4000"), "THB", status,
                null, 2, 0);
    }

    static RecognisedGuest guest(RecognitionCard card, Map<String, Boolean> consent, Fact... facts) {
        GuestProfile profile = new GuestProfile(List.of(new PersonName("于明", "于", "明", null, "Han"),
                new PersonName("YU/MING MR", "YU", "MING", "MR", "Latin")), LocalDate.of(1980, 6, 15), null, null, "zh",
                List.of(), List.of(), List.of(), null, List.of(), consent);
        return new RecognisedGuest(YU, profile, GuestFacts.of(List.of(facts)), card);
    }

    static RecognisedGuest guest(RecognitionCard card, Fact... facts) {
        return guest(card, Map.of(), facts);
    }

    static List<String> raised(GuestEvent e, RecognisedGuest g) {
        return EVALUATOR.onEvent(e, DAY, g, NOW).stream().map(r -> r.alert().rule()).toList();
    }

    // ---- events ------------------------------------------------------------------------------------------------

    @Test
    void shouldRaiseTheCheckInRulesWhoseConditionsHold() {
        GuestEvent checkIn = event(42, GuestEventType.CHECKED_IN, YU, "C2");
        assertThat(raised(checkIn, guest(Cards.yu(2)))).containsExactly("returning-guest-arrival");
        assertThat(raised(checkIn, guest(Cards.vip()))).containsExactly("vip-arrival");
        assertThat(raised(checkIn, guest(Cards.birthdayThisStay(DAY.plusDays(1)))))
                .containsExactly("returning-guest-arrival", "birthday-during-stay");
        assertThat(raised(checkIn, guest(Cards.yu(1)))).as("a first-timer, no VIP, no birthday").isEmpty();
    }

    @Test
    void shouldWatchOnlyEventsARuleNamesThatNameAGuest() {
        assertThat(EVALUATOR.watches(event(1, GuestEventType.CHECKED_IN, YU, "C2"))).isTrue();
        assertThat(EVALUATOR.watches(event(1, GuestEventType.POS_TICKET_CLOSED, YU, "T1"))).isTrue();
        assertThat(EVALUATOR.watches(event(1, GuestEventType.ROOM_MOVED, YU, "C2"))).as("no rule on room moves").isFalse();
        assertThat(EVALUATOR.watches(event(1, null, YU, "C2"))).as("a type from a newer version").isFalse();
        assertThat(EVALUATOR.watches(event(1, GuestEventType.CHECKED_IN, null, "C2"))).as("no guest").isFalse();
        assertThat(raised(event(1, GuestEventType.ROOM_MOVED, YU, "C2"), guest(Cards.vip()))).isEmpty();
    }

    @Test
    void shouldCarryTheGuestStayCardAndEnabledChannelsInAnEventAlert() {
        GuestEvent checkIn = event(42, GuestEventType.CHECKED_IN, YU, "C2");
        AlertEvaluator.Raised r = EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(2)), NOW).get(0);
        Alert a = r.alert();
        assertThat(a.id()).isEqualTo("returning-guest-arrival/event/42");
        assertThat(a.audience()).isEqualTo("front-desk");
        assertThat(a.property()).isEqualTo("BKK01");
        assertThat(a.businessDate()).isEqualTo(DAY);
        assertThat(a.profileId()).isEqualTo(YU);
        assertThat(a.eventId()).isEqualTo(42L);
        assertThat(a.eventType()).isEqualTo(GuestEventType.CHECKED_IN);
        assertThat(a.stay()).isEqualTo(new Alert.Stay("C2", "1412", null, DAY, DAY.plusDays(3)));
        assertThat(a.guest()).as("the Latin-script name").isEqualTo(new Alert.Guest("YU", "MING", "MR", "zh"));
        assertThat(a.card()).isEqualTo(Cards.yu(2));
        assertThat(a.text()).isEqualTo(Cards.yu(2).toText());
        assertThat(a.adjustments()).as("the rule does not look at adjustments").isNull();
        assertThat(a.consentedTo()).isEmpty();
        assertThat(a.createdAt()).isEqualTo(NOW);
        assertThat(r.channels()).as("webhook and HL7 are off in the shipped config").containsExactly("topic");
    }

    @Test
    void shouldRaiseServiceRecoveryOnlyForATicketThatBroughtAVoidAboveTheThreshold() {
        Reservation inHouse = stay("BKK01", "C1", DAY.minusDays(1), DAY.plusDays(3), StayStatus.IN_HOUSE);
        PosTicket voided = ticket("T1", DAY.atTime(12, 30), new PosItem("1", "Wagyu", new BigDecimal("-1"), new BigDecimal("2500")));
        PosTicket small = ticket("T2", DAY.atTime(13, 0), new PosItem("1", "Coffee", new BigDecimal("-1"), new BigDecimal("120")));
        RecognisedGuest g = guest(Cards.yu(1), inHouse, voided, small);

        List<AlertEvaluator.Raised> onVoid = EVALUATOR.onEvent(event(5, GuestEventType.POS_TICKET_CLOSED, YU, "T1"), DAY, g, NOW);
        assertThat(onVoid).extracting(r -> r.alert().id()).containsExactly("service-recovery/event/5");
        assertThat(onVoid.get(0).alert().adjustments()).isEqualByComparingTo("2620");
        assertThat(raised(event(6, GuestEventType.POS_TICKET_CLOSED, YU, "T2"), g))
                .as("a small void on a stay already above the threshold is news too")
                .containsExactly("service-recovery");
        assertThat(raised(event(7, GuestEventType.POS_TICKET_CLOSED, YU, "T9"), g)).as("a ticket without a void").isEmpty();
        assertThat(raised(event(8, GuestEventType.POS_TICKET_CLOSED, YU, "T2"), guest(Cards.yu(1), inHouse, small)))
                .as("below the threshold").isEmpty();
    }

    static PosTicket ticket(String no, LocalDateTime closed, PosItem... items) {
        return new PosTicket("BKK01", "CAFE", no, "W2", 1, closed.minusMinutes(30), closed, List.of(items), "1412", null, null,
                "ROOM", null, "THB");
    }

    // ---- arrivals evaluated again after a change of identity ----------------------------------------------------

    static Map<String, List<Alert>> sent(AlertEvaluator.Raised... raised) {
        Map<String, List<Alert>> out = new java.util.LinkedHashMap<>();
        for (AlertEvaluator.Raised r : raised) out.computeIfAbsent(r.alert().rule(), x -> new java.util.ArrayList<>()).add(r.alert());
        return out;
    }

    @Test
    void shouldRaiseNothingNewWhenTheArrivalIsEvaluatedAgainWithTheSameGuestAndCard() {
        GuestEvent checkIn = event(42, GuestEventType.CHECKED_IN, YU, "C2");
        List<AlertEvaluator.Raised> first = EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(2)), NOW);
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.alert().id()).isEqualTo("returning-guest-arrival/event/42");
            assertThat(r.alert().updates()).isNull();
        });
        // the same guest and card an hour later (a merge elsewhere in the cluster that changed nothing on the card)
        assertThat(EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(2)), NOW.plusSeconds(3600), sent(first.get(0)))).isEmpty();
    }

    @Test
    void shouldRaiseTheFirstAlertWhenAMergeMadeTheRuleHoldAfterTheFirstEvaluation() {
        GuestEvent checkIn = event(42, GuestEventType.CHECKED_IN, YU, "C2");
        // first evaluated as a stranger: nothing; the merge made him a returning guest: the alert, not an update
        assertThat(EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(1)), NOW, Map.of())).isEmpty();
        assertThat(EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(2)), NOW, Map.of())).singleElement()
                .satisfies(r -> assertThat(r.alert().id()).isEqualTo("returning-guest-arrival/event/42"));
    }

    @Test
    void shouldRaiseAnUpdateNamingTheFirstAlertWhenTheCardChanged() {
        GuestEvent checkIn = event(42, GuestEventType.CHECKED_IN, YU, "C2");
        AlertEvaluator.Raised first = EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(2)), NOW).get(0);
        // another merge brought a third stay: the card changed, the front desk is told again, as an update
        List<AlertEvaluator.Raised> again = EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(3)), NOW, sent(first));
        assertThat(again).singleElement().satisfies(r -> {
            assertThat(r.alert().id()).isEqualTo("returning-guest-arrival/event/42/update/1");
            assertThat(r.alert().updates()).isEqualTo("returning-guest-arrival/event/42");
            assertThat(r.alert().text()).startsWith(Alert.UPDATE_PREFIX).contains("3rd stay");
            assertThat(r.channels()).isEqualTo(first.channels());
        });
        // the same change seen again (another node, the next sweep): compared with the update, nothing new
        assertThat(EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(3)), NOW, sent(first, again.get(0)))).isEmpty();
        // a further change: the second update, still naming the first alert
        assertThat(EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(4)), NOW, sent(first, again.get(0)))).singleElement()
                .satisfies(r -> {
                    assertThat(r.alert().id()).isEqualTo("returning-guest-arrival/event/42/update/2");
                    assertThat(r.alert().updates()).isEqualTo("returning-guest-arrival/event/42");
                });
    }

    @Test
    void shouldRaiseAnUpdateWhenAnotherGuestIsBehindTheArrivalWithTheSameCard() {
        GuestEvent checkIn = event(42, GuestEventType.CHECKED_IN, YU, "C2");
        AlertEvaluator.Raised first = EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(2)), NOW).get(0);
        RecognisedGuest other = new RecognisedGuest(8, guest(Cards.yu(2)).profile(), GuestFacts.of(List.of()), Cards.yu(2));
        assertThat(EVALUATOR.onEvent(checkIn, DAY, other, NOW, sent(first))).singleElement()
                .satisfies(r -> assertThat(r.alert().profileId()).isEqualTo(8L));
    }

    @Test
    void shouldRaiseNothingWhenTheRuleNoLongerHoldsAfterAnUnmerge() {
        GuestEvent checkIn = event(42, GuestEventType.CHECKED_IN, YU, "C2");
        AlertEvaluator.Raised first = EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(2)), NOW).get(0);
        assertThat(EVALUATOR.onEvent(checkIn, DAY, guest(Cards.yu(1)), NOW, sent(first))).isEmpty();
    }

    @Test
    void shouldLinkAndReEvaluateOnlyArrivalsSomeRuleWatches() {
        assertThat(EVALUATOR.isWatchedArrival(event(1, GuestEventType.CHECKED_IN, YU, "C2"))).isTrue();
        assertThat(EVALUATOR.isWatchedArrival(event(1, GuestEventType.CHECKED_IN, null, "C2"))).isFalse();
        assertThat(EVALUATOR.isWatchedArrival(event(1, GuestEventType.POS_TICKET_CLOSED, YU, "C2"))).isFalse();
        assertThat(EVALUATOR.isWatchedArrival(event(1, GuestEventType.RESERVATION_CREATED, YU, "C2"))).isFalse();
        assertThat(EVALUATOR.watchedArrivals()).containsExactly(GuestEventType.CHECKED_IN);
        AlertEvaluator none = new AlertEvaluator(AlertConfig.load(Path.of("no-such-alerts.yaml")), MEMORY);
        assertThat(none.isWatchedArrival(event(1, GuestEventType.CHECKED_IN, YU, "C2"))).isFalse();
        assertThat(none.watchedArrivals()).isEmpty();
    }

    @Test
    void shouldTellAnArrivingOrInHouseGuestFromOneWhoLeft() {
        assertThat(AlertEvaluator.stillHere(StayStatus.IN_HOUSE, DAY.plusDays(3), DAY)).isTrue();
        assertThat(AlertEvaluator.stillHere(StayStatus.IN_HOUSE, DAY, DAY)).as("departure day").isTrue();
        assertThat(AlertEvaluator.stillHere(null, null, DAY)).as("nothing known").isTrue();
        assertThat(AlertEvaluator.stillHere(StayStatus.IN_HOUSE, DAY.minusDays(1), DAY)).as("departed yesterday").isFalse();
        assertThat(AlertEvaluator.stillHere(StayStatus.CHECKED_OUT, DAY.plusDays(3), DAY)).as("left early").isFalse();
        assertThat(AlertEvaluator.stillHere(StayStatus.BOOKED, DAY.plusDays(3), DAY)).as("check-in cancelled").isFalse();
        assertThat(AlertEvaluator.stillHere(StayStatus.CANCELLED, DAY.plusDays(3), DAY)).isFalse();
    }

    // ---- business dates ----------------------------------------------------------------------------------------

    @Test
    void shouldJudgeAnEventOnItsOwnBusinessDateElseTheAuditedElseTheLocalDate() {
        GuestEvent dated = event(1, GuestEventType.CHECKED_IN, YU, "C1");
        assertThat(EVALUATOR.businessDate(dated, () -> {
            throw new AssertionError("the event has its own date: the store is not asked");
        }, NOW)).isEqualTo(DAY);

        GuestEvent undated = new GuestEvent(2, GuestEventType.CHECKED_IN, "PMS", "m2", "BKK01", YU, "C1", null, null, null,
                null, Instant.parse("2026-06-15T18:30:00Z"), null);
        assertThat(EVALUATOR.businessDate(undated, () -> Optional.of(DAY.minusDays(1)), NOW)).as("the night audit's")
                .isEqualTo(DAY.minusDays(1));
        assertThat(EVALUATOR.businessDate(undated, Optional::empty, NOW)).as("01:30 in Bangkok when it happened")
                .isEqualTo(DAY.plusDays(1));
        GuestEvent untimed = new GuestEvent(3, GuestEventType.CHECKED_IN, "PMS", "m3", "BKK01", YU, "C1", null, null, null,
                null, null, null);
        assertThat(EVALUATOR.businessDate(untimed, Optional::empty, Instant.parse("2026-06-14T17:00:00Z"))).as("now, in Bangkok")
                .isEqualTo(DAY);
    }

    @Test
    void shouldRunDailyRulesAtTheConfiguredAndEveryAuditedProperty() {
        assertThat(EVALUATOR.properties(List.of("PKT01", "BKK01", "CNX01"))).containsExactly("BKK01", "PKT01", "CNX01");
        assertThat(EVALUATOR.properties(List.of())).containsExactly("BKK01");
    }

    // ---- daily rules -------------------------------------------------------------------------------------------

    @Test
    void shouldBeDueFromTheRulesLocalTimeOnTheBusinessDate() {
        AlertRule briefing = rule("pre-arrival-briefing");
        Instant fourPm = DAY.atTime(16, 0).atZone(BANGKOK).toInstant();
        assertThat(EVALUATOR.isDue(briefing, "BKK01", DAY, fourPm.minusSeconds(1))).isFalse();
        assertThat(EVALUATOR.isDue(briefing, "BKK01", DAY, fourPm)).isTrue();
        assertThat(EVALUATOR.isDue(briefing, "BKK01", DAY.plusDays(1), fourPm.plusSeconds(3600)))
                .as("the next business date's run waits for its own 16:00").isFalse();
        assertThatThrownBy(() -> EVALUATOR.isDue(rule("vip-arrival"), "BKK01", DAY, fourPm))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadTomorrowsArrivalsCardsAsOfTheirArrival() {
        assertThat(EVALUATOR.cardDate(rule("pre-arrival-briefing"), DAY)).isEqualTo(DAY.plusDays(1));
        assertThat(EVALUATOR.cardDate(rule("service-recovery-folio"), DAY)).isEqualTo(DAY);
        assertThat(EVALUATOR.cardDate(rule("lapsed-guest-birthday"), DAY)).isEqualTo(DAY);
    }

    @Test
    void shouldListBirthdaysExactlyOnTheDayAndEveryStayRow() {
        LocalDate feb28 = LocalDate.of(2027, 2, 28);
        List<Candidate> rows = List.of(new Candidate(1, null, LocalDate.of(1980, 2, 29)),
                new Candidate(2, null, LocalDate.of(1975, 2, 28)),
                new Candidate(3, null, LocalDate.of(2030, 2, 28)));
        assertThat(EVALUATOR.listed(rule("lapsed-guest-birthday"), feb28, rows)).extracting(Candidate::profileId)
                .as("Feb 29 on Feb 28 of a non-leap year; never before the guest was born").containsExactly(1L, 2L);
        assertThat(EVALUATOR.listed(rule("lapsed-guest-birthday"), LocalDate.of(2028, 2, 28), rows))
                .extracting(Candidate::profileId).as("a leap year has its own Feb 29").containsExactly(2L);

        Alert.Stay s = new Alert.Stay("C1", null, null, DAY.plusDays(1), DAY.plusDays(2));
        List<Candidate> arrivals = List.of(new Candidate(4, s, null), new Candidate(5, s, null));
        assertThat(EVALUATOR.listed(rule("pre-arrival-briefing"), DAY, arrivals)).isEqualTo(arrivals);
    }

    @Test
    void shouldGreetALapsedGuestWithConsentOnceAYearWhateverTheProperty() {
        AlertRule greeting = rule("lapsed-guest-birthday");
        Candidate born = new Candidate(YU, null, LocalDate.of(1980, 6, 15));
        Reservation bkk = stay("BKK01", "C0", LocalDate.of(2022, 6, 9), LocalDate.of(2022, 6, 11), StayStatus.CHECKED_OUT);
        Reservation pkt = stay("PKT01", "C9", LocalDate.of(2022, 7, 9), LocalDate.of(2022, 7, 11), StayStatus.CHECKED_OUT);
        RecognisedGuest g = guest(Cards.lapsedBirthdayToday(true, true), Map.of("email", true, "sms", true), bkk, pkt);

        Optional<AlertEvaluator.Raised> atBkk = EVALUATOR.onDay(greeting, "BKK01", DAY, born, g, NOW);
        assertThat(atBkk).isPresent();
        assertThat(atBkk.get().alert().id()).isEqualTo("lapsed-guest-birthday/2026/" + YU);
        assertThat(atBkk.get().alert().consentedTo()).containsExactly("email");
        assertThat(atBkk.get().alert().eventId()).isNull();
        assertThat(atBkk.get().alert().stay()).isNull();
        assertThat(atBkk.get().channels()).containsExactly("daily-lists", "topic");
        assertThat(EVALUATOR.onDay(greeting, "PKT01", DAY, born, g, NOW)).map(r -> r.alert().id())
                .as("the same id at another property: one greeting").contains(atBkk.get().alert().id());
        assertThat(EVALUATOR.onDay(greeting, "BKK01", DAY.plusYears(1), born, g, NOW)).map(r -> r.alert().id())
                .as("next year: greeted again").contains("lapsed-guest-birthday/2027/" + YU);

        assertThat(EVALUATOR.onDay(greeting, "CNX01", DAY, born, g, NOW)).as("never stayed there").isEmpty();
        assertThat(EVALUATOR.onDay(greeting, "BKK01", DAY, born,
                guest(Cards.lapsedBirthdayToday(true, true), Map.of("email", false), bkk), NOW)).as("said no").isEmpty();
        assertThat(EVALUATOR.onDay(greeting, "BKK01", DAY, born,
                guest(Cards.lapsedBirthdayToday(false, true), Map.of("email", true), bkk), NOW)).as("not lapsed").isEmpty();
    }

    @Test
    void shouldBriefOnEveryArrivalOncePerDay() {
        AlertRule briefing = rule("pre-arrival-briefing");
        Alert.Stay tomorrow = new Alert.Stay("C1", "1412", null, DAY.plusDays(1), DAY.plusDays(3));
        Candidate arriving = new Candidate(YU, tomorrow, null);
        Alert a = EVALUATOR.onDay(briefing, "BKK01", DAY, arriving, guest(Cards.yu(1)), NOW).orElseThrow().alert();
        assertThat(a.id()).isEqualTo("pre-arrival-briefing/BKK01/2026-06-15/" + YU);
        assertThat(a.stay()).isEqualTo(tomorrow);
        assertThat(a.businessDate()).isEqualTo(DAY);
        assertThat(EVALUATOR.onDay(briefing, "BKK01", DAY.plusDays(1), arriving, guest(Cards.yu(1)), NOW))
                .map(r -> r.alert().id()).contains("pre-arrival-briefing/BKK01/2026-06-16/" + YU);
    }

    @Test
    void shouldAlertFolioAdjustmentsAboveTheThresholdOncePerStay() {
        AlertRule recovery = rule("service-recovery-folio");
        LocalDate arrival = DAY.minusDays(1);
        Reservation inHouse = stay("BKK01", "C1", arrival, DAY.plusDays(3), StayStatus.IN_HOUSE);
        Candidate row = new Candidate(YU, new Alert.Stay("C1", "1412", null, arrival, DAY.plusDays(3)), null);
        RecognisedGuest adjusted = guest(Cards.yu(1), inHouse, folio("1", "-2500.00", ChargeCategory.ROOM),
                folio("2", "-9000.00", ChargeCategory.PAYMENT));

        Alert today = EVALUATOR.onDay(recovery, "BKK01", DAY, row, adjusted, NOW).orElseThrow().alert();
        assertThat(today.id()).isEqualTo("service-recovery-folio/BKK01/stay/C1/" + YU);
        assertThat(today.adjustments()).isEqualByComparingTo("2500.00");
        assertThat(EVALUATOR.onDay(recovery, "BKK01", DAY.plusDays(1), row, adjusted, NOW)).map(r -> r.alert().id())
                .as("the next morning, same stay: the same id, which the store keeps once").contains(today.id());
        assertThat(EVALUATOR.onDay(recovery, "BKK01", DAY, row,
                guest(Cards.yu(1), inHouse, folio("1", "-1500.00", ChargeCategory.ROOM)), NOW)).as("below the threshold").isEmpty();
        assertThat(EVALUATOR.onDay(recovery, "BKK01", DAY, row,
                guest(Cards.yu(1), inHouse, folio("1", "-9000.00", ChargeCategory.PAYMENT)), NOW)).as("a payment is no correction").isEmpty();
    }

    static FolioLine folio(String line, String amount, ChargeCategory category) {
        return new FolioLine("BKK01", "C1", line, "C1", DAY.minusDays(1), "X", "x", category, new BigDecimal(amount), "THB");
    }
}

package io.guestlink.alert;

import io.guestlink.event.GuestEventType;
import io.guestlink.memory.RecognitionCard;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules shipped in config/alerts.yaml, each filter against the guests it must and must not alert about. */
class ShippedRulesTest {
    static final AlertConfig CONFIG = AlertConfig.load(Path.of("config/alerts.yaml"));
    static final LocalDate DAY = LocalDate.of(2026, 6, 15);

    static AlertRule rule(String id) {
        return CONFIG.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    static boolean fires(String rule, GuestEventType type, RecognitionCard card, Map<String, Boolean> consent,
                         ServiceRecovery recovery) {
        return rule(rule).when().test(new Subject("BKK01", DAY, type, card, consent, recovery));
    }

    @Test
    void shouldShipEveryRuleTheProductNeedsWithItsTrigger() {
        assertThat(CONFIG.rulesFor(GuestEventType.CHECKED_IN)).extracting(AlertRule::id)
                .containsExactly("returning-guest-arrival", "possibly-returning-guest-arrival", "vip-arrival", "birthday-during-stay");
        assertThat(CONFIG.rulesFor(GuestEventType.POS_TICKET_CLOSED)).extracting(AlertRule::id).containsExactly("service-recovery");
        assertThat(CONFIG.rulesFor(GuestEventType.ROOM_MOVED)).isEmpty();
        assertThat(CONFIG.dailyRules()).extracting(AlertRule::id)
                .containsExactly("lapsed-guest-birthday", "pre-arrival-briefing", "service-recovery-folio");
        Trigger.Daily briefing = (Trigger.Daily) rule("pre-arrival-briefing").trigger();
        assertThat(briefing.population()).isEqualTo(Population.ARRIVALS_TOMORROW);
        assertThat(briefing.at("BKK01")).isEqualTo(LocalTime.of(16, 0));
        assertThat(rule("lapsed-guest-birthday").oncePer()).isEqualTo(OncePer.YEAR);
        assertThat(rule("service-recovery-folio").oncePer()).isEqualTo(OncePer.STAY);
        // the shipped webhook and HL7 channels are examples, off until configured: rules skip them
        assertThat(CONFIG.deliveryChannels(rule("returning-guest-arrival"))).containsExactly("topic");
    }

    @Test
    void returningGuestArrivalFiresFromTheSecondStay() {
        assertThat(fires("returning-guest-arrival", GuestEventType.CHECKED_IN, Cards.yu(2), Map.of(), null)).isTrue();
        assertThat(fires("returning-guest-arrival", GuestEventType.CHECKED_IN, Cards.yu(11), Map.of(), null)).isTrue();
        assertThat(fires("returning-guest-arrival", GuestEventType.CHECKED_IN, Cards.yu(1), Map.of(), null)).isFalse();
    }

    @Test
    void possiblyReturningGuestArrivalFiresForAFirstStayThatMayBeAKnownGuest() {
        RecognitionCard.PossibleMatch stayedBefore = Cards.possibly(2);
        assertThat(fires("possibly-returning-guest-arrival", GuestEventType.CHECKED_IN,
                Cards.yu(1).withPossibly(java.util.List.of(stayedBefore)), Map.of(), null)).isTrue();
        // a first stay with no possible duplicate, or one who never stayed (a POS member record): nothing to say
        assertThat(fires("possibly-returning-guest-arrival", GuestEventType.CHECKED_IN, Cards.yu(1), Map.of(), null)).isFalse();
        assertThat(fires("possibly-returning-guest-arrival", GuestEventType.CHECKED_IN,
                Cards.yu(1).withPossibly(java.util.List.of(Cards.possibly(0))), Map.of(), null)).isFalse();
        // a returning guest gets returning-guest-arrival (whose card names the possible duplicate too), not this one
        assertThat(fires("possibly-returning-guest-arrival", GuestEventType.CHECKED_IN,
                Cards.yu(2).withPossibly(java.util.List.of(stayedBefore)), Map.of(), null)).isFalse();
        assertThat(fires("returning-guest-arrival", GuestEventType.CHECKED_IN,
                Cards.yu(2).withPossibly(java.util.List.of(stayedBefore)), Map.of(), null)).isTrue();
    }

    @Test
    void vipArrivalFiresOnlyForAVip() {
        assertThat(fires("vip-arrival", GuestEventType.CHECKED_IN, Cards.vip(), Map.of(), null)).isTrue();
        assertThat(fires("vip-arrival", GuestEventType.CHECKED_IN, Cards.yu(3), Map.of(), null)).isFalse();
    }

    @Test
    void birthdayDuringStayFiresWhenTheBirthdayFallsInTheStay() {
        assertThat(fires("birthday-during-stay", GuestEventType.CHECKED_IN, Cards.birthdayThisStay(DAY.plusDays(2)), Map.of(), null)).isTrue();
        assertThat(fires("birthday-during-stay", GuestEventType.CHECKED_IN, Cards.yu(2), Map.of(), null)).isFalse();
    }

    @Test
    void lapsedBirthdayNeedsLapsedBirthdayTodayAndEmailConsent() {
        var both = Cards.lapsedBirthdayToday(true, true);
        assertThat(fires("lapsed-guest-birthday", null, both, Map.of("email", true), null)).isTrue();
        assertThat(fires("lapsed-guest-birthday", null, both, Map.of("email", false), null)).as("said no").isFalse();
        assertThat(fires("lapsed-guest-birthday", null, both, Map.of(), null)).as("never asked").isFalse();
        assertThat(fires("lapsed-guest-birthday", null, both, Map.of("sms", true), null)).as("consent to another medium").isFalse();
        assertThat(fires("lapsed-guest-birthday", null, Cards.lapsedBirthdayToday(false, true), Map.of("email", true), null)).isFalse();
        assertThat(fires("lapsed-guest-birthday", null, Cards.lapsedBirthdayToday(true, false), Map.of("email", true), null)).isFalse();
        assertThat(rule("lapsed-guest-birthday").when().consentedMedia(
                new Subject("BKK01", DAY, null, both, Map.of("email", true, "sms", true), null))).containsExactly("email");
    }

    @Test
    void preArrivalBriefingListsEveryArrival() {
        assertThat(fires("pre-arrival-briefing", null, Cards.yu(1), Map.of(), null)).isTrue();
    }

    @Test
    void serviceRecoveryFiresOnANewVoidWhenTheStayIsAboveTheThreshold() {
        var above = new ServiceRecovery(new BigDecimal("2500.00"), true);
        assertThat(fires("service-recovery", GuestEventType.POS_TICKET_CLOSED, Cards.yu(2), Map.of(), above)).isTrue();
        assertThat(fires("service-recovery", GuestEventType.POS_TICKET_CLOSED, Cards.yu(2), Map.of(),
                new ServiceRecovery(new BigDecimal("2500.00"), false))).as("this ticket had no void").isFalse();
        assertThat(fires("service-recovery", GuestEventType.POS_TICKET_CLOSED, Cards.yu(2), Map.of(),
                new ServiceRecovery(new BigDecimal("2000.00"), true))).as("not above").isFalse();
        assertThat(fires("service-recovery-folio", null, Cards.yu(2), Map.of(),
                new ServiceRecovery(new BigDecimal("2500.00"), false))).as("daily: no event to bring it").isTrue();
        assertThat(fires("service-recovery-folio", null, Cards.yu(2), Map.of(), ServiceRecovery.NONE)).isFalse();
    }
}

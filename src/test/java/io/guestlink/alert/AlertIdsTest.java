package io.guestlink.alert;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertIdsTest {
    static AlertRule daily(String id, OncePer once, Population p) {
        return new AlertRule(id, new Trigger.Daily(LocalTime.of(9, 0), Map.of(), p), Conditions.ALWAYS, "marketing",
                List.of(), once);
    }

    @Test
    void eventIdsDependOnRuleAndEventOnly() {
        assertThat(AlertIds.forEvent("vip-arrival", 42)).isEqualTo("vip-arrival/event/42")
                .isEqualTo(AlertIds.forEvent("vip-arrival", 42));
        assertThat(AlertIds.forEvent("vip-arrival", 43)).isNotEqualTo(AlertIds.forEvent("vip-arrival", 42));
        assertThat(AlertIds.forEvent("returning-guest-arrival", 42)).isNotEqualTo(AlertIds.forEvent("vip-arrival", 42));
    }

    @Test
    void dailyIdsAreOncePerDayPropertyAndGuest() {
        AlertRule r = daily("pre-arrival-briefing", OncePer.DAY, Population.ARRIVALS_TOMORROW);
        LocalDate d = LocalDate.of(2026, 6, 15);
        assertThat(AlertIds.forDaily(r, "BKK01", d, 7, "C1")).isEqualTo("pre-arrival-briefing/BKK01/2026-06-15/7");
        Set<String> ids = Set.of(AlertIds.forDaily(r, "BKK01", d, 7, "C1"), AlertIds.forDaily(r, "BKK01", d.plusDays(1), 7, "C1"),
                AlertIds.forDaily(r, "BKK02", d, 7, "C1"), AlertIds.forDaily(r, "BKK01", d, 8, "C1"));
        assertThat(ids).hasSize(4);
        assertThat(AlertIds.forDaily(r, "BKK01", d, 7, "C2")).as("another stay the same day: still one a day")
                .isEqualTo(AlertIds.forDaily(r, "BKK01", d, 7, "C1"));
    }

    @Test
    void yearIdsAreOncePerGuestAndYearWhateverTheDayOrProperty() {
        AlertRule r = daily("lapsed-guest-birthday", OncePer.YEAR, Population.BIRTHDAYS_TODAY);
        String id = AlertIds.forDaily(r, "BKK01", LocalDate.of(2026, 3, 5), 7, null);
        assertThat(id).isEqualTo("lapsed-guest-birthday/2026/7");
        assertThat(AlertIds.forDaily(r, "PKT01", LocalDate.of(2026, 11, 30), 7, null)).isEqualTo(id);
        assertThat(AlertIds.forDaily(r, "BKK01", LocalDate.of(2027, 3, 5), 7, null)).isNotEqualTo(id);
    }

    @Test
    void stayIdsAreOncePerStay() {
        AlertRule r = daily("service-recovery-folio", OncePer.STAY, Population.IN_HOUSE);
        assertThat(AlertIds.forDaily(r, "BKK01", LocalDate.of(2026, 6, 15), 7, "C1"))
                .isEqualTo(AlertIds.forDaily(r, "BKK01", LocalDate.of(2026, 6, 17), 7, "C1"))
                .isNotEqualTo(AlertIds.forDaily(r, "BKK01", LocalDate.of(2026, 6, 17), 7, "C2"));
        assertThatThrownBy(() -> AlertIds.forDaily(r, "BKK01", LocalDate.of(2026, 6, 15), 7, null))
                .hasMessageContaining("confirmation");
    }

    @Test
    void shortFormIsTwentyStableCharacters() {
        String s = AlertIds.shortForm("vip-arrival/event/42");
        assertThat(s).hasSize(20).matches("[0-9a-f]{20}").isEqualTo(AlertIds.shortForm("vip-arrival/event/42"))
                .isNotEqualTo(AlertIds.shortForm("vip-arrival/event/43"));
    }
}

package io.guestlink.alert;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class DailyScheduleTest {
    static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

    @Test
    void dueFromTheLocalTimeOnTheBusinessDateInThePropertysZone() {
        LocalDate bd = LocalDate.of(2026, 6, 15);
        // 16:00 in Bangkok (UTC+7) is 09:00 UTC
        assertThat(DailySchedule.dueAt(bd, LocalTime.of(16, 0), BANGKOK)).isEqualTo(Instant.parse("2026-06-15T09:00:00Z"));
        assertThat(DailySchedule.isDue(bd, LocalTime.of(16, 0), BANGKOK, Instant.parse("2026-06-15T08:59:59Z"))).isFalse();
        assertThat(DailySchedule.isDue(bd, LocalTime.of(16, 0), BANGKOK, Instant.parse("2026-06-15T09:00:00Z"))).isTrue();
    }

    @Test
    void aBusinessDateBehindTheCalendarIsAlreadyDueAndOneAheadWaits() {
        Instant justAfterMidnight = Instant.parse("2026-06-15T17:30:00Z"); // 00:30 on June 16 in Bangkok
        assertThat(DailySchedule.isDue(LocalDate.of(2026, 6, 15), LocalTime.of(16, 0), BANGKOK, justAfterMidnight))
                .as("night audit not run yet: yesterday's 16:00 has passed").isTrue();
        assertThat(DailySchedule.isDue(LocalDate.of(2026, 6, 16), LocalTime.of(9, 0), BANGKOK, justAfterMidnight)).isFalse();
    }

    @Test
    void aTimeInADaylightSavingGapRunsJustAfterTheGap() {
        // Lisbon skips 01:00-02:00 on 29 March 2026
        Instant due = DailySchedule.dueAt(LocalDate.of(2026, 3, 29), LocalTime.of(1, 30), ZoneId.of("Europe/Lisbon"));
        assertThat(due).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }
}

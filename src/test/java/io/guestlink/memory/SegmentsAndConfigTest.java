package io.guestlink.memory;

import io.guestlink.ingest.ConfigurationException;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.guestlink.memory.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentsAndConfigTest {
    @TempDir
    Path dir;

    @Test
    void shouldFindBirthdayFromArrivalToDepartureInclusiveAndAcrossNewYear() {
        assertThat(Segments.occursBetween(d("1980-06-15"), d("2026-06-12"), d("2026-06-15"))).contains(d("2026-06-15"));
        assertThat(Segments.occursBetween(d("1980-06-16"), d("2026-06-12"), d("2026-06-15"))).isEmpty();
        assertThat(Segments.occursBetween(d("1980-01-01"), d("2025-12-30"), d("2026-01-02"))).contains(d("2026-01-01"));
    }

    @Test
    void shouldCelebrateFeb29OnFeb28InNonLeapYears() {
        assertThat(Segments.occursBetween(d("1988-02-29"), d("2027-02-28"), d("2027-02-28"))).contains(d("2027-02-28"));
        assertThat(Segments.occursBetween(d("1988-02-29"), d("2028-02-28"), d("2028-02-28"))).isEmpty();
        assertThat(Segments.occursBetween(d("1988-02-29"), d("2028-02-29"), d("2028-03-01"))).contains(d("2028-02-29"));
    }

    @Test
    void shouldScoreRfmAndVipFromConfig() {
        MemoryConfig c = MemoryConfig.defaults();
        StayRollup r = StayRollup.of(GuestFacts.of(List.of(
                stay("1", "2025-01-01", "2025-01-11", StayStatus.CHECKED_OUT),
                stay("2", "2025-12-01", "2025-12-03", StayStatus.CHECKED_OUT),
                folio("F", "1", "2025-01-01", io.guestlink.model.ChargeCategory.ROOM, "42000.00", "THB"))), c, d("2026-01-10"));
        Segments s = Segments.of(r, profile("en", null, "GLD", yuLatin()), null, null, c, d("2026-01-10"));
        assertThat(s.lifecycle()).isEqualTo(Segments.Lifecycle.REPEAT);
        assertThat(s.rfm().code()).isEqualTo("523"); // 38 days, 2 stays, 42,000 THB
        assertThat(s.lifetimeValue().amount()).isEqualByComparingTo("42000");
        assertThat(s.vip()).isTrue();
        assertThat(Segments.of(StayRollup.of(GuestFacts.EMPTY, c, d("2026-01-10")), profile("en", null, " ", yuLatin()),
                null, null, c, d("2026-01-10"))).extracting(Segments::lifecycle, Segments::vip, Segments::rfm)
                .containsExactly(Segments.Lifecycle.PROSPECT, false, null);
    }

    @Test
    void shippedConfigFileShouldEqualTheDefaults() {
        assertThat(MemoryConfig.load(Path.of("config/memory.yaml"))).isEqualTo(MemoryConfig.defaults());
    }

    @Test
    void shouldReportEveryConfigProblemAtOnce() throws Exception {
        Path f = Files.writeString(dir.resolve("memory.yaml"), """
                zones: { BKK01: Asia/Nowhere }
                mealPeriods:
                  CAFE:
                    - { name: breakfast, from: "06:00", to: "10:30" }
                    - { name: brunch, from: "10:00", to: "13:00" }
                    - { name: dinner, from: "7pm", to: "22:00" }
                usualOrder: { minShare: 1.5 }
                """);
        assertThatThrownBy(() -> MemoryConfig.load(f)).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(4)
                        .anyMatch(p -> p.contains("Asia/Nowhere"))
                        .anyMatch(p -> p.contains("'breakfast' and 'brunch' overlap"))
                        .anyMatch(p -> p.contains("7pm"))
                        .anyMatch(p -> p.contains("minShare")));
    }
}

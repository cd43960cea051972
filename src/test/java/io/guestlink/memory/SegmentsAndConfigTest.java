package io.guestlink.memory;

import io.guestlink.config.ConfigurationException;
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

    /** The stored segments (time-independent) read on any day agree with the card's segments computed that day. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void storedSegmentsShouldAgreeWithTheCardOnAnyDay(long seed) {
        java.util.Random r = new java.util.Random(seed);
        MemoryConfig c = MemoryConfig.defaults();
        GuestFacts facts = GuestFacts.of(IncrementalRollupTest.history(r));
        io.guestlink.model.GuestProfile guest = profile("zh", d("1988-02-29"), r.nextBoolean() ? "GLD" : null, yuHan());
        SegmentRow all = SegmentRow.of(MemorySummary.of(facts, c), guest.birthDate(), guest.vipCode(), c).get(0);
        assertThat(all.property()).isEqualTo("*");
        for (int i = 0; i < 20; i++) {
            java.time.LocalDate asOf = d("2022-01-01").plusDays(r.nextInt(3000));
            Segments card = Segments.of(StayRollup.of(facts, c, asOf), guest, null, null, c, asOf);
            assertThat(all.lifecycle(asOf)).as("lifecycle on " + asOf).isEqualTo(card.lifecycle());
            assertThat(all.vip()).isEqualTo(card.vip());
            if (card.rfm() == null) assertThat(all.recency(asOf, c)).isNull();
            else {
                assertThat(all.recency(asOf, c)).isEqualTo(card.rfm().recency());
                assertThat(all.frequency()).isEqualTo(card.rfm().frequency());
                assertThat(all.monetary()).isEqualTo(card.rfm().monetary());
                assertThat(all.lifetimeValue()).isEqualByComparingTo(card.lifetimeValue().amount());
            }
            boolean birthdayToday = SegmentRow.birthdaysWithin(asOf, 1).contains(all.birthday());
            assertThat(birthdayToday).as("birthday on " + asOf).isEqualTo(card.birthdayToday());
        }
    }

    @Test
    void shouldListBirthdaysOfTheComingDaysWithFeb29OnFeb28InOrdinaryYears() {
        assertThat(SegmentRow.birthdaysWithin(d("2027-02-25"), 7)).containsExactly(225, 226, 227, 228, 229, 301, 302, 303);
        assertThat(SegmentRow.birthdaysWithin(d("2028-02-25"), 7)).containsExactly(225, 226, 227, 228, 229, 301, 302);
        assertThat(SegmentRow.birthdaysWithin(d("2026-12-29"), 7)).containsExactly(1229, 1230, 1231, 101, 102, 103, 104);
    }

    @Test
    void shouldKeepLapsedAndRecencyOutOfTheStoredRowAndDecideThemOnReading() {
        MemoryConfig c = MemoryConfig.defaults();
        GuestFacts facts = GuestFacts.of(List.of(stay("1", "2023-06-10", "2023-06-12", StayStatus.CHECKED_OUT),
                folio("F", "1", "2023-06-10", io.guestlink.model.ChargeCategory.ROOM, "8400.00", "THB")));
        SegmentRow row = SegmentRow.of(MemorySummary.of(facts, c), d("1980-06-20"), null, c).get(0);
        assertThat(row.lapsedOn()).isEqualTo(d("2026-06-12")); // 36 months after the departure
        assertThat(row.lifecycle(d("2026-06-11"))).isEqualTo(Segments.Lifecycle.FIRST_TIMER);
        assertThat(row.lifecycle(d("2026-06-12"))).isEqualTo(Segments.Lifecycle.LAPSED);
        assertThat(row.recency(d("2023-07-01"), c)).isEqualTo(5);
        assertThat(row.recency(d("2026-06-12"), c)).isEqualTo(1);
        assertThat(row.birthday()).isEqualTo(620);
        assertThat(row.frequency()).isEqualTo(1);
        assertThat(row.monetary()).isEqualTo(1); // 8,400 THB is below the first edge (10,000)
        // in house: never lapsed, however old the booking
        GuestFacts inHouse = GuestFacts.of(List.of(stay("2", "2020-01-01", "2030-01-01", StayStatus.IN_HOUSE)));
        SegmentRow staying = SegmentRow.of(MemorySummary.of(inHouse, c), null, null, c).get(0);
        assertThat(staying.lapsedOn()).isNull();
        assertThat(staying.recency(d("2029-01-01"), c)).isEqualTo(5);
    }

    @Test
    void shouldRefuseAWindowSmallerThanMinVisits() throws Exception {
        Path f = Files.writeString(dir.resolve("memory.yaml"), "usualOrder: { minVisits: 3, window: 2 }\n");
        assertThatThrownBy(() -> MemoryConfig.load(f)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("usualOrder.window must be at least minVisits (3), was 2");
        Path g = Files.writeString(dir.resolve("memory2.yaml"), "usualOrder: { window: 50 }\n");
        assertThat(MemoryConfig.load(g).usualOrder().window()).isEqualTo(50);
        assertThat(MemoryConfig.load(g).fingerprint()).isNotEqualTo(MemoryConfig.defaults().fingerprint());
        assertThat(MemoryConfig.load(Path.of("config/memory.yaml")).fingerprint()).isEqualTo(MemoryConfig.defaults().fingerprint());
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

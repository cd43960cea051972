package io.guestlink.memory;

import io.guestlink.model.Fact;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.guestlink.memory.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

class UsualOrderTest {
    private final MemoryConfig config = MemoryConfig.defaults();

    private List<UsualOrder> usual(String asOf, Fact... facts) {
        return UsualOrder.of(GuestFacts.of(List.of(facts)), config);
    }

    @Test
    void shouldNotCallOneVisitAHabit() {
        assertThat(usual("2025-07-01", ticket("CAFE", "1", "W2", "2025-06-09T07:30", "ROOM", "530", "Coffee:1:120"))).isEmpty();
    }

    @Test
    void shouldRequireTheItemOnAtLeastHalfOfTheVisits() {
        List<UsualOrder> u = usual("2025-07-01",
                ticket("CAFE", "1", "W2", "2025-06-09T07:30", "ROOM", null, "Coffee:1:120", "Toast:1:60"),
                ticket("CAFE", "2", "W2", "2025-06-10T07:30", "ROOM", null, "Coffee:1:120", "Toast:1:60"),
                ticket("CAFE", "3", "T5", "2025-06-11T07:30", "ROOM", null, "Coffee:1:120", "Juice:1:90"),
                ticket("CAFE", "4", "T6", "2025-06-12T07:30", "ROOM", null, "Coffee:1:120"),
                ticket("CAFE", "5", "T7", "2025-06-13T07:30", "ROOM", null, "Tea:1:120"));
        assertThat(u).hasSize(1);
        assertThat(u.get(0).itemNames()).containsExactly("Coffee");  // Toast 2/5 is not half
        assertThat(u.get(0).table()).isNull();                      // W2 on 2 of 5 visits
    }

    @Test
    void shouldPreferTheRecentTableWhenHabitsChange() {
        // three visits at T5 four years ago, three at W2 this year: W2 weighs more and passes the share
        List<UsualOrder> u = usual("2026-06-12",
                ticket("CAFE", "1", "T5", "2022-06-09T07:30", "ROOM", null, "Tea:1:1"),
                ticket("CAFE", "2", "T5", "2022-06-10T07:30", "ROOM", null, "Tea:1:1"),
                ticket("CAFE", "3", "T5", "2022-06-11T07:30", "ROOM", null, "Tea:1:1"),
                ticket("CAFE", "4", "W2", "2026-01-09T07:30", "ROOM", null, "Coffee:1:1"),
                ticket("CAFE", "5", "w2 ", "2026-01-10T07:30", "ROOM", null, "Coffee:1:1"),
                ticket("CAFE", "6", "W2", "2026-01-11T07:30", "ROOM", null, "Coffee:1:1"));
        assertThat(u.get(0).table()).isEqualTo("W2");
        assertThat(u.get(0).itemNames()).containsExactly("Coffee");
        assertThat(u.get(0).tableShare()).isGreaterThan(0.8);
    }

    @Test
    void shouldNotCountVoidedItemsAndCountItemlessTicketsForTheTableOnly() {
        List<UsualOrder> u = usual("2025-07-01",
                ticket("CAFE", "1", "W2", "2025-06-09T07:30", "ROOM", null, "Coffee:1:120", "Cake:1:90", "Cake:-1:90"),
                ticket("CAFE", "2", "W2", "2025-06-10T07:30", "ROOM", null, "Coffee:1:120", "Cake:1:90"),
                ticket("CAFE", "3", "W2", "2025-06-11T07:30", "ROOM", "0.00"));
        assertThat(u.get(0).table()).isEqualTo("W2");
        assertThat(u.get(0).tableVisits()).isEqualTo(3);
        assertThat(u.get(0).itemNames()).containsExactly("Coffee"); // Cake only once after the void
    }

    @Test
    void shouldAssignTicketsJustAfterMidnightToTheLateNightPeriodOrToNone() {
        List<UsualOrder> u = usual("2025-07-01",
                ticket("LOBBYBAR", "1", "B1", "2025-06-09T00:20", "CASH", null, "Whisky:1:400"),
                ticket("LOBBYBAR", "2", "B1", "2025-06-09T23:40", "CASH", null, "Whisky:1:400"),
                ticket("CAFE", "3", "W2", "2025-06-10T00:20", "CASH", null, "Noodles:1:200"),
                ticket("CAFE", "4", "W2", "2025-06-11T00:25", "CASH", null, "Noodles:1:200"));
        assertThat(u).extracting(UsualOrder::outlet, UsualOrder::period)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LOBBYBAR", "late-night"));
        assertThat(u.get(0).itemNames()).containsExactly("Whisky");
    }

    @Test
    void shouldAssignByLocalTimeAcrossDaylightSavingChanges() {
        MemoryConfig ny = new MemoryConfig("USD", Map.of(), Map.of("*", ZoneId.of("America/New_York")),
                config.mealPeriods(), config.usualOrder(), config.roomSettlements(), config.outletCategories(), 36,
                java.util.Set.of(), config.rfm(), config.lifetimeValueCategories());
        // 2026-03-08 02:00 New York springs forward: 10:15Z is 06:15 EDT (breakfast), not 05:15 EST
        assertThat(ny.periodOf("NYC01", "CAFE", Instant.parse("2026-03-08T10:15:00Z"))).map(MealPeriod::name).contains("breakfast");
        assertThat(ny.periodOf("NYC01", "CAFE", Instant.parse("2026-03-07T10:15:00Z"))).isEmpty(); // 05:15 EST
        // 2026-11-01 falls back: 14:45Z is 09:45 EST (breakfast), 15:45Z 10:45 (none)
        assertThat(ny.periodOf("NYC01", "CAFE", Instant.parse("2026-11-01T14:45:00Z"))).map(MealPeriod::name).contains("breakfast");
        assertThat(ny.periodOf("NYC01", "CAFE", Instant.parse("2026-11-01T15:45:00Z"))).isEmpty();
        // local wall-clock tickets on both change days stay breakfasts: the habit holds across the change
        List<UsualOrder> u = UsualOrder.of(GuestFacts.of(List.of(
                ticket("CAFE", "1", "W2", "2026-03-08T07:30", "ROOM", null, "Bagel:1:9"),
                ticket("CAFE", "2", "W2", "2026-11-01T07:30", "ROOM", null, "Bagel:1:9"))), ny);
        assertThat(u).extracting(UsualOrder::period).containsExactly("breakfast");
    }

    @Test
    void shouldCountOnlyTheLatestVisitsOfTheWindow() {
        // 40 breakfasts: 35 at T5 with tea long ago, then 5 at W2 with coffee; a window of 8 sees 3 T5 and 5 W2
        MemoryConfig eight = new MemoryConfig(config.baseCurrency(), config.rates(), config.zones(), config.mealPeriods(),
                new MemoryConfig.UsualOrderRule(2, 0.5, 365, 8), config.roomSettlements(), config.outletCategories(),
                config.lapsedAfterMonths(), config.vipCodes(), config.rfm(), config.lifetimeValueCategories());
        List<Fact> facts = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++)
            facts.add(ticket("CAFE", "T" + (100 + i), i < 35 ? "T5" : "W2", java.time.LocalDate.of(2025, 1, 1).plusDays(i) + "T07:30",
                    "ROOM", null, i < 35 ? "Tea:1:80" : "Coffee:1:120"));
        List<UsualOrder> windowed = UsualOrder.of(GuestFacts.of(facts), eight);
        assertThat(windowed.get(0).visits()).isEqualTo(8);
        assertThat(windowed.get(0).table()).isEqualTo("W2");
        assertThat(windowed.get(0).itemNames()).containsExactly("Coffee");
        assertThat(windowed.get(0).evidence()).extracting(UsualOrder.Evidence::ticketNumber)
                .containsExactly("T135", "T136", "T137", "T138", "T139");
        // the default window of 30 still sees mostly T5 and tea
        assertThat(UsualOrder.of(GuestFacts.of(facts), config).get(0).itemNames()).containsExactly("Tea");
    }

    @Test
    void shouldNotDependOnTheDayItIsComputed() {
        Fact[] breakfasts = {ticket("CAFE", "1", "W2", "2024-06-09T07:30", "ROOM", null, "Coffee:1:120"),
                ticket("CAFE", "2", "T5", "2025-06-10T07:30", "ROOM", null, "Coffee:1:120", "Toast:1:60"),
                ticket("CAFE", "3", "W2", "2025-06-11T07:30", "ROOM", null, "Toast:1:60")};
        // weights are relative to the latest visit; shares are ratios, so they equal weighting from any later day
        UsualOrder u = usual("2025-06-12", breakfasts).get(0);
        java.util.function.ToDoubleFunction<String> w = day -> Math.pow(0.5,
                java.time.temporal.ChronoUnit.DAYS.between(d(day), d("2035-01-01")) / 365.0);
        double all = w.applyAsDouble("2024-06-09") + w.applyAsDouble("2025-06-10") + w.applyAsDouble("2025-06-11");
        assertThat(u.itemNames()).containsExactly("Toast", "Coffee");
        assertThat(u.items().get(0).share()).isCloseTo((w.applyAsDouble("2025-06-10") + w.applyAsDouble("2025-06-11")) / all,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(u.items().get(1).share()).isCloseTo((w.applyAsDouble("2024-06-09") + w.applyAsDouble("2025-06-10")) / all,
                org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void shouldTreatPeriodBoundariesAsHalfOpen() {
        MealPeriod late = new MealPeriod("late-night", LocalTime.of(22, 0), LocalTime.of(2, 0));
        assertThat(late.contains(LocalTime.of(0, 20))).isTrue();
        assertThat(late.contains(LocalTime.of(2, 0))).isFalse();
        assertThat(late.contains(LocalTime.of(22, 0))).isTrue();
        assertThat(config.periodOf(P, "CAFE", java.time.LocalDateTime.parse("2025-06-09T10:30"))).isEmpty();
    }
}

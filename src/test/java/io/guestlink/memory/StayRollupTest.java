package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.Fact;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.guestlink.memory.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

class StayRollupTest {
    private final MemoryConfig config = MemoryConfig.defaults();

    private StayRollup rollup(String asOf, Fact... facts) {
        return StayRollup.of(GuestFacts.of(List.of(facts)), config, d(asOf));
    }

    private static BigDecimal thb(StayRollup r, ChargeCategory c) {
        return r.revenue().get(c).byCurrency().get("THB");
    }

    @Test
    void shouldCountStaysNightsCancellationsNoShowsAndNextArrival() {
        StayRollup r = rollup("2026-01-10",
                stay("1", "2025-03-01", "2025-03-04", StayStatus.CHECKED_OUT),
                stay("2", "2025-08-01", "2025-08-01", StayStatus.CHECKED_OUT), // day use
                stay("3", "2025-09-01", "2025-09-03", StayStatus.CANCELLED),
                stay("4", "2025-10-01", "2025-10-03", StayStatus.NO_SHOW),
                stay("5", "2026-02-01", "2026-02-03", StayStatus.BOOKED),
                stay("6", "2026-05-01", "2026-05-03", StayStatus.BOOKED));
        assertThat(r.stays()).isEqualTo(2);
        assertThat(r.nights()).isEqualTo(3);
        assertThat(r.cancellations()).isEqualTo(1);
        assertThat(r.noShows()).isEqualTo(1);
        assertThat(r.firstStay()).isEqualTo(d("2025-03-01"));
        assertThat(r.lastStay()).isEqualTo(d("2025-08-01"));
        assertThat(r.nextArrival()).isEqualTo(d("2026-02-01"));
        assertThat(r.daysSinceLastStay()).isEqualTo(162);
        assertThat(r.averageDailyRate().byCurrency()).containsEntry("THB", new BigDecimal("4200.00"));
        assertThat(r.issues()).isEmpty();
    }

    @Test
    void shouldBeZeroDaysSinceLastStayWhileInHouseAndNullWhenNeverStayed() {
        assertThat(rollup("2026-01-10", stay("1", "2026-01-09", "2026-01-12", StayStatus.IN_HOUSE)).daysSinceLastStay()).isZero();
        StayRollup none = rollup("2026-01-10");
        assertThat(none.daysSinceLastStay()).isNull();
        assertThat(none.firstStay()).isNull();
        assertThat(none.totalRevenueBase().amount()).isEqualByComparingTo("0");
    }

    @Test
    void shouldExcludeAndReportStayWithDepartureBeforeArrival() {
        StayRollup r = rollup("2026-01-10",
                stay("1", "2025-03-04", "2025-03-01", StayStatus.CHECKED_OUT),
                stay("2", "2025-05-01", "2025-05-02", StayStatus.CHECKED_OUT));
        assertThat(r.stays()).isEqualTo(1);
        assertThat(r.nights()).isEqualTo(1);
        assertThat(r.issues()).extracting(DataIssue::kind, DataIssue::ref)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DataIssue.Kind.DEPARTURE_BEFORE_ARRIVAL, "BKK01 res 1"));
    }

    @Test
    void shouldNetFolioReversalsAndLeaveTaxAndPaymentsOut() {
        StayRollup r = rollup("2026-01-10",
                folio("F1", "1", "2025-03-01", ChargeCategory.MINIBAR, "180.00", "THB"),
                folio("F1", "2", "2025-03-01", ChargeCategory.MINIBAR, "-180.00", "THB"), // reversal
                folio("F1", "3", "2025-03-01", ChargeCategory.SPA, "1800.00", "THB"),
                folio("F1", "4", "2025-03-02", ChargeCategory.SPA, "-300.00", "THB"),     // allowance (refund)
                folio("F1", "5", "2025-03-01", ChargeCategory.TAX, "126.00", "THB"),
                folio("F1", "6", "2025-03-02", ChargeCategory.PAYMENT, "-1626.00", "THB"),
                folio("F1", "6", "2025-03-02", ChargeCategory.PAYMENT, "-1626.00", "THB")); // re-delivered
        assertThat(thb(r, ChargeCategory.MINIBAR)).isEqualByComparingTo("0");
        assertThat(thb(r, ChargeCategory.SPA)).isEqualByComparingTo("1500");
        assertThat(r.revenue()).doesNotContainKeys(ChargeCategory.TAX, ChargeCategory.PAYMENT);
        assertThat(r.totalRevenueBase().amount()).isEqualByComparingTo("1500.00");
    }

    @Test
    void shouldCountOnlyPosTicketsNotPostedToARoom() {
        StayRollup r = rollup("2026-01-10",
                folio("F1", "1", "2025-06-09", ChargeCategory.FNB, "530.00", "THB"),
                ticket("CAFE", "1", "W2", "2025-06-09T07:30", "ROOM", "530.00", "Coffee:1:530.00"),
                ticket("CAFE", "2", "W2", "2025-06-10T07:30", "room ", "530.00", "Coffee:1:530.00"),
                ticket("CAFE", "3", "T8", "2025-06-11T07:30", "VISA", "250.00", "Coffee:1:250.00"),
                ticket("SPA", "4", null, "2025-06-11T15:00", "CASH", "900.00", "Foot Massage:1:900.00"));
        assertThat(thb(r, ChargeCategory.FNB)).isEqualByComparingTo("780.00");
        assertThat(thb(r, ChargeCategory.SPA)).isEqualByComparingTo("900.00");
        assertThat(r.posTickets()).isEqualTo(4);
        assertThat(r.posTicketsPostedToRoom()).isEqualTo(2);
    }

    @Test
    void shouldNetVoidsAndRefundsAndCountItemlessTicketAsVisitWithItsTotal() {
        StayRollup r = rollup("2026-01-10",
                // voids: the POS total already nets them; with no total the items are summed
                ticket("CAFE", "10240", "T8", "2025-06-09T08:15", "CASH", null,
                        "Pad Thai:2:220.00", "Thai Iced Tea:2:120.00", "Thai Iced Tea:-1:120.00"),
                ticket("CAFE", "10241", "T8", "2025-06-09T09:00", "CASH", "-120.00"),          // refund, no items
                ticket("CAFE", "10242", "T9", "2025-06-09T09:10", "CASH", "80.00"),            // no items
                ticket("CAFE", "10243", "T9", "2025-06-09T09:20", "CASH", null, "Water:1:40.00", "Water:-2:40.00"));
        // 440 + 120 - 120 + 80 - 40
        assertThat(thb(r, ChargeCategory.FNB)).isEqualByComparingTo("480.00");
        assertThat(r.issues()).extracting(DataIssue::kind).containsExactly(
                DataIssue.Kind.TICKET_WITHOUT_ITEMS, DataIssue.Kind.TICKET_WITHOUT_ITEMS,
                DataIssue.Kind.REFUND, DataIssue.Kind.REFUND, DataIssue.Kind.VOID_EXCEEDS_ORDER);
    }

    @Test
    void shouldKeepCurrenciesApartAndReportACurrencyWithoutRate() {
        StayRollup r = rollup("2026-01-10",
                stay("1", "2025-03-01", "2025-03-03", StayStatus.CHECKED_OUT, "100.00", "USD"),
                stay("2", "2025-04-01", "2025-04-02", StayStatus.CHECKED_OUT, "4200.00", "THB"),
                stay("3", "2025-05-01", "2025-05-02", StayStatus.CHECKED_OUT, "9000.00", "JPY"),
                folio("F1", "1", "2025-03-01", ChargeCategory.ROOM, "200.00", "USD"),
                folio("F2", "1", "2025-04-01", ChargeCategory.ROOM, "4200.00", "THB"),
                folio("F3", "1", "2025-05-01", ChargeCategory.ROOM, "9000.00", "JPY"),
                folio("F4", "1", "2025-05-01", ChargeCategory.OTHER, "10.00", null));
        assertThat(r.totalRevenue().byCurrency()).containsOnlyKeys("JPY", "THB", "USD", Amounts.NO_CURRENCY);
        assertThat(r.totalRevenueBase().amount()).isEqualByComparingTo("11500.00"); // 200 × 36.50 + 4200
        assertThat(r.totalRevenueBase().unconverted()).containsExactly("JPY", "XXX");
        assertThat(r.averageDailyRate().byCurrency()).containsEntry("USD", new BigDecimal("100.00"))
                .containsEntry("JPY", new BigDecimal("9000.00"));
        assertThat(r.averageDailyRateBase().amount()).isEqualByComparingTo("3833.33"); // (7300 + 4200) / 3
        assertThat(r.averageDailyRateBase().unconverted()).containsExactly("JPY");
        assertThat(r.issues()).extracting(DataIssue::kind, DataIssue::ref).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DataIssue.Kind.NO_RATE, "JPY"),
                org.assertj.core.groups.Tuple.tuple(DataIssue.Kind.NO_RATE, "XXX"));
    }

    @Test
    void shouldJoinAPerItemFeedIntoOneTicket() {
        GuestFacts f = GuestFacts.of(List.of(
                ticket("CAFE", "10234", "W2", "2025-06-09T07:30", "CASH", "530.00", "Club Sandwich:1:320.00"),
                new io.guestlink.model.PosTicket(P, "CAFE", "10234", "W2", 1, java.time.LocalDateTime.parse("2025-06-09T07:30"),
                        null, List.of(new io.guestlink.model.PosItem("2", "Coffee", BigDecimal.ONE, new BigDecimal("120.00"))),
                        "1208", null, "YU/MING", "CASH", new BigDecimal("530.00"), "THB")));
        assertThat(f.tickets()).hasSize(1);
        assertThat(f.tickets().iterator().next().items()).extracting(io.guestlink.model.PosItem::name)
                .containsExactly("Club Sandwich", "Coffee");
        assertThat(thb(StayRollup.of(f, config, d("2026-01-01")), ChargeCategory.FNB)).isEqualByComparingTo("530.00");
    }
}

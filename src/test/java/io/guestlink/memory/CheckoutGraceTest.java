package io.guestlink.memory;

import io.guestlink.model.Complaint;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckoutGraceTest {
    static final LocalDate DEPARTURE = LocalDate.of(2026, 6, 18);

    static Reservation stay(StayStatus status, LocalDate departure) {
        return new Reservation("BKK01", "C1", LocalDate.of(2026, 6, 15), departure, "DLXK", "1208", "BB2",
                new BigDecimal("4200.00"), "THB", status, "WEB", 2, 0, List.of(new Complaint(LocalDate.of(2026, 6, 16), "noisy", true)));
    }

    @Test
    void aStayInHouseIsOverdueOnlyAfterItsDepartureAndTheGrace() {
        CheckoutGrace two = new CheckoutGrace(2);
        Reservation inHouse = stay(StayStatus.IN_HOUSE, DEPARTURE);
        assertThat(two.departedBefore(LocalDate.of(2026, 6, 21))).isEqualTo(LocalDate.of(2026, 6, 19));
        assertThat(two.overdue(inHouse, LocalDate.of(2026, 6, 20))).as("the 19th and 20th are the grace").isFalse();
        assertThat(two.overdue(inHouse, LocalDate.of(2026, 6, 21))).isTrue();
        assertThat(new CheckoutGrace(0).overdue(inHouse, DEPARTURE)).as("on the departure day the guest may still leave").isFalse();
        assertThat(new CheckoutGrace(0).overdue(inHouse, DEPARTURE.plusDays(1))).isTrue();
        assertThat(two.overdue(stay(StayStatus.CHECKED_OUT, DEPARTURE), LocalDate.of(2030, 1, 1))).isFalse();
        assertThat(two.overdue(stay(StayStatus.BOOKED, DEPARTURE), LocalDate.of(2030, 1, 1))).as("a no-show is the PMS's to say")
                .isFalse();
        assertThat(two.overdue(stay(StayStatus.IN_HOUSE, null), LocalDate.of(2030, 1, 1))).as("no departure: nothing to infer")
                .isFalse();
        assertThatThrownBy(() -> new CheckoutGrace(-1)).hasMessageContaining("-1");
    }

    @Test
    void theClosedStayIsCheckedOutOnItsDepartureWithEverythingElseKept() {
        Reservation inHouse = stay(StayStatus.IN_HOUSE, DEPARTURE);
        Reservation closed = new CheckoutGrace(2).departed(inHouse);
        assertThat(closed.status()).isEqualTo(StayStatus.CHECKED_OUT);
        assertThat(closed).usingRecursiveComparison().ignoringFields("status").isEqualTo(inHouse);
        assertThatThrownBy(() -> new CheckoutGrace(2).departed(stay(StayStatus.CHECKED_OUT, DEPARTURE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJournalSaysItWasInferredAndNotSentByThePms() {
        String note = new CheckoutGrace(2).note("OPERA", stay(StayStatus.IN_HOUSE, DEPARTURE), LocalDate.of(2026, 6, 21));
        assertThat(note).startsWith("check-out inferred by GuestLink, not sent by OPERA")
                .contains("stay C1 at BKK01").contains("business date 2026-06-21").contains("2 days after its departure 2026-06-18");
    }
}

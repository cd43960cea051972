package io.guestlink.alert;

import io.guestlink.memory.GuestFacts;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRecoveryTest {
    static final MemoryConfig CONFIG = MemoryConfig.defaults();
    static final LocalDate ARR = LocalDate.of(2026, 6, 14);

    static Reservation stay(String conf, LocalDate arrival, LocalDate departure, StayStatus status) {
        return new Reservation("BKK01", conf, arrival, departure, "DLX", "1208", "BAR", new BigDecimal("4000"), "THB", status,
                null, 2, 0);
    }

    static FolioLine folio(String line, String ref, String amount, ChargeCategory cat, String currency) {
        return new FolioLine("BKK01", "F1", line, ref, ARR.plusDays(1), "X", "x", cat, new BigDecimal(amount), currency);
    }

    static PosTicket ticket(String no, LocalDateTime closed, PosItem... items) {
        return new PosTicket("BKK01", "CAFE", no, "W2", 1, closed.minusMinutes(30), closed, List.of(items), "1208", null, null,
                "ROOM", null, "THB");
    }

    @Test
    void sumsFolioAdjustmentsAndPosVoidsOfTheCurrentStayInTheBaseCurrency() {
        GuestFacts facts = GuestFacts.of(List.of(
                stay("C1", ARR, ARR.plusDays(3), StayStatus.IN_HOUSE),
                stay("C0", ARR.minusYears(1), ARR.minusYears(1).plusDays(2), StayStatus.CHECKED_OUT),
                folio("1", "C1", "-1000.00", ChargeCategory.ROOM, "THB"),          // room rate adjustment
                folio("2", "C1", "-20.00", ChargeCategory.FNB, "USD"),             // 20 USD = 730 THB
                folio("3", "C1", "-5000.00", ChargeCategory.PAYMENT, "THB"),       // a payment: not a correction
                folio("4", "C1", "-70.00", ChargeCategory.TAX, "THB"),             // follows the charge it corrects
                folio("5", "C0", "-900.00", ChargeCategory.ROOM, "THB"),           // another stay
                ticket("T1", ARR.plusDays(1).atTime(8, 0), new PosItem("1", "Coffee", new BigDecimal("2"), new BigDecimal("120")),
                        new PosItem("2", "Club Sandwich", new BigDecimal("-1"), new BigDecimal("350"))),
                ticket("T0", ARR.minusDays(3).atTime(8, 0), new PosItem("1", "Soup", new BigDecimal("-1"), new BigDecimal("999")))));
        ServiceRecovery r = ServiceRecovery.of(facts, "BKK01", ARR.plusDays(1), "T1", CONFIG);
        assertThat(r.total()).isEqualByComparingTo("2080.00"); // 1000 + 730 + 350
        assertThat(r.fromThisEvent()).isTrue();
        assertThat(ServiceRecovery.of(facts, "BKK01", ARR.plusDays(1), "T9", CONFIG).fromThisEvent()).isFalse();
    }

    @Test
    void noCurrentStayMeansNothingToRecover() {
        GuestFacts facts = GuestFacts.of(List.of(stay("C1", ARR, ARR.plusDays(3), StayStatus.CANCELLED),
                folio("1", "C1", "-3000.00", ChargeCategory.ROOM, "THB")));
        assertThat(ServiceRecovery.of(facts, "BKK01", ARR.plusDays(1), null, CONFIG)).isEqualTo(ServiceRecovery.NONE);
        assertThat(ServiceRecovery.of(GuestFacts.EMPTY, "BKK01", ARR, null, CONFIG)).isEqualTo(ServiceRecovery.NONE);
    }
}

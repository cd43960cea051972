package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ObservedPreferencesTest {
    static Reservation stay(String conf, String room, String type, StayStatus status) {
        return new Reservation("BKK01", conf, LocalDate.of(2025, 6, 8), LocalDate.of(2025, 6, 10), type, room, "BAR",
                new BigDecimal("4200"), "THB", status, "DIRECT", 1, 0);
    }

    static FolioLine minibar(String conf, String line, String item, String amount) {
        return new FolioLine("BKK01", "F" + conf, line, conf, LocalDate.of(2025, 6, 9), "4100", item, ChargeCategory.MINIBAR,
                new BigDecimal(amount), "THB");
    }

    /** Stay C's Singha Beer was charged and reversed (a folio correction): it was not taken on C. */
    @Test
    void roomTypeFloorAndMinibarSeenOnMostStaysBecomePreferences() {
        GuestFacts facts = GuestFacts.of(List.of(
                stay("A", "1208", "DLX", StayStatus.CHECKED_OUT), stay("B", "1215", "DLX", StayStatus.CHECKED_OUT),
                stay("C", "815", "STE", StayStatus.CHECKED_OUT), stay("D", "1201", "DLX", StayStatus.CANCELLED),
                minibar("A", "1", "Singha Beer", "120"), minibar("B", "1", "singha beer ", "120"),
                minibar("C", "1", "Pringles", "90"), minibar("C", "2", "Singha Beer", "120"), minibar("C", "3", "Singha Beer", "-120")));
        assertThat(ObservedPreferences.of(facts)).extracting(ObservedPreferences.Observed::text).containsExactly(
                "room type DLX (2 of 3 stays)", "floor 12 (2 of 3 stays)", "minibar SINGHA BEER (2 of 3 stays)");
        assertThat(ObservedPreferences.of(facts)).extracting(ObservedPreferences.Observed::category)
                .containsExactly("room", "floor", "minibar");
    }

    @Test
    void oneStayIsNeverAHabit() {
        GuestFacts facts = GuestFacts.of(List.of(stay("A", "1208", "DLX", StayStatus.CHECKED_OUT),
                stay("B", "1208", "DLX", StayStatus.BOOKED), minibar("A", "1", "Singha Beer", "120")));
        assertThat(ObservedPreferences.of(facts)).isEmpty();
    }

    @Test
    void floorsComeFromThreeAndFourDigitRoomNumbersOnly() {
        assertThat(ObservedPreferences.floor("1208")).isEqualTo("12");
        assertThat(ObservedPreferences.floor("815")).isEqualTo("8");
        assertThat(ObservedPreferences.floor("PH-A")).isNull();
        assertThat(ObservedPreferences.floor("12")).isNull();
    }
}

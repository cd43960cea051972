package io.guestlink.alert;

import io.guestlink.memory.RecognitionCard;
import io.guestlink.memory.Segments;

import java.time.LocalDate;
import java.util.List;

/** Recognition cards for rule tests: Mr. Yu's, varied one reading at a time. */
final class Cards {
    private Cards() {
    }

    static RecognitionCard yu(int stayNumber) {
        return new RecognitionCard("Mr. Yu", "于先生", "zh", false, null, stayNumber,
                stayNumber > 1 ? LocalDate.of(2025, 6, 9) : null, stayNumber > 1 ? LocalDate.of(2025, 6, 11) : null,
                List.of(new RecognitionCard.Usual("CAFE", "breakfast", "W2", List.of("Club Sandwich", "Coffee", "Fried Egg"))),
                List.of(), List.of(), null, null, false, false,
                stayNumber > 1 ? Segments.Lifecycle.REPEAT : Segments.Lifecycle.FIRST_TIMER, List.of());
    }

    /** Another guest, Mr. Yu under the PMS's spelling, with this many stays, as a review-queue pair names him. */
    static RecognitionCard.PossibleMatch possibly(int stays) {
        return new RecognitionCard.PossibleMatch(17, "Mr. Yu", stays, stays > 0 ? LocalDate.of(2025, 6, 8) : null, 10.8,
                List.of("family EXACT", "given EXACT", "phone SHARED (+66******5678 on both)"));
    }

    static RecognitionCard vip() {
        RecognitionCard c = yu(1);
        return new RecognitionCard(c.name(), c.salutation(), c.language(), true, "GOLD", 1, null, null, c.usual(),
                c.preferences(), c.allergies(), null, null, false, false, c.lifecycle(), List.of());
    }

    static RecognitionCard birthdayThisStay(LocalDate day) {
        RecognitionCard c = yu(2);
        return new RecognitionCard(c.name(), c.salutation(), c.language(), false, null, 2, c.lastStay(), c.lastDeparture(),
                c.usual(), c.preferences(), c.allergies(), day, null, false, false, c.lifecycle(), List.of());
    }

    static RecognitionCard lapsedBirthdayToday(boolean lapsed, boolean birthdayToday) {
        RecognitionCard c = yu(1);
        return new RecognitionCard(c.name(), c.salutation(), c.language(), false, null, 1, LocalDate.of(2022, 6, 9),
                LocalDate.of(2022, 6, 11), c.usual(), c.preferences(), c.allergies(), null, null, birthdayToday, lapsed,
                lapsed ? Segments.Lifecycle.LAPSED : Segments.Lifecycle.FIRST_TIMER, List.of());
    }
}

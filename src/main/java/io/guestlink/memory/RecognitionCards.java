package io.guestlink.memory;

import io.guestlink.model.GuestProfile;
import io.guestlink.model.Reservation;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/** Builds the {@link RecognitionCard} from a profile, its facts and notes: the one function alerts and the API call. */
public final class RecognitionCards {

    private RecognitionCards() {
    }

    /**
     * @param arriving the stay the card is for (booked or in house); its own reservation is not "the last stay".
     *                 Null for a card outside a stay (the marketing birthday list): then the stay number is the
     *                 number of stays and usual habits cover all properties.
     * @param asOf     the property's business date
     */
    public static RecognitionCard build(GuestProfile profile, GuestFacts facts, GuestNotes notes, Reservation arriving,
                                        MemoryConfig config, LocalDate asOf) {
        Objects.requireNonNull(profile, "profile");
        notes = notes == null ? GuestNotes.NONE : notes;
        StayRollup all = StayRollup.of(facts, config, asOf);
        Segments seg = Segments.of(all, profile, notes.anniversary(), arriving, config, asOf);

        List<StayRef> past;
        int stayNumber;
        if (arriving != null && arriving.arrival() != null) {
            past = StayRollup.of(facts.without(arriving), config, asOf).staysBefore(arriving.arrival());
            stayNumber = past.size() + 1;
        } else {
            past = all.history();
            stayNumber = all.stays();
        }
        StayRef last = past.isEmpty() ? null : past.get(past.size() - 1);

        List<RecognitionCard.Usual> usual = UsualOrder.of(facts, config).stream()
                .filter(u -> arriving == null || Objects.equals(u.property(), arriving.property()))
                .map(u -> new RecognitionCard.Usual(u.outlet(), u.period(), u.table(), u.itemNames()))
                .toList();
        Salutations.Greeting g = Salutations.of(profile);
        return new RecognitionCard(g.latin(), g.native_(), g.language(), seg.vip(), seg.vipCode(), stayNumber,
                last == null ? null : last.arrival(), last == null ? null : last.departure(), usual,
                notes.preferences(), notes.allergies(), seg.birthdayThisStay(), seg.anniversaryThisStay(),
                seg.birthdayToday(), seg.lapsed(), seg.lifecycle());
    }
}

package io.guestlink.memory;

import io.guestlink.model.GuestProfile;
import io.guestlink.model.Reservation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
        LocalDate anniversary = notes.anniversary() != null ? notes.anniversary() : profile.anniversary();
        Segments seg = Segments.of(all, profile, anniversary, arriving, config, asOf);

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
                preferences(notes, arriving == null ? facts : facts.without(arriving)), notes.allergies().stream().map(RecognitionCards::shown).toList(),
                seg.birthdayThisStay(), seg.anniversaryThisStay(), seg.birthdayToday(), seg.lapsed(), seg.lifecycle(),
                notes.complaints().stream().map(c -> new RecognitionCard.Complaint(c.text(), c.date(), c.source(),
                        c.property() + " " + c.stay())).toList());
    }

    /**
     * Explicit preferences, then what the past stays show (the arriving stay's room was assigned by the hotel, not
     * chosen by the guest) for the categories no explicit preference covers: a guest who asked for a low floor is not
     * greeted with the high floor they happened to get twice.
     */
    static List<RecognitionCard.Preference> preferences(GuestNotes notes, GuestFacts facts) {
        List<RecognitionCard.Preference> out = new ArrayList<>(notes.explicit().stream().map(RecognitionCards::shown).toList());
        Set<String> stated = notes.explicit().stream().map(GuestNotes.Noted::category).collect(Collectors.toSet());
        for (ObservedPreferences.Observed o : ObservedPreferences.of(facts))
            if (!stated.contains(o.category()))
                out.add(new RecognitionCard.Preference(o.category(), o.what(), RecognitionCard.OBSERVED, o.lastSeen(), o.evidence()));
        return out;
    }

    /**
     * One field of the matcher's comparison of a pair, as the review queue keeps it.
     *
     * @param note what was compared; the matcher masks contacts and documents in it, but names and addresses appear
     *             as written, so the card shows notes of {@link #MASKED_NOTES} fields only
     */
    public record Compared(String field, String level, double weight, String note) {
    }

    /** Fields whose notes carry only masked values (never a full e-mail, phone or document number). */
    static final Set<String> MASKED_NOTES = Set.of("email", "phone", "document");

    /** What a card says of a pair's evidence: the fields that agreed (positive weight), strongest first. */
    public static List<String> agreeing(List<Compared> evidence) {
        return evidence.stream().filter(c -> c.weight() > 0)
                .sorted(java.util.Comparator.comparingDouble(Compared::weight).reversed())
                .map(c -> c.field() + " " + c.level() + (MASKED_NOTES.contains(c.field()) && c.note() != null && !c.note().isBlank()
                        ? " (" + c.note().strip() + ")" : ""))
                .toList();
    }

    /**
     * The card's line about another guest this one is possibly the same person as.
     *
     * @param other the other guest's card outside a stay (its stay number is the number of stays)
     */
    public static RecognitionCard.PossibleMatch possibleMatch(long otherProfileId, RecognitionCard other, double score,
                                                              List<Compared> evidence) {
        return new RecognitionCard.PossibleMatch(otherProfileId, other.name(), other.stayNumber(), other.lastStay(), score,
                agreeing(evidence));
    }

    private static RecognitionCard.Preference shown(GuestNotes.Noted n) {
        return new RecognitionCard.Preference(n.category(), n.text(), n.source(), n.lastSeen(), null);
    }
}

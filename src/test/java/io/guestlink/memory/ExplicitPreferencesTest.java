package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.Complaint;
import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.Preference;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.guestlink.memory.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Explicit preferences, allergies, anniversary and open complaints from the source records, on the card. */
class ExplicitPreferencesTest {
    private final MemoryConfig config = MemoryConfig.defaults();

    static GuestProfile guest(LocalDate anniversary, Preference... prefs) {
        GuestProfile p = profile("zh", d("1978-03-14"), null, yuLatin());
        return new GuestProfile(p.names(), p.birthDate(), "M", p.nationality(), p.language(), p.emails(), p.phones(),
                p.idDocuments(), p.vipCode(), p.memberships(), p.marketingConsent(), List.of(prefs), anniversary);
    }

    static Reservation stayIn(String conf, String arrival, String departure, String room, StayStatus status, Complaint... complaints) {
        return new Reservation(P, conf, d(arrival), d(departure), "DLXK", room, "BAR", new BigDecimal("4200"), "THB",
                status, "WEB", 1, 0, List.of(complaints));
    }

    static final Preference HIGH_FLOOR = new Preference("floor", "HF", "high floor");
    static final Preference LOW_FLOOR = new Preference("floor", "LF", "low floor");
    static final Preference FEATHER_FREE = new Preference("pillow", "FP", "feather-free pillow");
    static final Preference SHELLFISH = new Preference("allergy", "SHF", "shellfish");

    List<GuestNotes.Sourced> records() {
        return new ArrayList<>(List.of(
                new GuestNotes.Sourced("OPERA", guest(null, HIGH_FLOOR, FEATHER_FREE),
                        stayIn("1", "2024-03-01", "2024-03-03", "1208", StayStatus.CHECKED_OUT)),
                new GuestNotes.Sourced("OPERA", guest(d("2005-06-13"), FEATHER_FREE, SHELLFISH),
                        stayIn("2", "2025-06-08", "2025-06-10", "1215", StayStatus.CHECKED_OUT,
                                new Complaint(d("2025-06-09"), "noisy air conditioning", true),
                                new Complaint(d("2025-06-09"), "late room service", false))),
                // the same pillow from another system, on a stay before: one preference, seen last by OPERA
                new GuestNotes.Sourced("CNPMS", guest(null, new Preference("pillow", "枕", "Feather-free pillow")),
                        stayIn("3", "2023-01-05", "2023-01-06", "905", StayStatus.CHECKED_OUT,
                                new Complaint(null, "missing towels", true))),
                // a profile export carries no date
                new GuestNotes.Sourced("OPERA", guest(null, new Preference("newspaper", "BKP", "Bangkok Post")), null),
                // a name echoed on a folio line is not the guest describing themselves
                new GuestNotes.Sourced("OPERA", guest(null, new Preference("dietary", "VEG", "vegetarian")),
                        new FolioLine(P, "2", "9", "2", d("2025-06-09"), "2000", "CAFE", ChargeCategory.FNB, BigDecimal.TEN, "THB"))));
    }

    @Test
    void shouldKeepEachPreferenceOnceWithItsLatestSourceAndDateWhateverTheRecordOrder() {
        GuestNotes notes = GuestNotes.from(records());
        assertThat(notes.preferences()).containsExactly(
                new GuestNotes.Noted("allergy", "SHF", "shellfish", "OPERA", d("2025-06-08")),
                new GuestNotes.Noted("pillow", "FP", "feather-free pillow", "OPERA", d("2025-06-08")),
                new GuestNotes.Noted("floor", "HF", "high floor", "OPERA", d("2024-03-01")),
                new GuestNotes.Noted("newspaper", "BKP", "Bangkok Post", "OPERA", null));
        assertThat(notes.allergies()).extracting(GuestNotes.Noted::text).containsExactly("shellfish");
        assertThat(notes.anniversary()).isEqualTo(d("2005-06-13"));
        assertThat(notes.complaints()).containsExactly(
                new GuestNotes.OpenComplaint("noisy air conditioning", d("2025-06-09"), "OPERA", P, "2"),
                new GuestNotes.OpenComplaint("missing towels", d("2023-01-05"), "CNPMS", P, "3")); // undated: its stay

        Random r = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<GuestNotes.Sourced> shuffled = records();
            Collections.shuffle(shuffled, r);
            assertThat(GuestNotes.from(shuffled)).isEqualTo(notes);
        }
    }

    @Test
    void shouldPutExplicitPreferencesAllergiesComplaintsAndTheAnniversaryOnTheCardAndLetExplicitBeatObserved() {
        Reservation arriving = stayIn("4", "2026-06-12", "2026-06-15", null, StayStatus.BOOKED);
        List<Fact> facts = new ArrayList<>();
        for (GuestNotes.Sourced s : records()) if (s.fact() != null) facts.add(s.fact());
        facts.add(arriving);
        // two stays on floor 12 in a DLXK: observed room type and floor
        List<GuestNotes.Sourced> withLowFloor = records();
        withLowFloor.add(new GuestNotes.Sourced("OPERA", guest(null, LOW_FLOOR), arriving));

        RecognitionCard card = RecognitionCards.build(guest(null), GuestFacts.of(facts), GuestNotes.from(withLowFloor),
                arriving, config, d("2026-06-12"));

        assertThat(card.preferences()).containsExactly(
                new RecognitionCard.Preference("floor", "low floor", "OPERA", d("2026-06-12"), null),
                new RecognitionCard.Preference("pillow", "feather-free pillow", "OPERA", d("2025-06-08"), null),
                new RecognitionCard.Preference("floor", "high floor", "OPERA", d("2024-03-01"), null),
                new RecognitionCard.Preference("newspaper", "Bangkok Post", "OPERA", null, null),
                // room type is observed (no explicit room preference); floor 12 is not: the guest stated floors
                new RecognitionCard.Preference("room", "room type DLXK", RecognitionCard.OBSERVED, d("2025-06-08"), "3 of 3 stays"));
        assertThat(card.allergies()).containsExactly(new RecognitionCard.Preference("allergy", "shellfish", "OPERA", d("2025-06-08"), null));
        assertThat(card.openComplaints()).extracting(RecognitionCard.Complaint::text).containsExactly("noisy air conditioning", "missing towels");
        assertThat(card.anniversaryThisStay()).isEqualTo(d("2026-06-13"));
        assertThat(card.toText()).isEqualTo("Mr. Yu · 4th stay · last stay Jun 2025 · ALLERGY: shellfish · "
                + "OPEN COMPLAINT: noisy air conditioning (9 Jun 2025) · OPEN COMPLAINT: missing towels (5 Jan 2023) · "
                + "prefers low floor, feather-free pillow, high floor, Bangkok Post, room type DLXK (3 of 3 stays) · anniversary 13 Jun");
        assertThat(RecognitionCard.fromJson(card.toJson())).isEqualTo(card);
        assertThat(card.toJson()).contains("{\"category\":\"pillow\",\"text\":\"feather-free pillow\",\"source\":\"OPERA\","
                + "\"lastSeen\":\"2025-06-08\",\"evidence\":null}");
    }

    @Test
    void shouldShowObservedFloorWhenNoFloorWasStated() {
        List<Fact> facts = List.of(stayIn("1", "2024-03-01", "2024-03-03", "1208", StayStatus.CHECKED_OUT),
                stayIn("2", "2025-06-08", "2025-06-10", "1215", StayStatus.CHECKED_OUT));
        GuestNotes notes = GuestNotes.from(List.of(new GuestNotes.Sourced("OPERA", guest(null, FEATHER_FREE), facts.get(1))));
        RecognitionCard card = RecognitionCards.build(guest(null), GuestFacts.of(facts), notes, null, config, d("2026-06-12"));
        assertThat(card.preferences()).extracting(RecognitionCard.Preference::text, RecognitionCard.Preference::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("feather-free pillow", "OPERA"),
                        org.assertj.core.groups.Tuple.tuple("room type DLXK", "observed"),
                        org.assertj.core.groups.Tuple.tuple("floor 12", "observed"));
        assertThat(card.openComplaints()).isEmpty();
        assertThat(card.toText()).endsWith("prefers feather-free pillow, room type DLXK (2 of 2 stays), floor 12 (2 of 2 stays)");
    }
}

package io.guestlink.memory;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a recognition card says of a possible duplicate (an open review-queue pair): who, and what agreed, masked. */
class PossibleDuplicateCardTest {
    static final RecognitionCard FIRST_STAY = new RecognitionCard("Mr. Yu", "于先生", "zh", false, null, 1, null, null,
            List.of(), List.of(), List.of(), null, null, false, false, Segments.Lifecycle.FIRST_TIMER, List.of());
    static final RecognitionCard OTHER = new RecognitionCard("Mr. Yu", "Mr. Yu", "zh", false, null, 2,
            LocalDate.of(2025, 6, 8), LocalDate.of(2025, 6, 10), List.of(), List.of(), List.of(), null, null, false, false,
            Segments.Lifecycle.REPEAT, List.of());

    static final List<RecognitionCards.Compared> EVIDENCE = List.of(
            new RecognitionCards.Compared("given", "EXACT", 7.41, "reading MING vs MING"),
            new RecognitionCards.Compared("family", "EXACT", 7.23, "reading YU vs YU"),
            new RecognitionCards.Compared("birthDate", "DIFFERENT", -3.88, "1978-03-14 vs 1985-01-01"),
            new RecognitionCards.Compared("phone", "SHARED", 9.1, "+66******5678 on both"),
            new RecognitionCards.Compared("address", "EXACT", 1.2, "'12 Sukhumvit Soi 4' vs '12 Sukhumvit Soi 4'"),
            new RecognitionCards.Compared("email", "MISSING", 0, "missing on one side"));

    @Test
    void shouldShowTheAgreeingFieldsStrongestFirstWithContactsMaskedAndNoNameOrAddressValues() {
        assertThat(RecognitionCards.agreeing(EVIDENCE)).containsExactly("phone SHARED (+66******5678 on both)",
                "given EXACT", "family EXACT", "address EXACT");
    }

    @Test
    void shouldSayPossiblyTheSameGuestOnTheCardLineWithTheOtherGuestsStays() {
        RecognitionCard.PossibleMatch m = RecognitionCards.possibleMatch(17, OTHER, 10.76, EVIDENCE);
        assertThat(m.stays()).isEqualTo(2);
        assertThat(m.lastStay()).isEqualTo(LocalDate.of(2025, 6, 8));
        RecognitionCard card = FIRST_STAY.withPossibly(List.of(m));
        assertThat(card.toText()).isEqualTo("Mr. Yu (于先生) · first stay · possibly the same guest as Mr. Yu (2 stays, "
                + "last stay Jun 2025; agreeing: phone SHARED (+66******5678 on both), given EXACT, family EXACT, "
                + "address EXACT; score 10.8, not merged)");
        assertThat(card.toText()).doesNotContain("Sukhumvit").doesNotContain("1978");
        assertThat(card.possiblyReturning()).isTrue();
        assertThat(FIRST_STAY.possiblyReturning()).isFalse();
    }

    @Test
    void shouldKeepThePossibleDuplicatesInTheCardJsonAndReadOlderCardsWithout() {
        RecognitionCard card = FIRST_STAY.withPossibly(List.of(RecognitionCards.possibleMatch(17, OTHER, 10.76, EVIDENCE)));
        assertThat(RecognitionCard.fromJson(card.toJson())).isEqualTo(card);
        String older = FIRST_STAY.toJson().replace(",\"possibly\":[]", "");
        assertThat(older).doesNotContain("possibly");
        assertThat(RecognitionCard.fromJson(older).possibly()).isEmpty();
    }
}

package io.guestlink.identity.match;

import io.guestlink.identity.match.ReviewRanking.Group;
import io.guestlink.identity.match.ReviewRanking.OpenPair;
import io.guestlink.identity.match.ReviewRanking.Ranked;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.guestlink.identity.match.Persons.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The review queue's order (what a decision is worth, grouped per guest), the kind of each reason as the totals
 * count it, read from what the shipped model really writes, and what a re-score with new evidence does to a pair.
 */
class ReviewQueueRankingTest {
    static final double REVIEW = 4.0, AUTO = 12.0; // the middle of the band is 8.0
    static final String BAND = ReviewReason.REVIEW_BAND;

    static OpenPair pair(long id, long a, long b, double score) {
        return new OpenPair(id, a, b, a, b, score, BAND);
    }

    @Test
    void aPairInTheMiddleOfTheBandIsAnEvenBetAndWorthMostAlone() {
        assertThat(ReviewRanking.probability(8.0, BAND, REVIEW, AUTO)).isCloseTo(0.5, within(1e-9));
        assertThat(ReviewRanking.probability(9.0, BAND, REVIEW, AUTO)).as("a bit more doubles the odds").isCloseTo(2.0 / 3, within(1e-9));
        // held back by a rule: its score is not trusted, it is taken at the middle
        assertThat(ReviewRanking.probability(15.0, "score ≥ autoMerge but names alone", REVIEW, AUTO)).isCloseTo(0.5, within(1e-9));
        assertThat(ReviewRanking.value(0.5, 0)).isCloseTo(1.0, within(1e-9));
        assertThat(ReviewRanking.value(0.9, 0)).isLessThan(ReviewRanking.value(0.6, 0));

        // nearest the middle first: 8.1 (0.1 bit away), 5.0 (3 bits), 11.9 (3.9 bits)
        List<Ranked> order = ReviewRanking.inOrder(ReviewRanking.rank(List.of(pair(1, 10, 11, 5.0), pair(2, 20, 21, 8.1),
                pair(3, 30, 31, 11.9)), REVIEW, AUTO));

        assertThat(order).extracting(r -> r.pair().id()).containsExactly(2L, 1L, 3L);
        assertThat(order.get(0).value()).isGreaterThan(order.get(1).value());
    }

    @Test
    void aPairThatUnblocksOthersComesBeforeAnEqualPairAlone() {
        // guest 50 has three open pairs: deciding one of them (if "same") brings new evidence to the other two
        List<OpenPair> open = List.of(pair(1, 10, 11, 9.0), pair(2, 50, 51, 9.0), pair(3, 50, 52, 6.0), pair(4, 50, 53, 6.0));

        List<Group> groups = ReviewRanking.rank(open, REVIEW, AUTO);

        assertThat(groups.get(0).guest()).isEqualTo(50L);
        assertThat(groups.get(0).pairs()).extracting(r -> r.pair().id()).containsExactly(2L, 3L, 4L);
        assertThat(groups.get(0).pairs().get(0).unblocks()).isEqualTo(2);
        assertThat(groups.get(1).pairs()).extracting(r -> r.pair().id()).containsExactly(1L);
        assertThat(groups.get(1).pairs().get(0).unblocks()).isZero();
        assertThat(groups.get(0).value()).isGreaterThan(groups.get(1).value());
    }

    @Test
    void everyOpenPairOfOneGuestIsShownTogetherUnderThatGuest() {
        // pairs stored between member profiles: 101 and 102 are both merged into guest 100
        List<OpenPair> open = List.of(new OpenPair(1, 101, 200, 100, 200, 7.0, BAND), new OpenPair(2, 102, 300, 100, 300, 7.5, BAND),
                new OpenPair(3, 400, 401, 400, 401, 7.2, BAND), new OpenPair(4, 100, 500, 100, 500, 5.0, BAND));

        List<Group> groups = ReviewRanking.rank(open, REVIEW, AUTO);

        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).guest()).isEqualTo(100L);
        assertThat(groups.get(0).pairs()).extracting(r -> r.pair().id()).containsExactlyInAnyOrder(1L, 2L, 4L);
        assertThat(groups.get(0).pairs()).allSatisfy(r -> assertThat(r.group()).isEqualTo(100L));
        assertThat(ReviewRanking.inOrder(groups)).hasSize(4);
    }

    @Test
    void theOrderIsTheSameWhateverOrderThePairsWereRead() {
        List<OpenPair> open = List.of(pair(1, 10, 11, 8.0), pair(2, 20, 21, 8.0), pair(3, 30, 31, 8.0), pair(4, 10, 31, 6.0));
        List<OpenPair> reversed = new java.util.ArrayList<>(open);
        java.util.Collections.reverse(reversed);

        assertThat(ReviewRanking.inOrder(ReviewRanking.rank(reversed, REVIEW, AUTO))).extracting(r -> r.pair().id())
                .containsExactlyElementsOf(ReviewRanking.inOrder(ReviewRanking.rank(open, REVIEW, AUTO)).stream().map(r -> r.pair().id()).toList());
    }

    @Test
    void theReasonKindIsReadFromTheRuleTheModelWrote() {
        MatchModel model = MatchModel.defaults();
        double auto = model.config().autoMerge();
        // two namesakes with nothing else on file: review band or names alone, never a merge
        MatchResult namesOnly = IncrementalLinker.namesAloneNeverMerge(model.score(person("a").name("KOWALSKI", "PIOTR").build(),
                person("b").name("KOWALSKI", "PIOTR").build(), ValueFrequency.NONE));
        assertThat(namesOnly.decision()).isEqualTo(Decision.REVIEW);
        assertThat(ReviewReason.kind(namesOnly.rule(), namesOnly.score(), auto))
                .isIn(BAND, "score ≥ autoMerge but names alone");

        assertThat(ReviewReason.kind("names alone never merge: score 13.80 >= autoMerge 12.00", 13.8, auto))
                .isEqualTo("score ≥ autoMerge but names alone");
        assertThat(ReviewReason.kind("score 13.00 >= autoMerge 12.00 but only names/gender/place agree: review", 13, auto))
                .isEqualTo("score ≥ autoMerge but names alone");
        assertThat(ReviewReason.kind("score 20.00 >= autoMerge 12.00 but given names differ and only household-level fields "
                + "agree (no birth date or document): review", 20, auto))
                .isEqualTo("score ≥ autoMerge but given names differ and only household-level fields agree");
        assertThat(ReviewReason.kind("review 4.04 <= score 9.50 < autoMerge 12.00", 9.5, auto)).isEqualTo(BAND);
        assertThat(ReviewReason.kind(null, 9.5, auto)).as("queued before the rule was kept").isEqualTo(BAND);
        assertThat(ReviewReason.kind(null, 13.0, auto)).isEqualTo(ReviewReason.HELD_BACK);
    }

    @Test
    void newEvidenceMergesAPairOrClosesItOrKeepsItForAPerson() {
        MatchModel model = MatchModel.defaults();
        PersonRecord before = person("a").name("KOWALSKI", "PIOTR").born("1971-04-12").build();
        PersonRecord namesake = person("b").name("KOWALSKI", "PIOTR").build();
        assertThat(ReviewSettlement.of(model.score(before, namesake, ValueFrequency.NONE)).action())
                .isEqualTo(ReviewSettlement.Action.KEEP);

        PersonRecord sameBirthAndMail = person("b").name("KOWALSKI", "PIOTR").born("1971-04-12").email("piotr@example.com").build();
        PersonRecord withMail = person("a").name("KOWALSKI", "PIOTR").born("1971-04-12").email("piotr@example.com").build();
        ReviewSettlement.Outcome merge = ReviewSettlement.of(model.score(withMail, sameBirthAndMail, ValueFrequency.NONE));
        assertThat(merge.action()).isEqualTo(ReviewSettlement.Action.MERGE);
        assertThat(merge.reason()).startsWith("new evidence: ").contains(">= autoMerge");

        // the namesake's records now say another given name, birth date and e-mail: below review
        PersonRecord otherMan = person("b").name("KOWALSKI", "TOMASZ").born("1990-11-30").gender("M").email("tk90@example.org").build();
        PersonRecord first = person("a").name("KOWALSKI", "PIOTR").born("1971-04-12").gender("M").email("piotr@example.com").build();
        ReviewSettlement.Outcome distinct = ReviewSettlement.of(model.score(first, otherMan, ValueFrequency.NONE));
        assertThat(distinct.action()).isEqualTo(ReviewSettlement.Action.CLOSE_DISTINCT);
        assertThat(distinct.reason()).startsWith("new evidence: ").contains("< review");
    }
}

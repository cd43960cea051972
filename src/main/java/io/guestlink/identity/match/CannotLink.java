package io.guestlink.identity.match;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A fact that two guests can never be one, checked on what the merged guest would hold, not only on the pair that
 * decides the merge: a guest whose profiles carry two national ID cards of one kind with different numbers is two
 * people, however each pair of profiles on the way scored. Pair scores miss it when a profile without a card joins
 * one cardholder and then the next (A with card 1 ~ B with none ~ C with card 2: 张敏 and 张敏, born the same day).
 * <p>
 * Only documents whose number stays with the person for life count ({@link #LIFELONG}): a PRC resident ID number is
 * given at birth and never changes. A passport is renewed under a new number, so two passports of one country are a
 * disagreement the score weighs (see {@link MatchModel}), never a veto. An ID card against a passport is no
 * disagreement at all ({@link PersonRecord#documentsComparable}). A record stored before document kinds were kept
 * (no kind) never vetoes.
 */
public final class CannotLink {
    /**
     * Document types whose number identifies one person for life. ID_CARD is what the shipped feeds map a national
     * identity card to (身份证, HL7 NN/NI); where a country prints a card number that changes on renewal, the two
     * guests go to review rather than merging, where a person sees both cards.
     */
    static final Set<String> LIFELONG = Set.of("ID_CARD");

    private CannotLink() {
    }

    /**
     * Why guests {@code a} and {@code b} (each every member's documents together) must not become one, or null: each
     * holds a lifelong document the other lacks and the two are of one kind (type, and country where both name one).
     */
    public static String between(PersonRecord a, PersonRecord b) {
        Set<String> hashesA = hashes(a), hashesB = hashes(b);
        for (String x : a.documents()) {
            if (!lifelong(x) || hashesB.contains(PersonRecord.documentHash(x))) continue;
            for (String y : b.documents()) {
                if (!lifelong(y) || hashesA.contains(PersonRecord.documentHash(y))) continue;
                if (PersonRecord.documentsComparable(x, y))
                    return "they would hold two " + PersonRecord.documentKind(x) + " of different numbers";
            }
        }
        return null;
    }

    /**
     * The result as linking applies it: a MERGE that {@link #between} forbids becomes REVIEW with the reason in its
     * rule (the kind {@link ReviewReason} counts by: "score ≥ autoMerge but cannot link").
     */
    public static MatchResult apply(MatchResult r, PersonRecord a, PersonRecord b, double autoMerge) {
        if (r.decision() != Decision.MERGE) return r;
        String why = between(a, b);
        if (why == null) return r;
        return new MatchResult(r.score(), Decision.REVIEW, r.evidence(), String.format(Locale.ROOT,
                "score %.2f >= autoMerge %.2f but cannot link (%s): review", r.score(), autoMerge, why));
    }

    private static boolean lifelong(String document) {
        int bar = document.indexOf('|');
        return bar > 0 && LIFELONG.contains(document.substring(0, bar));
    }

    private static Set<String> hashes(PersonRecord r) {
        Set<String> out = new HashSet<>();
        for (String d : r.documents()) out.add(PersonRecord.documentHash(d));
        return out;
    }
}

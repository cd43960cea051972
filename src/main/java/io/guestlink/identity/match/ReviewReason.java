package io.guestlink.identity.match;

import java.util.Locale;

/**
 * Why a possible duplicate was not merged, in a few words a supervisor can count by: the kind of a stored
 * {@link MatchResult#rule()}. "review band" for a pair scored between the thresholds; "score ≥ autoMerge but names
 * alone" (or but what else held it back) for one that reached auto-merge and a rule sent it to a person. The kind is
 * read from the rule's text rather than kept in a second column so that a rule added to {@link MatchModel} later is
 * counted under its own words without a change here.
 */
public final class ReviewReason {
    /** The kind of a pair queued between the two thresholds. */
    public static final String REVIEW_BAND = "review band";
    /** The kind of a pair queued before the rule was kept (V21) and scored at or above auto-merge. */
    public static final String HELD_BACK = "score ≥ autoMerge but held back (rule not recorded)";
    private static final String NAMES_ALONE = "score ≥ autoMerge but names alone";

    private ReviewReason() {
    }

    /**
     * The kind of a queued pair's rule.
     *
     * @param rule      the stored rule text, null for a pair queued before it was kept
     * @param score     the pair's score
     * @param autoMerge the auto-merge threshold now (only read when the rule is unknown)
     */
    public static String kind(String rule, double score, double autoMerge) {
        if (rule == null || rule.isBlank()) return score >= autoMerge ? HELD_BACK : REVIEW_BAND;
        String r = rule.strip();
        if (r.startsWith("names alone never merge") || r.contains("only names/gender/place agree")) return NAMES_ALONE;
        int but = r.indexOf(" but ");
        if (but >= 0 && r.toLowerCase(Locale.ROOT).contains("automerge")) {
            String why = r.substring(but + 5);
            if (why.endsWith(": review")) why = why.substring(0, why.length() - ": review".length());
            int paren = why.indexOf(" (");
            if (paren > 0) why = why.substring(0, paren); // the kind, not its particulars
            return "score ≥ autoMerge but " + why;
        }
        return REVIEW_BAND;
    }
}

package io.guestlink.identity.match;

import java.util.List;

/**
 * The outcome of comparing two persons.
 *
 * @param score    sum of the field weights, in bits (log2 of the likelihood ratio match / non-match)
 * @param decision MERGE, REVIEW or DIFFERENT
 * @param evidence every field compared, in configuration order, with level, weight and a masked note
 * @param rule     the threshold or rule that produced the decision, stored with the merge
 */
public record MatchResult(double score, Decision decision, List<FieldComparison> evidence, String rule) {
    public MatchResult {
        evidence = List.copyOf(evidence);
    }

    /** The evidence for one field, or null when the model has no such field. */
    public FieldComparison field(String name) {
        for (FieldComparison c : evidence) if (c.field().equals(name)) return c;
        return null;
    }
}

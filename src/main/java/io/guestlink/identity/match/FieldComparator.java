package io.guestlink.identity.match;

import java.util.List;

/**
 * Compares one field of two prepared records and says which comparison level they reach. Levels are ordered most
 * similar first and named as in {@link MatchConfig}; a comparator never returns a weight, so the same levels serve
 * both scoring and {@link EmEstimator}.
 */
public interface FieldComparator {

    /** Returned when either side has no value: the field then weighs nothing, whatever the configuration says. */
    int MISSING = -1;

    String field();

    /** The level names, most similar first; the index is what {@link #compare} returns. */
    List<String> levels();

    /** The level index reached, or {@link #MISSING}. */
    int compare(PreparedRecord a, PreparedRecord b);

    /** A short, masked description of what was compared (stored with merges: no full e-mail, phone or document). */
    String note(PreparedRecord a, PreparedRecord b, int level);
}

package io.guestlink.identity.match;

/**
 * One field's part of a match score, stored with every merge so the decision can be explained and audited later.
 *
 * @param field  configuration field name (given, family, birthDate, email, ...)
 * @param level  the comparison level reached (EXACT, JW94, DIFFERENT, ...) or MISSING
 * @param weight the log2 weight this field added (0 for missing and non-identifying values)
 * @param note   what was compared, masked: never a full e-mail, phone or document
 */
public record FieldComparison(String field, String level, double weight, String note) {
}

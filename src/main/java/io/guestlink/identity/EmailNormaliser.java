package io.guestlink.identity;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an e-mail as a source wrote it into the form profiles are matched on, or nothing when it cannot identify a
 * guest. The check is deliberately loose (is this plausibly an address?) rather than RFC 5322: a strict parser
 * would drop real guests over exotic but deliverable addresses, while what matters for matching is to refuse
 * junk and placeholders that would merge strangers.
 *
 * <p>Dots and {@code +tags} in the local part are kept: only some providers ignore them, and stripping them
 * elsewhere would merge two different people.
 *
 * <p>{@link #read} says more: an address that fails the check but looks like an attempt at one (something on both
 * sides of one {@code @}) is kept, lower-cased and without spaces, as matching evidence only, never an address to
 * write to; every value left out comes back with its reason so the mapper can flag it in the journal.
 */
public final class EmailNormaliser {

    private static final String MAILTO = "mailto:";

    /** RFC 5321's limit for a whole address; a longer value is a pasted note, not an address, and no store key holds it. */
    public static final int MAX_LENGTH = 254;

    private final PlaceholderList placeholders;

    /**
     * What an e-mail value is: exactly one of {@code address} (valid), {@code evidence} (fails the check, kept as
     * matching evidence only) or neither (left out); {@code problem} says why it is not valid (null when it is).
     */
    public record Reading(String address, String evidence, String problem) {
        public boolean valid() {
            return address != null;
        }
    }

    public EmailNormaliser(PlaceholderList placeholders) {
        this.placeholders = Objects.requireNonNull(placeholders, "placeholders");
    }

    /** The lower-cased address, or empty when the value is missing, implausible or a placeholder. */
    public Optional<String> normalise(String raw) {
        if (raw == null || raw.length() > MAX_LENGTH) return Optional.empty();
        String value = unwrap(raw.strip()).toLowerCase(Locale.ROOT);
        if (!isPlausible(value) || placeholders.isPlaceholder(PlaceholderList.Kind.EMAIL, value)) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** The value read as {@link #normalise} reads it, with what becomes of one that fails; null for a missing or blank value. */
    public Reading read(String raw) {
        if (raw == null || raw.isBlank()) return null;
        if (raw.length() > MAX_LENGTH)
            return new Reading(null, null, "is " + raw.length() + " characters, more than the " + MAX_LENGTH
                    + " an e-mail address may have: left out");
        String value = unwrap(raw.strip()).toLowerCase(Locale.ROOT);
        if (placeholders.isPlaceholder(PlaceholderList.Kind.EMAIL, value))
            return new Reading(null, null, "is a placeholder (guestlink.identity.placeholder-emails): left out");
        if (isPlausible(value)) return new Reading(value, null, null);
        StringBuilder kept = new StringBuilder(value.length());
        value.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c) && !Character.isISOControl(c))
                .forEach(kept::appendCodePoint);
        String evidence = kept.toString();
        if (placeholders.isPlaceholder(PlaceholderList.Kind.EMAIL, evidence))
            return new Reading(null, null, "is a placeholder (guestlink.identity.placeholder-emails): left out");
        int at = evidence.indexOf('@');
        // "none", "refused", "-": words in the e-mail box, shared by every guest who gave none; not evidence
        if (at <= 0 || at == evidence.length() - 1 || !hasLetterOrDigit(evidence.substring(0, at))
                || !hasLetterOrDigit(evidence.substring(at + 1)))
            return new Reading(null, null, "is not an e-mail address (no name and domain around an @): left out");
        return new Reading(null, evidence, "is not a valid e-mail address: kept as matching evidence only, never a "
                + "key or an address to write to");
    }

    private static boolean hasLetterOrDigit(String s) {
        return s.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    // Sources copy addresses out of mail clients and HTML, so "<mailto:a@b.com>" and "mailto:<a@b.com>" both occur.
    private static String unwrap(String value) {
        String previous;
        do {
            previous = value;
            if (value.regionMatches(true, 0, MAILTO, 0, MAILTO.length())) {
                value = value.substring(MAILTO.length()).strip();
            }
            if (value.length() >= 2 && value.startsWith("<") && value.endsWith(">")) {
                value = value.substring(1, value.length() - 1).strip();
            }
        } while (!value.equals(previous));
        return value;
    }

    private static boolean isPlausible(String value) {
        if (value.isEmpty()) return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) return false;
        }
        int at = value.indexOf('@');
        if (at <= 0 || at != value.lastIndexOf('@')) return false;
        String domain = value.substring(at + 1);
        return domain.indexOf('.') > 0
                && !domain.endsWith(".")
                && !domain.contains("..");
    }
}

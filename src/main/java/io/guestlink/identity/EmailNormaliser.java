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
 */
public final class EmailNormaliser {

    private static final String MAILTO = "mailto:";

    private final PlaceholderList placeholders;

    public EmailNormaliser(PlaceholderList placeholders) {
        this.placeholders = Objects.requireNonNull(placeholders, "placeholders");
    }

    /** The lower-cased address, or empty when the value is missing, implausible or a placeholder. */
    public Optional<String> normalise(String raw) {
        if (raw == null) return Optional.empty();
        String value = unwrap(raw.strip()).toLowerCase(Locale.ROOT);
        if (!isPlausible(value) || placeholders.isPlaceholder(PlaceholderList.Kind.EMAIL, value)) {
            return Optional.empty();
        }
        return Optional.of(value);
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

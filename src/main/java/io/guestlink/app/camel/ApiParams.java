package io.guestlink.app.camel;

import io.guestlink.model.FieldLimit;
import org.apache.camel.Exchange;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Query and path parameters of an API request, each checked against its limit; a bad one is a 400 naming it. Values
 * are never cut: a parameter over its limit is refused.
 */
final class ApiParams {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int MAX_OFFSET = 1_000_000;
    static final int MAX_TEXT = 200;

    /** offset and limit of a list request. */
    record Paging(int offset, int limit) {
    }

    private ApiParams() {
    }

    static Paging paging(Exchange e) {
        return new Paging(number(e, "offset", 0, 0, MAX_OFFSET), number(e, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
    }

    /** A text parameter, null when absent; refused over {@link #MAX_TEXT} characters or with control characters. */
    static String text(Exchange e, String name) {
        String v = e.getMessage().getHeader(name, String.class);
        if (v == null) return null;
        if (v.length() > MAX_TEXT) throw ApiProblem.badInput(name, name + " is longer than " + MAX_TEXT + " characters")
                .with("limit", MAX_TEXT);
        if (v.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) throw ApiProblem.badInput(name, name + " holds control characters");
        return v;
    }

    /** A path id: digits only (anything else, a traversal such as {@code ..%2F} included, is a 400). */
    static long id(Exchange e, String name) {
        String v = e.getMessage().getHeader(name, String.class);
        if (v == null || !v.matches("\\d{1,18}")) throw ApiProblem.badInput(name, name + " must be a whole number");
        return Long.parseLong(v);
    }

    /**
     * A path value that is an identifier of ours (alert ids: letters, digits, and : . _ -, in segments joined by a
     * {@code /} written {@code %2F}, as an event alert's {@code rule/event/42}); never a dot segment, an empty
     * segment or anything holding {@code ..}, so it cannot be read as a relative path wherever it ends up.
     */
    static String key(Exchange e, String name) {
        String v = e.getMessage().getHeader(name, String.class);
        if (v == null || v.length() > 300 || !v.matches("[A-Za-z0-9:._-]+(/[A-Za-z0-9:._-]+)*") || v.contains("..")
                || v.equals(".") || v.startsWith("./") || v.endsWith("/.") || v.contains("/./"))
            throw ApiProblem.badInput(name, name + " is not an identifier");
        return v;
    }

    /**
     * A value a request puts into the store (who acted, on what), checked against the column's limit before anything
     * is written: over it, a 400 naming where the request carried it and the limit; never cut.
     *
     * @param path where the request carried the value: a parameter, a JSON path, or {@code Authorization} for the
     *             signed-in name
     */
    static String stored(String value, String path, FieldLimit limit) {
        if (!limit.fits(value))
            throw ApiProblem.badInput(path, path + " " + limit.reason(value) + "; it is refused, not shortened")
                    .with("limit", limit.maxLength());
        return value;
    }

    static LocalDate date(Exchange e, String name, LocalDate absent) {
        String v = text(e, name);
        if (v == null || v.isBlank()) return absent;
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException x) {
            throw ApiProblem.badInput(name, name + " must be a date YYYY-MM-DD");
        }
    }

    private static int number(Exchange e, String name, int absent, int min, int max) {
        String v = e.getMessage().getHeader(name, String.class);
        if (v == null || v.isBlank()) return absent;
        if (!v.strip().matches("\\d{1,9}") || Integer.parseInt(v.strip()) < min || Integer.parseInt(v.strip()) > max)
            throw ApiProblem.badInput(name, name + " must be a whole number from " + min + " to " + max);
        return Integer.parseInt(v.strip());
    }
}

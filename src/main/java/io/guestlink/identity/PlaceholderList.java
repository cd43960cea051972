package io.guestlink.identity;

import io.guestlink.model.Digits;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Values the front desk types when the guest gave none ({@code noemail@hotel.com}, {@code 0000000000},
 * {@code UNKNOWN}). Left in, they would merge every guest without an e-mail into one golden profile, so the
 * normalisers drop them. Hotels invent their own, hence the list is configuration and not code.
 *
 * <p>Patterns are globs: {@code *} is any run of characters, {@code ?} exactly one; everything else is literal and
 * matching ignores case. The reserved pattern {@value #SAME_DIGIT} matches a value made of one repeated digit
 * ({@code 1111111111}), which no glob can express for every length.
 *
 * <p>PHONE values and patterns are compared as digits only, so {@code 0000-123-456} and {@code (0000) 123 456} hit
 * the same {@code 0000*} entry whatever formatting the source used. The phone normaliser checks both the digits as
 * typed and the national number, so a placeholder is caught with or without a country code in front.
 */
public final class PlaceholderList {

    public enum Kind { EMAIL, PHONE, ID_DOCUMENT }

    /** Reserved pattern: the value is a single digit repeated ({@code 0000}, {@code 9999999}). */
    public static final String SAME_DIGIT = "{same-digit}";

    private static final Map<Kind, List<String>> DEFAULT_PATTERNS = Map.of(
            Kind.EMAIL, List.of("noemail@*", "no-email@*", "none@*", "no@*", "na@*", "n/a@*", "test@*", "guest@*",
                    "*@example.com", "*@example.org", "*@noemail.*", "*@none.*", "*@test.com", "*@hotel.invalid"),
            Kind.PHONE, List.of("0000*", "1234567*", "9999999*", SAME_DIGIT),
            Kind.ID_DOCUMENT, List.of("000000*", "123456789*", SAME_DIGIT, "UNKNOWN", "NA", "NONE"));

    private final Map<Kind, List<String>> patterns;
    // One alternation per kind: a profile carries several values and each is checked on every import.
    private final Map<Kind, Pattern> globs;
    private final Map<Kind, Boolean> sameDigit;

    private PlaceholderList(Map<Kind, List<String>> patterns) {
        Map<Kind, List<String>> copy = new EnumMap<>(Kind.class);
        Map<Kind, Pattern> compiled = new EnumMap<>(Kind.class);
        Map<Kind, Boolean> repeated = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            List<String> cleaned = new ArrayList<>();
            List<String> configured = patterns.get(kind);
            for (String p : configured == null ? List.<String>of() : configured) {
                if (p != null && !p.isBlank()) cleaned.add(p.strip());
            }
            copy.put(kind, List.copyOf(cleaned));
            repeated.put(kind, cleaned.stream().anyMatch(SAME_DIGIT::equalsIgnoreCase));
            compiled.put(kind, compile(kind, cleaned));
        }
        this.patterns = copy;
        this.globs = compiled;
        this.sameDigit = repeated;
    }

    /** Builds a list from configured patterns; a kind that is absent (or null) has no placeholders. */
    public static PlaceholderList of(Map<Kind, List<String>> patterns) {
        Objects.requireNonNull(patterns, "patterns");
        return new PlaceholderList(patterns);
    }

    /** The values seen at hotels so far; used when the configuration says nothing. */
    public static PlaceholderList defaults() {
        return new PlaceholderList(DEFAULT_PATTERNS);
    }

    /** The built-in patterns, so a configuration can extend them instead of repeating them. */
    public static Map<Kind, List<String>> defaultPatterns() {
        return DEFAULT_PATTERNS;
    }

    /**
     * Splits a configuration property ({@code "noemail@*, *@example.com"}) into one kind's patterns. Blank entries
     * are dropped so a trailing comma in a properties file does not become a pattern; null gives an empty list.
     */
    public static List<String> parse(String commaSeparated) {
        if (commaSeparated == null) return List.of();
        List<String> out = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) out.add(part.strip());
        }
        return List.copyOf(out);
    }

    /**
     * True when the value is one of the configured placeholders for that kind. Null and blank are not
     * placeholders: "no value" is the caller's check, this one is about values that only pretend to be one.
     */
    public boolean isPlaceholder(Kind kind, String normalisedValue) {
        Objects.requireNonNull(kind, "kind");
        if (normalisedValue == null || normalisedValue.isBlank()) return false;
        String value = kind == Kind.PHONE ? Digits.of(normalisedValue) : normalisedValue.strip();
        if (value.isEmpty()) return false;
        if (sameDigit.get(kind) && oneRepeatedDigit(value)) return true;
        Pattern glob = globs.get(kind);
        return glob != null && glob.matcher(value).matches();
    }

    /** One ASCII digit, repeated (what the regex {@code (\d)\1*} matched). */
    private static boolean oneRepeatedDigit(String value) {
        char first = value.charAt(0);
        if (!Digits.isDigit(first)) return false;
        for (int i = 1; i < value.length(); i++) if (value.charAt(i) != first) return false;
        return true;
    }

    /** The patterns in effect for one kind, as configured (useful to log at start-up; they hold no guest data). */
    public List<String> patterns(Kind kind) {
        return patterns.get(Objects.requireNonNull(kind, "kind"));
    }

    @Override
    public String toString() {
        return "PlaceholderList" + patterns;
    }

    private static Pattern compile(Kind kind, List<String> globs) {
        StringBuilder regex = new StringBuilder();
        for (String glob : globs) {
            if (glob.equalsIgnoreCase(SAME_DIGIT)) continue;
            // Phone values are compared as digits, so the patterns must be too or "+1234*" could never match.
            String g = kind == Kind.PHONE ? glob.replaceAll("[^0-9*?]", "") : glob;
            if (g.isEmpty()) continue;
            if (regex.length() > 0) regex.append('|');
            regex.append("(?:").append(globToRegex(g)).append(')');
        }
        if (regex.length() == 0) return null;
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    private static String globToRegex(String glob) {
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    out.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                out.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) out.append(Pattern.quote(literal.toString()));
        return out.toString();
    }
}

package io.guestlink.model;

/**
 * Log-safe forms of guest identifiers. Logs travel to support tickets and third-party tools, so they get enough to
 * recognise a record ({@code y***@example.com}, {@code +86*******8000}) and never enough to contact the guest.
 * All helpers accept null (and return null) so they can be dropped into a log call without a guard.
 */
public final class Masking {

    private static final String STARS = "***";

    private Masking() {
    }

    /**
     * First character of the local part and the whole domain: {@code yu.ming@example.com -> y***@example.com}.
     * The domain stays because it is what support needs (a typo'd provider, a corporate account).
     */
    public static String email(String value) {
        if (value == null) return null;
        String v = value.strip();
        int at = v.lastIndexOf('@');
        if (at < 0) return v.length() > 1 ? v.charAt(0) + STARS : STARS;
        String local = v.substring(0, at);
        // A one-letter local part would be shown whole, so it is hidden entirely.
        String head = local.length() > 1 ? local.substring(0, 1) : "";
        return head + STARS + v.substring(at);
    }

    /**
     * Leading "+", first two digits (the country code, mostly) and last four, one star per hidden digit:
     * {@code +8613800138000 -> +86*******8000}. Formatting is dropped first so spaces do not reveal the grouping.
     * Numbers too short to hide at least four digits that way keep only their last two digits, or none.
     */
    public static String phone(String value) {
        if (value == null) return null;
        String v = value.strip();
        String plus = v.startsWith("+") ? "+" : "";
        String digits = Digits.of(v);
        if (digits.isEmpty()) return STARS;
        if (digits.length() >= 10) {
            return plus + digits.substring(0, 2) + stars(digits.length() - 6) + digits.substring(digits.length() - 4);
        }
        if (digits.length() > 4) {
            return plus + stars(digits.length() - 2) + digits.substring(digits.length() - 2);
        }
        return plus + stars(digits.length());
    }

    /**
     * Stars for all but the last four characters ({@code ****4567}); four or fewer are hidden entirely, since
     * showing them would be showing the whole document number.
     */
    public static String idNumber(String value) {
        if (value == null) return null;
        if (value.length() <= 4) return stars(value.length());
        return stars(value.length() - 4) + value.substring(value.length() - 4);
    }

    /**
     * A name or other personal text: its first character only ({@code YU/MING MR -> Y***}), enough to tell two
     * refused values apart in a report and nothing more.
     */
    public static String name(String value) {
        if (value == null) return null;
        String v = value.strip();
        return v.isEmpty() ? STARS : v.substring(0, v.offsetByCodePoints(0, 1)) + STARS;
    }

    /** JSON event members whose values say what the message is, never who it is about (the schema's envelope). */
    private static final java.util.Set<String> ENVELOPE = java.util.Set.of("eventId", "type", "source", "occurredAt",
            "property", "businessDate", "phoneRegion");

    /**
     * A received message as an operator may see it: its shape and envelope, no guest value. HL7 v2 keeps the MSH
     * segment (sender, type, control id, time) and every segment's name and delimiters, each value becoming
     * {@code ***}; a JSON event keeps its member names and the envelope's values ({@code eventId}, {@code type},
     * {@code source}, {@code occurredAt}, {@code property}, {@code businessDate}), every other value becoming
     * {@code "***"}; any other text keeps only its punctuation and spacing. Not validated: the text need not parse.
     */
    public static String message(String raw) {
        if (raw == null) return null;
        String t = raw.stripLeading();
        if (t.startsWith("MSH") && t.length() > 8) return hl7(t);
        if (t.startsWith("{") || t.startsWith("[")) return json(t);
        return raw.replaceAll("[\\p{L}\\p{N}]+", STARS);
    }

    private static String hl7(String msg) {
        String delimiters = msg.charAt(3) + msg.substring(4, Math.min(msg.length(), 8)) + "\r\n";
        StringBuilder out = new StringBuilder();
        boolean keep = true; // the segment name, and the whole MSH segment
        boolean inValue = false;
        for (int i = 0, start = 0; i < msg.length(); i++) {
            char c = msg.charAt(i);
            if (c == '\r' || c == '\n') {
                out.append(c);
                start = i + 1;
                keep = true;
                inValue = false;
                continue;
            }
            if (i - start == 3) keep = msg.startsWith("MSH", start);
            if (keep || delimiters.indexOf(c) >= 0) {
                out.append(c);
                inValue = false;
            } else if (!inValue) {
                out.append(STARS);
                inValue = true;
            }
        }
        return out.toString();
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        String key = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != '"') j += text.charAt(j) == '\\' ? 2 : 1;
                String literal = text.substring(i, Math.min(j + 1, text.length()));
                int k = j + 1;
                while (k < text.length() && Character.isWhitespace(text.charAt(k))) k++;
                if (k < text.length() && text.charAt(k) == ':') {
                    key = literal.length() >= 2 ? literal.substring(1, literal.length() - 1) : literal;
                    out.append(literal);
                } else {
                    out.append(key != null && ENVELOPE.contains(key) ? literal : "\"" + STARS + "\"");
                }
                i = j + 1;
            } else if (c == '-' || Character.isDigit(c) || Character.isLetter(c)) {
                int j = i;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || "+-.".indexOf(text.charAt(j)) >= 0)) j++;
                String word = text.substring(i, j);
                boolean keep = word.equals("true") || word.equals("false") || word.equals("null")
                        || (key != null && ENVELOPE.contains(key));
                out.append(keep ? word : "\"" + STARS + "\"");
                i = j;
            } else {
                if (c == '{' || c == '[' || c == ',') key = c == ',' || c == '{' ? null : key;
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String stars(int n) {
        return "*".repeat(n);
    }
}

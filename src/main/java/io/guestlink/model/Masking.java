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
        String digits = v.replaceAll("\\D", "");
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

    private static String stars(int n) {
        return "*".repeat(n);
    }
}

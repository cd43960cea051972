package io.guestlink.model;

/**
 * The ASCII digits of a value, in order: what {@code value.replaceAll("\\D", "")} gives, without a regex. Every phone
 * of every imported row is reduced to its digits two or three times (placeholder checks, normalising, masking), and a
 * pattern match there was a measurable part of an importer's reader and writer threads.
 */
public final class Digits {
    private Digits() {
    }

    public static String of(String value) {
        int n = value.length();
        int k = 0;
        while (k < n && isDigit(value.charAt(k))) k++;
        if (k == n) return value;
        StringBuilder out = new StringBuilder(n);
        out.append(value, 0, k);
        for (; k < n; k++) {
            char c = value.charAt(k);
            if (isDigit(c)) out.append(c);
        }
        return out.toString();
    }

    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

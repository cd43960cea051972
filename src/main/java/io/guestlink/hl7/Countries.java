package io.guestlink.hl7;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HL7 senders write countries as ISO 3166 alpha-3 (USA, CHN, THA); the profiles from files and OPERA use alpha-2.
 * The JDK knows both forms.
 */
final class Countries {
    private static final Map<String, String> ALPHA3 = new HashMap<>();

    static {
        for (String a2 : Locale.getISOCountries()) {
            try {
                ALPHA3.put(new Locale("", a2).getISO3Country(), a2);
            } catch (java.util.MissingResourceException e) {
                // a region without an alpha-3 code: nothing to map
            }
        }
    }

    private Countries() {
    }

    /** Alpha-2 for a known alpha-3 code, otherwise the code upper-cased as given; null stays null. */
    static String alpha2(String code) {
        if (code == null || code.isBlank()) return null;
        String c = code.strip().toUpperCase(Locale.ROOT);
        return c.length() == 3 ? ALPHA3.getOrDefault(c, c) : c;
    }
}

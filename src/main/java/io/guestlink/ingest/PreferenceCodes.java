package io.guestlink.ingest;

import io.guestlink.model.Preference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Code-table values of the list fields {@code guest.preference} and {@code guest.allergy}: {@code "category: text"}
 * ({@code HF: "floor: high floor"}), or only a text, which takes the field's category (other for a preference,
 * allergy for an allergy). A {@code "*"} entry whose value is only a category ({@code "*": other}) accepts any other
 * code and shows it as written.
 */
final class PreferenceCodes {
    private static final Pattern CATEGORY = Pattern.compile("([A-Za-z]+)\\s*:\\s*(.+)", Pattern.DOTALL);

    private PreferenceCodes() {
    }

    static String defaultCategory(String field) {
        return "guest.allergy".equals(field) ? Preference.ALLERGY : Preference.OTHER;
    }

    /**
     * @param code     the item as written in the source (kept as the preference's code when a table decoded it)
     * @param decoded  the code table's value, or null when the field has no table
     * @param wildcard true when the value came from the table's "*" entry
     */
    static Preference of(String field, String code, String decoded, boolean wildcard) {
        if (decoded == null) return new Preference(defaultCategory(field), null, code);
        String d = decoded.strip();
        if (wildcard && Preference.CATEGORIES.contains(d.toLowerCase(Locale.ROOT))) return new Preference(d, code, code);
        Matcher m = CATEGORY.matcher(d);
        if (m.matches()) return new Preference(m.group(1), code, m.group(2));
        return new Preference(defaultCategory(field), code, d);
    }

    /** Problems of a table used by a list field: a "word: text" value whose word is not a category (a typo). */
    static List<String> problems(String field, String table, Map<String, String> codes) {
        List<String> out = new ArrayList<>();
        codes.forEach((code, value) -> {
            if (value == null || value.isBlank()) {
                out.add("codes." + table + "." + code + ": empty (used by " + field + ")");
                return;
            }
            Matcher m = CATEGORY.matcher(value.strip());
            boolean bareCategory = "*".equals(code) && Preference.CATEGORIES.contains(value.strip().toLowerCase(Locale.ROOT));
            if (!bareCategory && m.matches() && !Preference.CATEGORIES.contains(m.group(1).toLowerCase(Locale.ROOT)))
                out.add("codes." + table + "." + code + ": '" + value + "': category '" + m.group(1) + "' is not one of "
                        + new java.util.TreeSet<>(Preference.CATEGORIES) + " (used by " + field + ")");
        });
        return out;
    }
}

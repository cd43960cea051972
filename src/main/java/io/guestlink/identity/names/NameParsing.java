package io.guestlink.identity.names;

import io.guestlink.model.PersonName;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a name as a source writes it into family, given and title. Only the layouts a feed declares are applied;
 * cross-script comparison and romanisation belong to identity resolution, not to import.
 */
public final class NameParsing {
    static final String LAST_SLASH_FIRST = "LAST/FIRST TITLE";
    static final String FAMILY_GIVEN = "FAMILY GIVEN";
    static final String GIVEN_FAMILY = "GIVEN FAMILY";
    public static final String AS_IS = "AS-IS";
    /** The layouts parse() knows, for SourceConfig to check a feed's nameFormat at load time. */
    public static final List<String> LAYOUTS = List.of(LAST_SLASH_FIRST, FAMILY_GIVEN, GIVEN_FAMILY, AS_IS);

    private static final Set<String> TITLES = Set.of("MR", "MRS", "MS", "MISS", "MSTR", "DR", "PROF", "SIR", "MADAM",
            "MME", "MLLE", "M", "HERR", "FRAU", "SR", "SRA", "先生", "女士", "小姐", "太太", "คุณ");

    // the compound surnames (欧阳, 司马...) of identity/han-surnames.tsv, the same list the matcher splits with
    private static final Surnames SURNAMES = Surnames.defaults();

    private NameParsing() {
    }

    /**
     * The name as a source writes it, split by the layout; null when nothing is left. Real-time feeds (HL7 PID-5)
     * call it with the parts already split and layout {@link #AS_IS}, so their names come out exactly as the same
     * parts from a file would.
     */
    public static PersonName parse(String text, String layout, String family, String given, String title) {
        String t = title;
        String f = family;
        String g = given;
        if (text != null) {
            String layoutName = layout == null ? AS_IS : layout.toUpperCase(Locale.ROOT);
            switch (layoutName) {
                case LAST_SLASH_FIRST -> {
                    int slash = text.indexOf('/');
                    if (slash >= 0) {
                        f = text.substring(0, slash).strip();
                        List<String> rest = tokens(text.substring(slash + 1));
                        if (!rest.isEmpty() && isTitle(rest.get(rest.size() - 1))) t = rest.remove(rest.size() - 1);
                        g = String.join(" ", rest);
                    } else {
                        f = text.strip();
                    }
                }
                case FAMILY_GIVEN, GIVEN_FAMILY -> {
                    List<String> parts = tokens(text);
                    if (!parts.isEmpty() && isTitle(parts.get(0))) t = parts.remove(0);
                    if (!parts.isEmpty() && isTitle(parts.get(parts.size() - 1))) t = parts.remove(parts.size() - 1);
                    if (parts.size() == 1 && isHan(parts.get(0)) && parts.get(0).codePointCount(0, parts.get(0).length()) > 1) {
                        // Han names are written without a space, family name first: 于明 -> 于 + 明, and a compound
                        // surname stays whole: 欧阳贵莉 -> 欧阳 + 贵莉 (cut after 欧 it would read OU / YANGGUILI and
                        // never meet OUYANG/GUILI)
                        String s = parts.get(0);
                        int cut = SURNAMES.familyLength(s, Character.UnicodeScript.HAN);
                        f = s.substring(0, cut);
                        g = s.substring(cut);
                    } else if (parts.size() >= 2) {
                        boolean familyFirst = layoutName.equals(FAMILY_GIVEN);
                        f = familyFirst ? parts.get(0) : parts.get(parts.size() - 1);
                        g = String.join(" ", familyFirst ? parts.subList(1, parts.size()) : parts.subList(0, parts.size() - 1));
                    } else if (parts.size() == 1) {
                        f = parts.get(0);
                    }
                }
                case AS_IS -> { }
                default -> throw new IllegalArgumentException("unknown nameFormat '" + layout + "'");
            }
        }
        String full = full(text, f, g);
        if (full == null || full.isBlank()) return null;
        return new PersonName(full, blankToNull(f), blankToNull(g), blankToNull(stripDot(t)), script(full));
    }

    private static String full(String text, String family, String given) {
        boolean han = family != null && isHan(family);
        if (family != null && given != null && !given.isBlank()) return han ? family + given : given + " " + family;
        if (family != null && !family.isBlank()) return family;
        return text == null ? given : text.strip();
    }

    static String script(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isLetter(cp)) return Character.UnicodeScript.of(cp).name();
            i += Character.charCount(cp);
        }
        return "UNKNOWN";
    }

    private static boolean isHan(String s) {
        return !s.isEmpty() && Character.UnicodeScript.of(s.codePointAt(0)) == Character.UnicodeScript.HAN;
    }

    private static boolean isTitle(String token) {
        return TITLES.contains(stripDot(token).toUpperCase(Locale.ROOT));
    }

    private static String stripDot(String s) {
        return s == null ? null : (s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
    }

    private static List<String> tokens(String s) {
        return new ArrayList<>(Arrays.stream(s.strip().split("[\\s,]+")).filter(x -> !x.isEmpty()).toList());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

package io.guestlink.memory;

import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How staff address a guest: a Latin form every employee can read ("Mr. Yu") and a salutation in the guest's own
 * language and script ("于先生"). A small table on purpose (en, zh, ja, th, de, fr); other languages get the Latin form.
 * Gender comes from the profile, else from the name's title (MR/MRS/MS...); unknown gender uses the name without title.
 */
final class Salutations {

    private Salutations() {
    }

    record Greeting(String latin, String native_, String language) {
    }

    private enum Gender { MALE, FEMALE, UNKNOWN }

    private static final Set<String> MALE_TITLES = Set.of("MR", "MR.", "HERR", "M.", "M", "先生", "SIR", "นาย");
    private static final Set<String> FEMALE_TITLES = Set.of("MRS", "MRS.", "MS", "MS.", "MISS", "MME", "FRAU", "女士", "MADAM", "นาง", "นางสาว");

    static Greeting of(GuestProfile p) {
        String lang = language(p.language());
        Gender g = gender(p);
        Optional<PersonName> latin = name(p, "Latin");
        String latinForm = latin.map(n -> latin(n, g, lang)).orElse(p.displayName());
        String nativeForm = switch (lang) {
            case "zh" -> name(p, "Han").map(n -> family(n) + (g == Gender.MALE ? "先生" : g == Gender.FEMALE ? "女士" : "")).orElse(latinForm);
            case "ja" -> name(p, "Han").or(() -> name(p, "Katakana")).map(n -> family(n) + "様").orElse(latinForm);
            case "th" -> name(p, "Thai").or(() -> latin).map(n -> "คุณ" + (n.given() != null ? n.given() : n.full())).orElse(latinForm);
            default -> latinForm;
        };
        return new Greeting(latinForm, nativeForm, lang);
    }

    private static String latin(PersonName n, Gender g, String lang) {
        String family = titleCase(family(n));
        if (g == Gender.UNKNOWN) return n.given() != null ? titleCase(n.given()) + " " + family : titleCase(n.full());
        boolean m = g == Gender.MALE;
        return switch (lang) {
            case "de" -> (m ? "Herr " : "Frau ") + family;
            case "fr" -> (m ? "M. " : "Mme ") + family;
            default -> (m ? "Mr. " : "Ms. ") + family;
        };
    }

    private static String family(PersonName n) {
        return n.family() != null && !n.family().isBlank() ? n.family().trim() : n.full().trim();
    }

    private static Optional<PersonName> name(GuestProfile p, String script) {
        return p.names().stream().filter(n -> script.equalsIgnoreCase(n.script() == null ? "Latin" : n.script())).findFirst();
    }

    private static Gender gender(GuestProfile p) {
        String s = p.gender() == null ? "" : p.gender().trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("M")) return Gender.MALE;
        if (s.startsWith("F")) return Gender.FEMALE;
        for (PersonName n : p.names()) {
            String t = n.title() == null ? "" : n.title().trim().toUpperCase(Locale.ROOT);
            if (MALE_TITLES.contains(t)) return Gender.MALE;
            if (FEMALE_TITLES.contains(t)) return Gender.FEMALE;
        }
        return Gender.UNKNOWN;
    }

    /** "zh-CN", "ZH", "zho", "chi" are zh; unknown or empty is en. */
    static String language(String code) {
        if (code == null || code.isBlank()) return "en";
        String c = code.trim().toLowerCase(Locale.ROOT).split("[-_]")[0];
        return switch (c) {
            case "zho", "chi" -> "zh";
            case "jpn" -> "ja";
            case "tha" -> "th";
            case "deu", "ger" -> "de";
            case "fra", "fre" -> "fr";
            case "eng" -> "en";
            default -> c.length() == 2 ? c : "en";
        };
    }

    private static String titleCase(String s) {
        StringBuilder b = new StringBuilder();
        boolean start = true;
        for (char ch : s.trim().toCharArray()) {
            b.append(start ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
            start = ch == ' ' || ch == '-' || ch == '\'';
        }
        return b.toString();
    }
}

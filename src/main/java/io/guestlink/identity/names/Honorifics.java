package io.guestlink.identity.names;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Titles and forms of address ({@code MR}, {@code Frau}, 先生, คุณ, 様, 님, г-н) that say nothing about who the guest
 * is. Left in, "YU/MING MR" and 于明 would differ by a word, and every "MR SMITH" would share a token. The list is
 * {@code identity/honorifics.txt}.
 */
final class Honorifics {

    private final Set<String> words = new HashSet<>();
    // the gender a title states (MRS F, 先生 M); titles that address anyone (DR, 様) have none
    private final Map<String, String> genders = new HashMap<>();
    private final Set<String> dottedOnly = new HashSet<>();
    // Written glued to the name in scripts without spaces: Chinese, Japanese and Korean after it, Thai before it.
    private final List<String> suffixes = new ArrayList<>();
    private final List<String> thaiPrefixes = new ArrayList<>();

    Honorifics(List<String> entries) {
        for (String line : entries) {
            String[] cols = line.split("\t");
            String e = cols[0].strip().toUpperCase(Locale.ROOT);
            if (cols.length > 1) {
                String g = cols[1].strip();
                if (!g.equals("M") && !g.equals("F"))
                    throw new IllegalStateException("honorifics.txt: gender of " + e + " must be M or F, got " + g);
                genders.put(e, g);
            }
            if (e.endsWith(".")) dottedOnly.add(e);
            else words.add(e);
            UnicodeScript script = Scripts.of(e);
            if (script == UnicodeScript.THAI) thaiPrefixes.add(e);
            else if (Scripts.isCjk(script)) suffixes.add(e);
        }
        // Longest first, so นางสาว is removed whole and not as นาง + สาว.
        thaiPrefixes.sort(Comparator.comparingInt(String::length).reversed());
        suffixes.sort(Comparator.comparingInt(String::length).reversed());
    }

    static Honorifics defaults() {
        return new Honorifics(Resources.lines("honorifics.txt"));
    }

    /** True when the whole token is a title; "Mr." and "MR" alike, but "M" only as "M.", since M is also an initial. */
    boolean isHonorific(String token) {
        String t = token.toUpperCase(Locale.ROOT);
        if (dottedOnly.contains(t)) return true;
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '.') end--;
        return end > 0 && words.contains(end == t.length() ? t : t.substring(0, end));
    }

    /**
     * The gender a title token states: "M", "F", or null when it is no title or one that addresses anyone. Reads a
     * title written alone ("MRS", "Frau", "先生") and one glued to a name in a script without spaces (于先生, นายสมชาย).
     */
    String gender(String token) {
        String t = token.toUpperCase(Locale.ROOT);
        String g = genders.get(t);
        if (g != null) return g;
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '.') end--;
        if (end < t.length() && end > 0 && (g = genders.get(t.substring(0, end))) != null) return g;
        if (t.isEmpty()) return null;
        UnicodeScript script = UnicodeScript.of(t.codePointAt(0));
        if (script == UnicodeScript.THAI) {
            for (String p : thaiPrefixes) {
                if (t.length() > p.length() && t.startsWith(p) && startsThaiSyllable(t.charAt(p.length()))) return genders.get(p);
            }
        } else if (Scripts.isCjk(script)) {
            for (String x : suffixes) if (t.length() > x.length() && t.endsWith(x)) return genders.get(x);
        }
        return null;
    }

    /** The token without a title glued to it (于先生 → 于, คุณสมชาย → สมชาย); the token itself when there is none. */
    String stripGlued(String token) {
        if (token.isEmpty()) return token;
        int first = token.codePointAt(0);
        UnicodeScript script = UnicodeScript.of(first);
        if (script == UnicodeScript.THAI) {
            for (String p : thaiPrefixes) {
                // Only when what follows can start a Thai syllable: คุณากร is a given name, not คุณ + ากร.
                if (token.length() > p.length() && token.startsWith(p) && startsThaiSyllable(token.charAt(p.length()))) {
                    return token.substring(p.length());
                }
            }
        } else if (Scripts.isCjk(script)) {
            for (String s : suffixes) {
                if (token.length() > s.length() && token.endsWith(s)) return token.substring(0, token.length() - s.length());
            }
        }
        return token;
    }

    // Thai consonants (ก..ฮ) and the vowels written before their consonant (เ แ โ ใ ไ).
    private static boolean startsThaiSyllable(char c) {
        return (c >= '\u0E01' && c <= '\u0E2E') || (c >= '\u0E40' && c <= '\u0E44');
    }
}

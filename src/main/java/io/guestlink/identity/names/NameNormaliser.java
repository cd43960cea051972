package io.guestlink.identity.names;

import com.ibm.icu.text.Normalizer2;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a guest's name, in whatever script and layout a source wrote it, into the {@link ComparableName} readings
 * profiles are matched on: upper-case ASCII Latin, honorifics removed, family and given name separated. This is
 * what lets {@code YU/MING MR} from OPERA, 于明 from a Chinese channel and "Ming Yu" on a POS ticket meet.
 *
 * <p><b>Several readings.</b> When the order of the parts is not certain the result holds the name as given and
 * with family and given swapped, because front desks type names both ways round and the scorer should compare
 * against either. The order is taken as certain when the source marks it (a comma or slash in a full name:
 * "YU, MING", "YU/MING": family first), and for Chinese, Korean and Japanese names, which put the family name
 * first. A Latin "MING YU" still meets 于明 through its swapped reading. Names with ä, ö or ü also get readings
 * spelled AE, OE, UE, so MÜLLER meets MUELLER (and MULLER through the plain reading).
 *
 * <p><b>Unusable names.</b> A name that identifies nobody (GUEST, WALK IN, TEST, N/A, a lone initial, digits, only a
 * title) gets no reading and a reason: matching on it would merge strangers, exactly like a placeholder e-mail.
 *
 * <p>Thread-safe and meant to be shared: it holds only immutable lists; transliteration caches are concurrent.
 * ASCII names never touch ICU.
 */
public final class NameNormaliser {

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

    private final Honorifics honorifics;
    private final Surnames surnames;
    private final Set<String> placeholders = new HashSet<>();

    /** A normaliser with the lists shipped in {@code identity/} (honorifics, unusable names, Han surnames). */
    public NameNormaliser() {
        this.honorifics = Honorifics.defaults();
        this.surnames = Surnames.defaults();
        for (String entry : Resources.lines("unusable-names.txt")) placeholders.add(compact(entry));
    }

    /**
     * The readings of a name. {@code family} and {@code given} are used when the source split the name; otherwise
     * {@code full} is parsed. Any argument may be null.
     */
    public NameResult normalise(String family, String given, String full) {
        String f = clean(family);
        String g = clean(given);
        boolean structured = !f.isEmpty() || !g.isEmpty();
        String source = structured ? (f + " " + g).strip() : clean(full);
        if (source.isEmpty()) return NameResult.unusable("empty");

        // The name as written, word by word, without titles: what the placeholder check looks at. It also joins
        // the words up again, so "N/A" is caught whole before the slash makes it a family N and a given A.
        List<String> rawWords = split(source, true);
        List<String> words = new ArrayList<>(rawWords.size());
        for (String w : rawWords) {
            if (!honorifics.isHonorific(w)) words.add(honorifics.stripGlued(w));
        }
        if (words.isEmpty()) return NameResult.unusable("only honorifics");
        boolean titled = words.size() < rawWords.size() || !words.equals(rawWords);
        String reason = placeholder(words);
        if (reason != null) return NameResult.unusable(reason);

        List<Reading> layouts = compoundsRejoined(structured ? structured(f, g) : free(source, titled));
        Set<ComparableName> readings = new LinkedHashSet<>();
        for (Reading r : layouts) add(readings, r, false);
        if (hasUmlaut(source)) {
            for (Reading r : layouts) add(readings, r, true);
        }
        if (readings.isEmpty()) return NameResult.unusable("no letters");

        ComparableName primary = readings.iterator().next();
        if ((primary.family() + primary.given()).replace(" ", "").length() < 2 && !Scripts.isCjk(Scripts.of(source))) {
            return NameResult.unusable("one letter");
        }
        // A name in another alphabet can be a placeholder too ("ТЕСТ"); Han and Hangul readings are syllables of
        // real names (娜 NA), so only alphabetic scripts are checked again after transliteration.
        if (!Scripts.isCjk(Scripts.of(source)) && Scripts.of(source) != UnicodeScript.LATIN) {
            String again = placeholder(split(primary.full(), false));
            if (again != null) return NameResult.unusable(again);
        }
        return NameResult.of(List.copyOf(readings));
    }

    /**
     * The gender the titles of a name state ("M" or "F"), or null when none does or they disagree: the title field
     * (WHITE/JOHN MRS split by its layout), then every word of the name as written, title words and titles glued to a
     * name alike (MRS JOHN WHITE, 于先生, นายสมชาย). Titles that address anyone (DR, 様, さん, คุณ) state nothing.
     */
    public String gender(String title, String family, String given, String full) {
        String found = null;
        for (String part : new String[]{title, family, given, full}) {
            String c = clean(part);
            if (c.isEmpty()) continue;
            for (String w : split(c, true)) {
                String g = honorifics.gender(w);
                if (g == null) continue;
                if (found != null && !found.equals(g)) return null;
                found = g;
            }
        }
        return found;
    }

    // ---- layouts -------------------------------------------------------------------------------------------

    /** Family and given tokens of one reading, as written; converted to Latin by add(). */
    private record Reading(List<String> family, List<String> given) {
        Reading swapped() {
            return new Reading(given, family);
        }
    }

    private List<Reading> structured(String familyField, String givenField) {
        List<String> fam = tokens(familyField);
        List<String> giv = tokens(givenField);
        // Sources put a whole Chinese or Korean name into one field; split it as a full name would be.
        if (giv.isEmpty() && fam.size() == 1 && splittable(fam.get(0))) return List.of(split(fam.get(0)));
        if (fam.isEmpty() && giv.size() == 1 && splittable(giv.get(0))) return List.of(split(giv.get(0)));
        Reading asGiven = new Reading(fam, giv);
        if (!fam.isEmpty() && Scripts.isCjk(Scripts.of(fam.get(0)))) return List.of(asGiven);
        return List.of(asGiven, asGiven.swapped());
    }

    private List<Reading> free(String full, boolean titled) {
        int cut = firstMarker(full);
        if (cut >= 0) {
            // "YU/MING MR", "YU, MING": the source says the family name comes first.
            List<String> fam = tokens(full.substring(0, cut));
            List<String> giv = tokens(full.substring(cut + 1));
            if (fam.isEmpty()) return List.of(new Reading(List.of(), giv), new Reading(giv, List.of()));
            return List.of(new Reading(fam, giv));
        }
        boolean foreignOrder = hasMiddleDot(full);
        List<String> t = tokens(full);
        if (t.isEmpty()) return List.of();
        if (t.size() == 1) {
            String only = t.get(0);
            if (splittable(only)) return List.of(split(only));
            Reading asFamily = new Reading(t, List.of());
            // "MR YU", "于先生": a title goes with the family name.
            if (titled || Scripts.of(only) == UnicodeScript.HAN) return List.of(asFamily);
            return List.of(asFamily, asFamily.swapped());
        }
        UnicodeScript first = Scripts.of(t.get(0));
        if (Scripts.isCjk(first) && !foreignOrder) {
            // "王 小明", "やまだ たろう", "박 지성": family first, as these languages write it.
            return List.of(new Reading(t.subList(0, 1), t.subList(1, t.size())));
        }
        // Western order first (the last word is the family name), then the other way round.
        Reading western = new Reading(t.subList(t.size() - 1, t.size()), t.subList(0, t.size() - 1));
        Reading familyFirst = new Reading(t.subList(0, 1), t.subList(1, t.size()));
        return List.of(western, familyFirst);
    }

    /**
     * The layouts, and after them each one again with a compound surname rejoined where a source split it after its
     * first syllable and carried the rest into the given name (SHANG/GUAN NA is SHANGGUAN/NA, LING/HU LEILI is
     * LINGHU/LEILI), or wrote the name the other way round so split (HOU FANG/XIA is XIAHOU/FANG). Only Latin words,
     * only where the two words make a compound surname of the table, and only with a given name left over.
     */
    private List<Reading> compoundsRejoined(List<Reading> layouts) {
        List<Reading> out = new ArrayList<>(layouts);
        for (Reading r : layouts) {
            Reading joined = rejoined(r.family(), r.given());
            if (joined == null) joined = rejoined(r.given(), r.family());
            if (joined != null && !out.contains(joined)) out.add(joined);
        }
        return out;
    }

    /** {@code first} one word, {@code rest} two or more whose first completes it to a compound surname; else null. */
    private Reading rejoined(List<String> first, List<String> rest) {
        if (first.size() != 1 || rest.size() < 2) return null;
        String a = first.get(0), b = rest.get(0);
        if (Scripts.of(a) != UnicodeScript.LATIN || Scripts.of(b) != UnicodeScript.LATIN) return null;
        if (!surnames.isCompoundReading(Transliteration.toAscii(a) + Transliteration.toAscii(b))) return null;
        return new Reading(List.of(a + b), rest.subList(1, rest.size()));
    }

    private boolean splittable(String token) {
        UnicodeScript s = Scripts.of(token);
        return (s == UnicodeScript.HAN || s == UnicodeScript.HANGUL) && Scripts.isAll(token, s)
                && token.codePointCount(0, token.length()) >= 2;
    }

    /** 于明 → 于 + 明, 欧阳娜娜 → 欧阳 + 娜娜, 박지성 → 박 + 지성. */
    private Reading split(String name) {
        int cut = surnames.familyLength(name, Scripts.of(name));
        return new Reading(List.of(name.substring(0, cut)), List.of(name.substring(cut)));
    }

    // ---- tokens to Latin -----------------------------------------------------------------------------------

    private void add(Set<ComparableName> out, Reading r, boolean umlautsAsE) {
        String family = latin(r.family(), true, umlautsAsE);
        String given = latin(r.given(), false, umlautsAsE);
        if (!family.isEmpty() || !given.isEmpty()) out.add(new ComparableName(family, given, hanFamily(r.family())));
    }

    /** The family name as written, in simplified characters, when every token of it is Han; empty otherwise. */
    private static String hanFamily(List<String> tokens) {
        if (tokens.isEmpty()) return "";
        for (String t : tokens) if (!Scripts.isAll(t, UnicodeScript.HAN)) return "";
        return Transliteration.simplified(String.join("", tokens));
    }

    private String latin(List<String> tokens, boolean family, boolean umlautsAsE) {
        StringBuilder out = new StringBuilder();
        for (String token : tokens) {
            UnicodeScript script = Scripts.of(token);
            String ascii;
            if (script == UnicodeScript.HAN && Scripts.isAll(token, UnicodeScript.HAN)) {
                ascii = family ? surnames.hanReading(token) : Transliteration.hanSyllables(token);
            } else if (script == UnicodeScript.HANGUL && Scripts.isAll(token, UnicodeScript.HANGUL)) {
                ascii = Transliteration.hangulSyllables(token);
            } else {
                ascii = Transliteration.toAscii(umlautsAsE ? expandUmlauts(token) : token);
            }
            if (ascii.isEmpty()) continue;
            if (out.length() > 0) out.append(' ');
            out.append(ascii);
        }
        return out.toString();
    }

    // ---- text helpers --------------------------------------------------------------------------------------

    /** Trimmed, and for non-ASCII text NFKC: full-width ＹＵ is YU, the ideographic space a space. */
    private static String clean(String s) {
        if (s == null) return "";
        String t = Scripts.isAscii(s) ? s : NFKC.normalize(s);
        return t.strip();
    }

    /**
     * Name tokens: split on spaces, commas and slashes (and middle dots, which separate the parts of a foreign
     * name written in Han or Kana), without titles, numbers or leftover punctuation.
     */
    private List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        for (String w : split(s, true)) {
            if (honorifics.isHonorific(w)) continue;
            String t = honorifics.stripGlued(w);
            if (hasLetter(t)) out.add(t);
        }
        return out;
    }

    private static List<String> split(String s, boolean atMarkers) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean sep = Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || (atMarkers && (c == ',' || c == '/' || isMiddleDot(c)));
            if (sep) {
                if (start >= 0) out.add(s.substring(start, i));
                start = -1;
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) out.add(s.substring(start));
        return out;
    }

    private static int firstMarker(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '/') return i;
        }
        return -1;
    }

    // 约翰·史密斯, ジョン・スミス: a Western name in Han or Kana, given name first.
    private static boolean isMiddleDot(char c) {
        return c == '\u00B7' || c == '\u30FB' || c == '\u2022' || c == '\u2027' || c == '\u2219';
    }

    private static boolean hasMiddleDot(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isMiddleDot(s.charAt(i))) return true;
        }
        return false;
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isLetter(cp)) return true;
            i += Character.charCount(cp);
        }
        return false;
    }

    private static boolean hasUmlaut(String s) {
        for (int i = 0; i < s.length(); i++) {
            switch (s.charAt(i)) {
                case 'ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü' -> {
                    return true;
                }
                default -> { }
            }
        }
        return false;
    }

    // German writes ü as ue when the keyboard (or a passport's machine-readable zone) has no umlaut.
    private static String expandUmlauts(String s) {
        StringBuilder out = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case 'ä' -> out.append("ae");
                case 'ö' -> out.append("oe");
                case 'ü' -> out.append("ue");
                case 'Ä' -> out.append("AE");
                case 'Ö' -> out.append("OE");
                case 'Ü' -> out.append("UE");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    // ---- placeholders --------------------------------------------------------------------------------------

    /** Why the words identify nobody, or null when they may. */
    private String placeholder(List<String> words) {
        StringBuilder whole = new StringBuilder();
        boolean anyWord = false;
        boolean everyWordPlaceholder = true;
        boolean onlyDigits = true;
        for (String w : words) {
            String c = compact(w);
            whole.append(c);
            if (c.isEmpty()) continue;
            boolean digits = isDigits(c);
            onlyDigits &= digits;
            if (digits) continue;
            // GUEST6953, WALKIN12, ROOM1204: systems number their placeholders; no one's name mixes letters and digits
            if (c.chars().anyMatch(Character::isDigit)) return "a word mixes letters and digits: " + w;
            anyWord = true;
            everyWordPlaceholder &= placeholders.contains(c);
        }
        String all = whole.toString();
        if (all.isEmpty()) return "no letters";
        if (onlyDigits) return "digits only";
        if (placeholders.contains(all) || (anyWord && everyWordPlaceholder)) return "placeholder: " + String.join(" ", words);
        if (all.length() >= 2 && Scripts.isAscii(all) && all.chars().distinct().count() == 1) return "repeated letter";
        return null;
    }

    /** Upper-case letters and digits only: "Walk-In" and "N/A" become WALKIN and NA. */
    private static String compact(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) out.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) return false;
        }
        return true;
    }
}

package io.guestlink.identity.names;

import com.ibm.icu.text.Transliterator;

import java.lang.Character.UnicodeScript;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a name token in any script into upper-case ASCII letters with ICU4J.
 *
 * <p>Which ICU transform, per script (IDs from ICU's {@code Transliterator.getAvailableIDs()}):
 * <ul>
 * <li>Han: {@code Han-Latin} (Hanyu Pinyin), for the family name {@code Han-Latin/Names}, CLDR's transform that
 *     applies surname readings (曾 zeng, 单 shan); {@code han-surnames.tsv} overrides both.</li>
 * <li>Hangul: {@code Hangul-Latin} (Revised Romanization letters, e.g. 박 bag), one syllable at a time.</li>
 * <li>Cyrillic: {@code Russian-Latin/BGN} (Сергей Sergey, Щукин Shchukin), closer to the spellings in passports than
 *     {@code Any-Latin}'s ISO 9 (Sergej, Šukin, which Latin-ASCII turns into SUKIN).</li>
 * <li>Greek: {@code Greek-Latin/UNGEGN} (Γιώργος Giorgos).</li>
 * <li>Everything else (Latin with diacritics, Thai, Arabic, Kana, Devanagari...): {@code Any-Latin}.</li>
 * </ul>
 * Each is followed by {@code Latin-ASCII}, which removes tone marks and diacritics (Müller MULLER, ß SS, Ø O).
 *
 * <p>Threads: ICU documents transliterators as stateless and shareable between threads without synchronisation
 * (class javadoc of {@code com.ibm.icu.text.Transliterator}); the rule-based stages lock their rule data while
 * they run, and every instance {@code getInstance} returns for an ID shares that data, so per-thread instances
 * would not remove the lock. What does is not calling ICU: ASCII names never reach it, Han characters and Hangul
 * syllables are read one code point at a time and cached (a few thousand cover nearly every name), other tokens
 * go through a bounded cache. ICU's Han-Latin takes tens of microseconds per call; a cache hit is a map lookup.
 */
final class Transliteration {

    private static final String TO_ASCII = "; Latin-ASCII";
    // Plenty for the distinct non-ASCII tokens of a day's feeds; cleared when full rather than evicted one by one.
    private static final int TOKEN_CACHE_LIMIT = 200_000;

    private static final Map<String, Transliterator> INSTANCES = new ConcurrentHashMap<>();
    private static final Map<Integer, String> HAN = new ConcurrentHashMap<>();
    private static final Map<Integer, String> HANGUL = new ConcurrentHashMap<>();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Transliteration() {
    }

    /** The pinyin of each Han character, joined without space (志伟 → ZHIWEI); characters ICU cannot read are dropped. */
    static String hanSyllables(String han) {
        return perCodePoint(han, HAN, "Han-Latin");
    }

    /** The Revised Romanization of each Hangul syllable, joined (지성 → JISEONG). */
    static String hangulSyllables(String hangul) {
        return perCodePoint(hangul, HANGUL, "Hangul-Latin");
    }

    /** Han text in simplified characters (張 → 张), so one surname written in either set is one written form. */
    static String simplified(String han) {
        // surnames are few: cached like the surname readings, so ICU runs once per surname
        return TOKENS.computeIfAbsent("\u0002" + han, k -> icu("Traditional-Simplified").transliterate(han));
    }

    /** CLDR's surname reading of a Han family name (单 → SHAN); the caller checks its own table first. */
    static String hanSurname(String han) {
        return TOKENS.computeIfAbsent("\u0001" + han, k -> letters(icu("Han-Latin/Names" + TO_ASCII).transliterate(han)));
    }

    /**
     * The token in upper-case ASCII letters: apostrophes, hyphens, dots and anything else that is not a letter
     * removed (O'Brien → OBRIEN). Empty when nothing is left.
     */
    static String toAscii(String token) {
        if (Scripts.isAscii(token)) return letters(token);
        String cached = TOKENS.get(token);
        if (cached != null) return cached;
        String ascii = letters(icu(transformFor(token)).transliterate(token));
        if (TOKENS.size() >= TOKEN_CACHE_LIMIT) TOKENS.clear();
        TOKENS.put(token, ascii);
        return ascii;
    }

    private static String transformFor(String token) {
        // The first non-Latin letter decides: a Cyrillic name with a stray Latin letter is still Russian.
        UnicodeScript script = UnicodeScript.LATIN;
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            UnicodeScript s = UnicodeScript.of(cp);
            if (Character.isLetter(cp) && s != UnicodeScript.LATIN) {
                script = s;
                break;
            }
            i += Character.charCount(cp);
        }
        return switch (script) {
            case LATIN -> "Latin-ASCII";
            // Russian-Latin/BGN covers the Russian alphabet only; Any-Latin then takes Ukrainian і, ї, є and the rest.
            case CYRILLIC -> "Russian-Latin/BGN; Any-Latin" + TO_ASCII;
            case GREEK -> "Greek-Latin/UNGEGN; Any-Latin" + TO_ASCII;
            case HAN -> "Han-Latin" + TO_ASCII;
            default -> "Any-Latin" + TO_ASCII;
        };
    }

    private static String perCodePoint(String s, Map<Integer, String> cache, String transform) {
        StringBuilder out = new StringBuilder(s.length() * 4);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String reading = cache.get(cp);
            if (reading == null) {
                reading = letters(icu(transform + TO_ASCII).transliterate(new String(Character.toChars(cp))));
                cache.put(cp, reading);
            }
            out.append(reading);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static Transliterator icu(String id) {
        Transliterator t = INSTANCES.get(id);
        if (t == null) t = INSTANCES.computeIfAbsent(id, Transliterator::getInstance);
        return t;
    }

    /** Only ASCII letters, upper-cased. */
    static String letters(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean keep = (c >= 'A' && c <= 'Z');
            if (!keep && c >= 'a' && c <= 'z') {
                if (out == null) out = new StringBuilder(s.length()).append(s, 0, i);
                out.append((char) (c - 32));
                continue;
            }
            if (keep) {
                if (out != null) out.append(c);
            } else if (out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
        }
        return out == null ? s : out.toString();
    }
}

package io.guestlink.identity.names;

import java.lang.Character.UnicodeScript;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where a Chinese or Korean name written without spaces splits into family and given name, and how a Han surname
 * is read. Both write the family name first and, with a few exceptions, in one character; the exceptions are the
 * compound surnames (欧阳, 司马; 남궁, 황보), which would otherwise leave half the surname in the given name.
 */
final class Surnames {

    // Two-syllable Korean surnames still in use (남궁 南宮, 황보 皇甫, 제갈 諸葛, 선우 鮮于, 독고 獨孤, 사공 司空, 서문 西門).
    private static final Set<String> KOREAN_COMPOUNDS = Set.of("남궁", "황보", "제갈", "선우", "독고", "사공", "서문");

    private final Map<String, String> readings = new HashMap<>();
    private final Set<String> compoundReadings = new java.util.HashSet<>();

    private Surnames(Iterable<String[]> rows) {
        for (String[] row : rows) {
            if (row.length < 2) throw new IllegalStateException("han-surnames.tsv: expected surname<TAB>reading, got " + String.join("\t", row));
            readings.put(row[0].strip(), row[1].strip());
            if (isCompound(row[0].strip())) compoundReadings.add(row[1].strip().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Whether a Latin word is the reading of a compound surname of the table (OUYANG, SHANGGUAN, SITU ...). */
    boolean isCompoundReading(String latin) {
        return compoundReadings.contains(latin.toUpperCase(java.util.Locale.ROOT));
    }

    static Surnames defaults() {
        return new Surnames(Resources.columns("han-surnames.tsv"));
    }

    /**
     * The length in chars of the family name at the start of a Han or Hangul name written without spaces. A compound
     * surname counts only when something follows it: a two-character name is a surname and a given name.
     */
    int familyLength(String name, UnicodeScript script) {
        int first = Character.charCount(name.codePointAt(0));
        if (name.codePointCount(0, name.length()) < 3) return first;
        int second = first + Character.charCount(name.codePointAt(first));
        String two = name.substring(0, second);
        boolean compound = script == UnicodeScript.HANGUL ? KOREAN_COMPOUNDS.contains(two) : isCompound(two);
        return compound ? second : first;
    }

    private boolean isCompound(String two) {
        return two.codePointCount(0, two.length()) == 2 && readings.containsKey(two);
    }

    /** The reading of a Han family name: the table first, then CLDR's surname transform, then plain pinyin. */
    String hanReading(String family) {
        String known = readings.get(family);
        if (known != null) return known;
        if (family.codePointCount(0, family.length()) == 1) return Transliteration.hanSurname(family);
        // A family field with more than one character that is not a known compound: read its first character as a
        // surname and the rest as they come.
        int first = Character.charCount(family.codePointAt(0));
        return hanReading(family.substring(0, first)) + Transliteration.hanSyllables(family.substring(first));
    }
}

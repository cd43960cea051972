package io.guestlink.identity.names;

import java.lang.Character.UnicodeScript;

/** Which writing system a name token is in; decides name order and how it is transliterated. */
final class Scripts {

    private Scripts() {
    }

    /** The script of the first letter, or COMMON when there is none. */
    static UnicodeScript of(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (Character.isLetter(cp)) return UnicodeScript.of(cp);
            i += Character.charCount(cp);
        }
        return UnicodeScript.COMMON;
    }

    /** True when every code point is a Han character (a Chinese name written without spaces). */
    static boolean isAll(String s, UnicodeScript script) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (UnicodeScript.of(cp) != script) return false;
            i += Character.charCount(cp);
        }
        return true;
    }

    static boolean isCjk(UnicodeScript script) {
        return script == UnicodeScript.HAN || script == UnicodeScript.HIRAGANA
                || script == UnicodeScript.KATAKANA || script == UnicodeScript.HANGUL;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) return false;
        }
        return true;
    }
}

package io.guestlink.identity.names;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a Latin spelling could be how some romanisation writes a Han surname: the spellings of
 * {@code romanisation-variants.tsv} (ZHANG, CHEUNG, TEO, PARK ...), the compound surnames' readings of
 * {@code han-surnames.tsv} (OUYANG, SITU ...), and any spelling shaped like one romanised syllable per character.
 *
 * <p>Why the shape and not a list of readings alone: a Han surname of one character is one syllable in every
 * romanisation in use (Hanyu Pinyin, Wade-Giles, Hong Kong Cantonese, Hokkien and Teochew, Korean Revised and
 * McCune-Reischauer, Vietnamese), and a syllable is an initial consonant or cluster, vowels and at most one final
 * consonant. A list of pinyin syllables would leave out the surnames those other systems write (YIP 叶, SHIN 申,
 * HOANG 黄, TRAN 陈), and any of them may stand beside a Han writing of another surname; the shape keeps every such
 * spelling a surname, at the price of keeping a few typos too (QANG). What the shape rules out (WNAG, WAGN, ZAHNG,
 * CHN) is no syllable of any of these systems, so no surname's reading: one keystroke from a Han guest's reading,
 * it is that reading mistyped. Stateless and thread-safe.
 */
public final class HanSurnameSpellings {

    /*
     * Initials: the pinyin ones (ZH CH SH and single consonants), Wade-Giles and Cantonese (HS TS TZ SZ KW GW NG),
     * Hokkien (CHH KH PH TH), Korean (HW RH BY PY MY GY KY, tense KK TT PP SS JJ), Vietnamese (TR NH NG GI QU,
     * the last two spelled as initial and vowel here). Vowels: A E I O U and V (pinyin ü on keyboards: LV, NV), and
     * Vietnamese UY, UYE (NGUYEN; YU after an initial, LYU, is in the romanisation table). A nasal alone is a syllable
     * too: Cantonese NG (吴, 伍), M, HM, HNG.
     * Finals: N NG M P T K (Cantonese, Hokkien, Korean), L (Korean RR: SEOL, GIL), G (ICU's Hangul-Latin: BAG), H
     * (Hokkien, Wade-Giles HSIEH), R (pinyin ER), NH and CH (Vietnamese: THANH, BACH).
     */
    private static final String INITIAL = "(?:CHH|ZH|CH|SH|HS|TS|TZ|SZ|KW|GW|NG|NY|KH|PH|TH|TR|NH|HW|RH|BY|PY|MY|GY|KY"
            + "|KK|TT|PP|SS|JJ|[BCDFGHJKLMNPQRSTWXYZ])?";
    private static final String SYLLABLE = "(?:" + INITIAL + "(?:[AEIOUV]{1,4}|UYE?)(?:NG|NH|CH|[NMPTKLGHR])?|H?NG|H?M)";
    private static final Pattern ONE = Pattern.compile(SYLLABLE);
    private static final Pattern TWO = Pattern.compile(SYLLABLE + SYLLABLE);

    private static final Surnames SURNAMES = Surnames.defaults();

    private HanSurnameSpellings() {
    }

    /**
     * Whether {@code latin} (ASCII letters, any case; spaces and hyphens ignored) could be a romanised spelling of a
     * Han surname written in {@code characters} characters (1, or 2 for a compound surname such as 欧阳): listed in
     * the romanisation or surname tables, or shaped like that many syllables. Blank is not a spelling.
     *
     * @throws IllegalArgumentException when {@code characters} is not 1 or 2 (no Han surname has more)
     */
    public static boolean couldSpell(String latin, int characters) {
        if (characters < 1 || characters > 2)
            throw new IllegalArgumentException("a Han surname has 1 or 2 characters, not " + characters);
        if (latin == null) return false;
        String s = latin.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
        if (s.isEmpty()) return false;
        if (RomanisationVariants.isListed(s) || SURNAMES.isCompoundReading(s)) return true;
        return (characters == 1 ? ONE : TWO).matcher(s).matches();
    }
}

package io.guestlink.identity.names;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Birth dates as sources write them, and whether one is believable. A wrong birth date is worse than none: two
 * strangers both "born" 1900-01-01 (the default of many PMS forms) must not look alike, and a birthday greeting
 * on a placeholder date goes to nobody.
 */
public final class BirthDates {

    /**
     * Dates that systems write when nobody typed one: form and database defaults (1900-01-01, 1901-01-01),
     * the zero dates of Excel and OLE/Delphi (1899-12-31, 1899-12-30), SQL Server's minimum (1753-01-01), and
     * keyboard fillers. 1970-01-01 is left out: real people are born on it, and many refugees are registered on
     * 1 January.
     */
    private static final Set<LocalDate> PLACEHOLDERS = Set.of(
            LocalDate.of(1900, 1, 1), LocalDate.of(1901, 1, 1), LocalDate.of(1899, 12, 31), LocalDate.of(1899, 12, 30),
            LocalDate.of(1753, 1, 1), LocalDate.of(1111, 11, 11), LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31),
            LocalDate.of(2222, 2, 22), LocalDate.of(1234, 5, 6));
    private static final int MAX_AGE = 120;
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5),
            Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("SEPT", 9),
            Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));

    // Compiled once: parseAny runs for every imported record.
    private static final Pattern YMD = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[T ].*)?");
    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
    private static final Pattern NUMERIC_DMY = Pattern.compile("(\\d{1,2})[-/.](\\d{1,2})[-/.](\\d{4}|\\d{2})(?: .*)?");
    private static final Pattern DAY_MONTH_NAME = Pattern.compile("(\\d{1,2})[-/. ]?([A-Z]{3,9})\\.?[-/. ,]?(\\d{4}|\\d{2})");
    private static final Pattern MONTH_NAME_DAY = Pattern.compile("([A-Z]{3,9})\\.? (\\d{1,2}),? (\\d{4})");
    private static final Pattern CJK = Pattern.compile("(\\d{4})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日?");

    private BirthDates() {
    }

    /** Why the birth date cannot be right, or null when it is plausible on {@code today}. */
    public static String implausible(LocalDate d, LocalDate today) {
        if (d == null) return "missing";
        if (PLACEHOLDERS.contains(d)) return "placeholder date " + d;
        if (d.isBefore(EARLIEST)) return "before 1900";
        if (d.isAfter(today)) return "in the future";
        if (d.isBefore(today.minusYears(MAX_AGE))) return "older than " + MAX_AGE;
        return null;
    }

    /**
     * The birth date an identity document holds: where it is a PRC resident ID card (type {@code ID_CARD}, issued by
     * CN or by an unnamed country) whose number is valid ({@link ChineseResidentId}: check character, province, a real
     * date), the date in the number; empty for another country's card, another kind of document, or a number that
     * fails validation. Whether the date is plausible on a given day is {@link #withResidentId}'s question.
     */
    public static Optional<LocalDate> onResidentIdCard(String docType, String issuingCountry, String number) {
        if (number == null || docType == null || !"ID_CARD".equals(docType.strip().toUpperCase(Locale.ROOT))) return Optional.empty();
        if (issuingCountry != null && !issuingCountry.isBlank()
                && !Set.of("CN", "CHN").contains(issuingCountry.strip().toUpperCase(Locale.ROOT))) return Optional.empty();
        // no "today" here: whether the date has come is asked with the mapper's clock
        return ChineseResidentId.parse(number, LocalDate.MAX).map(ChineseResidentId.ResidentId::birthDate);
    }

    /**
     * The birth date to keep for a record that states {@code stated} (null when missing or left out as implausible)
     * and carries a resident ID card holding {@code onCard} (null when none, {@link #onResidentIdCard}): the card's
     * date where it is plausible on {@code today}, whatever the record's own date says (missing, a placeholder, or
     * another date); otherwise {@code stated}. Why the card wins: its number's check character (ISO 7064 MOD 11-2)
     * catches every single wrong digit and every swap of two neighbours, so a valid number carries its holder's date as
     * issued, while nothing checks a date typed into a form (a digit off, day and month swapped, 1900-01-01 when the
     * clerk skipped it).
     */
    public static LocalDate withResidentId(LocalDate stated, LocalDate onCard, LocalDate today) {
        return onCard != null && implausible(onCard, today) == null ? onCard : stated;
    }

    /** {@link #parseAny(String, LocalDate)} with today's date for two-digit years. */
    public static Optional<LocalDate> parseAny(String text) {
        return parseAny(text, LocalDate.now());
    }

    /**
     * Reads a date written in any of the layouts seen in feeds: 1980-05-17, 1980/5/17, 19800517, 17/05/1980,
     * 17.05.1980, 17-05-80, 17 May 1980, 17-MAY-80, 17MAY1980 (OPERA, passport zones), May 17, 1980,
     * 1980年5月17日, and ISO date-times (the time is ignored). Empty when the text is none of these or not a real
     * date; plausibility is {@link #implausible}'s job.
     *
     * <p>Day and month written as numbers are ambiguous: 03/04/1980 is 3 April in most of the world and 4 March in
     * the US. Hotels here take day first, so day-month is read unless the second number cannot be a month (over 12),
     * in which case it is the US month/day: 03/04/1980 is 3 April, 04/13/1980 is 13 April.
     *
     * <p>Two-digit years are birth years, so in the past: 80 is 1980, and 05 is 2005 while that is not after
     * {@code today}'s year.
     */
    public static Optional<LocalDate> parseAny(String text, LocalDate today) {
        if (text == null) return Optional.empty();
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.isEmpty() || s.length() > 40) return Optional.empty();
        Matcher m;
        if ((m = YMD.matcher(s)).matches() || (m = COMPACT.matcher(s)).matches() || (m = CJK.matcher(s)).matches()) {
            return date(num(m, 1), num(m, 2), num(m, 3));
        }
        if ((m = NUMERIC_DMY.matcher(s)).matches()) {
            int first = num(m, 1);
            int second = num(m, 2);
            int year = year(m.group(3), today);
            return second > 12 ? date(year, first, second) : date(year, second, first);
        }
        if ((m = DAY_MONTH_NAME.matcher(s)).matches()) {
            Integer month = MONTHS.get(monthKey(m.group(2)));
            return month == null ? Optional.empty() : date(year(m.group(3), today), month, num(m, 1));
        }
        if ((m = MONTH_NAME_DAY.matcher(s)).matches()) {
            Integer month = MONTHS.get(monthKey(m.group(1)));
            return month == null ? Optional.empty() : date(num(m, 3), month, num(m, 2));
        }
        return Optional.empty();
    }

    // Abbreviations (MAY, SEP, SEPT) as they are; full English names by their first three letters.
    private static String monthKey(String word) {
        if (MONTHS.containsKey(word)) return word;
        String key = word.substring(0, 3);
        String[] full = {"JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER",
                "OCTOBER", "NOVEMBER", "DECEMBER"};
        for (String f : full) {
            if (f.equals(word)) return key;
        }
        return "";
    }

    private static int year(String digits, LocalDate today) {
        int y = Integer.parseInt(digits);
        if (digits.length() == 4) return y;
        int century = today.getYear() / 100 * 100;
        return century + y > today.getYear() ? century - 100 + y : century + y;
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static Optional<LocalDate> date(int year, int month, int day) {
        try {
            return Optional.of(LocalDate.of(year, month, day));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}

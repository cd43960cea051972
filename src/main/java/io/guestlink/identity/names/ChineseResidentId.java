package io.guestlink.identity.names;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the birth date and gender out of a PRC resident identity card number (居民身份证号码, GB 11643-1999). Chinese
 * PMSs require the number at check-in, so it is often the only reliable birth date and gender a profile has; and
 * its check digit tells a real number from a mistyped or invented one.
 *
 * <p>18 digits: a 6-digit address code, the birth date YYYYMMDD (positions 7-14), a 3-digit sequence whose last
 * digit is odd for men and even for women (position 17), and an ISO 7064 MOD 11-2 check character (0-9 or X for
 * 10). The 15-digit numbers issued before 1999 have YYMMDD (all 19xx), the sequence at positions 13-15 and no
 * check digit.
 */
public final class ChineseResidentId {

    /** What the number says about its holder; gender is M or F, as elsewhere in GuestLink. */
    public record ResidentId(LocalDate birthDate, String gender) {
    }

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    // Province-level address codes (GB/T 2260), plus 81/82/83 of residence permits for Hong Kong, Macau, Taiwan.
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
            "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63",
            "64", "65", "71", "81", "82", "83", "91");

    private ChineseResidentId() {
    }

    /** Birth date and gender, or empty when the number is not a valid resident ID (see {@link #problem}). */
    public static Optional<ResidentId> parse(String number) {
        return parse(number, LocalDate.now());
    }

    public static Optional<ResidentId> parse(String number, LocalDate today) {
        String n = clean(number);
        if (problem(n, today) != null) return Optional.empty();
        LocalDate birth = birthDate(n);
        int genderDigit = n.charAt(n.length() == 18 ? 16 : 14) - '0';
        return Optional.of(new ResidentId(birth, genderDigit % 2 == 1 ? "M" : "F"));
    }

    /** Why the number is not a valid resident ID, or null when it is. */
    public static String problem(String number) {
        return problem(clean(number), LocalDate.now());
    }

    public static String problem(String number, LocalDate today) {
        String n = clean(number);
        if (n.isEmpty()) return "empty";
        if (n.length() != 18 && n.length() != 15) return "length " + n.length() + ", expected 18 (or 15 before 1999)";
        int digits = n.length() == 18 ? 17 : 15;
        for (int i = 0; i < digits; i++) {
            if (n.charAt(i) < '0' || n.charAt(i) > '9') return "not a digit at position " + (i + 1);
        }
        if (!PROVINCES.contains(n.substring(0, 2))) return "unknown province code " + n.substring(0, 2);
        if (n.length() == 18) {
            char expected = checkCharacter(n.substring(0, 17));
            if (n.charAt(17) != expected) return "check digit is " + n.charAt(17) + ", expected " + expected;
        }
        LocalDate birth = birthDate(n);
        if (birth == null) return "birth date " + (n.length() == 18 ? n.substring(6, 14) : n.substring(6, 12)) + " is not a date";
        if (birth.isAfter(today)) return "birth date " + birth + " is in the future";
        return null;
    }

    /** The ISO 7064 MOD 11-2 check character of the first 17 digits (X stands for 10). */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != 17) throw new IllegalArgumentException("need 17 digits");
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException("need 17 digits");
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK.charAt(sum % 11);
    }

    private static LocalDate birthDate(String n) {
        try {
            if (n.length() == 18) {
                return LocalDate.of(Integer.parseInt(n.substring(6, 10)), Integer.parseInt(n.substring(10, 12)),
                        Integer.parseInt(n.substring(12, 14)));
            }
            return LocalDate.of(1900 + Integer.parseInt(n.substring(6, 8)), Integer.parseInt(n.substring(8, 10)),
                    Integer.parseInt(n.substring(10, 12)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    // Numbers are copied with spaces and a lower-case x.
    private static String clean(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(18);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '-') continue;
            out.append(c == 'x' ? 'X' : c);
        }
        return out.toString();
    }
}

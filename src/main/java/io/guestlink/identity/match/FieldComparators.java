package io.guestlink.identity.match;

import io.guestlink.model.Masking;

import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The field comparators of the default model. Thresholds on similarity are part of the level's definition. */
public final class FieldComparators {

    private FieldComparators() {
    }

    // ---- names ------------------------------------------------------------------------------------------------

    /** Levels of a name part (family or given), most similar first. */
    public static final List<String> NAME_LEVELS = List.of("EXACT", "JW94", "PHONETIC", "JW85", "INITIAL", "DIFFERENT");
    static final int N_EXACT = 0, N_JW94 = 1, N_PHONETIC = 2, N_JW85 = 3, N_INITIAL = 4, N_DIFFERENT = 5;

    /**
     * One name part against another. An initial ("J") never reaches EXACT, even against "J": one letter identifies
     * nobody. Family names also agree EXACT when their romanised canonical forms are equal (ZHANG / CHANG), and any
     * part when it is the same word with its syllables spaced or not (LONG MING / LONGMING).
     */
    static int namePart(PreparedRecord.Part a, PreparedRecord.Part b) {
        if (a.missing() || b.missing()) return FieldComparator.MISSING;
        if (a.initialOnly() || b.initialOnly()) return a.initial() == b.initial() ? N_INITIAL : N_DIFFERENT;
        if (a.text().equals(b.text()) || a.canonical().equals(b.canonical()) || a.joined().equals(b.joined())) return N_EXACT;
        double jw = Similarity.jaroWinkler(a.text(), b.text());
        if (jw >= 0.94) return N_JW94;
        if (phonetic(a, b)) return N_PHONETIC;
        if (jw >= 0.85) return N_JW85;
        return N_DIFFERENT;
    }

    /**
     * Same Double Metaphone code. A one-sound code is shared by whole families of short names (XIE, SU, SHAW, XU and SZE
     * all code S), so on its own it says nothing: it counts only with the same first letter, where it catches the
     * typos of short names (LEI / LI, WEI / WIE, TAO / TJO) and not two different surnames (XIE / SU).
     */
    private static boolean phonetic(PreparedRecord.Part a, PreparedRecord.Part b) {
        if (a.metaphone().isEmpty() || b.metaphone().isEmpty()) return false;
        if ((a.metaphone().length() < 2 || b.metaphone().length() < 2) && a.text().charAt(0) != b.text().charAt(0)) return false;
        return a.metaphone().equals(b.metaphone()) || a.metaphone().equals(b.metaphoneAlt()) || a.metaphoneAlt().equals(b.metaphone());
    }

    /**
     * The best agreement of two persons' names: every reading of one against every reading of the other, straight
     * and with family/given swapped (a front desk that typed the name the other way round), keeping the pairing with
     * the largest combined weight. Family and given levels are chosen together so a swap can never pair one person's
     * family name with the other's and the given name with a third reading.
     *
     * @return family level, given level, swapped flag and reading indices, packed by {@link NameMatch}
     */
    static NameMatch names(PreparedRecord a, PreparedRecord b, double[] familyWeights, double[] givenWeights) {
        NameMatch best = bestPairing(a, b, familyWeights, givenWeights);
        return writtenApart(a, b) ? best.soundingAlikeOnly() : best;
    }

    /**
     * Whether both persons wrote their family name in Han and no written form is shared: 徐伟 and 许伟 read XU WEI alike
     * but are two surnames (a reading compares only the sound). Simplified and traditional forms are one (張 = 张).
     */
    static boolean writtenApart(PreparedRecord a, PreparedRecord b) {
        if (a.hanFamilies.isEmpty() || b.hanFamilies.isEmpty()) return false;
        for (String f : a.hanFamilies) if (b.hanFamilies.contains(f)) return false;
        return true;
    }

    private static NameMatch bestPairing(PreparedRecord a, PreparedRecord b, double[] familyWeights, double[] givenWeights) {
        NameMatch best = null;
        double bestWeight = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < a.readings.size(); i++) {
            PreparedRecord.Reading ra = a.readings.get(i);
            for (int j = 0; j < b.readings.size(); j++) {
                PreparedRecord.Reading rb = b.readings.get(j);
                for (int swap = 0; swap < 2; swap++) {
                    int lf = swap == 0 ? namePart(ra.family(), rb.family()) : namePart(ra.family(), rb.given());
                    int lg = swap == 0 ? namePart(ra.given(), rb.given()) : namePart(ra.given(), rb.family());
                    // a swap only counts when it explains both parts: one-sided swaps would let "WEI WEI" match "ZHANG WEI"
                    if (swap == 1 && (lf == FieldComparator.MISSING || lg == FieldComparator.MISSING)) continue;
                    double w = (lf < 0 ? 0 : familyWeights[lf]) + (lg < 0 ? 0 : givenWeights[lg]);
                    if (w > bestWeight + 1e-9) {
                        bestWeight = w;
                        best = new NameMatch(lf, lg, swap == 1, i, j, false);
                    }
                    if (swap == 0 && lf == N_EXACT && lg == N_EXACT) return best;
                }
            }
        }
        return best == null ? new NameMatch(FieldComparator.MISSING, FieldComparator.MISSING, false, -1, -1, false) : best;
    }

    /** The chosen name pairing. */
    record NameMatch(int familyLevel, int givenLevel, boolean swapped, int readingA, int readingB, boolean writtenApart) {
        /** The family names sound alike at best: an agreement closer than PHONETIC is taken down to PHONETIC. */
        NameMatch soundingAlikeOnly() {
            int family = familyLevel >= 0 && familyLevel < N_PHONETIC ? N_PHONETIC : familyLevel;
            return new NameMatch(family, givenLevel, swapped, readingA, readingB, true);
        }

        String note(PreparedRecord a, PreparedRecord b, boolean family) {
            if (readingA < 0) return "no name on one side";
            PreparedRecord.Reading ra = a.readings.get(readingA), rb = b.readings.get(readingB);
            String x = family ? ra.family().text() : ra.given().text();
            String y = family ? (swapped ? rb.given().text() : rb.family().text()) : (swapped ? rb.family().text() : rb.given().text());
            String s = "'" + x + "' vs '" + y + "'" + (swapped ? " (family/given swapped)" : "");
            if (family && !x.equals(y) && ra.family().canonical().equals(swapped ? rb.given().canonical() : rb.family().canonical()))
                s += " (romanisation variant)";
            if (family && writtenApart) s += " (written with different Han surnames)";
            return s;
        }
    }

    // ---- birth date -------------------------------------------------------------------------------------------

    public static final FieldComparator BIRTH_DATE = new FieldComparator() {
        private final List<String> levels = List.of("EXACT", "ONE_OFF", "YEAR_ONLY", "DIFFERENT");

        public String field() {
            return "birthDate";
        }

        public List<String> levels() {
            return levels;
        }

        /** ONE_OFF: exactly one of year, month, day differs, or day and month are swapped (a US/EU format mix-up). */
        public int compare(PreparedRecord a, PreparedRecord b) {
            if (!a.hasBirthDate() || !b.hasBirthDate()) return MISSING;
            int diffs = (a.year != b.year ? 1 : 0) + (a.month != b.month ? 1 : 0) + (a.day != b.day ? 1 : 0);
            if (diffs == 0) return 0;
            if (diffs == 1) return 1;
            if (a.year == b.year && a.month == b.day && a.day == b.month) return 1;
            if (a.year == b.year) return 2;
            return 3;
        }

        public String note(PreparedRecord a, PreparedRecord b, int level) {
            return switch (level) {
                case MISSING -> "missing on " + (a.hasBirthDate() ? "one side" : "one or both sides");
                case 0 -> "same date";
                case 1 -> "one of year/month/day differs, or day and month swapped";
                case 2 -> "same year " + a.year + ", month and day differ";
                default -> "years " + a.year + " vs " + b.year;
            };
        }
    };

    /**
     * Whether two dates that reached ONE_OFF differ by one recording error: one digit different, or two adjacent
     * digits swapped, in the date written yyyyMMdd (1985-03-12 / 1985-03-13, 1985 / 1958), day and month swapped (a
     * US/EU format mix-up), or only the year off by one (a year worked out from an age). A part off by more than that
     * (day 3 against 28, month 2 against 9) is no slip: two persons of one name are born that close by chance as
     * often as not.
     */
    static boolean keyingError(PreparedRecord a, PreparedRecord b) {
        if (a.year == b.year && a.month == b.day && a.day == b.month) return true;
        if (a.month == b.month && a.day == b.day && Math.abs(a.year - b.year) == 1) return true;
        return oneEditSameLength(digits(a), digits(b));
    }

    /** yyyyMMdd as digits (a candidate loop calls this: no String.format). */
    private static String digits(PreparedRecord r) {
        int v = r.year * 10000 + r.month * 100 + r.day;
        char[] d = new char[8];
        for (int i = 7; i >= 0; i--, v /= 10) d[i] = (char) ('0' + v % 10);
        return new String(d);
    }

    // ---- shared identifiers: e-mail, phone, document -------------------------------------------------------------

    /**
     * SHARED when the two sets have a value in common (by {@code key}), DIFFERENT when both have values, none is
     * common and some value of one is {@code comparable} with some value of the other; MISSING otherwise (nothing on
     * one side, or only values that cannot disagree: an ID card against a passport).
     */
    public static final class SharedValue implements FieldComparator {
        private static final List<String> LEVELS = List.of("SHARED", "DIFFERENT");
        private final String field;
        private final Function<PersonRecord, Set<String>> values;
        private final UnaryOperator<String> mask;
        private final UnaryOperator<String> key;
        private final BiPredicate<String, String> comparable;

        SharedValue(String field, Function<PersonRecord, Set<String>> values, UnaryOperator<String> mask) {
            this(field, values, mask, null, null);
        }

        /** {@code key} null: values agree when equal; {@code comparable} null: any two values are comparable. */
        SharedValue(String field, Function<PersonRecord, Set<String>> values, UnaryOperator<String> mask,
                    UnaryOperator<String> key, BiPredicate<String, String> comparable) {
            this.field = field;
            this.values = values;
            this.mask = mask;
            this.key = key;
            this.comparable = comparable;
        }

        public String field() {
            return field;
        }

        public List<String> levels() {
            return LEVELS;
        }

        Set<String> values(PreparedRecord r) {
            return values.apply(r.record);
        }

        /** What two values must share to agree (the keyed hash of a document; the value itself otherwise). */
        String key(String value) {
            return key == null ? value : key.apply(value);
        }

        /** Whether {@code value} (of one side) agrees with a value of {@code other}. */
        boolean agrees(String value, Set<String> other) {
            if (key == null) return other.contains(value);
            String k = key.apply(value);
            for (String o : other) if (k.equals(key.apply(o))) return true;
            return false;
        }

        public int compare(PreparedRecord a, PreparedRecord b) {
            return compare(a.record, b.record);
        }

        /** As {@link #compare(PreparedRecord, PreparedRecord)}: these values need no preparing. */
        public int compare(PersonRecord a, PersonRecord b) {
            Set<String> x = values.apply(a), y = values.apply(b);
            if (x.isEmpty() || y.isEmpty()) return MISSING;
            Set<String> small = x.size() <= y.size() ? x : y, large = small == x ? y : x;
            for (String v : small) if (agrees(v, large)) return 0;
            if (comparable == null) return 1;
            for (String v : x) for (String w : y) if (comparable.test(v, w)) return 1;
            return MISSING;
        }

        String mask(String value) {
            return mask.apply(value);
        }

        public String note(PreparedRecord a, PreparedRecord b, int level) {
            Set<String> x = values.apply(a.record), y = values.apply(b.record);
            if (level == MISSING) {
                if (!x.isEmpty() && !y.isEmpty())
                    return "not comparable: " + masked(x) + " vs " + masked(y) + " (different kinds of document)";
                return "missing on " + (x.isEmpty() && y.isEmpty() ? "both sides" : "one side");
            }
            if (level == 0) {
                for (String v : x) if (agrees(v, y)) return mask.apply(v) + " on both";
            }
            return masked(x) + " vs " + masked(y);
        }

        private String masked(Set<String> s) {
            StringBuilder b = new StringBuilder();
            for (String v : s) b.append(b.isEmpty() ? "" : ",").append(mask.apply(v));
            return b.toString();
        }
    }

    public static final SharedValue EMAIL = new SharedValue("email", PersonRecord::emails, Masking::email);
    public static final SharedValue PHONE = new SharedValue("phone", PersonRecord::phones, Masking::phone);
    /** Documents agree on their keyed hash; two that differ count against only when of one type and country. */
    public static final SharedValue DOCUMENT = new SharedValue("document", PersonRecord::documents,
            v -> PersonRecord.documentKind(v) + " " + Masking.idNumber(PersonRecord.documentHash(v)),
            PersonRecord::documentHash, PersonRecord::documentsComparable);

    // ---- the rest ---------------------------------------------------------------------------------------------

    public static final FieldComparator GENDER = simple("gender", List.of("EXACT", "DIFFERENT"), r -> r.gender(),
            (x, y) -> x.equals(y) ? 0 : 1, true);

    /** CLOSE: same length and one character different, or two adjacent characters swapped (keying errors). */
    public static final FieldComparator POSTCODE = simple("postcode", List.of("EXACT", "CLOSE", "DIFFERENT"), PersonRecord::postcode,
            (x, y) -> x.equals(y) ? 0 : oneEditSameLength(x, y) ? 1 : 2, true);

    public static final FieldComparator LOCALITY = simple("locality", List.of("EXACT", "CLOSE", "DIFFERENT"), PersonRecord::locality,
            (x, y) -> x.equals(y) ? 0 : Similarity.jaroWinkler(x, y) >= 0.9 ? 1 : 2, true);

    /**
     * EXACT; CLOSE within two edits or Jaro-Winkler >= 0.95 (typos); PARTIAL when at least 60% of the shorter
     * address's name tokens (no house numbers, no street-type words) find a token with Jaro-Winkler >= 0.9 in the
     * other (a missing unit line, an abbreviation);
     * DIFFERENT otherwise. When both addresses start with a house number and the numbers differ, the best level is
     * PARTIAL (same street): "281 REGENT WAY" and "250 REGENT WAY" are one edit apart and two households.
     */
    public static final FieldComparator ADDRESS = new FieldComparator() {
        private final List<String> levels = List.of("EXACT", "CLOSE", "PARTIAL", "DIFFERENT");

        public String field() {
            return "address";
        }

        public List<String> levels() {
            return levels;
        }

        public int compare(PreparedRecord a, PreparedRecord b) {
            String[] ta = a.addressTokens, tb = b.addressTokens;
            if (ta.length == 0 || tb.length == 0) return MISSING;
            String x = a.record.address().strip(), y = b.record.address().strip();
            if (x.equals(y)) return 0;
            boolean numbered = isNumber(ta[0]) && isNumber(tb[0]);
            if (numbered && !ta[0].equals(tb[0])) {
                String restA = x.substring(ta[0].length()).strip(), restB = y.substring(tb[0].length()).strip();
                if (restA.isEmpty() || restB.isEmpty()) return 3;
                // one edit at most: REGENT LANE / REGENT PLACE are two streets
                if (restA.equals(restB) || Similarity.levenshtein(restA, restB, 1) <= 1) return 2;
                // and only when two or more street-name words agree: HAMRA ROAD / HAMRA STREET are different streets
                return Math.min(nameTokens(ta, 1).size(), nameTokens(tb, 1).size()) >= 2 && tokensAgree(ta, 1, tb, 1) ? 2 : 3;
            }
            if (Similarity.levenshtein(x, y, 2) <= 2 || Similarity.jaroWinkler(x, y) >= 0.95) return 1;
            return tokensAgree(ta, 0, tb, 0) ? 2 : 3;
        }

        public String note(PreparedRecord a, PreparedRecord b, int level) {
            return level == MISSING ? "missing on one side" : "'" + a.record.address() + "' vs '" + b.record.address() + "'";
        }
    };

    private static boolean isNumber(String token) {
        return !token.isEmpty() && Character.isDigit(token.charAt(0));
    }

    /** Street-type words: two addresses agreeing only on "COURT" are not on one street. */
    private static final Set<String> STREET_TYPES = Set.of("STREET", "ST", "ROAD", "RD", "AVENUE", "AVE", "AV", "LANE", "LN",
            "DRIVE", "DR", "PLACE", "PL", "WAY", "COURT", "CT", "CRESCENT", "CRES", "CIRCUIT", "CCT", "CLOSE", "CL", "TERRACE",
            "TCE", "BOULEVARD", "BLVD", "PARADE", "HIGHWAY", "HWY", "SQUARE", "SQ", "GROVE", "STRASSE", "RUE", "CALLE", "VIA");

    /**
     * At least 60% of the shorter address's name tokens (house numbers and street-type words left out) find a token
     * with Jaro-Winkler >= 0.9 in the other.
     */
    private static boolean tokensAgree(String[] a, int fromA, String[] b, int fromB) {
        List<String> x = nameTokens(a, fromA), y = nameTokens(b, fromB);
        if (x.isEmpty() || y.isEmpty()) return false;
        List<String> s = x.size() <= y.size() ? x : y, l = s == x ? y : x;
        int found = 0;
        for (String t : s) {
            for (String u : l) {
                if (t.equals(u) || (t.length() > 2 && Similarity.jaroWinkler(t, u) >= 0.9)) {
                    found++;
                    break;
                }
            }
        }
        return found >= 0.6 * s.size();
    }

    private static List<String> nameTokens(String[] tokens, int from) {
        List<String> out = new java.util.ArrayList<>(tokens.length);
        for (int i = from; i < tokens.length; i++) if (!isNumber(tokens[i]) && !STREET_TYPES.contains(tokens[i])) out.add(tokens[i]);
        return out;
    }

    interface Level2 {
        int level(String x, String y);
    }

    static FieldComparator simple(String field, List<String> levels, Function<PersonRecord, String> get, Level2 cmp, boolean showValues) {
        return new FieldComparator() {
            public String field() {
                return field;
            }

            public List<String> levels() {
                return levels;
            }

            public int compare(PreparedRecord a, PreparedRecord b) {
                String x = get.apply(a.record), y = get.apply(b.record);
                if (x == null || y == null || x.isBlank() || y.isBlank()) return MISSING;
                return cmp.level(x.strip(), y.strip());
            }

            public String note(PreparedRecord a, PreparedRecord b, int level) {
                if (level == MISSING) return "missing on one side";
                return showValues ? "'" + get.apply(a.record) + "' vs '" + get.apply(b.record) + "'" : "";
            }
        };
    }

    /**
     * Whether two words are one keystroke apart: one letter replaced, dropped or added, or two adjacent letters
     * swapped (JOHN / JHON, MARY / MRY, SUSAN / SUJAN).
     */
    static boolean oneKeystroke(String x, String y) {
        if (x.length() == y.length()) return oneEditSameLength(x, y);
        if (Math.abs(x.length() - y.length()) != 1) return false;
        String longer = x.length() > y.length() ? x : y, shorter = longer == x ? y : x;
        int i = 0;
        while (i < shorter.length() && shorter.charAt(i) == longer.charAt(i)) i++;
        return shorter.regionMatches(i, longer, i + 1, shorter.length() - i);
    }

    static boolean oneEditSameLength(String x, String y) {
        if (x.length() != y.length()) return false;
        int first = -1, diffs = 0;
        for (int i = 0; i < x.length(); i++) {
            if (x.charAt(i) != y.charAt(i)) {
                if (diffs == 0) first = i;
                diffs++;
            }
        }
        if (diffs == 1) return true;
        return diffs == 2 && first + 1 < x.length() && x.charAt(first) == y.charAt(first + 1) && x.charAt(first + 1) == y.charAt(first);
    }
}

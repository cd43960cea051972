package io.guestlink.identity.match;

import io.guestlink.identity.names.ComparableName;
import io.guestlink.identity.names.RomanisationVariants;
import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.codec.language.Soundex;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link PersonRecord} with everything the comparators and blocking need computed once: phonetic keys, romanised
 * canonical surnames, date parts, address tokens. A record is compared with dozens of candidates, and Double Metaphone
 * is the most expensive step of a comparison, so the deduplicator prepares each record once and compares prepared
 * forms. Immutable and thread-safe.
 */
public final class PreparedRecord {

    /**
     * One name part (a family or given name) in every form the comparators look at; {@code joined} is the canonical
     * form without spaces, since where one system spaces the syllables of a name another writes it as one word
     * (LONG MING / LONGMING, OU YANG / OUYANG, MARY ANN / MARYANN).
     */
    record Part(String text, String canonical, String joined, String metaphone, String metaphoneAlt, boolean initialOnly) {
        boolean missing() {
            return text.isEmpty();
        }

        char initial() {
            return text.charAt(0);
        }
    }

    /** One reading: family and given parts. */
    record Reading(Part family, Part given) {
    }

    private static final DoubleMetaphone DOUBLE_METAPHONE = new DoubleMetaphone();
    private static final Soundex SOUNDEX = Soundex.US_ENGLISH;

    final PersonRecord record;
    final List<Reading> readings;
    /** The family names written in Han (simplified), from every reading: see {@link FieldComparators#writtenApart}. */
    final Set<String> hanFamilies;
    final int year, month, day; // 0 when the birth date is missing
    final String[] addressTokens;
    /**
     * The same person with each other birth date its records give (a cluster's record carries the date most of its
     * members give); empty for one record. See {@link #of(PersonRecord, Collection)}.
     */
    final List<PreparedRecord> otherBirthDates;

    private PreparedRecord(PersonRecord r) {
        this.record = r;
        Set<Reading> rs = new LinkedHashSet<>();
        for (ComparableName n : r.names()) {
            Reading reading = new Reading(part(n.family(), true), part(n.given(), false));
            if (!reading.family().missing() || !reading.given().missing()) rs.add(reading);
        }
        this.readings = List.copyOf(rs);
        Set<String> han = new LinkedHashSet<>();
        for (ComparableName n : r.names()) if (!n.hanFamily().isEmpty()) han.add(n.hanFamily());
        this.hanFamilies = Set.copyOf(han);
        if (r.birthDate() != null) {
            year = r.birthDate().getYear();
            month = r.birthDate().getMonthValue();
            day = r.birthDate().getDayOfMonth();
        } else {
            year = month = day = 0;
        }
        this.addressTokens = r.address() == null || r.address().isBlank() ? new String[0] : r.address().strip().split(" +");
        this.otherBirthDates = List.of();
    }

    /** {@code base} with another birth date: the names, contacts and documents as they are, prepared once. */
    private PreparedRecord(PreparedRecord base, LocalDate date) {
        this(base, new PersonRecord(base.record.id(), base.record.names(), date, base.record.gender(), base.record.emails(),
                        base.record.phones(), base.record.documents(), base.record.postcode(), base.record.address(),
                        base.record.locality()),
                date.getYear(), date.getMonthValue(), date.getDayOfMonth(), List.of());
    }

    /** {@code base} knowing its other birth dates. */
    private PreparedRecord(PreparedRecord base, List<PreparedRecord> others) {
        this(base, base.record, base.year, base.month, base.day, others);
    }

    private PreparedRecord(PreparedRecord base, PersonRecord record, int year, int month, int day, List<PreparedRecord> others) {
        this.record = record;
        this.readings = base.readings;
        this.hanFamilies = base.hanFamilies;
        this.year = year;
        this.month = month;
        this.day = day;
        this.addressTokens = base.addressTokens;
        this.otherBirthDates = others;
    }

    public static PreparedRecord of(PersonRecord r) {
        return new PreparedRecord(r);
    }

    /**
     * A guest's record (a cluster's union) with every birth date its records give: the matcher compares the date that
     * agrees best, as it compares the name reading that agrees best. One guest's records give two dates when one of
     * them was mistyped (day and month swapped, a digit off), and the date most of them give need not be the right
     * one: two records of a booking engine repeating the swapped date outvote the passport record's.
     */
    public static PreparedRecord of(PersonRecord r, Collection<LocalDate> birthDates) {
        PreparedRecord base = new PreparedRecord(r);
        List<PreparedRecord> others = new ArrayList<>();
        for (LocalDate d : new java.util.TreeSet<>(birthDates)) if (!d.equals(r.birthDate())) others.add(new PreparedRecord(base, d));
        return others.isEmpty() || r.birthDate() == null ? base : new PreparedRecord(base, List.copyOf(others));
    }

    public PersonRecord record() {
        return record;
    }

    boolean hasBirthDate() {
        return year != 0;
    }

    static Part part(String raw, boolean family) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) return new Part("", "", "", "", "", false);
        String canonical = family ? canonicalSurname(text) : text;
        // phonetic codes of the canonical form: romanisation variants then share them too
        String joined = canonical.replace(" ", "");
        String mp = DOUBLE_METAPHONE.doubleMetaphone(joined);
        String alt = DOUBLE_METAPHONE.doubleMetaphone(joined, true);
        return new Part(text, canonical, joined, mp == null ? "" : mp, alt == null ? "" : alt, text.length() == 1);
    }

    static String soundex(String s) {
        try {
            return s.isEmpty() ? "" : SOUNDEX.soundex(s.replace(" ", ""));
        } catch (IllegalArgumentException e) {
            return s; // a character Soundex cannot map: the text itself is a stricter but still valid key
        }
    }

    // ---- the romanisation hook -------------------------------------------------------------------------------

    /**
     * The single hook into the names package's romanisation table (ZHANG/CHANG/CHEUNG, PARK/PAK/BAK, ...): surnames
     * are compared and blocked through it so that two spellings of one East Asian surname agree exactly. Applied per
     * token; a token without known variants is its own canonical form.
     */
    static String canonicalSurname(String family) {
        if (family.isEmpty()) return family;
        if (family.indexOf(' ') < 0) return RomanisationVariants.canonical(family);
        List<String> out = new ArrayList<>();
        for (String token : family.split(" ")) out.add(RomanisationVariants.canonical(token));
        return String.join(" ", out);
    }
}

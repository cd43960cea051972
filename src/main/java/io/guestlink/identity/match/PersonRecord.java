package io.guestlink.identity.match;

import io.guestlink.identity.names.ComparableName;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A person as identity resolution compares them: only normalised, comparable values. Built from a golden profile,
 * from an arriving record, or from a benchmark file; never holds a raw ID number (documents are keyed hashes).
 *
 * @param id          the profile id, source record id or benchmark record id
 * @param names       comparable readings of every name seen (several scripts and orders give several readings)
 * @param birthDate   null when missing or implausible (placeholder 1900-01-01, future)
 * @param gender      M, F or null
 * @param emails      normalised e-mails (placeholders already removed); an e-mail that failed validation, kept as
 *                    weaker evidence, is prefixed {@value #UNVERIFIED}
 * @param phones      E.164 phones (placeholders already removed); a number libphonenumber rejects, kept as digits-only
 *                    weaker evidence, is {@value #UNVERIFIED} and its digits (never "+", so never equal to a valid one)
 * @param documents   ID documents as keyed hashes (type + number), each written {@code TYPE|COUNTRY|hash}
 *                    ({@link #document}; the country empty when unknown) so the matcher can tell which documents are
 *                    comparable; a value without {@code |} is a document of unknown kind (benchmark files, records
 *                    stored before the kind was kept); a document read with its one-keystroke neighbourhood carries
 *                    it after {@value #NEAR} ({@link #withNear}, compared by {@link #documentsNear})
 * @param postcode    postcode as written, trimmed; null when unknown
 * @param address     street address in comparable form (upper case, single spaces), street number first; null when unknown
 * @param locality    suburb / city in comparable form; null when unknown
 */
public record PersonRecord(
        String id,
        List<ComparableName> names,
        LocalDate birthDate,
        String gender,
        Set<String> emails,
        Set<String> phones,
        Set<String> documents,
        String postcode,
        String address,
        String locality) {

    /** Marks an e-mail or phone that failed validation: compared, weighed less, never a key (see MatchModel). */
    public static final String UNVERIFIED = "#";

    /** Whether a value of {@link #emails} or {@link #phones} is one that failed validation. */
    public static boolean unverified(String value) {
        return value.startsWith(UNVERIFIED);
    }

    /**
     * A document as the matcher compares it: its kind (type and issuing country) beside the keyed hash. The hash
     * alone decides agreement (it already covers the type); the kind decides whether two different documents are
     * comparable at all (an ID card and a passport of one person have different numbers).
     */
    public static String document(String type, String issuingCountry, String keyedHash) {
        return (type == null ? "" : type) + "|" + (issuingCountry == null ? "" : issuingCountry) + "|" + keyedHash;
    }

    /** A document with the keyed hashes of its one-keystroke neighbourhood, or as it was when there are none. */
    public static String document(String type, String issuingCountry, String keyedHash, String near) {
        return withNear(document(type, issuingCountry, keyedHash), near);
    }

    /** Separates a {@link #documents} value from its near keys. */
    public static final String NEAR = "~";
    /** Hex characters of each near key (64 bits of an HMAC: ample to tell a handful of numbers apart). */
    public static final int NEAR_KEY_LENGTH = 16;

    /**
     * A {@link #documents} value with the near keys of its number appended (concatenated keyed hashes of equal length,
     * see {@code IdDocumentHasher.near}); the value alone when there are none.
     */
    public static String withNear(String document, String near) {
        return near == null || near.isEmpty() ? document : document + NEAR + near;
    }

    /** The keyed hash of a {@link #documents} value: what two documents must share to be one. */
    public static String documentHash(String value) {
        int end = value.indexOf(NEAR);
        if (end < 0) end = value.length();
        int bar = value.lastIndexOf('|', end - 1);
        return value.substring(bar + 1, end);
    }

    /**
     * Whether two documents that differ are one keystroke apart: both carry near keys (documents read before they
     * were kept carry none and are never near) and share one. Says nothing about their kinds
     * ({@link #documentsComparable}): the type is part of each key already.
     */
    public static boolean documentsNear(String x, String y) {
        int keyLength = NEAR_KEY_LENGTH;
        int nx = x.indexOf(NEAR), ny = y.indexOf(NEAR);
        if (nx < 0 || ny < 0) return false;
        for (int i = nx + 1; i + keyLength <= x.length(); i += keyLength)
            for (int j = ny + 1; j + keyLength <= y.length(); j += keyLength)
                if (x.regionMatches(i, y, j, keyLength)) return true;
        return false;
    }

    /**
     * Whether two documents that differ say the persons differ: only documents of the same type, and of the same
     * issuing country where both sides name one, are comparable. A Chinese ID card against a passport, or a Chinese
     * passport against a Canadian one (dual nationals hold both), are two documents of possibly one person, not a
     * disagreement. A missing country does not make a pair incomparable: most feeds send none, and a passport against
     * a passport of unknown country is still most often the same kind of document. A value of unknown kind (no
     * {@code |}) is comparable with every other, as all documents were before the kind was kept.
     */
    public static boolean documentsComparable(String x, String y) {
        int bx = x.indexOf('|'), by = y.indexOf('|');
        if (bx < 0 || by < 0) return true;
        if (!x.substring(0, bx).equals(y.substring(0, by))) return false;
        String cx = x.substring(bx + 1, x.indexOf('|', bx + 1)), cy = y.substring(by + 1, y.indexOf('|', by + 1));
        return cx.isEmpty() || cy.isEmpty() || cx.equals(cy);
    }

    /** The kind of a {@link #documents} value for display ("PASSPORT CN"), or "document" when unknown. */
    static String documentKind(String value) {
        int bar = value.indexOf('|');
        if (bar < 0) return "document";
        String country = value.substring(bar + 1, value.indexOf('|', bar + 1));
        return value.substring(0, bar) + (country.isEmpty() ? "" : " " + country);
    }

    public PersonRecord {
        names = names == null ? List.of() : List.copyOf(names);
        emails = emails == null ? Set.of() : Set.copyOf(emails);
        phones = phones == null ? Set.of() : Set.copyOf(phones);
        documents = documents == null ? Set.of() : Set.copyOf(documents);
    }
}

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
 * @param documents   ID documents as keyed hashes (type + number)
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

    public PersonRecord {
        names = names == null ? List.of() : List.copyOf(names);
        emails = emails == null ? Set.of() : Set.copyOf(emails);
        phones = phones == null ? Set.of() : Set.copyOf(phones);
        documents = documents == null ? Set.of() : Set.copyOf(documents);
    }
}

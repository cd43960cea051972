package io.guestlink.identity;

import io.guestlink.identity.names.BirthDates;
import io.guestlink.model.FieldFlag;
import io.guestlink.model.IdDocument;
import io.guestlink.model.Masking;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One guest's e-mails, phones and documents as a mapper reads them, with a {@link FieldFlag} for every value not kept
 * as given: a phone libphonenumber rejects or an e-mail that fails validation is kept as matching evidence (flagged),
 * a placeholder or a value too short or too long to identify anyone is left out (flagged). The three mappers (feed
 * files, HL7 ADT, JSON events) share it so a value is treated the same whichever way it arrived, and none is dropped
 * without its field in the journal. Flags show values masked. It also gives the record its birth date where a valid
 * PRC resident ID card number holds one ({@link #birthDate}), so every mapper reads that the same way too. A
 * short-lived builder: one per record, one thread.
 */
public final class ContactEvidence {
    private final Normalisers normalisers;
    private final String phoneRegion;
    private final List<String> emails = new ArrayList<>();
    private final List<String> phones = new ArrayList<>();
    private final List<String> unverifiedEmails = new ArrayList<>();
    private final List<String> unverifiedPhones = new ArrayList<>();
    private final List<FieldFlag> flags = new ArrayList<>();
    private LocalDate onCard; // the birth date a resident ID card's number holds, null when none

    /** @param phoneRegion the feed's or sender's default region for numbers without a country code (may be null) */
    public ContactEvidence(Normalisers normalisers, String phoneRegion) {
        this.normalisers = normalisers;
        this.phoneRegion = phoneRegion;
    }

    /** Reads one e-mail value found at {@code field}; null or blank is nothing. */
    public void email(String field, String raw) {
        EmailNormaliser.Reading r = normalisers.email().read(raw);
        if (r == null) return;
        if (r.valid()) addOnce(emails, r.address());
        else {
            if (r.evidence() != null) addOnce(unverifiedEmails, r.evidence());
            flag(field, Masking.email(raw.strip()), r.problem());
        }
    }

    /** Reads one phone value found at {@code field}; null or blank is nothing. */
    public void phone(String field, String raw) {
        PhoneNormaliser.Reading r = normalisers.phone().read(raw, phoneRegion);
        if (r == null) return;
        if (r.valid()) addOnce(phones, r.e164());
        else {
            if (r.evidence()) addOnce(unverifiedPhones, r.digits());
            flag(field, Masking.phone(raw.length() > 64 ? raw.substring(0, 64) : raw), r.problem());
        }
    }

    /**
     * An identity document, hashed; a number that is a placeholder is flagged and left out (the number itself is
     * never shown, not even masked: only its length).
     */
    public Optional<IdDocument> document(String field, String type, String number, String country) {
        if (number == null || number.isBlank()) return Optional.empty();
        Optional<IdDocument> d = normalisers.idDocuments().hash(type, number, country);
        if (d.isEmpty()) flag(field, "(" + number.strip().length() + " characters)",
                "is a placeholder document number (guestlink.identity.placeholder-documents): left out");
        // the date a resident ID card number holds, kept (not the number) for birthDate; the first card's
        else if (onCard == null) onCard = BirthDates.onResidentIdCard(type, country, number).orElse(null);
        return d;
    }

    /**
     * The record's birth date, read beside its documents (call it after {@link #document}): the date a valid PRC
     * resident ID card number holds where the record gives none, a placeholder or another date
     * ({@link BirthDates#withResidentId}); flagged at {@code field} with the two years only (a whole birth date is
     * personal).
     *
     * @param stated the record's own date, null when missing or left out as implausible
     */
    public LocalDate birthDate(String field, LocalDate stated, LocalDate today) {
        LocalDate kept = BirthDates.withResidentId(stated, onCard, today);
        if (kept != null && !kept.equals(stated))
            flag(field, (stated == null ? "(none)" : stated.getYear() + "-**-**") + " -> " + kept.getYear() + "-**-**",
                    stated == null ? "taken from the resident ID number"
                            : "differs from the resident ID number's; the number's date is kept");
        return kept;
    }

    /** Any other value the mapper leaves out or changes, shown as the caller masks it. */
    public void flag(String field, String shown, String note) {
        flags.add(new FieldFlag(field, shown, note));
    }

    public List<String> emails() {
        return List.copyOf(emails);
    }

    public List<String> phones() {
        return List.copyOf(phones);
    }

    public List<String> unverifiedEmails() {
        return List.copyOf(unverifiedEmails);
    }

    public List<String> unverifiedPhones() {
        return List.copyOf(unverifiedPhones);
    }

    public List<FieldFlag> flags() {
        return List.copyOf(flags);
    }

    private static void addOnce(List<String> list, String value) {
        if (!list.contains(value)) list.add(value);
    }
}

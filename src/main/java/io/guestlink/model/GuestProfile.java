package io.guestlink.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The person as one source record describes them. The golden profile in the store is built from many of these.
 * E-mails are normalised lower-case, phones are E.164; placeholders the front desk types are already removed.
 * Lists are never null; absent single values are null.
 *
 * <p>{@code preferences} (allergies included) and {@code anniversary} came later than the other components: they are
 * left out of the JSON when empty, so the stored payload of every record without them, and therefore its SHA-256
 * (which decides UNCHANGED vs UPDATED on re-delivery), is byte for byte what it was before they existed.
 *
 * <p>{@code unverifiedEmails} and {@code unverifiedPhones} hold what a source gave that fails validation (an e-mail
 * without a plausible domain, a number libphonenumber judges invalid for its region): lower-cased without spaces, and
 * digits only (country code and national number when they can be told). They are matching evidence, weaker than a
 * valid value, and nothing else: never an identity key, never an address or number to contact the guest on. Left out
 * of the JSON when empty, like the components above, so older payloads keep their hash.
 */
public record GuestProfile(
        List<PersonName> names,
        LocalDate birthDate,
        String gender,
        String nationality,
        String language,
        List<String> emails,
        List<String> phones,
        List<IdDocument> idDocuments,
        String vipCode,
        List<Membership> memberships,
        Map<String, Boolean> marketingConsent,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Preference> preferences,
        @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate anniversary,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Complaint> complaints,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ConsentStatement> consentStatements,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unverifiedEmails,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unverifiedPhones) {

    /**
     * A profile whose every e-mail and phone passed validation (or that has none). The fields that came last
     * (consent statements, unverified contacts) are left out of the JSON when empty, so older payloads and their
     * hashes are unchanged.
     */
    public GuestProfile(List<PersonName> names, LocalDate birthDate, String gender, String nationality, String language,
                        List<String> emails, List<String> phones, List<IdDocument> idDocuments, String vipCode,
                        List<Membership> memberships, Map<String, Boolean> marketingConsent, List<Preference> preferences,
                        LocalDate anniversary, List<Complaint> complaints, List<ConsentStatement> consentStatements) {
        this(names, birthDate, gender, nationality, language, emails, phones, idDocuments, vipCode, memberships,
                marketingConsent, preferences, anniversary, complaints, consentStatements, List.of(), List.of());
    }

    /**
     * A profile whose consent, if any, has no time or evidence of its own ({@code marketingConsent} alone): the store
     * dates such a statement when it receives it.
     */
    public GuestProfile(List<PersonName> names, LocalDate birthDate, String gender, String nationality, String language,
                        List<String> emails, List<String> phones, List<IdDocument> idDocuments, String vipCode,
                        List<Membership> memberships, Map<String, Boolean> marketingConsent, List<Preference> preferences,
                        LocalDate anniversary, List<Complaint> complaints) {
        this(names, birthDate, gender, nationality, language, emails, phones, idDocuments, vipCode, memberships,
                marketingConsent, preferences, anniversary, complaints, List.of());
    }

    /** A profile without complaints of its own (every source but the console: a PMS puts complaints on the stay). */
    public GuestProfile(List<PersonName> names, LocalDate birthDate, String gender, String nationality, String language,
                        List<String> emails, List<String> phones, List<IdDocument> idDocuments, String vipCode,
                        List<Membership> memberships, Map<String, Boolean> marketingConsent, List<Preference> preferences,
                        LocalDate anniversary) {
        this(names, birthDate, gender, nationality, language, emails, phones, idDocuments, vipCode, memberships,
                marketingConsent, preferences, anniversary, List.of());
    }

    /** A profile without preferences or anniversary (every source before they were mapped). */
    public GuestProfile(List<PersonName> names, LocalDate birthDate, String gender, String nationality, String language,
                        List<String> emails, List<String> phones, List<IdDocument> idDocuments, String vipCode,
                        List<Membership> memberships, Map<String, Boolean> marketingConsent) {
        this(names, birthDate, gender, nationality, language, emails, phones, idDocuments, vipCode, memberships,
                marketingConsent, List.of(), null, List.of());
    }

    public GuestProfile {
        names = List.copyOf(names);
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
        idDocuments = List.copyOf(idDocuments);
        memberships = List.copyOf(memberships);
        marketingConsent = Map.copyOf(marketingConsent);
        // null when read back from a payload stored before preferences existed
        preferences = preferences == null ? List.of() : List.copyOf(preferences);
        complaints = complaints == null ? List.of() : List.copyOf(complaints);
        consentStatements = consentStatements == null ? List.of() : List.copyOf(consentStatements);
        unverifiedEmails = unverifiedEmails == null ? List.of() : List.copyOf(unverifiedEmails);
        unverifiedPhones = unverifiedPhones == null ? List.of() : List.copyOf(unverifiedPhones);
    }

    /**
     * What this record says about consent, one statement per purpose: the dated statements it carries, and for each
     * other purpose in {@code marketingConsent} an undated one. A code that names no purpose is left out here (the
     * mappers accept only known purposes).
     */
    public List<ConsentStatement> consentSaid() {
        java.util.Map<ConsentPurpose, ConsentStatement> out = new java.util.EnumMap<>(ConsentPurpose.class);
        for (ConsentStatement s : consentStatements) out.merge(s.purpose(), s, (a, b) -> Consent.PRECEDENCE.compare(b, a) > 0 ? b : a);
        marketingConsent.forEach((code, yes) -> ConsentPurpose.of(code).ifPresent(p ->
                out.putIfAbsent(p, new ConsentStatement(p, Boolean.TRUE.equals(yes), null, null, null))));
        return List.copyOf(out.values());
    }

    /** The same profile with other unverified contact values (the mappers add them after the rest is read). */
    public GuestProfile withUnverified(List<String> emails, List<String> phones) {
        return new GuestProfile(names, birthDate, gender, nationality, language, this.emails, this.phones, idDocuments,
                vipCode, memberships, marketingConsent, preferences, anniversary, complaints, consentStatements, emails, phones);
    }

    /** The same profile with other names (everything else, unverified values included, kept). */
    public GuestProfile withNames(List<PersonName> names) {
        return new GuestProfile(names, birthDate, gender, nationality, language, emails, phones, idDocuments,
                vipCode, memberships, marketingConsent, preferences, anniversary, complaints, consentStatements,
                unverifiedEmails, unverifiedPhones);
    }

    public boolean isEmpty() {
        return names.isEmpty() && birthDate == null && emails.isEmpty() && phones.isEmpty()
                && idDocuments.isEmpty() && memberships.isEmpty() && unverifiedEmails.isEmpty() && unverifiedPhones.isEmpty();
    }

    /** True when the record says something about preferences, allergies or an anniversary. */
    public boolean hasNotes() {
        return !preferences.isEmpty() || anniversary != null;
    }

    public String displayName() {
        return names.isEmpty() ? "" : names.get(0).full();
    }
}

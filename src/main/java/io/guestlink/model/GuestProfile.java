package io.guestlink.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The person as one source record describes them. The golden profile in the store is built from many of these.
 * E-mails are normalised lower-case, phones are E.164; placeholders the front desk types are already removed.
 * Lists are never null; absent single values are null.
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
        Map<String, Boolean> marketingConsent) {

    public GuestProfile {
        names = List.copyOf(names);
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
        idDocuments = List.copyOf(idDocuments);
        memberships = List.copyOf(memberships);
        marketingConsent = Map.copyOf(marketingConsent);
    }

    public boolean isEmpty() {
        return names.isEmpty() && birthDate == null && emails.isEmpty() && phones.isEmpty()
                && idDocuments.isEmpty() && memberships.isEmpty();
    }

    public String displayName() {
        return names.isEmpty() ? "" : names.get(0).full();
    }
}

package io.guestlink.identity.match;

import io.guestlink.identity.names.ComparableName;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Test builder for {@link PersonRecord}. */
final class Persons {
    private String id = "p";
    private final List<ComparableName> names = new ArrayList<>();
    private LocalDate birthDate;
    private String gender;
    private final Set<String> emails = new LinkedHashSet<>(), phones = new LinkedHashSet<>(), documents = new LinkedHashSet<>();
    private String postcode, address, locality;

    static Persons person(String id) {
        Persons p = new Persons();
        p.id = id;
        return p;
    }

    Persons name(String family, String given) {
        names.add(new ComparableName(family, given));
        return this;
    }

    Persons born(String isoDate) {
        birthDate = LocalDate.parse(isoDate);
        return this;
    }

    Persons gender(String g) {
        gender = g;
        return this;
    }

    Persons email(String e) {
        emails.add(e);
        return this;
    }

    Persons phone(String p) {
        phones.add(p);
        return this;
    }

    Persons document(String d) {
        documents.add(d);
        return this;
    }

    Persons postcode(String p) {
        postcode = p;
        return this;
    }

    Persons address(String a) {
        address = a;
        return this;
    }

    Persons locality(String l) {
        locality = l;
        return this;
    }

    PersonRecord build() {
        return new PersonRecord(id, names, birthDate, gender, emails, phones, documents, postcode, address, locality);
    }
}

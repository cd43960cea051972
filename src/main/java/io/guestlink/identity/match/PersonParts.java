package io.guestlink.identity.match;

import io.guestlink.identity.names.ComparableName;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What several sources (or several profiles of one cluster) say about one person, gathered into one
 * {@link PersonRecord}: every name reading, contact and document; votes for the single-valued fields (birth date,
 * gender), the most frequent winning. A short-lived builder: fill it, take the record, drop it.
 */
public final class PersonParts {
    private final Set<ComparableName> readings = new LinkedHashSet<>();
    private final Map<LocalDate, Integer> births = new HashMap<>();
    private final Map<String, Integer> genders = new HashMap<>();
    private final Set<String> emails = new LinkedHashSet<>();
    private final Set<String> phones = new LinkedHashSet<>();
    private final Set<String> documents = new LinkedHashSet<>();

    /** Several persons' records as one (a cluster): all names, contacts and documents; the most frequent birth date and gender. */
    public static PersonRecord union(String id, List<PersonRecord> parts) {
        PersonParts all = new PersonParts();
        for (PersonRecord p : parts) {
            all.readings(p.names());
            all.add(p.birthDate(), p.gender(), p.emails(), p.phones(), p.documents());
        }
        return all.record(id);
    }

    public void reading(ComparableName name) {
        readings.add(name);
    }

    public void readings(Collection<ComparableName> names) {
        readings.addAll(names);
    }

    /** One source's values; a null birth date or gender casts no vote. */
    public void add(LocalDate birth, String gender, Collection<String> mails, Collection<String> tels, Collection<String> docs) {
        if (birth != null) births.merge(birth, 1, Integer::sum);
        if (gender != null) genders.merge(gender, 1, Integer::sum);
        emails.addAll(mails);
        phones.addAll(tels);
        documents.addAll(docs);
    }

    public PersonRecord record(String id) {
        return new PersonRecord(id, List.copyOf(readings), mostFrequent(births), mostFrequent(genders), emails,
                phones, documents, null, null, null);
    }

    private static <T> T mostFrequent(Map<T, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
}

package io.guestlink.identity;

import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.names.BirthDates;
import io.guestlink.identity.names.ComparableName;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.identity.names.NameResult;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.PersonName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the sources said about one person, reduced to the comparable values the matcher reads. Values that identify
 * nobody never reach it: names that are placeholders ("GUEST", "WALK IN", "MR"), implausible birth dates (1900-01-01,
 * in the future); each is logged once with its reason, never with the value itself.
 */
public final class PersonRecords {
    private static final Logger LOG = LoggerFactory.getLogger(PersonRecords.class);

    private final NameNormaliser names;

    public PersonRecords(NameNormaliser names) {
        this.names = names;
    }

    public PersonRecord of(String id, Collection<GuestProfile> guests, LocalDate today) {
        Set<ComparableName> readings = new LinkedHashSet<>();
        Map<LocalDate, Integer> births = new HashMap<>();
        Map<String, Integer> genders = new HashMap<>();
        Set<String> emails = new LinkedHashSet<>();
        Set<String> phones = new LinkedHashSet<>();
        Set<String> documents = new LinkedHashSet<>();
        for (GuestProfile g : guests) {
            if (g == null) continue;
            for (PersonName n : g.names()) {
                NameResult r = names.normalise(n.family(), n.given(), n.full());
                if (r.readings().isEmpty()) LOG.debug("profile {}: a name left out of matching: {}", id, r.unusableReason());
                else if (n.family() != null && n.given() != null) readings.add(r.primary());
                // split by the feed's declared layout, the order is known: the swapped reading would let a
                // surname pass for a given name (SMITH/ANNA and SMITH/JOHN agreeing on "given SMITH")
                else readings.addAll(r.readings());
            }
            if (g.birthDate() != null) {
                String why = BirthDates.implausible(g.birthDate(), today);
                if (why == null) births.merge(g.birthDate(), 1, Integer::sum);
                else LOG.debug("profile {}: a birth date left out of matching: {}", id, why);
            }
            if (g.gender() != null) genders.merge(g.gender(), 1, Integer::sum);
            emails.addAll(g.emails());
            phones.addAll(g.phones());
            for (IdDocument d : g.idDocuments()) documents.add(d.keyedHash());
        }
        return new PersonRecord(id, java.util.List.copyOf(readings), mostFrequent(births), mostFrequent(genders), emails,
                phones, documents, null, null, null);
    }

    /** Several persons' records as one (a cluster): all names, contacts and documents; the most frequent birth date and gender. */
    public static PersonRecord union(String id, java.util.List<PersonRecord> parts) {
        Set<ComparableName> readings = new LinkedHashSet<>();
        Map<LocalDate, Integer> births = new HashMap<>();
        Map<String, Integer> genders = new HashMap<>();
        Set<String> emails = new LinkedHashSet<>();
        Set<String> phones = new LinkedHashSet<>();
        Set<String> documents = new LinkedHashSet<>();
        for (PersonRecord p : parts) {
            readings.addAll(p.names());
            if (p.birthDate() != null) births.merge(p.birthDate(), 1, Integer::sum);
            if (p.gender() != null) genders.merge(p.gender(), 1, Integer::sum);
            emails.addAll(p.emails());
            phones.addAll(p.phones());
            documents.addAll(p.documents());
        }
        return new PersonRecord(id, java.util.List.copyOf(readings), mostFrequent(births), mostFrequent(genders), emails, phones,
                documents, null, null, null);
    }

    private static <T> T mostFrequent(Map<T, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
}

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
        Parts all = new Parts();
        for (GuestProfile g : guests) {
            if (g == null) continue;
            for (PersonName n : g.names()) {
                NameResult r = names.normalise(n.family(), n.given(), n.full());
                if (r.readings().isEmpty()) LOG.debug("profile {}: a name left out of matching: {}", id, r.unusableReason());
                else if (n.family() != null && n.given() != null) all.readings.add(r.primary());
                // split by the feed's declared layout, the order is known: the swapped reading would let a
                // surname pass for a given name (SMITH/ANNA and SMITH/JOHN agreeing on "given SMITH")
                else all.readings.addAll(r.readings());
            }
            LocalDate birth = g.birthDate();
            String why = birth == null ? null : BirthDates.implausible(birth, today);
            if (why != null) LOG.debug("profile {}: a birth date left out of matching: {}", id, why);
            all.add(why == null ? birth : null, g.gender(), g.emails(), g.phones(),
                    g.idDocuments().stream().map(IdDocument::keyedHash).toList());
        }
        return all.record(id);
    }

    /** Several persons' records as one (a cluster): all names, contacts and documents; the most frequent birth date and gender. */
    public static PersonRecord union(String id, java.util.List<PersonRecord> parts) {
        Parts all = new Parts();
        for (PersonRecord p : parts) {
            all.readings.addAll(p.names());
            all.add(p.birthDate(), p.gender(), p.emails(), p.phones(), p.documents());
        }
        return all.record(id);
    }

    /** What several sources say, gathered: every name and contact, votes for the single-valued fields. */
    private static final class Parts {
        final Set<ComparableName> readings = new LinkedHashSet<>();
        final Map<LocalDate, Integer> births = new HashMap<>();
        final Map<String, Integer> genders = new HashMap<>();
        final Set<String> emails = new LinkedHashSet<>();
        final Set<String> phones = new LinkedHashSet<>();
        final Set<String> documents = new LinkedHashSet<>();

        void add(LocalDate birth, String gender, Collection<String> mails, Collection<String> tels, Collection<String> docs) {
            if (birth != null) births.merge(birth, 1, Integer::sum);
            if (gender != null) genders.merge(gender, 1, Integer::sum);
            emails.addAll(mails);
            phones.addAll(tels);
            documents.addAll(docs);
        }

        PersonRecord record(String id) {
            return new PersonRecord(id, java.util.List.copyOf(readings), mostFrequent(births), mostFrequent(genders), emails,
                    phones, documents, null, null, null);
        }
    }

    private static <T> T mostFrequent(Map<T, Integer> counts) {
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }
}

package io.guestlink.identity;

import io.guestlink.identity.match.PersonParts;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.names.BirthDates;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.identity.names.NameResult;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.PersonName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the sources said about one person, reduced to the comparable values the matcher reads. Values that identify
 * nobody never reach it: names that are placeholders ("GUEST", "WALK IN", "MR"), implausible birth dates (1900-01-01,
 * in the future); each is logged once with its reason, never with the value itself. E-mails and phones that failed
 * validation (kept by the mappers as evidence) reach it marked {@link PersonRecord#UNVERIFIED}.
 */
public final class PersonRecords {
    private static final Logger LOG = LoggerFactory.getLogger(PersonRecords.class);

    private final NameNormaliser names;

    public PersonRecords(NameNormaliser names) {
        this.names = names;
    }

    public PersonRecord of(String id, Collection<GuestProfile> guests, LocalDate today) {
        PersonParts all = new PersonParts();
        for (GuestProfile g : guests) {
            if (g == null) continue;
            for (PersonName n : g.names()) {
                NameResult r = names.normalise(n.family(), n.given(), n.full());
                // the reason's kind only: its detail quotes the name
                if (r.readings().isEmpty()) LOG.debug("profile {}: a name left out of matching: {}", id,
                        r.unusableReason().replaceFirst(":.*", ""));
                else if (n.family() != null && n.given() != null) all.readings(r.primaryAndRejoined());
                // split by the feed's declared layout, the order is known: the swapped reading would let a
                // surname pass for a given name (SMITH/ANNA and SMITH/JOHN agreeing on "given SMITH")
                else all.readings(r.readings());
            }
            LocalDate birth = g.birthDate();
            String why = birth == null ? null : BirthDates.implausible(birth, today);
            if (why != null) LOG.debug("profile {}: a birth date left out of matching: {}", id, why);
            // values that failed validation are compared too, marked so the model weighs them as weaker evidence
            all.add(why == null ? birth : null, gender(g), withUnverified(g.emails(), g.unverifiedEmails()),
                    withUnverified(g.phones(), g.unverifiedPhones()),
                    g.idDocuments().stream().map(d -> PersonRecord.document(d.type(), d.issuingCountry(), d.keyedHash(), d.near())).toList());
        }
        return all.record(id);
    }

    /**
     * The gender the source states (M or F), else the one its titles state (MRS, FRAU, 女士, 先生...): many PMS exports
     * carry the title and no gender column, and a gender that disagrees is what tells a couple sharing a name
     * (WHITE/JOHN MRS and WHITE/JOHN MR) apart. Read for matching only; the stored record keeps what the source sent.
     */
    private String gender(GuestProfile g) {
        if ("M".equals(g.gender()) || "F".equals(g.gender())) return g.gender();
        String found = null;
        for (PersonName n : g.names()) {
            String t = names.gender(n.title(), n.family(), n.given(), n.full());
            if (t == null) continue;
            if (found != null && !found.equals(t)) return null;
            found = t;
        }
        return found;
    }

    private static List<String> withUnverified(List<String> valid, List<String> unverified) {
        if (unverified.isEmpty()) return valid;
        List<String> out = new ArrayList<>(valid);
        for (String u : unverified) out.add(PersonRecord.UNVERIFIED + u);
        return out;
    }
}

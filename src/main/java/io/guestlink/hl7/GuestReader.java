package io.guestlink.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.Segment;
import io.guestlink.identity.names.NameParsing;
import io.guestlink.identity.ContactEvidence;
import io.guestlink.identity.Normalisers;
import io.guestlink.model.FieldLimit;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.Membership;
import io.guestlink.model.PersonName;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.guestlink.hl7.Fields.get;
import static io.guestlink.hl7.Fields.limit;
import static io.guestlink.hl7.Fields.reps;
import static io.guestlink.hl7.Fields.upper;
import static io.guestlink.hl7.Fields.yyyymmdd;

/**
 * The guest of a PID segment (and the identifiers of a PID-3 or MRG-1), built with the normalisers and name parsing
 * the nightly files use, so that the identity keys of one guest are the same whichever way he arrived.
 */
final class GuestReader {
    /** HL7 table 0203 identifier types that are identity documents: hashed, never kept in clear. */
    private static final Map<String, String> DOCUMENT_TYPES = Map.of("PPN", "PASSPORT", "DL", "DRIVING_LICENCE",
            "NI", "ID_CARD", "SS", "SOCIAL_SECURITY");
    /** Table 0203 types that name a stay or account, not the guest. */
    private static final Set<String> STAY_ID_TYPES = Set.of("AN", "VN");
    private static final String MEMBER_TYPE = "MB";
    private static final int MAX_KEY = 400;
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 2); // as for files (RowValues.EARLIEST)

    private final Normalisers normalisers;
    private final String phoneRegion;
    private final Clock clock;

    GuestReader(Normalisers normalisers, String phoneRegion, Clock clock) {
        this.normalisers = normalisers;
        this.phoneRegion = phoneRegion;
        this.clock = clock;
    }

    /** A new collector of one message's contact values and flags. */
    ContactEvidence evidence() {
        return new ContactEvidence(normalisers, phoneRegion);
    }

    /** The zone of the mapper's clock: the fallback for a property without a configured zone. */
    java.time.ZoneId zone() {
        return clock.getZone();
    }

    record Identifiers(String guestKey, List<Membership> memberships, List<IdDocument> documents) {
    }

    /**
     * PID-3 (or MRG-1) by identifier type (table 0203): documents are hashed, MB is a membership (programme = the
     * assigning authority), AN/VN name a stay; of the rest, the guest key is the one whose assigning authority is
     * the source system or the sender, else the first.
     */
    Identifiers identifiers(Segment s, int field, String system, String sender) {
        return identifiers(s, field, system, sender, evidence());
    }

    /** As above; a placeholder document number is flagged into {@code evidence} with its HL7 field. */
    Identifiers identifiers(Segment s, int field, String system, String sender, ContactEvidence evidence) {
        String key = null;
        String firstCandidate = null;
        List<Membership> members = new ArrayList<>();
        List<IdDocument> docs = new ArrayList<>();
        for (int rep = 0; rep < reps(s, field); rep++) {
            String id = limit(get(s, field, rep, 1), MAX_KEY, s.getName(), field, 1, "an identifier");
            if (id == null) continue;
            String authority = get(s, field, rep, 4);
            String type = upper(get(s, field, rep, 5));
            String docType = type == null ? null : type.startsWith("NN") && type.length() == 5 ? "ID_CARD" : DOCUMENT_TYPES.get(type);
            if (docType != null) {
                String country = type.startsWith("NN") && type.length() == 5 ? type.substring(2) : get(s, field, rep, 9);
                evidence.document(s.getName() + "-" + field, docType, id, Countries.alpha2(country)).ifPresent(docs::add);
            } else if (MEMBER_TYPE.equals(type)) {
                members.add(new Membership(authority, id, null));
            } else if (type == null || !STAY_ID_TYPES.contains(type)) {
                if (firstCandidate == null) firstCandidate = id;
                if (key == null && authority != null && (authority.equalsIgnoreCase(system) || authority.equalsIgnoreCase(sender)))
                    key = id;
            }
        }
        return new Identifiers(key != null ? key : firstCandidate, members, docs);
    }

    GuestProfile guest(Segment pid, Segment pv1, Identifiers ids) {
        return guest(pid, pv1, ids, evidence());
    }

    /** The guest; values kept only as evidence or left out are flagged into {@code evidence} with their HL7 field. */
    GuestProfile guest(Segment pid, Segment pv1, Identifiers ids, ContactEvidence evidence) {
        List<PersonName> names = names(pid);
        for (int field : new int[]{13, 14, 40}) {
            for (int rep = 0; rep < reps(pid, field); rep++) contact(pid, field, rep, evidence);
        }
        String vipField = "PV1-16";
        String vip = pv1 == null ? null : get(pv1, 16, 0, 1);
        if (vip == null && pv1 != null) {
            vip = get(pv1, 18, 0, 1);
            vipField = "PV1-18";
        }
        String nationalityField = "PID-26";
        String nationality = get(pid, 26, 0, 1);
        if (nationality == null) {
            nationality = get(pid, 28, 0, 1);
            nationalityField = "PID-28";
        }
        // codes longer than the store keeps (a country or language written out in words) say nothing usable: left
        // out, and flagged with their field
        // a valid resident ID card number (NNCHN) gives the birth date before PID-7 does (ContactEvidence.birthDate)
        LocalDate birth = evidence.birthDate("PID-7", birthDate(pid, evidence), LocalDate.now(clock));
        return new GuestProfile(names, birth, sex(get(pid, 8, 0, 1), evidence),
                upTo(Countries.alpha2(nationality), FieldLimit.NATIONALITY, nationalityField, evidence),
                upTo(get(pid, 15, 0, 1), FieldLimit.LANGUAGE, "PID-15", evidence), evidence.emails(), evidence.phones(),
                ids.documents(), upTo(vip, FieldLimit.VIP, vipField, evidence), ids.memberships(), Map.of())
                .withUnverified(evidence.unverifiedEmails(), evidence.unverifiedPhones());
    }

    private static String upTo(String v, FieldLimit limit, String field, ContactEvidence evidence) {
        String kept = Fields.upTo(v, limit);
        if (v != null && kept == null) evidence.flag(field, limit.shown(v), limit.reason(v) + ": left out");
        return kept;
    }

    /**
     * PID-5 in the order sent: HL7 puts the primary (legal) name first, and the first name is the profile's display
     * name. A repeated spelling is kept once.
     */
    private static List<PersonName> names(Segment pid) {
        List<PersonName> names = new ArrayList<>();
        for (int rep = 0; rep < reps(pid, 5); rep++) {
            String family = limit(get(pid, 5, rep, 1, 1), FieldLimit.FAMILY_NAME, "PID", 5, 1);
            String given = limit(join(get(pid, 5, rep, 2), get(pid, 5, rep, 3)), FieldLimit.GIVEN_NAME, "PID", 5, 2);
            String title = limit(get(pid, 5, rep, 5), FieldLimit.TITLE, "PID", 5, 5);
            PersonName n = NameParsing.parse(null, NameParsing.AS_IS, family, given, title);
            if (n != null && names.stream().noneMatch(x -> x.full().equals(n.full()))) names.add(n);
        }
        return names;
    }

    /** XTN: an e-mail when the use code is NET or the equipment Internet/X.400, else a phone number. */
    private void contact(Segment pid, int field, int rep, ContactEvidence evidence) {
        String where = "PID-" + field + (rep > 0 ? "(" + (rep + 1) + ")" : "");
        String use = upper(get(pid, field, rep, 2));
        String equipment = upper(get(pid, field, rep, 3));
        String address = get(pid, field, rep, 4);
        String legacy = get(pid, field, rep, 1);
        boolean email = "NET".equals(use) || "INTERNET".equals(equipment) || "X.400".equals(equipment)
                || (address != null && address.contains("@"));
        if (email) {
            String raw = address != null ? address : legacy;
            evidence.email(where, raw);
            return;
        }
        String raw = get(pid, field, rep, 12);
        if (raw == null) {
            String local = get(pid, field, rep, 7);
            if (local != null) {
                String country = get(pid, field, rep, 5);
                String area = get(pid, field, rep, 6);
                raw = (country != null ? "+" + country.replaceAll("^\\+", "") + " " : "") + (area != null ? area + " " : "") + local;
            } else {
                raw = legacy;
            }
        }
        evidence.phone(where, raw);
    }

    /**
     * PID-7 as written (date part). A date that cannot be a birth date (before 1900-01-02, in the future) is dropped,
     * as for files; text that is not a date is an error, and its value is not shown (personal).
     */
    private LocalDate birthDate(Segment pid, ContactEvidence evidence) {
        String v = get(pid, 7, 0, 1);
        if (v == null) return null;
        LocalDate d = yyyymmdd(v);
        if (d == null) throw Hl7Problem.error(ErrorCode.DATA_TYPE_ERROR, "PID", 7, 0, "PID-7 (birth date) is not a date");
        if (d.isBefore(EARLIEST_BIRTH) || d.isAfter(LocalDate.now(clock))) {
            // the year only: a whole date of birth is personal
            evidence.flag("PID-7", d.getYear() + "-**-**", "is not a plausible birth date (before " + EARLIEST_BIRTH
                    + " or in the future): left out");
            return null;
        }
        return d;
    }

    /**
     * Table 0001: only M and F say something about the person; U, O, A, N are kept as unknown, and any code but U
     * (which says just that) is flagged, so an "other" is not lost without a trace.
     */
    private static String sex(String code, ContactEvidence evidence) {
        if (code == null) return null;
        String c = code.toUpperCase(Locale.ROOT);
        if (c.equals("M") || c.equals("F")) return c;
        if (!c.equals("U")) evidence.flag("PID-8", FieldLimit.GENDER.shown(code), "is not M or F: kept as unknown");
        return null;
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        return b == null ? a : a + " " + b;
    }
}

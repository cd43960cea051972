package io.guestlink.event.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.identity.names.NameParsing;
import io.guestlink.identity.ContactEvidence;
import io.guestlink.identity.Normalisers;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.Complaint;
import io.guestlink.model.ConsentPurpose;
import io.guestlink.model.ConsentStatement;
import io.guestlink.model.Fact;
import io.guestlink.model.FieldLimit;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.Membership;
import io.guestlink.model.PersonName;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Preference;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A schema-valid event to canonical records, the way a nightly feed maps its rows (ingest/RecordMapper): the source
 * system scopes the keys (a reservation's source key is its confirmation number, a ticket's is outlet|ticket number),
 * the guest key becomes the SRC identity key, and e-mails, phones, ID documents and names go through the same
 * normalisers and name parsing, so an event and a nightly row about one guest produce the same identity keys.
 */
final class EventMapping {
    /** Birth dates before this are what a PMS stores when it has none (1900-01-01), as in the nightly files. */
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 2);

    /** The statuses each event type allows; the first is implied when the event gives none. Empty = any, none implied. */
    private static final Map<GuestEventType, List<StayStatus>> STATUSES = new EnumMap<>(Map.of(
            GuestEventType.RESERVATION_CREATED, List.of(StayStatus.BOOKED, StayStatus.WAITLIST, StayStatus.IN_HOUSE),
            GuestEventType.RESERVATION_UPDATED, List.of(),
            GuestEventType.RESERVATION_CANCELLED, List.of(StayStatus.CANCELLED, StayStatus.NO_SHOW),
            GuestEventType.CHECKED_IN, List.of(StayStatus.IN_HOUSE),
            GuestEventType.CHECKED_OUT, List.of(StayStatus.CHECKED_OUT),
            GuestEventType.ROOM_MOVED, List.of(StayStatus.IN_HOUSE)));

    private final Normalisers normalisers;
    private final Clock clock;

    EventMapping(Normalisers normalisers, Clock clock) {
        this.normalisers = normalisers;
        this.clock = clock;
    }

    InboundEvent map(JsonNode e, GuestEventType type, String raw) {
        String system = text(e, "source");
        String property = text(e, "property");
        CanonicalRecord record = null;
        String priorRoom = null;
        ContactEvidence evidence = new ContactEvidence(normalisers, text(e, "phoneRegion"));
        LocalDate businessDate = null;
        switch (type) {
            case POS_TICKET_CLOSED -> record = ticketRecord(e, system, property, evidence);
            case BUSINESS_DATE_ADVANCED -> businessDate = JsonEventReader.date(text(e, "businessDate"));
            default -> {
                record = reservationRecord(e, type, system, property, evidence);
                if (type == GuestEventType.ROOM_MOVED) priorRoom = text(e.get("reservation"), "priorRoomNumber");
            }
        }
        checkLimits(record, property, priorRoom);
        return new InboundEvent(JsonEventReader.CHANNEL, system, text(e, "eventId"), type,
                JsonEventReader.instant(text(e, "occurredAt")), record, priorRoom, null, property, businessDate, raw,
                evidence.flags());
    }

    /**
     * Every value longer than its canonical field keeps ({@link FieldLimit}), refused with its JSON path and the
     * limit. The shipped schema states the same limits (a test holds them equal), so with it this finds nothing; it
     * is what keeps an edited or older schema in {@code guestlink.events.schema} from letting a value reach the store
     * over its limit.
     */
    private static void checkLimits(CanonicalRecord record, String property, String priorRoom) {
        List<Problem> problems = new ArrayList<>();
        if (!FieldLimit.PROPERTY.fits(property))
            problems.add(problem("$.property", FieldLimit.PROPERTY.reason(property), property));
        if (!FieldLimit.ROOM_NUMBER.fits(priorRoom))
            problems.add(problem("$.reservation.priorRoomNumber", FieldLimit.ROOM_NUMBER.reason(priorRoom), priorRoom));
        if (record != null) {
            for (FieldLimit.Breach b : FieldLimit.breaches(record)) {
                // the event's property is the record's: already reported above
                if (b.limit() != FieldLimit.PROPERTY) problems.add(problem(path(b, record), b.reason(), b.value()));
            }
        }
        if (!problems.isEmpty()) throw new InvalidEvent(problems);
    }

    private static Problem problem(String path, String reason, String value) {
        return new Problem(path, ShownValues.of(path, value), reason);
    }

    /** Where in the event a canonical field's value came from. */
    static String path(FieldLimit.Breach b, CanonicalRecord record) {
        int i = b.index();
        return switch (b.limit()) {
            case PROPERTY -> "$.property";
            case CURRENCY -> record.fact() instanceof PosTicket ? "$.ticket.currency" : "$.reservation.rate.currency";
            case CONFIRMATION_NUMBER -> "$.reservation.confirmationNumber";
            case ROOM_TYPE -> "$.reservation.roomType";
            case ROOM_NUMBER -> "$.reservation.roomNumber";
            case RATE_CODE -> "$.reservation.rate.code";
            case STATUS -> "$.reservation.status";
            case CHANNEL -> "$.reservation.channel";
            case OUTLET -> "$.ticket.outlet";
            case TICKET_NUMBER -> "$.ticket.ticketNumber";
            case TABLE -> "$.ticket.table";
            case TICKET_ROOM_NUMBER -> "$.ticket.roomNumber";
            case TICKET_MEMBER_NUMBER -> "$.ticket.memberNumber";
            case TICKET_GUEST_NAME -> "$.ticket.guestName";
            case SETTLEMENT -> "$.ticket.settlement";
            case ITEM_LINE -> "$.ticket.items[" + i + "].line";
            case ITEM_NAME -> "$.ticket.items[" + i + "].name";
            case GUEST_NAME -> "$.guest.names[" + i + "]";
            case FAMILY_NAME -> "$.guest.names[" + i + "].family";
            case GIVEN_NAME -> "$.guest.names[" + i + "].given";
            case TITLE -> "$.guest.names[" + i + "].title";
            case GENDER -> "$.guest.gender";
            case NATIONALITY -> "$.guest.nationality";
            case LANGUAGE -> "$.guest.language";
            case VIP -> "$.guest.vip";
            default -> "$." + b.limit().field();
        };
    }

    private CanonicalRecord reservationRecord(JsonNode e, GuestEventType type, String system, String property,
                                              ContactEvidence evidence) {
        JsonNode r = e.get("reservation");
        String confirmation = text(r, "confirmationNumber");
        LocalDate arrival = date(r, "arrival");
        LocalDate departure = date(r, "departure");
        if (arrival != null && departure != null && departure.isBefore(arrival))
            throw new InvalidEvent(new Problem("$.reservation.departure", departure.toString(), "departure before arrival " + arrival));
        JsonNode rate = r.get("rate");
        List<Complaint> complaints = new ArrayList<>();
        JsonNode cs = r.get("complaints");
        if (cs != null) {
            for (JsonNode c : cs) {
                complaints.add(new Complaint(date(c, "date"), text(c, "text"), !c.has("open") || c.get("open").booleanValue()));
            }
        }
        Reservation stay = new Reservation(property, confirmation, arrival, departure, text(r, "roomType"),
                text(r, "roomNumber"), text(rate, "code"), decimal(rate, "amount"), text(rate, "currency"),
                status(type, text(r, "status")), text(r, "channel"), integer(r, "adults"), integer(r, "children"),
                complaints);
        return record(e, new SourceRef(system, RecordKind.RESERVATION, confirmation), stay, evidence);
    }

    private CanonicalRecord ticketRecord(JsonNode e, String system, String property, ContactEvidence evidence) {
        JsonNode t = e.get("ticket");
        String outlet = text(t, "outlet");
        String number = text(t, "ticketNumber");
        List<PosItem> items = new ArrayList<>();
        JsonNode list = t.get("items");
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                String line = text(item, "line");
                BigDecimal qty = decimal(item, "quantity");
                items.add(new PosItem(line != null ? line : Integer.toString(i + 1), text(item, "name"),
                        qty == null ? BigDecimal.ONE : qty, decimal(item, "price")));
            }
        }
        PosTicket ticket = new PosTicket(property, outlet, number, text(t, "table"), integer(t, "covers"),
                dateTime(t, "opened"), dateTime(t, "closed"), items, text(t, "roomNumber"), text(t, "memberNumber"),
                text(t, "guestName"), text(t, "settlement"), decimal(t, "total"), text(t, "currency"));
        return record(e, new SourceRef(system, RecordKind.POS_TICKET, outlet + "|" + number), ticket, evidence);
    }

    private CanonicalRecord record(JsonNode e, SourceRef ref, Fact fact, ContactEvidence evidence) {
        JsonNode g = e.get("guest");
        if (g == null) return new CanonicalRecord(ref, null, null, fact);
        java.time.Instant occurred = e.hasNonNull("occurredAt") ? JsonEventReader.instant(text(e, "occurredAt")) : null;
        GuestProfile guest = guest(g, evidence, occurred);
        String key = text(g, "key");
        // as in the nightly files: preferences or consent alone reach a guest known by the source's key, else nobody (flagged)
        boolean keep = !guest.isEmpty() || ((guest.hasNotes() || !guest.marketingConsent().isEmpty()) && key != null);
        if (!keep && guest.hasNotes()) evidence.flag("$.guest.preferences", "",
                "preferences of a guest with no name, contact or key belong to nobody: left out");
        return new CanonicalRecord(ref, key, keep ? guest : null, fact);
    }

    private static StayStatus status(GuestEventType type, String given) {
        List<StayStatus> allowed = STATUSES.get(type);
        if (given == null) return allowed.isEmpty() ? null : allowed.get(0);
        StayStatus s = StayStatus.valueOf(given.toUpperCase(Locale.ROOT));
        if (!allowed.isEmpty() && !allowed.contains(s))
            throw new InvalidEvent(new Problem("$.reservation.status", given, "contradicts the event type "
                    + JsonEventReader.typeName(type) + " (allowed: "
                    + allowed.stream().map(a -> a.name().toLowerCase(Locale.ROOT)).toList() + ")"));
        return s;
    }

    private GuestProfile guest(JsonNode g, ContactEvidence evidence, java.time.Instant occurred) {
        List<PersonName> names = new ArrayList<>();
        JsonNode ns = g.get("names");
        if (ns != null) {
            for (JsonNode n : ns) {
                PersonName name = NameParsing.parse(text(n, "text"), text(n, "format"), text(n, "family"),
                        text(n, "given"), text(n, "title"));
                if (name != null && !names.contains(name)) names.add(name);
            }
        }
        // values that fail validation are kept as evidence or left out, each flagged with its path (ContactEvidence)
        List<String> emails = texts(g, "emails");
        for (int i = 0; i < emails.size(); i++) evidence.email("$.guest.emails[" + i + "]", emails.get(i));
        List<String> phones = texts(g, "phones");
        for (int i = 0; i < phones.size(); i++) evidence.phone("$.guest.phones[" + i + "]", phones.get(i));
        List<IdDocument> docs = new ArrayList<>();
        JsonNode ds = g.get("idDocuments");
        if (ds != null) {
            for (int i = 0; i < ds.size(); i++) {
                JsonNode d = ds.get(i);
                evidence.document("$.guest.idDocuments[" + i + "].number", text(d, "type"), text(d, "number"),
                        text(d, "country")).ifPresent(docs::add);
            }
        }
        List<Membership> memberships = new ArrayList<>();
        JsonNode ms = g.get("memberships");
        if (ms != null) {
            for (JsonNode m : ms) memberships.add(new Membership(text(m, "program"), text(m, "number"), text(m, "level")));
        }
        Map<String, Boolean> consent = new LinkedHashMap<>();
        List<ConsentStatement> stated = new ArrayList<>();
        JsonNode c = g.get("consent");
        if (c != null) c.fields().forEachRemaining(f -> {
            // true/false, or {granted, at, evidence}: a statement of its own time, else of the event's occurredAt, so
            // events delivered out of order still leave the latest statement standing
            JsonNode v = f.getValue();
            boolean yes = v.isObject() ? v.path("granted").booleanValue() : v.booleanValue();
            consent.put(f.getKey(), yes);
            java.time.Instant at = v.isObject() && v.hasNonNull("at") ? JsonEventReader.instant(v.get("at").asText()) : occurred;
            String said = v.isObject() ? text(v, "evidence") : null;
            if (at != null || said != null)
                ConsentPurpose.of(f.getKey()).ifPresent(p -> stated.add(new ConsentStatement(p, yes, at, null, said)));
        });
        Map<String, Preference> preferences = new LinkedHashMap<>();
        JsonNode ps = g.get("preferences");
        if (ps != null) {
            for (JsonNode p : ps) {
                Preference pref = new Preference(text(p, "category"), text(p, "code"), text(p, "text"));
                // one preference given twice is kept once, as in the nightly files
                preferences.putIfAbsent(pref.category() + "\u0000" + pref.text().toLowerCase(Locale.ROOT), pref);
            }
        }
        // a valid resident ID card number's birth date before a typed one (ContactEvidence.birthDate)
        LocalDate birth = evidence.birthDate("$.guest.birthDate", pastDate(g, "birthDate", evidence), LocalDate.now(clock));
        return new GuestProfile(names, birth, text(g, "gender"), text(g, "nationality"),
                text(g, "language"), evidence.emails(), evidence.phones(), docs, text(g, "vip"), memberships, consent,
                List.copyOf(preferences.values()), pastDate(g, "anniversary", evidence), List.of(), stated)
                .withUnverified(evidence.unverifiedEmails(), evidence.unverifiedPhones());
    }

    /**
     * Impossible birth and anniversary dates (1900-01-01 placeholders, the future) are left out and flagged, not a
     * reason to lose the stay.
     */
    private LocalDate pastDate(JsonNode g, String member, ContactEvidence evidence) {
        LocalDate d = date(g, member);
        if (d == null) return null;
        if (d.isBefore(EARLIEST_BIRTH) || d.isAfter(LocalDate.now(clock))) {
            // the year only: a whole date of birth is personal
            evidence.flag("$.guest." + member, d.getYear() + "-**-**", "is not a plausible date (before "
                    + EARLIEST_BIRTH + " or in the future): left out");
            return null;
        }
        return d;
    }

    private static String text(JsonNode parent, String member) {
        if (parent == null) return null;
        JsonNode v = parent.get(member);
        if (v == null || v.isNull()) return null;
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    private static List<String> texts(JsonNode parent, String member) {
        JsonNode v = parent.get(member);
        if (v == null) return List.of();
        List<String> out = new ArrayList<>();
        v.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static LocalDate date(JsonNode parent, String member) {
        String s = text(parent, member);
        return s == null ? null : JsonEventReader.date(s);
    }

    private static LocalDateTime dateTime(JsonNode parent, String member) {
        String s = text(parent, member);
        return s == null ? null : LocalDateTime.parse(s);
    }

    private static BigDecimal decimal(JsonNode parent, String member) {
        if (parent == null) return null;
        JsonNode v = parent.get(member);
        return v == null || v.isNull() ? null : v.decimalValue();
    }

    private static Integer integer(JsonNode parent, String member) {
        JsonNode v = parent.get(member);
        return v == null || v.isNull() ? null : v.intValue();
    }

}

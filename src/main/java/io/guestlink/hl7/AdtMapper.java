package io.guestlink.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v28.datatype.DTM;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.identity.ContactEvidence;
import io.guestlink.identity.Normalisers;
import io.guestlink.model.Masking;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.FieldLimit;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.guestlink.hl7.Fields.all;
import static io.guestlink.hl7.Fields.blankToNull;
import static io.guestlink.hl7.Fields.first;
import static io.guestlink.hl7.Fields.get;
import static io.guestlink.hl7.Fields.limit;
import static io.guestlink.hl7.Fields.yyyymmdd;
import static io.guestlink.event.GuestEventType.CHECKED_IN;
import static io.guestlink.event.GuestEventType.CHECKED_OUT;
import static io.guestlink.event.GuestEventType.CHECK_IN_CANCELLED;
import static io.guestlink.event.GuestEventType.CHECK_OUT_CANCELLED;
import static io.guestlink.event.GuestEventType.PROFILES_MERGED;
import static io.guestlink.event.GuestEventType.RESERVATION_CREATED;
import static io.guestlink.event.GuestEventType.RESERVATION_UPDATED;
import static io.guestlink.event.GuestEventType.ROOM_MOVED;
import static io.guestlink.event.GuestEventType.ROOM_MOVE_CANCELLED;

/**
 * Reads an HL7 v2.3–2.8 ADT message (HAPI, v2.8 structures) and maps it to an {@link InboundEvent}: the reservation
 * and its guest as a canonical record, built with the same normalisers and name parsing as the nightly files so
 * that a guest's identity keys are the same whichever way they arrived. docs/real-time.md, "HL7 ADT over MLLP", has the table.
 *
 * <p>Throws {@link Hl7Problem}: AR when the message cannot be taken (no MSH, unparseable, unsupported type, event,
 * processing id or version), AE when a field the event needs is missing or wrong. Thread-safe.
 */
public final class AdtMapper {
    public static final String CHANNEL = "hl7";
    /** Versions read into the 2.8 structures; older ones (2.1, 2.2) lack the fields the mapping reads. */
    public static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1",
            "2.8", "2.8.1", "2.8.2");
    /** MSH-11: production, training, debugging. Training messages are applied too (senders test with them). */
    private static final Set<String> PROCESSING_IDS = Set.of("P", "T", "D");
    private static final Map<String, GuestEventType> EVENTS = Map.of("A05", RESERVATION_CREATED, "A04", CHECKED_IN,
            "A01", CHECKED_IN, "A02", ROOM_MOVED, "A03", CHECKED_OUT, "A08", RESERVATION_UPDATED,
            "A11", CHECK_IN_CANCELLED, "A12", ROOM_MOVE_CANCELLED, "A13", CHECK_OUT_CANCELLED, "A40", PROFILES_MERGED);
    /** The stay status each event leaves; A08 says nothing about it, so the stored status stays. */
    private static final Map<GuestEventType, StayStatus> STATUS = Map.of(RESERVATION_CREATED, StayStatus.BOOKED,
            CHECKED_IN, StayStatus.IN_HOUSE, ROOM_MOVED, StayStatus.IN_HOUSE, CHECKED_OUT, StayStatus.CHECKED_OUT,
            CHECK_IN_CANCELLED, StayStatus.BOOKED, ROOM_MOVE_CANCELLED, StayStatus.IN_HOUSE,
            CHECK_OUT_CANCELLED, StayStatus.IN_HOUSE);
    // column sizes of the store (V1, V6) for what is not a canonical field (those are FieldLimit's): a longer value
    // is refused here, by field, instead of failing the transaction
    private static final int MAX_CONTROL_ID = 199;
    private static final int MAX_SYSTEM = 64;

    private final AdtOptions options;
    private final GuestReader guests;

    public AdtMapper(Normalisers normalisers, AdtOptions options, Clock clock) {
        this.options = options;
        this.guests = new GuestReader(normalisers, options.phoneRegion(), clock);
    }

    /** The event the message describes; {@code text} is a normalised message ({@link Hl7Text}). */
    public InboundEvent map(String text) {
        return map(text, MessageHeader.scan(text));
    }

    public InboundEvent map(String text, MessageHeader h) {
        // the event keeps the message for the journal with each ID-document number replaced by its marker
        try (io.guestlink.identity.IdDocumentHasher.Redaction redaction = io.guestlink.identity.IdDocumentHasher.redacting()) {
            InboundEvent e = mapText(text, h);
            return redaction.any() ? e.withRaw(redaction.apply(e.raw(), false)) : e;
        }
    }

    private InboundEvent mapText(String text, MessageHeader h) {
        checkHeader(h);
        String trigger = h.triggerEvent();
        String parsable = text;
        if (trigger.isEmpty()) {
            // A v2.3 sender may name the event only in EVN-1. HAPI chooses the structure from MSH-9, so the event is
            // written into MSH-9 before parsing; when both are given, MSH-9 wins (EVN-1 is withdrawn since 2.5).
            trigger = evn1(text, h);
            if (!EVENTS.containsKey(trigger)) throw unsupportedEvent(trigger);
            parsable = withEvent(text, h, trigger);
        }
        GuestEventType type = EVENTS.get(trigger);
        Message message = parse(parsable);
        String sender = h.first(h.sendingApplication());
        String system = options.system(sender);
        if (system.length() > MAX_SYSTEM)
            throw Hl7Problem.reject(ErrorCode.DATA_TYPE_ERROR, "MSH", 3, "the source system for '" + shown(sender)
                    + "' is longer than " + MAX_SYSTEM + " characters (guestlink.hl7.systems)");
        Segment pid = first(message, "PID");
        if (pid == null) throw Hl7Problem.error(ErrorCode.SEGMENT_SEQUENCE_ERROR, "PID", 0, 0, "no PID segment: the message names no guest");
        Segment pv1 = first(message, "PV1");
        ContactEvidence evidence = guests.evidence();
        String property;
        CanonicalRecord record;
        String priorRoom = null;
        String absorbed = null;
        if (type == PROFILES_MERGED) {
            property = property(h, pv1);
            GuestReader.Identifiers survivor = guests.identifiers(pid, 3, system, sender, evidence);
            if (survivor.guestKey() == null)
                throw Hl7Problem.error(ErrorCode.REQUIRED_FIELD_MISSING, "PID", 3, 1, "PID-3 has no guest identifier to keep");
            absorbed = absorbedKey(message, system, sender);
            if (absorbed.equals(survivor.guestKey()))
                // masked like every other refusal naming a guest key: the problem text is logged as well as acknowledged
                throw Hl7Problem.error(ErrorCode.DATA_TYPE_ERROR, "MRG", 1, 1, "MRG-1 names the surviving guest '"
                        + Masking.idNumber(absorbed) + "' itself (PID-3)");
            GuestProfile guest = guests.guest(pid, pv1, survivor, evidence);
            record = new CanonicalRecord(new SourceRef(system, RecordKind.GUEST_PROFILE, survivor.guestKey()),
                    survivor.guestKey(), guest.isEmpty() ? null : guest, null);
        } else {
            if (pv1 == null) throw Hl7Problem.error(ErrorCode.SEGMENT_SEQUENCE_ERROR, "PV1", 0, 0, "no PV1 segment: the message names no stay");
            property = property(h, pv1);
            GuestReader.Identifiers ids = guests.identifiers(pid, 3, system, sender, evidence);
            String confirmation = confirmation(pid, pv1);
            String room = room(pv1, 3);
            if ((type == ROOM_MOVED) && room == null)
                throw Hl7Problem.error(ErrorCode.REQUIRED_FIELD_MISSING, "PV1", 3, 2, "a room move without the new room (PV1-3)");
            if (type == ROOM_MOVED || type == ROOM_MOVE_CANCELLED) priorRoom = room(pv1, 6);
            LocalDate arrival = date(pv1, 44);
            // A13 cancels a departure: the discharge date it carries is the cancelled one, not the stay's
            LocalDate departure = type == CHECK_OUT_CANCELLED ? null : date(pv1, 45);
            LocalDate eventDay = writtenDate(message);
            if (arrival == null && type == CHECKED_IN) arrival = eventDay;
            if (departure == null && type == CHECKED_OUT) departure = eventDay;
            if (arrival != null && departure != null && departure.isBefore(arrival))
                throw Hl7Problem.error(ErrorCode.DATA_TYPE_ERROR, "PV1", 45, 0, "departure " + departure
                        + " is before arrival " + arrival + " (PV1-44)");
            GuestProfile guest = guests.guest(pid, pv1, ids, evidence);
            Reservation stay = new Reservation(property, confirmation, arrival, departure, null, room, null, null,
                    null, STATUS.get(type), null, null, null);
            record = new CanonicalRecord(new SourceRef(system, RecordKind.RESERVATION, confirmation), ids.guestKey(),
                    guest.isEmpty() ? null : guest, stay);
        }
        checkLimits(record);
        // a time written without an offset is the property's local time, whatever zone this server runs in
        Instant occurredAt = occurredAt(message, options.zone(property, guests.zone()));
        return new InboundEvent(CHANNEL, sender, h.controlId(), type, occurredAt, record, priorRoom, absorbed, property,
                null, text, evidence.flags());
    }

    /**
     * The fields are checked against their limits as they are read, each AE naming its HL7 field; this catches what
     * is built from several (a name's full form from its parts), so nothing reaches the store over its limit.
     */
    private static void checkLimits(CanonicalRecord record) {
        List<FieldLimit.Breach> tooLong = FieldLimit.breaches(record);
        if (tooLong.isEmpty()) return;
        FieldLimit.Breach b = tooLong.get(0);
        int component = switch (b.limit()) {
            case FAMILY_NAME -> 1;
            case GIVEN_NAME -> 2;
            case TITLE -> 5;
            default -> 0;
        };
        boolean name = b.limit().field().startsWith("guest.");
        throw Hl7Problem.error(ErrorCode.DATA_TYPE_ERROR, name ? "PID" : "PV1", name ? 5 : 0, component, b.toString());
    }

    /** AR checks on the header alone, before the cost of a full parse. */
    private static void checkHeader(MessageHeader h) {
        if (!h.present())
            throw Hl7Problem.reject(ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH", 0, "the message does not start with an MSH segment");
        if (!h.delimitersValid())
            throw Hl7Problem.reject(ErrorCode.DATA_TYPE_ERROR, "MSH", 2, "MSH-2 is not four distinct encoding characters");
        if (h.controlId().isEmpty())
            throw Hl7Problem.reject(ErrorCode.REQUIRED_FIELD_MISSING, "MSH", 10, "MSH-10 (message control id) is empty");
        if (h.controlId().length() > MAX_CONTROL_ID)
            throw Hl7Problem.reject(ErrorCode.DATA_TYPE_ERROR, "MSH", 10, "MSH-10 is " + h.controlId().length()
                    + " characters, more than " + MAX_CONTROL_ID);
        if (h.first(h.sendingApplication()).isEmpty())
            throw Hl7Problem.reject(ErrorCode.REQUIRED_FIELD_MISSING, "MSH", 3,
                    "MSH-3 (sending application) is empty: control ids and guest keys are scoped by it");
        if (h.first(h.sendingApplication()).length() > MAX_SYSTEM)
            throw Hl7Problem.reject(ErrorCode.DATA_TYPE_ERROR, "MSH", 3, "MSH-3 is longer than " + MAX_SYSTEM + " characters");
        if (!VERSIONS.contains(h.version()))
            throw Hl7Problem.reject(ErrorCode.UNSUPPORTED_VERSION_ID, "MSH", 12, "version '" + shown(h.version())
                    + "' is not supported (2.3 to 2.8)");
        if (!"ADT".equals(h.messageType()))
            throw Hl7Problem.reject(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "MSH", 9, "message type '"
                    + shown(h.messageType()) + "' is not supported (ADT only)");
        if (!h.processingId().isEmpty() && !PROCESSING_IDS.contains(h.processingId()))
            throw Hl7Problem.reject(ErrorCode.UNSUPPORTED_PROCESSING_ID, "MSH", 11, "processing id '"
                    + shown(h.processingId()) + "' is not supported (P, T or D)");
        if (!h.triggerEvent().isEmpty() && !EVENTS.containsKey(h.triggerEvent())) throw unsupportedEvent(h.triggerEvent());
    }

    private static Hl7Problem unsupportedEvent(String trigger) {
        return Hl7Problem.reject(ErrorCode.UNSUPPORTED_EVENT_CODE, "MSH", 9, "event '" + shown(trigger)
                + "' is not supported (A01, A02, A03, A04, A05, A08, A11, A12, A13, A40)");
    }

    private static Message parse(String text) {
        try {
            return Hapi.parser().parse(text);
        } catch (HL7Exception e) {
            // HAPI's message may quote the message text (personal data): the ERR and the log get its kind and place
            int hapiCode = e.getErrorCode();
            ErrorCode code = hapiCode >= 100 && hapiCode < 200 ? ErrorCode.errorCodeFor(hapiCode) : ErrorCode.SEGMENT_SEQUENCE_ERROR;
            String where = e.getLocation() == null ? "" : " at " + e.getLocation();
            throw Hl7Problem.reject(code, "the message cannot be parsed as HL7 v2 (" + e.getClass().getSimpleName()
                    + where + ")", e);
        } catch (RuntimeException e) {
            // HAPI throws unchecked exceptions on some broken input (fuzzing finds them): still an AR, not a crash
            throw Hl7Problem.reject(ErrorCode.SEGMENT_SEQUENCE_ERROR, "the message cannot be parsed as HL7 v2 ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** EVN-1's first component, read from the text (the message is not parsed yet); "" when absent. */
    private static String evn1(String text, MessageHeader h) {
        String prefix = "EVN" + h.fieldSeparator();
        for (String segment : text.split("\r")) {
            if (!segment.startsWith(prefix)) continue;
            String[] fields = segment.split(java.util.regex.Pattern.quote(String.valueOf(h.fieldSeparator())), 3);
            String code = fields.length > 1 ? fields[1] : "";
            int c = code.indexOf(h.encodingCharacters().charAt(0));
            return (c < 0 ? code : code.substring(0, c)).strip();
        }
        return "";
    }

    /** The text with MSH-9 set to {@code <type>^<event>}. */
    private static String withEvent(String text, MessageHeader h, String event) {
        int end = text.indexOf('\r');
        String msh = end < 0 ? text : text.substring(0, end);
        String fs = String.valueOf(h.fieldSeparator());
        String[] fields = msh.split(java.util.regex.Pattern.quote(fs), -1);
        if (fields.length < 9) return text;
        fields[8] = h.messageType() + h.encodingCharacters().charAt(0) + event; // index 8 = MSH-9 (MSH-1 is fs)
        return String.join(fs, fields) + (end < 0 ? "" : text.substring(end));
    }

    private String property(MessageHeader h, Segment pv1) {
        String facility = pv1 == null ? null : get(pv1, 3, 0, 4);
        boolean fromPv1 = facility != null;
        if (!fromPv1) facility = blankToNull(h.first(h.sendingFacility()));
        String property = options.property(facility);
        if (property == null)
            throw Hl7Problem.error(ErrorCode.REQUIRED_FIELD_MISSING, "MSH", 4, 1, "no property: PV1-3.4 and MSH-4 are "
                    + "empty and guestlink.hl7.property is not set");
        return fromPv1 ? limit(property, FieldLimit.PROPERTY, "PV1", 3, 4)
                : limit(property, FieldLimit.PROPERTY, "MSH", 4, 1);
    }

    /** PV1-19 visit number, else PID-18 account number, else PV1-50 alternate visit id. */
    private static String confirmation(Segment pid, Segment pv1) {
        String c = get(pv1, 19, 0, 1);
        if (c == null) c = get(pid, 18, 0, 1);
        if (c == null) c = get(pv1, 50, 0, 1);
        if (c == null)
            throw Hl7Problem.error(ErrorCode.REQUIRED_FIELD_MISSING, "PV1", 19, 1, "no reservation number: PV1-19 "
                    + "(visit number), PID-18 (account number) and PV1-50 are empty");
        return limit(c, FieldLimit.CONFIRMATION_NUMBER, "PV1", 19, 1);
    }

    /** PL room (component 2), else point of care (component 1) for senders that put the room first. */
    private static String room(Segment pv1, int field) {
        String room = get(pv1, field, 0, 2);
        if (room == null) room = get(pv1, field, 0, 1);
        return limit(room, FieldLimit.ROOM_NUMBER, "PV1", field, 2);
    }

    /**
     * The date as written (first 8 digits): PV1-44/45 are the property's local date and time, and converting an
     * offset to this JVM's zone could move a late check-in to the next day.
     */
    private static LocalDate date(Segment s, int field) {
        String v = get(s, field, 0, 1);
        if (v == null) return null;
        LocalDate d = yyyymmdd(v);
        if (d == null)
            throw Hl7Problem.error(ErrorCode.DATA_TYPE_ERROR, s.getName(), field, 0, s.getName() + "-" + field + " '"
                    + shown(v) + "' is not a date (YYYYMMDD[HHMM[SS]][+ZZZZ])");
        return d;
    }

    /**
     * EVN-6 (event occurred), else EVN-2 (recorded), else MSH-7; unreadable values are skipped. A value with a UTC
     * offset is that instant; one without is a local time of {@code zone} (the property's), not of this JVM's zone.
     */
    private static Instant occurredAt(Message m, ZoneId zone) {
        for (String v : eventTimes(m)) {
            try {
                DTM dtm = new DTM(m);
                dtm.setValue(v);
                if (WITH_OFFSET.matcher(v).find()) return dtm.getValueAsDate().toInstant();
                LocalDateTime local = LocalDateTime.of(dtm.getYear(), Math.max(1, dtm.getMonth()), Math.max(1, dtm.getDay()),
                        dtm.getHour(), dtm.getMinute(), dtm.getSecond(), Math.round(dtm.getFractSecond() * 1_000_000) * 1_000);
                return local.atZone(zone).toInstant();
            } catch (HL7Exception | RuntimeException e) {
                // next candidate
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern WITH_OFFSET = java.util.regex.Pattern.compile("[+-]\\d{4}$");

    /** The calendar day of the event as the sender wrote it (same candidates as {@link #occurredAt}). */
    private static LocalDate writtenDate(Message m) {
        for (String v : eventTimes(m)) {
            LocalDate d = yyyymmdd(v);
            if (d != null) return d;
        }
        return null;
    }

    private static List<String> eventTimes(Message m) {
        List<String> out = new ArrayList<>(3);
        Segment evn = first(m, "EVN");
        if (evn != null) {
            addIfPresent(out, get(evn, 6, 0, 1));
            addIfPresent(out, get(evn, 2, 0, 1));
        }
        Segment msh = first(m, "MSH");
        if (msh != null) addIfPresent(out, get(msh, 7, 0, 1));
        return out;
    }

    private String absorbedKey(Message m, String system, String sender) {
        List<Segment> mrgs = all(m, "MRG");
        if (mrgs.isEmpty()) throw Hl7Problem.error(ErrorCode.SEGMENT_SEQUENCE_ERROR, "MRG", 0, 0, "an A40 without an MRG segment");
        if (mrgs.size() > 1)
            throw Hl7Problem.error(ErrorCode.SEGMENT_SEQUENCE_ERROR, "MRG", 0, 0, "an A40 with " + mrgs.size()
                    + " merges: send one merge per message");
        String key = guests.identifiers(mrgs.get(0), 1, system, sender).guestKey();
        if (key == null) throw Hl7Problem.error(ErrorCode.REQUIRED_FIELD_MISSING, "MRG", 1, 1, "MRG-1 names no guest to absorb");
        return key;
    }

    private static void addIfPresent(List<String> out, String v) {
        if (v != null) out.add(v);
    }

    /** A header value quoted in an error: short, printable. */
    private static String shown(String v) {
        String s = v == null ? "" : v.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

package io.guestlink.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.identity.names.NameLists;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The store side of real-time messages (HL7 ADT, JSON events): which messages were applied and the guest event each
 * produced, what a message is about (the stay's stored values, its guest's profile), a source's own guest merge and a
 * property's business date. Every method works inside the caller's transaction: a message is remembered in the same
 * transaction as what it changed, so the primary key on (system, message id) stops a second copy racing the first.
 */
public final class GuestEvents {
    private static final ObjectMapper JSON = Payloads.READER;

    private static final String EVENT_COLUMNS = "e.id, e.event_type, e.system, e.message_id, e.property, e.profile_id, "
            + "e.confirmation, e.room_no, e.prior_room_no, e.arrival, e.departure, e.occurred_at, e.business_date";

    private final GoldenRecords golden;
    private final IdBlocks lines;

    /** @param golden how the surviving profile's golden row is recomputed after a source merge */
    public GuestEvents(Database db, GoldenRecords golden) {
        this.golden = golden;
        this.lines = new IdBlocks("inbound_line_ids", db.isPostgres());
    }

    /** The event each message produced, for the messages of this sender that were applied before. */
    public Map<String, GuestEvent> previous(Transaction tx, String system, Collection<String> messageIds) {
        return tx.sql("looking up " + messageIds.size() + " messages of " + system, c -> {
            Map<String, GuestEvent> out = new HashMap<>();
            Sql.in(c, "SELECT " + EVENT_COLUMNS + " FROM inbound_message m JOIN guest_event e ON e.id = m.event_id "
                    + "WHERE m.system = ? AND m.message_id", List.of(system), new LinkedHashSet<>(messageIds), rs -> {
                GuestEvent ev = event(rs);
                out.put(ev.messageId(), ev);
            });
            return out;
        });
    }

    /** The event a message produced, if the message was applied before. */
    public Optional<GuestEvent> previous(Transaction tx, String system, String messageId) {
        return tx.sql("looking up message " + messageId + " of " + system, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM inbound_message m JOIN guest_event e "
                    + "ON e.id = m.event_id WHERE m.system = ? AND m.message_id = ?")) {
                ps.setString(1, system);
                ps.setString(2, messageId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(event(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The stored event with this id. */
    public Optional<GuestEvent> event(Transaction tx, long id) {
        return tx.sql("reading guest event " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM guest_event e WHERE e.id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(event(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Journal line numbers for this many messages (messages have no file: their lines come from one sequence). */
    public long[] journalLines(Transaction tx, int messages) {
        return tx.sql("numbering " + messages + " messages", c -> lines.take(c, messages));
    }

    /**
     * HL7 messages and thin JSON events often carry only part of a stay (a room move names the room, not the rate):
     * what the message leaves empty keeps the value stored for the same record, so a partial message never erases.
     *
     * @param earlier the same record as an earlier message of the same group built it (not stored yet), or null
     */
    public CanonicalRecord withStoredValues(Transaction tx, CanonicalRecord fresh, CanonicalRecord earlier) {
        String stored = earlier == null ? tx.sql("reading a stored record of " + fresh.ref().system(), c -> storedPayload(c, fresh))
                : Payloads.json(earlier);
        if (stored == null) return fresh;
        try {
            JsonNode old = JSON.readTree(stored);
            JsonNode now = JSON.valueToTree(fresh);
            ObjectNode merged = (ObjectNode) overlay(now, old);
            JsonNode guest = merged.get("guest");
            JsonNode fact = merged.get("fact");
            String guestKey = merged.hasNonNull("guestKey") ? merged.get("guestKey").asText() : null;
            GuestProfile profile = guest == null || guest.isNull() ? null : JSON.treeToValue(guest, GuestProfile.class);
            JsonNode storedGuest = old.get("guest");
            if (profile != null && fresh.guest() != null && storedGuest != null && !storedGuest.isNull()) {
                // names in another script than the update's stay: a Latin reading never replaces the Han name
                profile = withNames(profile, NameLists.update(JSON.treeToValue(storedGuest, GuestProfile.class).names(),
                        fresh.guest().names()));
            }
            return new CanonicalRecord(fresh.ref(), guestKey, profile,
                    fact == null || fact.isNull() ? null : JSON.treeToValue(fact, factType(fresh)));
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("stored record " + fresh.ref().key() + " cannot be read back: " + ex.getMessage(), ex);
        }
    }

    // everything but the names as read (unverified contact values too: a copy field by field forgot them)
    private static GuestProfile withNames(GuestProfile g, List<PersonName> names) {
        return g.withNames(names);
    }

    private static String storedPayload(Connection c, CanonicalRecord fresh) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM source_record WHERE source_key = ? AND system = ? "
                + "AND record_kind = ?")) {
            ps.setString(1, fresh.ref().key());
            ps.setString(2, fresh.ref().system());
            ps.setString(3, fresh.ref().kind().name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Class<? extends Fact> factType(CanonicalRecord r) {
        return switch (r.ref().kind()) {
            case RESERVATION -> Reservation.class;
            case FOLIO -> FolioLine.class;
            case POS_TICKET -> PosTicket.class;
            case GUEST_PROFILE -> Fact.class;
        };
    }

    /** Values of {@code fresh} win; where it has nothing (null, empty list or object), the stored value stays. */
    static JsonNode overlay(JsonNode fresh, JsonNode stored) {
        if (!(fresh instanceof ObjectNode f) || !(stored instanceof ObjectNode)) return fresh;
        ObjectNode out = f.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> en = it.next();
            JsonNode v = out.get(en.getKey());
            if (v == null || v.isNull() || (v.isContainerNode() && v.isEmpty())) out.set(en.getKey(), en.getValue());
            else if (v.isObject()) out.set(en.getKey(), overlay(v, en.getValue()));
        }
        return out;
    }

    /** The live profile of a profile (its merge's survivor, or itself), or null for none. */
    public Long liveProfile(Transaction tx, Long profile) {
        if (profile == null) return null;
        return tx.sql("finding the live profile of a record's guest", c -> GoldenRecords.live(c, List.of(profile)).get(profile));
    }

    /** The profile a source system's own guest key belongs to, or null when that guest never came. */
    public Long sourceGuestProfile(Transaction tx, String system, String guestKey) {
        return tx.sql("finding a guest of " + system, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_id FROM profile_key WHERE identity_key = ?")) {
                ps.setString(1, "SRC:" + system + ":" + guestKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : null;
                }
            }
        });
    }

    /**
     * A source says two of its guests are one person: their live profiles become one (rule {@code source-merge}, the
     * message as evidence) unless they already are. Callers hold the identity lock ({@link BatchWriter#inIdentityChange}).
     *
     * @return the live profile both guests now belong to
     */
    public long joinSourceGuests(Transaction tx, long survivor, long absorbed, String system, String messageId, String by) {
        return tx.sql("joining two guests of " + system, c -> {
            Map<Long, Long> live = GoldenRecords.live(c, List.of(survivor, absorbed));
            long a = live.get(survivor), b = live.get(absorbed);
            if (a != b) {
                String evidence = Payloads.json(Map.of("system", system, "message", messageId));
                MergeWrites.merge(c, a, b, "source-merge", null, null, evidence, by);
                golden.recompute(c, Set.of(a));
            }
            return a;
        });
    }

    /** A night audit closed the day: the property's business date moves forward, never back (messages may come late). */
    public void advanceBusinessDate(Transaction tx, String property, LocalDate businessDate) {
        tx.sql("moving the business date of " + property, c -> {
            LocalDate current = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT business_date FROM business_date WHERE property = ?")) {
                ps.setString(1, property);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) current = rs.getObject(1, LocalDate.class);
                }
            }
            if (current == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO business_date (property, business_date, updated_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, property);
                    ps.setObject(2, businessDate);
                    ps.setObject(3, ImportJournal.now());
                    ps.executeUpdate();
                }
            } else if (businessDate.isAfter(current)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE business_date SET business_date = ?, updated_at = ? WHERE property = ?")) {
                    ps.setObject(1, businessDate);
                    ps.setObject(2, ImportJournal.now());
                    ps.setString(3, property);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /**
     * Writes the guest event a message produced (for the alert rules) and remembers the message as applied. A copy
     * of a message already remembered fails on the primary key and, with it, the caller's whole transaction.
     *
     * @param fact the stay or ticket the event is about (its property, confirmation, room and dates), or null
     */
    public GuestEvent remember(Transaction tx, InboundEvent e, Fact fact, Long profile, LocalDate businessDate) {
        return tx.sql("remembering message " + e.messageId() + " of " + e.system(), c -> insertEvent(c, e, fact, profile, businessDate));
    }

    private static GuestEvent insertEvent(Connection c, InboundEvent e, Fact fact, Long profile, LocalDate businessDate)
            throws SQLException {
        String property = e.property(), confirmation = null, room = null;
        LocalDate arrival = null, departure = null;
        if (fact instanceof Reservation r) {
            property = r.property() != null ? r.property() : property;
            confirmation = r.confirmationNumber();
            room = r.roomNumber();
            arrival = r.arrival();
            departure = r.departure();
        } else if (fact instanceof PosTicket t) {
            property = t.property() != null ? t.property() : property;
            confirmation = t.ticketNumber();
            room = t.roomNumber();
        }
        Instant occurred = e.occurredAt() != null ? e.occurredAt() : Instant.now();
        long id;
        // the record the event is about, so the alert rules read the live profile of that record when they evaluate
        String record = e.record() == null ? "NULL" : "(SELECT id FROM source_record WHERE source_key = ? AND system = ? "
                + "AND record_kind = ?)";
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO guest_event (event_type, system, message_id, property, "
                + "profile_id, confirmation, room_no, prior_room_no, arrival, departure, occurred_at, business_date, stored_at, "
                + "record_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?," + record + ")", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, e.type().name());
            ps.setString(2, e.system());
            ps.setString(3, e.messageId());
            ps.setString(4, property);
            Sql.setLong(ps, 5, profile);
            ps.setString(6, confirmation);
            ps.setString(7, room);
            ps.setString(8, e.priorRoom());
            ps.setObject(9, arrival);
            ps.setObject(10, departure);
            ps.setObject(11, occurred.atOffset(ZoneOffset.UTC));
            ps.setObject(12, businessDate);
            ps.setObject(13, ImportJournal.now());
            if (e.record() != null) {
                ps.setString(14, e.record().ref().key());
                ps.setString(15, e.record().ref().system());
                ps.setString(16, e.record().ref().kind().name());
            }
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbound_message (system, message_id, channel, event_type, "
                + "received_at, event_id) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, e.system());
            ps.setString(2, e.messageId());
            ps.setString(3, e.channel());
            ps.setString(4, e.type().name());
            ps.setObject(5, ImportJournal.now());
            ps.setLong(6, id);
            ps.executeUpdate();
        }
        return new GuestEvent(id, e.type(), e.system(), e.messageId(), property, profile, confirmation, room,
                e.priorRoom(), arrival, departure, occurred, businessDate);
    }

    static GuestEvent event(ResultSet rs) throws SQLException {
        java.time.OffsetDateTime at = rs.getObject(12, java.time.OffsetDateTime.class);
        return new GuestEvent(rs.getLong(1), GuestEventType.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getObject(6, Long.class), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getObject(10, LocalDate.class), rs.getObject(11, LocalDate.class), at == null ? null : at.toInstant(),
                rs.getObject(13, LocalDate.class));
    }
}

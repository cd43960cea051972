package io.guestlink.store;

import io.guestlink.model.StoreRow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestlink.event.EventRejected;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.model.Masking;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Applies real-time messages (HL7 ADT, JSON events) to the store, once per (system, message id). A message's record
 * goes through the same {@link BatchWriter} as a file row (record-level idempotency, history, identity keys, journal),
 * and in that same transaction the message is remembered and one guest_event row is written for the alert rules.
 * So when {@link #apply} returns, the sender may be acknowledged: a crash afterwards re-evaluates the event, and a
 * message re-sent after a lost acknowledgement changes nothing.
 */
public final class EventIntake {
    private static final ObjectMapper JSON = Payloads.READER;

    private final Database db;
    private final BatchWriter writer;
    private final ImportJournal journal;
    private final GoldenRecords golden;
    private final IdBlocks lines;
    private final Map<String, Long> runs = new ConcurrentHashMap<>();

    public EventIntake(Database db, BatchWriter writer, ImportJournal journal, GoldenRecords golden) {
        this.db = db;
        this.writer = writer;
        this.journal = journal;
        this.golden = golden;
        this.lines = new IdBlocks("inbound_line_ids", db.isPostgres());
    }

    /** What applying a message did: {@code duplicate} when it had been applied before (then the event is the first one). */
    public record Applied(boolean duplicate, GuestEvent event) {
    }

    /**
     * Applies one message and returns once it is committed. Callers on several connections at once are served by
     * group commit: whoever holds the writer applies every message waiting at that moment in one transaction (one
     * commit instead of one per message), so throughput grows with concurrency instead of queueing behind commits.
     */
    public Applied apply(InboundEvent e) {
        Waiting mine = new Waiting(e, new CompletableFuture<>());
        waiting.add(mine);
        while (!mine.result.isDone()) {
            leader.lock();
            try {
                if (mine.result.isDone()) break;
                List<Waiting> group = new ArrayList<>();
                for (Waiting w; group.size() < MAX_GROUP && (w = waiting.poll()) != null; ) group.add(w);
                applyGroup(group);
            } finally {
                leader.unlock();
            }
        }
        try {
            return mine.result.join();
        } catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException r) throw r;
            throw ex;
        }
    }

    private static final int MAX_GROUP = 200;
    private final ReentrantLock leader = new ReentrantLock();
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    private record Waiting(InboundEvent event, CompletableFuture<Applied> result) {
    }

    /** Consecutive record messages of one sender and kind share a transaction; merges and business dates go alone. */
    private void applyGroup(List<Waiting> group) {
        List<Waiting> batch = new ArrayList<>();
        for (Waiting w : group) {
            if (!batch.isEmpty() && !sameBatch(batch.get(0).event, w.event)) {
                applyBatch(batch);
                batch = new ArrayList<>();
            }
            if (isRecordMessage(w.event)) batch.add(w);
            else complete(w, () -> applyOne(w.event));
        }
        if (!batch.isEmpty()) applyBatch(batch);
    }

    private static boolean isRecordMessage(InboundEvent e) {
        return e.type() != GuestEventType.PROFILES_MERGED && e.type() != GuestEventType.BUSINESS_DATE_ADVANCED && e.record() != null;
    }

    private static boolean sameBatch(InboundEvent a, InboundEvent b) {
        return isRecordMessage(b) && sourceId(a).equals(sourceId(b)) && a.record().ref().system().equals(b.record().ref().system())
                && a.record().ref().kind() == b.record().ref().kind();
    }

    private static void complete(Waiting w, java.util.function.Supplier<Applied> work) {
        try {
            w.result.complete(work.get());
        } catch (RuntimeException ex) {
            w.result.completeExceptionally(ex);
        }
    }

    private Applied applyOne(InboundEvent e) {
        Optional<GuestEvent> seen = previous(e.system(), e.messageId());
        if (seen.isPresent()) return new Applied(true, seen.get());
        try {
            GuestEvent stored = switch (e.type()) {
                case PROFILES_MERGED -> merge(e);
                case BUSINESS_DATE_ADVANCED -> businessDate(e);
                default -> record(List.of(e)).get(0);
            };
            return new Applied(false, stored);
        } catch (StoreException ex) {
            // another node (or connection) applied the same message first: its primary key stopped ours
            Optional<GuestEvent> again = previous(e.system(), e.messageId());
            if (again.isPresent()) return new Applied(true, again.get());
            throw ex;
        }
    }

    /** Many record messages in one transaction; if that fails, each alone, so one bad message fails only itself. */
    private void applyBatch(List<Waiting> batch) {
        if (batch.size() == 1) {
            complete(batch.get(0), () -> applyOne(batch.get(0).event));
            return;
        }
        Map<String, GuestEvent> before = previous(batch.get(0).event.system(), batch.stream().map(w -> w.event.messageId()).toList());
        Map<String, Waiting> first = new LinkedHashMap<>();
        List<Waiting> copies = new ArrayList<>();
        for (Waiting w : batch) {
            GuestEvent seen = before.get(w.event.messageId());
            if (seen != null) w.result.complete(new Applied(true, seen));
            else if (first.putIfAbsent(w.event.messageId(), w) != null) copies.add(w); // sent twice within the group
        }
        List<Waiting> fresh = new ArrayList<>(first.values());
        if (!fresh.isEmpty()) {
            try {
                List<GuestEvent> stored = record(fresh.stream().map(Waiting::event).toList());
                for (int i = 0; i < fresh.size(); i++) fresh.get(i).result.complete(new Applied(false, stored.get(i)));
            } catch (RuntimeException ex) {
                for (Waiting w : fresh) complete(w, () -> applyOne(w.event));
            }
        }
        for (Waiting w : copies) {
            Waiting original = first.get(w.event.messageId());
            complete(w, () -> {
                Applied a = original.result.join();
                return new Applied(true, a.event());
            });
        }
    }

    private Map<String, GuestEvent> previous(String system, List<String> messageIds) {
        Map<String, GuestEvent> out = new HashMap<>();
        try (Connection c = db.connection()) {
            Sql.in(c, "SELECT " + EVENT_COLUMNS + " FROM inbound_message m JOIN guest_event e ON e.id = m.event_id "
                    + "WHERE m.system = ? AND m.message_id", List.of(system), new LinkedHashSet<>(messageIds), rs -> {
                GuestEvent ev = event(rs);
                out.put(ev.messageId(), ev);
            });
            return out;
        } catch (SQLException ex) {
            throw new StoreException("cannot look up " + messageIds.size() + " messages of " + system, ex);
        }
    }

    /** The event a message produced, if the message was applied before. */
    public Optional<GuestEvent> previous(String system, String messageId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM inbound_message m JOIN guest_event e "
                     + "ON e.id = m.event_id WHERE m.system = ? AND m.message_id = ?")) {
            ps.setString(1, system);
            ps.setString(2, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(event(rs)) : Optional.empty();
            }
        } catch (SQLException ex) {
            throw new StoreException("cannot look up message " + messageId + " of " + system, ex);
        }
    }

    /** The stored event with this id. */
    public Optional<GuestEvent> event(long id) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM guest_event e WHERE e.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(event(rs)) : Optional.empty();
            }
        } catch (SQLException ex) {
            throw new StoreException("cannot read guest event " + id, ex);
        }
    }

    /** Messages of one sender and record kind, in order, in one transaction: their records, journal rows and events. */
    private List<GuestEvent> record(List<InboundEvent> messages) {
        InboundEvent head = messages.get(0);
        if (head.record() == null)
            throw new EventRejected(null, null, head.type() + " message " + head.messageId() + " carries no reservation or ticket");
        String sourceId = sourceId(head);
        long runId = run(sourceId);
        List<StoreRow> rows = new ArrayList<>();
        List<CanonicalRecord> merged = new ArrayList<>();
        try (Connection c = db.connection()) {
            long[] lineNos = lines.take(c, messages.size());
            Map<String, CanonicalRecord> latest = new HashMap<>(); // a later message in the group builds on an earlier one
            for (int i = 0; i < messages.size(); i++) {
                InboundEvent e = messages.get(i);
                CanonicalRecord r = withStoredValues(c, e.record(), latest.get(e.record().ref().key()));
                latest.put(r.ref().key(), r);
                merged.add(r);
                rows.add(StoreRow.mapped(lineNos[i], e.raw(), r));
            }
        } catch (SQLException ex) {
            throw new StoreException("cannot prepare message " + head.messageId() + " of " + head.system(), ex);
        }
        List<GuestEvent> out = new ArrayList<>();
        writer.write(runId, sourceId, rows, c -> {
            for (int i = 0; i < messages.size(); i++)
                out.add(insertEvent(c, messages.get(i), merged.get(i).fact(), profileOf(c, merged.get(i)), null));
        });
        return out;
    }

    /** HL7 A40 and the like: the source says two of its guest records are one person. */
    private GuestEvent merge(InboundEvent e) {
        String system = e.record() == null ? e.system() : e.record().ref().system();
        String survivorKey = e.record() == null ? null : e.record().guestKey();
        if (survivorKey == null) throw new EventRejected("guest key", null, "a merge must name the surviving guest");
        if (e.absorbedGuestKey() == null) throw new EventRejected("absorbed guest key", null, "a merge must name the guest merged away");
        writer.identityLock().lock();
        try {
            return Tx.run(db, "merge message " + e.messageId(), c -> {
                Long survivor = sourceProfile(c, system, survivorKey);
                Long absorbed = sourceProfile(c, system, e.absorbedGuestKey());
                if (survivor == null) throw new EventRejected("guest key", Masking.idNumber(survivorKey), "no guest with this key from " + system);
                if (absorbed == null)
                    throw new EventRejected("absorbed guest key", Masking.idNumber(e.absorbedGuestKey()), "no guest with this key from " + system);
                Map<Long, Long> live = GoldenRecords.live(c, List.of(survivor, absorbed));
                long a = live.get(survivor), b = live.get(absorbed);
                if (a != b) {
                    String evidence = Payloads.json(Map.of("system", system, "message", e.messageId()));
                    MergeWrites.merge(c, a, b, "source-merge", null, null, evidence, e.system());
                    golden.recompute(c, Set.of(a));
                }
                return insertEvent(c, e, null, a, null);
            });
        } finally {
            writer.identityLock().unlock();
        }
    }

    /** A night audit closed the day: the property's business date moves forward, never back (messages may come late). */
    private GuestEvent businessDate(InboundEvent e) {
        if (e.property() == null || e.property().isBlank()) throw new EventRejected("property", null, "a business date needs its property");
        if (e.businessDate() == null) throw new EventRejected("businessDate", null, "the new business date is missing");
        return Tx.run(db, "business date of " + e.property(), c -> {
            LocalDate current = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT business_date FROM business_date WHERE property = ?")) {
                ps.setString(1, e.property());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) current = rs.getObject(1, LocalDate.class);
                }
            }
            if (current == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO business_date (property, business_date, updated_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, e.property());
                    ps.setObject(2, e.businessDate());
                    ps.setObject(3, ImportJournal.now());
                    ps.executeUpdate();
                }
            } else if (e.businessDate().isAfter(current)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE business_date SET business_date = ?, updated_at = ? WHERE property = ?")) {
                    ps.setObject(1, e.businessDate());
                    ps.setObject(2, ImportJournal.now());
                    ps.setString(3, e.property());
                    ps.executeUpdate();
                }
            }
            return insertEvent(c, e, null, null, e.businessDate());
        });
    }

    /**
     * HL7 messages and thin JSON events often carry only part of a stay (a room move names the room, not the rate):
     * what the message leaves empty keeps the value stored for the same record, so a partial message never erases.
     */
    private static CanonicalRecord withStoredValues(Connection c, CanonicalRecord fresh, CanonicalRecord earlier) throws SQLException {
        String stored = earlier == null ? null : Payloads.json(earlier);
        if (stored == null) try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM source_record WHERE source_key = ? AND system = ? "
                + "AND record_kind = ?")) {
            ps.setString(1, fresh.ref().key());
            ps.setString(2, fresh.ref().system());
            ps.setString(3, fresh.ref().kind().name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) stored = rs.getString(1);
            }
        }
        if (stored == null) return fresh;
        try {
            JsonNode old = JSON.readTree(stored);
            JsonNode now = JSON.valueToTree(fresh);
            ObjectNode merged = (ObjectNode) overlay(now, old);
            JsonNode guest = merged.get("guest");
            JsonNode fact = merged.get("fact");
            String guestKey = merged.hasNonNull("guestKey") ? merged.get("guestKey").asText() : null;
            return new CanonicalRecord(fresh.ref(), guestKey,
                    guest == null || guest.isNull() ? null : JSON.treeToValue(guest, GuestProfile.class),
                    fact == null || fact.isNull() ? null : JSON.treeToValue(fact, factType(fresh)));
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("stored record " + fresh.ref().key() + " cannot be read back: " + ex.getMessage(), ex);
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

    private static Long profileOf(Connection c, CanonicalRecord r) throws SQLException {
        Long profile = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT profile_id FROM source_record WHERE source_key = ? AND system = ? "
                + "AND record_kind = ?")) {
            ps.setString(1, r.ref().key());
            ps.setString(2, r.ref().system());
            ps.setString(3, r.ref().kind().name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) profile = (Long) rs.getObject(1, Long.class);
            }
        }
        return profile == null ? null : GoldenRecords.live(c, List.of(profile)).get(profile);
    }

    private static Long sourceProfile(Connection c, String system, String guestKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT profile_id FROM profile_key WHERE identity_key = ?")) {
            ps.setString(1, "SRC:" + system + ":" + guestKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static final String EVENT_COLUMNS = "e.id, e.event_type, e.system, e.message_id, e.property, e.profile_id, "
            + "e.confirmation, e.room_no, e.prior_room_no, e.arrival, e.departure, e.occurred_at, e.business_date";

    static GuestEvent event(ResultSet rs) throws SQLException {
        java.time.OffsetDateTime at = rs.getObject(12, java.time.OffsetDateTime.class);
        return new GuestEvent(rs.getLong(1), GuestEventType.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getObject(6, Long.class), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getObject(10, LocalDate.class), rs.getObject(11, LocalDate.class), at == null ? null : at.toInstant(),
                rs.getObject(13, LocalDate.class));
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
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO guest_event (event_type, system, message_id, property, "
                + "profile_id, confirmation, room_no, prior_room_no, arrival, departure, occurred_at, business_date, stored_at) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
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

    private static String sourceId(InboundEvent e) {
        String id = e.channel() + ":" + e.system();
        return id.length() <= 64 ? id : id.substring(0, 64);
    }

    /** Messages of one sender share one journal run (like one endless file), so `runs` and `rejects` show them. */
    private long run(String sourceId) {
        return runs.computeIfAbsent(sourceId, s -> journal.start(s, s + " messages", "messages", 0, null).id());
    }
}

package io.guestlink.pipeline;

import io.guestlink.event.EventRejected;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.Masking;
import io.guestlink.model.StoreRow;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.GuestEvents;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.StoreException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * message re-sent after a lost acknowledgement changes nothing. This class strings the store calls together
 * ({@link GuestEvents} holds their SQL) and shares commits between senders.
 */
public final class EventIntake {
    private final Database db;
    private final BatchWriter writer;
    private final ImportJournal journal;
    private final GuestEvents events;
    private final Map<String, Long> runs = new ConcurrentHashMap<>();

    public EventIntake(Database db, BatchWriter writer, ImportJournal journal, GoldenRecords golden) {
        this.db = db;
        this.writer = writer;
        this.journal = journal;
        this.events = new GuestEvents(db, golden);
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
        return db.withoutTransaction("look up " + messageIds.size() + " messages of " + system,
                tx -> events.previous(tx, system, messageIds));
    }

    /** The event a message produced, if the message was applied before. */
    public Optional<GuestEvent> previous(String system, String messageId) {
        return db.withoutTransaction("look up message " + messageId + " of " + system, tx -> events.previous(tx, system, messageId));
    }

    /** The stored event with this id. */
    public Optional<GuestEvent> event(long id) {
        return db.withoutTransaction("read guest event " + id, tx -> events.event(tx, id));
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
        db.withoutTransaction("prepare message " + head.messageId() + " of " + head.system(), tx -> {
            long[] lineNos = events.journalLines(tx, messages.size());
            Map<String, CanonicalRecord> latest = new HashMap<>(); // a later message in the group builds on an earlier one
            for (int i = 0; i < messages.size(); i++) {
                InboundEvent e = messages.get(i);
                CanonicalRecord r = events.withStoredValues(tx, e.record(), latest.get(e.record().ref().key()));
                latest.put(r.ref().key(), r);
                merged.add(r);
                rows.add(StoreRow.mapped(lineNos[i], e.raw(), r));
            }
            return null;
        });
        // the messages are remembered in the batch's own transaction: a copy racing this one fails on their key
        List<GuestEvent> out = new ArrayList<>();
        writer.write(runId, sourceId, rows, (tx, profiles) -> {
            for (int i = 0; i < messages.size(); i++)
                out.add(events.remember(tx, messages.get(i), merged.get(i).fact(), events.liveProfile(tx, profiles.get(i)), null));
        });
        return out;
    }

    /** HL7 A40 and the like: the source says two of its guest records are one person. */
    private GuestEvent merge(InboundEvent e) {
        String system = e.record() == null ? e.system() : e.record().ref().system();
        String survivorKey = e.record() == null ? null : e.record().guestKey();
        if (survivorKey == null) throw new EventRejected("guest key", null, "a merge must name the surviving guest");
        if (e.absorbedGuestKey() == null) throw new EventRejected("absorbed guest key", null, "a merge must name the guest merged away");
        return writer.inIdentityChange("merge message " + e.messageId(), tx -> {
            Long survivor = events.sourceGuestProfile(tx, system, survivorKey);
            Long absorbed = events.sourceGuestProfile(tx, system, e.absorbedGuestKey());
            if (survivor == null) throw new EventRejected("guest key", Masking.idNumber(survivorKey), "no guest with this key from " + system);
            if (absorbed == null)
                throw new EventRejected("absorbed guest key", Masking.idNumber(e.absorbedGuestKey()), "no guest with this key from " + system);
            long joined = events.joinSourceGuests(tx, survivor, absorbed, system, e.messageId(), e.system());
            return events.remember(tx, e, null, joined, null);
        });
    }

    /** A night audit closed the day: the property's business date moves forward, never back (messages may come late). */
    private GuestEvent businessDate(InboundEvent e) {
        if (e.property() == null || e.property().isBlank()) throw new EventRejected("property", null, "a business date needs its property");
        if (e.businessDate() == null) throw new EventRejected("businessDate", null, "the new business date is missing");
        return db.inTransaction("business date of " + e.property(), tx -> {
            events.advanceBusinessDate(tx, e.property(), e.businessDate());
            return events.remember(tx, e, null, null, e.businessDate());
        });
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

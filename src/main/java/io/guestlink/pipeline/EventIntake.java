package io.guestlink.pipeline;

import io.guestlink.event.EventRejected;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.event.Refusal;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.Masking;
import io.guestlink.model.StoreRow;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.GuestEvents;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.RefusedMessages;
import io.guestlink.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;

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
    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);
    private final Database db;
    private final BatchWriter writer;
    private final ImportJournal journal;
    private final GuestEvents events;
    private final RefusedMessages refusals;
    private final Clock clock;
    /** This intake's key for its own journal runs (import_file.file_sha256, which only files use as a content hash). */
    private final String node;
    private final Map<String, OpenRun> runs = new ConcurrentHashMap<>();

    public EventIntake(Database db, BatchWriter writer, ImportJournal journal, GoldenRecords golden) {
        this(db, writer, journal, golden, 65_536, Clock.systemDefaultZone());
    }

    /**
     * @param maxRawChars a refused message longer than this is journaled without its text (guestlink.journal.max-raw-chars)
     * @param clock       whose zone's calendar day each sender's journal run covers
     */
    public EventIntake(Database db, BatchWriter writer, ImportJournal journal, GoldenRecords golden, int maxRawChars, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.journal = journal;
        this.events = new GuestEvents(db, golden);
        this.refusals = new RefusedMessages(maxRawChars);
        this.clock = clock;
        this.node = "messages " + java.util.UUID.randomUUID();
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
        try (LogContext.Scope log = LogContext.run(sourceId, runId)) {
            return record(messages, sourceId, runId);
        }
    }

    private List<GuestEvent> record(List<InboundEvent> messages, String sourceId, long runId) {
        InboundEvent head = messages.get(0);
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
                rows.add(StoreRow.mapped(lineNos[i], e.raw(), r, e.flags()));
            }
            return null;
        });
        // the messages are remembered in the batch's own transaction: a copy racing this one fails on their key
        List<GuestEvent> out = new ArrayList<>();
        writer.write(runId, sourceId, rows, (BatchWriter.WithOutcomes) (tx, profiles, outcomes) -> {
            for (int i = 0; i < messages.size(); i++) {
                // a message of an erased guest is remembered (so a re-send is a duplicate) without its stay or ticket
                boolean suppressed = outcomes.get(i) == io.guestlink.model.Outcome.SUPPRESSED;
                out.add(events.remember(tx, messages.get(i), suppressed ? null : merged.get(i).fact(),
                        events.liveProfile(tx, profiles.get(i)), null));
            }
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

    /** The journal run this node writes a sender's messages of {@code day} into. */
    private record OpenRun(long id, LocalDate day) {
    }

    /**
     * Messages of one sender share one journal run per calendar day (the clock's zone), so `runs` shows them like a
     * day's file: the first message of a new day closes the sender's previous run (DONE) and starts the next one,
     * {@link #rollRuns} closes runs whose day is over when no message came, and {@link #closeRuns} closes them all
     * on stop. A run another node left open on an earlier day is closed by the next day's first run of that sender.
     */
    private synchronized long run(String sourceId) {
        LocalDate today = LocalDate.now(clock);
        OpenRun open = runs.get(sourceId);
        if (open != null && open.day().equals(today)) return open.id();
        if (open != null) journal.finishMessageRun(open.id(), "day over: messages of " + today + " go to the next run");
        String prefix = sourceId + " messages";
        for (long stale : journal.staleMessageRuns(sourceId, prefix, today.atStartOfDay(clock.getZone()).toInstant()))
            journal.finishMessageRun(stale, "closed by a later day's run (left open by a stop without closing)");
        // the run key is this node's own: journal.start resumes a RUNNING run with the same key, and a run another
        // node (or a command applying a reprocessed message) writes must not be taken over and closed by this one
        OpenRun next = new OpenRun(journal.start(sourceId, prefix + " " + today, node, 0, null).id(), today);
        runs.put(sourceId, next);
        return next.id();
    }

    /** Closes the runs of senders whose day is over (a timer calls this, so a quiet sender's run does not stay open). */
    public synchronized int rollRuns() {
        LocalDate today = LocalDate.now(clock);
        int closed = 0;
        for (Map.Entry<String, OpenRun> e : List.copyOf(runs.entrySet())) {
            if (e.getValue().day().equals(today)) continue;
            try {
                journal.finishMessageRun(e.getValue().id(), "day over");
            } catch (StoreException ex) {
                LOG.warn("message run {} not closed yet ({}): tried again at the next round", e.getValue().id(),
                        ex.getClass().getSimpleName());
                continue;
            }
            runs.remove(e.getKey());
            closed++;
        }
        return closed;
    }

    /** Closes every open run of this node (the application stops); the next message starts a new one. */
    public synchronized void closeRuns() {
        for (OpenRun open : runs.values()) journal.finishMessageRun(open.id(), "stopped");
        runs.clear();
    }

    /**
     * Journals a message a channel refused (HL7 AE or AR, a JSON event sent to the dead-letter queue), with its raw
     * text for reprocessing; its journal id. The refusal has already been decided and is answered whatever happens
     * here: when the store cannot take the journal row either (it is down), -1 and the channel's own log line stay.
     */
    public long refused(Refusal r) {
        try {
            return db.inTransaction("journal a refused message", tx -> refusals.insert(tx, r));
        } catch (RuntimeException e) {
            LOG.warn("refused {} message {} from {} could not be journaled ({}): the sender was answered all the same",
                    r.channel(), r.messageId(), r.system(), e.getClass().getSimpleName());
            return -1;
        }
    }

    /** The journal of refused messages (list, reprocess). */
    public RefusedMessages refusals() {
        return refusals;
    }
}

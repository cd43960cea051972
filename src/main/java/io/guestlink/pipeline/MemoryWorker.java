package io.guestlink.pipeline;

import io.guestlink.memory.KeptSummary;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.MemoryRequest;
import io.guestlink.memory.MemorySummary;
import io.guestlink.memory.SummaryUpdate;
import io.guestlink.store.Database;
import io.guestlink.store.GuestClusters;
import io.guestlink.store.MemoryFacts;
import io.guestlink.store.MemoryQueue;
import io.guestlink.store.MemoryRows;
import io.guestlink.store.StoreException;
import io.guestlink.store.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps each live profile's guest memory (profile_memory, profile_segment) up to date from memory_queue
 * ({@link MemoryQueue}), and rebuilds all of it on demand. What a request changes is {@link SummaryUpdate}'s
 * decision: a new record applied to the kept summary, or the profile recomputed from every fact of its cluster.
 *
 * <p>Each round runs in one snapshot ({@link Database#inSnapshot}): the requests it sees and the facts it reads are
 * the same moment's, whatever imports commit meanwhile, and a record still waiting with another worker is left out of
 * both the old and the new version of its key. {@link #rebuildAll} computes every summary from the same facts with the
 * same code.
 */
public final class MemoryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWorker.class);
    private static final int REBUILD_PART = 500;

    private final Database db;
    private final MemoryConfig config;
    private final SummaryUpdate update;
    private final Clock clock;
    private final int perTransaction;
    private final int threads;
    private final java.util.function.BooleanSupplier stopping;
    // In one JVM a drain round never overlaps another round or a rebuild partition (rebuild partitions, on distinct
    // profiles, may overlap each other): H2 has no SKIP LOCKED, and two snapshots writing one profile's rows would
    // fail one of them. Across nodes, PostgreSQL's SKIP LOCKED and snapshot checks keep them apart.
    private final java.util.concurrent.locks.ReentrantReadWriteLock rounds = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final java.util.concurrent.atomic.AtomicReference<Progress> handled = new java.util.concurrent.atomic.AtomicReference<>(Progress.NONE);

    /**
     * @param perTransaction queued requests per transaction
     * @param threads        transactions {@link #rebuildAll} runs at once (leave the pool a connection for the rest)
     */
    public MemoryWorker(Database db, MemoryConfig config, Clock clock, int perTransaction, int threads) {
        this(db, config, clock, perTransaction, threads, () -> false);
    }

    /**
     * @param stopping asked before each round of a drain, whether the drain should end after the round in progress and
     *                 leave the rest queued: while the application stops (for the next start, instead of holding the
     *                 shutdown and the store's pool for as long as a night's requests take), or while a bulk load runs
     *                 (for the first drain after it)
     */
    public MemoryWorker(Database db, MemoryConfig config, Clock clock, int perTransaction, int threads,
                        java.util.function.BooleanSupplier stopping) {
        this.stopping = stopping;
        this.db = db;
        this.config = config;
        this.update = new SummaryUpdate(config);
        this.clock = clock;
        this.perTransaction = perTransaction;
        this.threads = Math.max(1, threads);
    }

    /**
     * What a drain did: queue rows handled, records applied to kept summaries, profiles brought up to date from their
     * summary (records applied, or only their golden values read again), profiles recomputed from all their facts.
     */
    public record Progress(int rows, int records, int profiles, int recomputed) {
        static final Progress NONE = new Progress(0, 0, 0, 0);

        Progress plus(Progress o) {
            return new Progress(rows + o.rows, records + o.records, profiles + o.profiles, recomputed + o.recomputed);
        }
    }

    /**
     * Handles everything queued, or as much as it did before the application began to stop; returns the number of
     * queue rows handled (the timer route calls this).
     */
    public int drain() {
        return catchUp().rows();
    }

    /** Handles everything queued, and says how. */
    public Progress catchUp() {
        Progress total = Progress.NONE;
        // Each round takes the oldest requests after the last one the previous round took: on PostgreSQL the ones
        // handled before stay in the id index as dead entries until a vacuum, and a take from the start walked all of
        // them, a cost per round that grew with the requests handled (a million folio lines: thousands of index pages
        // a round). A request this drain passed over (held by another worker, or committed late with a lower id) stays
        // queued, and the next drain's first round, which starts from the beginning, takes it.
        long after = Long.MIN_VALUE;
        while (!stopping.getAsBoolean()) {
            long[] taken = new long[2];
            long from = after;
            Progress p;
            rounds.writeLock().lock();
            try {
                p = db.inSnapshot("guest memory update", tx -> round(tx, from, taken));
            } finally {
                rounds.writeLock().unlock();
            }
            total = total.plus(p);
            if (taken[0] > 0) db.analyseGrowth(); // memory and segment rows grow from nothing after a first import
            if (taken[0] < perTransaction) break;
            after = taken[1];
        }
        Progress done = total;
        handled.updateAndGet(h -> h.plus(done));
        if (total.rows() > 0)
            LOG.info("guest memory: {} requests, {} records applied to {} profiles, {} profiles recomputed from all their facts",
                    total.rows(), total.records(), total.profiles(), total.recomputed());
        return total;
    }

    /** One round on the requests after id {@code after}; {@code firstTaken} gets how many it took and the last one's id. */
    private Progress round(Transaction tx, long after, long[] firstTaken) {
        List<MemoryRequest> taken = MemoryQueue.take(tx, after, perTransaction);
        firstTaken[0] = taken.size();
        if (taken.isEmpty()) return Progress.NONE;
        firstTaken[1] = taken.get(taken.size() - 1).id();
        Set<Long> asked = new LinkedHashSet<>();
        taken.forEach(r -> asked.add(r.profileId()));
        Map<Long, Long> live = GuestClusters.liveOf(tx, asked);
        Set<Long> roots = new TreeSet<>(live.values());
        Set<Long> gone = new TreeSet<>();
        for (long id : asked) if (!roots.contains(id)) gone.add(id); // merged away: the survivor holds the memory
        Map<Long, List<Long>> members = GuestClusters.members(tx, roots);

        SummaryUpdate.Claim claim = claim(tx, taken, SummaryUpdate.rootOf(members));
        Map<Long, KeptSummary> kept = MemoryRows.kept(tx, roots);
        SummaryUpdate.Result result = update.update(roots, members, kept, claim, MemoryFacts.in(tx));

        write(tx, result.summaries());
        MemoryRows.delete(tx, gone);
        MemoryQueue.done(tx, claim.held());
        int recomputed = result.recomputed().size();
        return new Progress(claim.held().size(), result.records(), roots.size() - recomputed, recomputed);
    }

    /** Besides the rows taken, every other request of the same clusters that no other worker holds. */
    private static SummaryUpdate.Claim claim(Transaction tx, List<MemoryRequest> taken, Map<Long, Long> rootOf) {
        Set<Long> mine = new LinkedHashSet<>();
        taken.forEach(r -> mine.add(r.id()));
        List<MemoryRequest> all = MemoryQueue.of(tx, rootOf.keySet());
        mine.addAll(MemoryQueue.hold(tx, all.stream().map(MemoryRequest::id).filter(id -> !mine.contains(id)).toList()));
        return SummaryUpdate.claim(mine, all, rootOf);
    }

    private void write(Transaction tx, Map<Long, MemorySummary> summaries) {
        MemoryRows.write(tx, summaries, config, update.fingerprint(), LocalDate.now(clock));
    }

    /**
     * Recomputes every live profile from all its facts (after changing config/memory.yaml, or to check the kept
     * state), {@code threads} transactions at a time over partitions of the profiles; returns the number of live
     * profiles. Records still queued are left to the worker, as in {@link #catchUp}.
     */
    public int rebuildAll() {
        List<Long> roots = db.inTransaction("guest memory rebuild", tx -> {
            List<Long> out = GuestClusters.allLive(tx);
            MemoryRows.deleteNotLive(tx); // merged away since
            return out;
        });
        int parts = (roots.size() + REBUILD_PART - 1) / REBUILD_PART;
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "memory-rebuild");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < parts; i = next.getAndIncrement()) {
                        List<Long> part = roots.subList(i * REBUILD_PART, Math.min(roots.size(), (i + 1) * REBUILD_PART));
                        rebuildPart(part);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new StoreException("guest memory rebuild failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("guest memory rebuild interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        LOG.info("guest memory rebuilt for {} live profiles", roots.size());
        return roots.size();
    }

    /** One partition, in one snapshot; tried again when a concurrent worker changed one of its profiles meanwhile. */
    private void rebuildPart(List<Long> part) {
        for (int attempt = 1; ; attempt++) {
            rounds.readLock().lock();
            try {
                db.inSnapshot("guest memory rebuild", tx -> {
                    Map<Long, List<Long>> members = GuestClusters.members(tx, part);
                    Set<Long> all = new HashSet<>();
                    members.values().forEach(all::addAll);
                    Set<Long> waiting = SummaryUpdate.waiting(MemoryQueue.of(tx, all));
                    write(tx, update.recompute(new TreeSet<>(part), members, waiting, MemoryFacts.in(tx)));
                    return null;
                });
                return;
            } catch (StoreException e) {
                if (attempt == 3) throw e;
                LOG.warn("guest memory rebuild: profiles {}..{} changed meanwhile, again ({})", part.get(0), part.get(part.size() - 1),
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            } finally {
                rounds.readLock().unlock();
            }
        }
    }

    /** The stored memory of a live profile: totals JSON and usual-order JSON, or null. */
    public String[] stored(long profileId) {
        return db.inTransaction("guest memory read", tx -> MemoryRows.stored(tx, profileId));
    }

    /** Everything this worker's drains did since it was created. */
    public Progress handled() {
        return handled.get();
    }

    /** Requests waiting in memory_queue. */
    public long queued() {
        return db.inTransaction("guest memory queue", MemoryQueue::size);
    }
}

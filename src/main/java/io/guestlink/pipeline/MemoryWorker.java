package io.guestlink.store;

import io.guestlink.memory.GuestFacts;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.MemorySummary;
import io.guestlink.model.Fact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps each live profile's guest memory (profile_memory, profile_segment) up to date from memory_queue
 * ({@link MemoryQueue}), and rebuilds all of it on demand.
 *
 * <p>How a request is handled: a new record ({@code RECORD}) is applied to the profile's stored
 * {@link MemorySummary} — its natural key's other versions in the cluster are looked up through the fact tables'
 * indexes, the old joined fact's share is taken out and the new one's put in — so its cost does not grow with the
 * guest's history. The profile is recomputed from every fact of its cluster instead when it has no summary yet, its
 * summary was computed under another configuration, a request asks for it ({@code RECOMPUTE}: an updated record, a
 * merge, an unmerge) or the summary refuses the change (a stay's new version). The golden birth date and VIP code are
 * read again every time.
 *
 * <p>Why the incremental state equals a rebuild: the invariant is that a profile's summary counts exactly the facts of
 * its cluster that have no RECORD request waiting. Each round runs in one snapshot (Tx.snapshot): the requests it
 * sees and the facts it reads are the same moment's, whatever imports commit meanwhile, and a record still waiting
 * with another worker is left out of both the old and the new version of its key. {@link #rebuildAll} computes every
 * summary from the same facts with the same code.
 */
public final class MemoryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWorker.class);
    private static final int REBUILD_PART = 500;

    private final Database db;
    private final MemoryConfig config;
    private final String fingerprint;
    private final Clock clock;
    private final int perTransaction;
    private final int threads;
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
        this.db = db;
        this.config = config;
        this.fingerprint = config.fingerprint();
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

    /** Handles everything queued; returns the number of queue rows handled (the timer route calls this). */
    public int drain() {
        return catchUp().rows();
    }

    /** Handles everything queued, and says how. */
    public Progress catchUp() {
        Progress total = Progress.NONE;
        while (true) {
            int[] taken = new int[1];
            Progress p;
            rounds.writeLock().lock();
            try {
                p = Tx.snapshot(db, "guest memory update", c -> round(c, taken));
            } finally {
                rounds.writeLock().unlock();
            }
            total = total.plus(p);
            if (taken[0] < perTransaction) break;
        }
        Progress done = total;
        handled.updateAndGet(h -> h.plus(done));
        if (total.rows() > 0)
            LOG.info("guest memory: {} requests, {} records applied to {} profiles, {} profiles recomputed from all their facts",
                    total.rows(), total.records(), total.profiles(), total.recomputed());
        return total;
    }

    private Progress round(Connection c, int[] firstTaken) throws SQLException {
        List<MemoryQueue.Row> taken = MemoryQueue.take(c, perTransaction);
        firstTaken[0] = taken.size();
        if (taken.isEmpty()) return Progress.NONE;
        Set<Long> asked = new LinkedHashSet<>();
        taken.forEach(r -> asked.add(r.profileId()));
        Map<Long, Long> live = GoldenRecords.live(c, asked);
        Set<Long> roots = new TreeSet<>(live.values());
        Set<Long> gone = new TreeSet<>();
        for (long id : asked) if (!roots.contains(id)) gone.add(id); // merged away: the survivor holds the memory
        Map<Long, List<Long>> members = GoldenRecords.members(c, roots);
        Map<Long, Long> rootOf = new HashMap<>();
        members.forEach((root, ms) -> ms.forEach(m -> rootOf.put(m, root)));

        Claim claim = claim(c, taken, rootOf);
        Set<Long> recompute = new TreeSet<>(claim.recompute());
        Map<Long, MemoryRows.Kept> kept = MemoryRows.kept(c, roots);
        Map<Long, MemorySummary> summaries = new TreeMap<>();
        Map<Long, Set<Long>> deltas = new TreeMap<>();
        for (long root : roots) {
            MemoryRows.Kept k = kept.get(root);
            if (k == null || !fingerprint.equals(k.configHash()) || recompute.contains(root)) recompute.add(root);
            else deltas.put(root, claim.landed().getOrDefault(root, Set.of()));
        }
        int records = apply(c, deltas, kept, members, claim.waiting(), recompute, summaries);
        Set<Long> full = new TreeSet<>(recompute);
        full.retainAll(roots);
        summaries.putAll(recompute(c, full, members, claim.waiting()));

        write(c, summaries);
        MemoryRows.delete(c, gone);
        MemoryQueue.done(c, claim.rowIds());
        return new Progress(claim.rowIds().size(), records, roots.size() - full.size(), full.size());
    }

    /**
     * The requests of a round, per live root: the queue rows this worker holds, the records it applies, the records
     * another worker holds (in neither version of their key here: that worker applies them), the roots to recompute.
     */
    private record Claim(Set<Long> rowIds, Map<Long, Set<Long>> landed, Set<Long> waiting, Set<Long> recompute) {
    }

    /** Besides the rows taken, every other request of the same clusters that no other worker holds. */
    private static Claim claim(Connection c, List<MemoryQueue.Row> taken, Map<Long, Long> rootOf) throws SQLException {
        Set<Long> mine = new LinkedHashSet<>();
        taken.forEach(r -> mine.add(r.id()));
        List<MemoryQueue.Row> all = MemoryQueue.of(c, rootOf.keySet());
        mine.addAll(MemoryQueue.lock(c, all.stream().map(MemoryQueue.Row::id).filter(id -> !mine.contains(id)).toList()));
        Map<Long, Set<Long>> landed = new TreeMap<>();
        Set<Long> waiting = new HashSet<>();
        Set<Long> recompute = new TreeSet<>();
        for (MemoryQueue.Row r : all) {
            Long root = rootOf.get(r.profileId());
            if (root == null) continue;
            if (r.reason() == MemoryQueue.Reason.RECOMPUTE) recompute.add(root);
            else if (r.reason() == MemoryQueue.Reason.RECORD && r.recordId() != null) {
                if (mine.contains(r.id())) landed.computeIfAbsent(root, k -> new LinkedHashSet<>()).add(r.recordId());
                else waiting.add(r.recordId());
            }
        }
        return new Claim(mine, landed, waiting, recompute);
    }

    /**
     * Applies each root's landed records to its kept summary; a root whose summary refuses a change goes to
     * {@code recompute}. Returns the number of records applied.
     */
    private int apply(Connection c, Map<Long, Set<Long>> deltas, Map<Long, MemoryRows.Kept> kept, Map<Long, List<Long>> members,
                      Set<Long> waiting, Set<Long> recompute, Map<Long, MemorySummary> summaries) throws SQLException {
        Set<Long> newIds = new LinkedHashSet<>();
        deltas.values().forEach(newIds::addAll);
        Map<Long, MemoryFacts.Stored> facts = new HashMap<>(MemoryFacts.byId(c, newIds));
        Set<Long> clusterMembers = new HashSet<>();
        deltas.keySet().forEach(root -> clusterMembers.addAll(members.get(root)));
        Set<Long> candidates = MemoryFacts.sameKeyCandidates(c,
                newIds.stream().filter(facts::containsKey).map(id -> facts.get(id).fact()).toList(), clusterMembers);
        candidates.removeAll(facts.keySet());
        facts.putAll(MemoryFacts.byId(c, candidates));

        int applied = 0;
        for (var e : deltas.entrySet()) {
            long root = e.getKey();
            Set<Long> mine = e.getValue();
            Set<Long> cluster = new HashSet<>(members.get(root));
            // the versions of each natural key a landed record touches, in this cluster
            Map<String, List<MemoryFacts.Stored>> byKey = new TreeMap<>();
            boolean consistent = true;
            for (long id : mine) {
                MemoryFacts.Stored s = facts.get(id);
                if (s == null || !cluster.contains(s.profileId())) consistent = false; // moved since: recompute
                else byKey.put(GuestFacts.keyOf(s.fact()), new ArrayList<>());
            }
            for (MemoryFacts.Stored s : facts.values()) {
                if (!cluster.contains(s.profileId()) || waiting.contains(s.recordId())) continue;
                List<MemoryFacts.Stored> versions = byKey.get(GuestFacts.keyOf(s.fact()));
                if (versions != null) versions.add(s);
            }
            MemorySummary summary = kept.get(root).summary();
            for (var versions : byKey.values()) {
                if (!consistent) break;
                List<Fact> before = versions.stream().filter(s -> !mine.contains(s.recordId())).map(MemoryFacts.Stored::fact).toList();
                List<Fact> after = versions.stream().map(MemoryFacts.Stored::fact).toList();
                Fact now = joined(after);
                Fact old = before.isEmpty() ? null : joined(before);
                if (old == null) summary = summary.plus(now, config);
                else if (!old.equals(now)) {
                    Optional<MemorySummary> replaced = summary.replace(old, now, config);
                    if (replaced.isEmpty()) consistent = false;
                    else summary = replaced.get();
                }
            }
            if (consistent) {
                summaries.put(root, summary);
                applied += mine.size();
            } else recompute.add(root);
        }
        return applied;
    }

    private static Fact joined(List<Fact> versions) {
        return GuestFacts.of(versions).joined(versions.get(0));
    }

    /** Summaries from every fact of each root's cluster, leaving out records another worker has yet to apply. */
    private Map<Long, MemorySummary> recompute(Connection c, Set<Long> roots, Map<Long, List<Long>> members, Set<Long> waiting)
            throws SQLException {
        Map<Long, MemorySummary> out = new TreeMap<>();
        if (roots.isEmpty()) return out;
        Map<Long, Long> rootOf = new HashMap<>();
        for (long root : roots) members.get(root).forEach(m -> rootOf.put(m, root));
        Map<Long, List<Fact>> facts = new HashMap<>();
        for (MemoryFacts.Stored s : MemoryFacts.ofProfiles(c, rootOf.keySet()))
            if (!waiting.contains(s.recordId())) facts.computeIfAbsent(rootOf.get(s.profileId()), k -> new ArrayList<>()).add(s.fact());
        for (long root : roots) out.put(root, MemorySummary.of(GuestFacts.of(facts.getOrDefault(root, List.of())), config));
        return out;
    }

    private void write(Connection c, Map<Long, MemorySummary> summaries) throws SQLException {
        Map<Long, Object[]> golden = MemoryRows.golden(c, summaries.keySet());
        List<MemoryRows.Memory> rows = new ArrayList<>();
        summaries.forEach((root, s) -> {
            Object[] g = golden.getOrDefault(root, new Object[2]);
            rows.add(new MemoryRows.Memory(root, s, (LocalDate) g[0], (String) g[1]));
        });
        MemoryRows.write(c, rows, config, fingerprint, LocalDate.now(clock));
    }

    /**
     * Recomputes every live profile from all its facts (after changing config/memory.yaml, or to check the kept
     * state), {@code threads} transactions at a time over partitions of the profiles; returns the number of live
     * profiles. Records still queued are left to the worker, as in {@link #catchUp}.
     */
    public int rebuildAll() {
        List<Long> roots = Tx.run(db, "guest memory rebuild", c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM guest_profile WHERE merged_into IS NULL ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            for (String table : List.of("profile_memory", "profile_segment")) {
                // NOT EXISTS, not NOT IN: PostgreSQL hashes a NOT IN list only when it fits in work_mem, and a million
                // live ids do not; it would then scan guest_profile once per memory row
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " m WHERE NOT EXISTS (SELECT 1 FROM "
                        + "guest_profile g WHERE g.id = m.profile_id AND g.merged_into IS NULL)")) {
                    ps.executeUpdate();
                }
            }
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
                Tx.snapshot(db, "guest memory rebuild", c -> {
                    Map<Long, List<Long>> members = GoldenRecords.members(c, part);
                    Set<Long> all = new HashSet<>();
                    members.values().forEach(all::addAll);
                    Set<Long> waiting = new HashSet<>();
                    for (MemoryQueue.Row r : MemoryQueue.of(c, all))
                        if (r.reason() == MemoryQueue.Reason.RECORD && r.recordId() != null) waiting.add(r.recordId());
                    write(c, recompute(c, new TreeSet<>(part), members, waiting));
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
        return Tx.run(db, "guest memory read", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT rollup_json, usual_json FROM profile_memory WHERE profile_id = ?")) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
                }
            }
        });
    }

    /** Everything this worker's drains did since it was created. */
    public Progress handled() {
        return handled.get();
    }

    /** Requests waiting in memory_queue. */
    public long queued() {
        return Tx.run(db, "guest memory queue", MemoryQueue::size);
    }
}

package io.guestlink.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * link_queue: the profiles imports want linked probabilistically, written in the import's own transaction so no
 * arrival is forgotten, one row per request so a request made while the identity worker handles the profile is never
 * lost. A profile leaves the queue in the transaction that linked it.
 */
public final class IdentityQueue {
    private final BatchWriter.ProfileLinker linker;
    private final ReentrantLock lock;

    /** @param writer the import batches' writer, whose identity lock linking shares */
    public IdentityQueue(BatchWriter writer, BatchWriter.ProfileLinker linker) {
        this.linker = linker;
        this.lock = writer.identityLock();
    }

    /** Queued rows claimed by one transaction: the row ids to delete once linked, and their profiles. */
    public record Claim(Set<Long> rowIds, Set<Long> profiles) {
        public Claim {
            rowIds = Collections.unmodifiableSet(new LinkedHashSet<>(rowIds));
            profiles = Collections.unmodifiableSet(new LinkedHashSet<>(profiles));
        }

        public int size() {
            return rowIds.size();
        }
    }

    /**
     * Runs a unit of work while no import batch of this JVM resolves identities, so a batch and the worker never
     * create or link the same new guest at once.
     */
    public <T> T whileNoBatchResolves(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #whileNoBatchResolves(Supplier)}, waiting at most {@code wait} for the import batch (or the identity
     * worker's round) of this JVM that holds the lock; empty, without running the work, when it did not come free.
     */
    public <T> Optional<T> whileNoBatchResolves(Duration wait, Supplier<T> work) {
        try {
            if (!lock.tryLock(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS)) return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(work.get());
        } finally {
            lock.unlock();
        }
    }

    /** The profiles of the cluster of {@code profileId} (its live profile and every member) with link requests queued. */
    public Set<Long> queuedInCluster(Transaction tx, long profileId) {
        return tx.sql("reading the link requests of one guest", c -> {
            long live = GoldenRecords.live(c, List.of(profileId)).getOrDefault(profileId, profileId);
            Set<Long> members = new LinkedHashSet<>(GoldenRecords.members(c, List.of(live)).get(live));
            members.add(profileId);
            Set<Long> queued = new LinkedHashSet<>();
            Sql.in(c, "SELECT DISTINCT profile_id FROM link_queue WHERE profile_id", List.of(), members, rs -> queued.add(rs.getLong(1)));
            return queued;
        });
    }

    /**
     * Every queued request of these profiles. On PostgreSQL the rows are locked, waiting at most {@code wait} (for
     * the whole transaction: SET LOCAL lock_timeout) for rows another node's worker holds: that worker commits its
     * link soon, and its rows are then gone; a wait that runs out fails the transaction (the requests stay queued).
     */
    public Claim claimProfiles(Transaction tx, Collection<Long> profiles, Duration wait) {
        return tx.sql("claiming the link requests of one guest", c -> {
            Map<Long, Long> rows = new LinkedHashMap<>();
            if (profiles.isEmpty()) return new Claim(rows.keySet(), Set.of());
            boolean postgres = Sql.isPostgres(c);
            if (postgres) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("SET LOCAL lock_timeout = '" + Math.max(1, wait.toMillis()) + "ms'");
                }
            }
            // one guest's cluster: a handful of profiles, one statement
            List<Long> ids = List.copyOf(new LinkedHashSet<>(profiles));
            try (PreparedStatement ps = c.prepareStatement(postgres
                    ? "SELECT id, profile_id FROM link_queue WHERE profile_id = ANY(?) FOR UPDATE"
                    : "SELECT id, profile_id FROM link_queue WHERE profile_id IN (" + "?,".repeat(ids.size() - 1) + "?)")) {
                if (postgres) ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                else for (int i = 0; i < ids.size(); i++) ps.setLong(i + 1, ids.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows.put(rs.getLong(1), rs.getLong(2));
                }
            }
            return new Claim(rows.keySet(), new LinkedHashSet<>(rows.values()));
        });
    }

    /**
     * The profiles queued now, in the order the identity worker decides them: by their stable key (smallest identity
     * key, compared as Java compares strings, see {@link ProbabilisticLinker#stableKeys}), never by id or arrival; and
     * the newest request row seen, so a request queued after this is left for the next drain.
     */
    public record Queued(List<Long> profiles, long lastRow) {
        public Queued {
            profiles = List.copyOf(profiles);
        }
    }

    public Queued queuedInStableOrder(Transaction tx) {
        return tx.sql("ordering the queued profiles", c -> {
            long last;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM link_queue"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                last = rs.getLong(1);
            }
            // "C": byte order, as Java orders the (ASCII) keys; H2 compares characters already
            String key = Sql.isPostgres(c) ? "k.identity_key COLLATE \"C\"" : "k.identity_key";
            List<Long> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT q.profile_id, MIN(" + key + ") AS sk FROM "
                    + "(SELECT DISTINCT profile_id FROM link_queue WHERE id <= ?) q LEFT JOIN profile_key k ON k.profile_id = q.profile_id "
                    + "GROUP BY q.profile_id ORDER BY CASE WHEN MIN(" + key + ") IS NULL THEN 1 ELSE 0 END, sk, q.profile_id")) {
                ps.setLong(1, last);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
            }
            return new Queued(out, last);
        });
    }

    /**
     * The requests of these profiles up to {@code lastRow}; another node's worker skips what this one holds (and
     * PostgreSQL skips rows another node's worker holds).
     */
    public Claim claimQueued(Transaction tx, Collection<Long> profiles, long lastRow) {
        return tx.sql("claiming queued profiles", c -> {
            Map<Long, Long> rows = new LinkedHashMap<>();
            if (profiles.isEmpty()) return new Claim(rows.keySet(), Set.of());
            if (Sql.isPostgres(c)) {
                try (PreparedStatement ps = c.prepareStatement("SELECT id, profile_id FROM link_queue WHERE profile_id = ANY(?) "
                        + "AND id <= ? ORDER BY id FOR UPDATE SKIP LOCKED")) {
                    ps.setArray(1, c.createArrayOf("bigint", profiles.toArray()));
                    ps.setLong(2, lastRow);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) rows.put(rs.getLong(1), rs.getLong(2));
                    }
                }
            } else {
                Sql.in(c, "SELECT id, profile_id FROM link_queue WHERE id <= ? AND profile_id", List.of(lastRow), profiles,
                        rs -> rows.put(rs.getLong(1), rs.getLong(2)));
            }
            return new Claim(rows.keySet(), new LinkedHashSet<>(rows.values()));
        });
    }

    /** Stores the profiles' blocking keys and comparable records, deciding nothing (the worker's first pass). */
    public void index(Transaction tx, Set<Long> profiles) {
        tx.sql("indexing profiles for linking", c -> {
            linker.index(c, profiles);
            return null;
        });
    }

    /** Links profiles {@link #index indexed} before; returns the live profiles whose membership changed. */
    public Set<Long> linkIndexed(Transaction tx, Set<Long> profiles) {
        return tx.sql("linking profiles", c -> linker.linkIndexed(c, profiles));
    }

    /** The worker has decided its queue: the linker lets go of what it kept for the drain. */
    public void drained() {
        linker.drained();
    }

    /** Reads ahead what linking these indexed profiles will need ({@link BatchWriter.ProfileLinker#readAhead}). */
    public BatchWriter.ProfileLinker.ReadAhead readAhead(Transaction tx, Set<Long> profiles) {
        return tx.sql("reading ahead for linking", c -> linker.readAhead(c, profiles));
    }

    /** As {@link #linkIndexed(Transaction, Set)}, with what was read ahead for them (null: nothing). */
    public Set<Long> linkIndexed(Transaction tx, Set<Long> profiles, BatchWriter.ProfileLinker.ReadAhead ahead) {
        return tx.sql("linking profiles", c -> linker.linkIndexed(c, profiles, ahead));
    }

    /**
     * The vouched merges alone among profiles indexed before ({@link BatchWriter.ProfileLinker#mergeVouched}), with
     * what was read ahead for them (null: nothing).
     */
    public Set<Long> mergeVouched(Transaction tx, Set<Long> profiles, BatchWriter.ProfileLinker.ReadAhead ahead) {
        return tx.sql("merging vouched profiles", c -> linker.mergeVouched(c, profiles, ahead));
    }

    /** Links the profiles probabilistically; returns the live profiles whose membership changed. */
    public Set<Long> link(Transaction tx, Set<Long> profiles) {
        return tx.sql("linking profiles", c -> linker.link(c, profiles));
    }

    /** Removes exactly the claimed rows (not newer requests for the same profiles). */
    public void done(Transaction tx, Claim claim) {
        tx.sql("removing linked profiles from the queue", c -> {
            done(c, "link_queue", claim.rowIds());
            return null;
        });
    }

    /** How many profiles wait to be linked. */
    public long size(Transaction tx) {
        return tx.sql("counting the link queue", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT profile_id) FROM link_queue");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Queues profiles for linking (inside the caller's transaction); a profile already queued stays queued once. */
    static void queue(Connection c, Collection<Long> profiles) throws SQLException {
        if (profiles.isEmpty()) return;
        OffsetDateTime now = ImportJournal.now();
        try (TableRows queued = new TableRows(c, "link_queue", "profile_id, queued_at")) {
            for (long id : new LinkedHashSet<>(profiles)) queued.add(id, now);
            queued.flush();
        }
    }

    /** Deletes exactly the rows a worker took from a queue table (link_queue, memory_queue). */
    static void done(Connection c, String table, Collection<Long> rowIds) throws SQLException {
        Sql.deleteIn(c, table, "id", rowIds);
    }
}

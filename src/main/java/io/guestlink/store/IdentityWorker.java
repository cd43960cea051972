package io.guestlink.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Probabilistic linking of the profiles imports queued (link_queue), a few thousand per transaction, shortly after
 * they arrived: a timer route in routes/identity.camel.yaml calls {@link #drain}. Imports only queue, so matching never
 * slows a nightly file or a database feed; the queue is written in the import's own transaction, so no arrival is
 * forgotten, and a profile leaves the queue in the transaction that linked it.
 */
public final class IdentityWorker {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityWorker.class);

    private final Database db;
    private final BatchWriter.ProfileLinker linker;
    private final GoldenRecords golden;
    private final ReentrantLock lock;
    private final int perTransaction;

    public IdentityWorker(Database db, BatchWriter.ProfileLinker linker, GoldenRecords golden, BatchWriter writer, int perTransaction) {
        this.db = db;
        this.linker = linker;
        this.golden = golden;
        this.lock = writer.identityLock();
        this.perTransaction = perTransaction;
    }

    /** Queues profiles for linking (inside the caller's transaction); a profile already queued stays queued once. */
    static void queue(Connection c, Collection<Long> profiles) throws SQLException {
        queue(c, "link_queue", profiles);
    }

    /**
     * Adds profiles to a queue table (link_queue, memory_queue) inside the caller's transaction: one new row each, even
     * for a profile already queued, so a request made while a worker is handling that profile is never lost.
     */
    static void queue(Connection c, String table, Collection<Long> profiles) throws SQLException {
        if (profiles.isEmpty()) return;
        OffsetDateTime now = ImportJournal.now();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (profile_id, queued_at) VALUES (?, ?)")) {
            for (long id : new LinkedHashSet<>(profiles)) {
                ps.setLong(1, id);
                ps.setObject(2, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The oldest queued rows (id, profile id), at most {@code limit}; another node's worker skips what this one holds. */
    static Map<Long, Long> take(Connection c, String table, int limit) throws SQLException {
        Map<Long, Long> rows = new java.util.LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, profile_id FROM " + table + " ORDER BY id LIMIT " + limit
                + (Sql.isPostgres(c) ? " FOR UPDATE SKIP LOCKED" : "")); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) rows.put(rs.getLong(1), rs.getLong(2));
        }
        return rows;
    }

    /** Deletes exactly the rows a worker took (not newer requests for the same profiles). */
    static void done(Connection c, String table, Collection<Long> rowIds) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            for (long id : rowIds) {
                del.setLong(1, id);
                del.addBatch();
            }
            del.executeBatch();
        }
    }

    /** Links everything queued; returns the number of profiles linked. */
    public int drain() {
        int total = 0;
        long started = System.nanoTime();
        while (true) {
            int n = linkSome();
            total += n;
            if (n < perTransaction) break;
        }
        if (total > 0) LOG.info("identity: linked {} queued profiles in {} ms", total, (System.nanoTime() - started) / 1_000_000);
        return total;
    }

    public long queued() {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(DISTINCT profile_id) FROM link_queue");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot count the link queue", e);
        }
    }

    private int linkSome() {
        lock.lock();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                Map<Long, Long> rows = take(c, "link_queue", perTransaction);
                if (rows.isEmpty()) {
                    c.commit();
                    return 0;
                }
                Set<Long> affected = new HashSet<>(linker.link(c, new LinkedHashSet<>(rows.values())));
                golden.recompute(c, affected);
                done(c, "link_queue", rows.keySet());
                c.commit();
                return rows.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot link queued profiles", e);
        } finally {
            lock.unlock();
        }
    }
}

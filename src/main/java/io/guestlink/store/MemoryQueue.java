package io.guestlink.store;

import io.guestlink.memory.MemoryRequest;
import io.guestlink.memory.MemoryRequest.Reason;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * memory_queue: what the memory worker must bring up to date, written in the transaction that changed it (an import
 * batch, a merge, an unmerge), one row per request ({@link MemoryRequest}: what changed decides what it costs) so a
 * request made while a worker handles the profile is never lost (see link_queue). Rows queued before V8 have no
 * reason: they are read as RECOMPUTE.
 */
public final class MemoryQueue {
    private MemoryQueue() {
    }

    /** New source records with facts: record id to the profile it was resolved to. */
    static void records(Connection c, Map<Long, Long> profileByRecord) throws SQLException {
        insert(c, profileByRecord.entrySet().stream().map(e -> new Object[] {e.getValue(), e.getKey(), Reason.RECORD}).toList());
    }

    static void recompute(Connection c, Collection<Long> profiles) throws SQLException {
        insert(c, new LinkedHashSet<>(profiles).stream().map(p -> new Object[] {p, null, Reason.RECOMPUTE}).toList());
    }

    static void profiles(Connection c, Collection<Long> profiles) throws SQLException {
        insert(c, new LinkedHashSet<>(profiles).stream().map(p -> new Object[] {p, null, Reason.PROFILE}).toList());
    }

    private static void insert(Connection c, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) return;
        OffsetDateTime now = ImportJournal.now();
        // COPY on PostgreSQL: an import batch queues a request per record with a fact; ids follow the rows' order
        try (TableRows queued = new TableRows(c, "memory_queue", "profile_id, source_record_id, reason, queued_at")) {
            for (Object[] r : rows) queued.add(r[0], r[1], ((Reason) r[2]).name(), now);
            queued.flush();
        }
    }

    /**
     * The oldest requests with an id above {@code after}, at most {@code limit}, in id order, held until the
     * transaction ends; another node's worker skips them (PostgreSQL).
     */
    public static List<MemoryRequest> take(Transaction tx, long after, int limit) {
        return tx.sql("memory queue take", c -> take(c, after, limit));
    }

    private static List<MemoryRequest> take(Connection c, long after, int limit) throws SQLException {
        List<MemoryRequest> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, profile_id, source_record_id, reason FROM memory_queue "
                + "WHERE id > ? ORDER BY id LIMIT " + limit + (Sql.isPostgres(c) ? " FOR UPDATE SKIP LOCKED" : ""))) {
            ps.setLong(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
        }
        return out;
    }

    /** Every request of these profiles, held by a worker or not. */
    public static List<MemoryRequest> of(Transaction tx, Collection<Long> profiles) {
        return tx.sql("memory queue read", c -> {
            List<MemoryRequest> out = new ArrayList<>();
            Sql.in(c, "SELECT id, profile_id, source_record_id, reason FROM memory_queue WHERE profile_id", List.of(),
                    new LinkedHashSet<>(profiles), rs -> out.add(row(rs)));
            return out;
        });
    }

    /**
     * The requests among {@code ids} this worker can hold until the transaction ends: on PostgreSQL those no other
     * worker holds.
     */
    public static Set<Long> hold(Transaction tx, Collection<Long> ids) {
        return tx.sql("memory queue take", c -> lock(c, ids));
    }

    private static Set<Long> lock(Connection c, Collection<Long> ids) throws SQLException {
        Set<Long> out = new LinkedHashSet<>();
        if (ids.isEmpty()) return out;
        if (!Sql.isPostgres(c)) {
            out.addAll(ids); // one worker per embedded database
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM memory_queue WHERE id = ANY(?) FOR UPDATE SKIP LOCKED")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static MemoryRequest row(ResultSet rs) throws SQLException {
        String reason = rs.getString(4);
        return new MemoryRequest(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3, Long.class),
                reason == null ? Reason.RECOMPUTE : Reason.valueOf(reason));
    }

    /** Deletes exactly the requests a worker held (not newer requests for the same profiles). */
    public static void done(Transaction tx, Set<Long> ids) {
        tx.sql("memory queue done", c -> {
            IdentityQueue.done(c, "memory_queue", ids);
            return null;
        });
    }

    /** Requests waiting. */
    public static long size(Transaction tx) {
        return tx.sql("memory queue count", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM memory_queue"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

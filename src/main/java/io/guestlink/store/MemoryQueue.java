package io.guestlink.store;

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
 * batch, a merge, an unmerge), one row per request so a request made while a worker handles the profile is never
 * lost (see link_queue). A row says what changed, which decides what it costs:
 * <ul>
 *   <li>{@link Reason#RECORD}: a new source record with a fact; applied to the profile's summary, at a cost that does
 *       not grow with the guest's history;</li>
 *   <li>{@link Reason#PROFILE}: the golden row changed (birth date, VIP code) with no new fact;</li>
 *   <li>{@link Reason#RECOMPUTE}: an updated record, a merge or an unmerge: the profile is recomputed from all the
 *       facts of its cluster.</li>
 * </ul>
 */
final class MemoryQueue {
    private MemoryQueue() {
    }

    enum Reason { RECORD, PROFILE, RECOMPUTE }

    /** A queued request; {@code recordId} is set for {@link Reason#RECORD}. Rows queued before V8 are RECOMPUTE. */
    record Row(long id, long profileId, Long recordId, Reason reason) {
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
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO memory_queue (profile_id, source_record_id, reason, queued_at) "
                + "VALUES (?, ?, ?, ?)")) {
            for (Object[] r : rows) {
                ps.setLong(1, (Long) r[0]);
                if (r[1] == null) ps.setNull(2, Types.BIGINT);
                else ps.setLong(2, (Long) r[1]);
                ps.setString(3, ((Reason) r[2]).name());
                ps.setObject(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The oldest rows, at most {@code limit}, locked; another node's worker skips them (PostgreSQL). */
    static List<Row> take(Connection c, int limit) throws SQLException {
        List<Row> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, profile_id, source_record_id, reason FROM memory_queue "
                + "ORDER BY id LIMIT " + limit + (Sql.isPostgres(c) ? " FOR UPDATE SKIP LOCKED" : ""));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(row(rs));
        }
        return out;
    }

    /** Every row of these profiles, locked or not. */
    static List<Row> of(Connection c, Collection<Long> profiles) throws SQLException {
        List<Row> out = new ArrayList<>();
        Sql.in(c, "SELECT id, profile_id, source_record_id, reason FROM memory_queue WHERE profile_id", List.of(),
                new LinkedHashSet<>(profiles), rs -> out.add(row(rs)));
        return out;
    }

    /** The rows among {@code ids} this worker can hold: on PostgreSQL those no other worker has locked. */
    static Set<Long> lock(Connection c, Collection<Long> ids) throws SQLException {
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

    private static Row row(ResultSet rs) throws SQLException {
        String reason = rs.getString(4);
        return new Row(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3, Long.class),
                reason == null ? Reason.RECOMPUTE : Reason.valueOf(reason));
    }

    /** Deletes exactly the rows a worker took (not newer requests for the same profiles). */
    static void done(Connection c, Set<Long> rowIds) throws SQLException {
        IdentityQueue.done(c, "memory_queue", rowIds);
    }

    static long size(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM memory_queue"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package io.guestlink.store;

import io.guestlink.model.FieldLimit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merges, unmerges and the review queue. A merge only points the absorbed profile (and everything merged into it) at
 * the survivor; keys, names, source records and facts stay with the profile they came from. An unmerge therefore
 * restores both profiles exactly: it points the absorbed profile's own subtree of merges back at it, declares the
 * pair distinct so no later import merges them again, and recomputes both golden rows from their sources.
 */
public final class MergeWrites {
    private MergeWrites() {
    }

    /** A recorded merge, as the CLI and tests see it. */
    public record Merge(long id, long survivor, long absorbed, String rule, Double score, Double threshold, String evidence,
                        OffsetDateTime mergedAt, OffsetDateTime unmergedAt) {
    }

    /**
     * A pair waiting for a person's decision, or decided.
     *
     * @param reason        why it was not merged: the match model's rule (null for a pair queued before V21)
     * @param decidedBy     who decided ({@link #SYSTEM} when a later record settled it), null while open
     * @param settledReason why the system closed it, null otherwise
     */
    public record Review(long id, long profileA, long profileB, double score, String evidence, String status, String reason,
                         String decidedBy, String settledReason) {
    }

    /** Who closes a pair that a later record settled (possible_duplicate.decided_by). */
    public static final String SYSTEM = "system";

    /** Merges live profile {@code absorbed} into live profile {@code survivor}; returns the merge id. */
    static long merge(Connection c, long survivor, long absorbed, String rule, Double score, Double threshold,
                      String evidenceJson, String decidedBy) throws SQLException {
        if (survivor == absorbed) throw new IllegalArgumentException("a profile cannot be merged into itself: " + survivor);
        OffsetDateTime now = ImportJournal.now();
        MemoryQueue.recompute(c, List.of(survivor, absorbed)); // their memories change with the merge
        AlertRechecks.queue(c, List.of(survivor, absorbed)); // and who an arriving guest is may too
        try (PreparedStatement ps = c.prepareStatement("UPDATE guest_profile SET merged_into = ?, updated_at = ? "
                + "WHERE id = ? OR merged_into = ?")) {
            ps.setLong(1, survivor);
            ps.setObject(2, now);
            ps.setLong(3, absorbed);
            ps.setLong(4, absorbed);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_merge (survivor_id, absorbed_id, rule, evidence, "
                + "merged_at, score, threshold, evidence_json, decided_by) VALUES (?,?,?,?,?,?,?,?,?)",
                java.sql.Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, survivor);
            ps.setLong(2, absorbed);
            ps.setString(3, rule);
            Sql.setString(ps, 4, summary(rule, score, threshold), 2000, "profile_merge.evidence");
            ps.setObject(5, now);
            ps.setObject(6, score);
            ps.setObject(7, threshold);
            ps.setString(8, evidenceJson);
            Sql.setString(ps, 9, decidedBy, FieldLimit.ACTOR);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** A merge decided by the linker, written with the others of its round by {@link #mergeAll}. */
    record Decided(long survivor, long absorbed, double score, String evidenceJson) {
    }

    /**
     * Writes a round's merges as {@link #merge} would one by one, in their order (a later one may absorb an earlier
     * survivor), as one batch per statement: a merge is otherwise four round trips, the linker's largest cost.
     */
    static void mergeAll(Connection c, List<Decided> merges, String rule, Double threshold, String decidedBy) throws SQLException {
        if (merges.isEmpty()) return;
        OffsetDateTime now = ImportJournal.now();
        List<Long> changed = new ArrayList<>();
        for (Decided m : merges) {
            if (m.survivor() == m.absorbed()) throw new IllegalArgumentException("a profile cannot be merged into itself: " + m.survivor());
            changed.add(m.survivor());
            changed.add(m.absorbed());
        }
        MemoryQueue.recompute(c, changed); // their memories change with the merge
        AlertRechecks.queue(c, changed); // and who an arriving guest is may too
        boolean postgres = Sql.isPostgres(c);
        if (postgres) pointAll(c, merges, now);
        try (PreparedStatement point = c.prepareStatement("UPDATE guest_profile SET merged_into = ?, updated_at = ? "
                + "WHERE id = ? OR merged_into = ?");
             PreparedStatement log = c.prepareStatement("INSERT INTO profile_merge (survivor_id, absorbed_id, rule, evidence, "
                     + "merged_at, score, threshold, evidence_json, decided_by) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (Decided m : merges) {
                if (!postgres) {
                    point.setLong(1, m.survivor());
                    point.setObject(2, now);
                    point.setLong(3, m.absorbed());
                    point.setLong(4, m.absorbed());
                    point.addBatch();
                }
                log.setLong(1, m.survivor());
                log.setLong(2, m.absorbed());
                log.setString(3, rule);
                Sql.setString(log, 4, summary(rule, m.score(), threshold), 2000, "profile_merge.evidence");
                log.setObject(5, now);
                log.setObject(6, m.score());
                log.setObject(7, threshold);
                log.setString(8, m.evidenceJson());
                Sql.setString(log, 9, decidedBy, FieldLimit.ACTOR);
                log.addBatch();
            }
            if (!postgres) point.executeBatch();
            log.executeBatch();
        }
    }

    /**
     * PostgreSQL: the round's merges pointed in two statements instead of one per merge (each a look-up of the absorbed
     * profile and of its members, about a millisecond on the server: 2,651 of them were 3 s of a full night's linking).
     * Done one by one, a merge points the absorbed profile and its members at the survivor, and a later merge that
     * absorbs that survivor points them all on again; so each absorbed profile, and every member it has, ends at the
     * end of its chain of survivors, which is what these two statements write at once.
     */
    private static void pointAll(Connection c, List<Decided> merges, OffsetDateTime now) throws SQLException {
        Map<Long, Long> into = new HashMap<>();
        for (Decided m : merges) into.put(m.absorbed(), m.survivor());
        Long[] absorbed = into.keySet().toArray(new Long[0]);
        Long[] root = new Long[absorbed.length];
        for (int i = 0; i < absorbed.length; i++) {
            long r = into.get(absorbed[i]);
            for (int steps = 0; into.containsKey(r); steps++) {
                // the linker merges live profiles only, so a chain never comes back to where it began
                if (steps > into.size()) throw new IllegalStateException("merges of a round form a cycle through profile " + r);
                r = into.get(r);
            }
            root[i] = r;
        }
        for (String where : List.of("g.id = f.absorbed", "g.merged_into = f.absorbed AND g.merged_into IS NOT NULL")) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE guest_profile g SET merged_into = f.root, updated_at = ? "
                    + "FROM unnest(?::bigint[], ?::bigint[]) AS f(absorbed, root) WHERE " + where)) {
                ps.setObject(1, now);
                ps.setArray(2, c.createArrayOf("bigint", absorbed));
                ps.setArray(3, c.createArrayOf("bigint", root));
                ps.executeUpdate();
            }
        }
    }

    private static String summary(String rule, Double score, Double threshold) {
        return score == null ? rule : rule + ": score " + String.format(java.util.Locale.ROOT, "%.2f", score)
                + (threshold == null ? "" : " >= " + String.format(java.util.Locale.ROOT, "%.2f", threshold));
    }

    /**
     * Undoes one merge. Returns the two live profiles whose golden rows must be recomputed: the survivor's current
     * live profile and the restored one.
     */
    static long[] unmerge(Connection c, long mergeId, String by) throws SQLException {
        Merge m = find(c, mergeId).orElseThrow(() -> new IllegalArgumentException("no merge " + mergeId));
        if (m.unmergedAt() != null) throw new IllegalArgumentException("merge " + mergeId + " was already undone at " + m.unmergedAt());
        // the absorbed profile's own subtree: what was merged into it (directly or not) by merges still standing
        Map<Long, List<Long>> children = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT survivor_id, absorbed_id FROM profile_merge "
                + "WHERE unmerged_at IS NULL AND id <> ?")) {
            ps.setLong(1, mergeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) children.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>()).add(rs.getLong(2));
            }
        }
        Set<Long> subtree = new LinkedHashSet<>();
        Deque<Long> toVisit = new ArrayDeque<>(children.getOrDefault(m.absorbed(), List.of()));
        while (!toVisit.isEmpty()) {
            long p = toVisit.pop();
            if (subtree.add(p)) toVisit.addAll(children.getOrDefault(p, List.of()));
        }
        subtree.remove(m.absorbed());
        OffsetDateTime now = ImportJournal.now();
        long survivorLive = GoldenRecords.live(c, List.of(m.survivor())).getOrDefault(m.survivor(), m.survivor());
        try (PreparedStatement ps = c.prepareStatement("UPDATE guest_profile SET merged_into = NULL, updated_at = ? WHERE id = ?")) {
            ps.setObject(1, now);
            ps.setLong(2, m.absorbed());
            ps.executeUpdate();
        }
        if (!subtree.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE guest_profile SET merged_into = ?, updated_at = ? WHERE id = ?")) {
                for (long p : subtree) {
                    ps.setLong(1, m.absorbed());
                    ps.setObject(2, now);
                    ps.setLong(3, p);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE profile_merge SET unmerged_at = ?, unmerged_by = ? WHERE id = ?")) {
            ps.setObject(1, now);
            Sql.setString(ps, 2, by, 100, "profile_merge.unmerged_by");
            ps.setLong(3, mergeId);
            ps.executeUpdate();
        }
        declareDistinct(c, m.survivor(), m.absorbed(), "merge " + mergeId + " undone" + (by == null ? "" : " by " + by));
        MemoryQueue.recompute(c, List.of(survivorLive, m.absorbed()));
        AlertRechecks.queue(c, List.of(survivorLive, m.absorbed()));
        return new long[] {survivorLive, m.absorbed()};
    }

    static void declareDistinct(Connection c, long a, long b, String reason) throws SQLException {
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        if (pairExists(c, "distinct_pair", lo, hi)) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO distinct_pair (profile_a, profile_b, reason, decided_at) "
                + "VALUES (?,?,?,?)")) {
            ps.setLong(1, lo);
            ps.setLong(2, hi);
            Sql.setString(ps, 3, reason, 500, "distinct_pair.reason");
            ps.setObject(4, ImportJournal.now());
            ps.executeUpdate();
        }
    }

    /** Whether the table (distinct_pair or possible_duplicate) already holds the pair, lower id first. */
    private static boolean pairExists(Connection c, String table, long lo, long hi) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM " + table + " WHERE profile_a = ? AND profile_b = ?")) {
            q.setLong(1, lo);
            q.setLong(2, hi);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Distinct pairs touching any of the profiles, as "lo:hi". */
    static Set<String> distinctPairs(Connection c, java.util.Collection<Long> profiles) throws SQLException {
        Set<String> out = new java.util.HashSet<>();
        if (profiles.isEmpty()) return out;
        Sql.in(c, "SELECT profile_a, profile_b FROM distinct_pair WHERE profile_a", List.of(), new LinkedHashSet<>(profiles),
                rs -> out.add(rs.getLong(1) + ":" + rs.getLong(2)));
        Sql.in(c, "SELECT profile_a, profile_b FROM distinct_pair WHERE profile_b", List.of(), new LinkedHashSet<>(profiles),
                rs -> out.add(rs.getLong(1) + ":" + rs.getLong(2)));
        return out;
    }

    /** Queues a pair for review (once: a pair already queued or decided is left as it is). */
    static void queueReview(Connection c, long a, long b, double score, String evidenceJson, String reason) throws SQLException {
        queueReviews(c, List.of(Pending.of(a, b, score, evidenceJson, reason)));
    }

    /** A pair to queue for review, lower id first, with why it was not merged (the model's rule). */
    record Pending(long lo, long hi, double score, String evidenceJson, String reason) {
        static Pending of(long a, long b, double score, String evidenceJson, String reason) {
            return new Pending(Math.min(a, b), Math.max(a, b), score, evidenceJson, reason);
        }
    }

    /**
     * Queues many pairs at once (one statement batch); pairs already queued or decided by a person are left as they
     * are. A pair the system closed as distinct on new evidence is opened again: newer evidence put it back in the band.
     */
    static void queueReviews(Connection c, List<Pending> pairs) throws SQLException {
        if (pairs.isEmpty()) return;
        Map<String, Pending> wanted = new java.util.LinkedHashMap<>();
        for (Pending p : pairs) wanted.putIfAbsent(p.lo() + ":" + p.hi(), p);
        Set<Long> los = new LinkedHashSet<>();
        for (Pending p : wanted.values()) los.add(p.lo());
        Map<Long, Pending> reopen = new java.util.TreeMap<>();
        Sql.in(c, "SELECT profile_a, profile_b, id, status, decided_by FROM possible_duplicate WHERE profile_a", List.of(), los, rs -> {
            Pending p = wanted.remove(rs.getLong(1) + ":" + rs.getLong(2));
            if (p != null && "DISTINCT".equals(rs.getString(4)) && SYSTEM.equals(rs.getString(5))) reopen.put(rs.getLong(3), p);
        });
        for (var e : reopen.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE possible_duplicate SET status = 'OPEN', score = ?, "
                    + "evidence_json = ?, reason = ?, decided_at = NULL, decided_by = NULL, settled_reason = NULL WHERE id = ?")) {
                ps.setDouble(1, e.getValue().score());
                ps.setString(2, e.getValue().evidenceJson());
                Sql.setString(ps, 3, clip(e.getValue().reason()), 500, "possible_duplicate.reason");
                ps.setLong(4, e.getKey());
                ps.executeUpdate();
            }
        }
        if (wanted.isEmpty()) return;
        OffsetDateTime now = ImportJournal.now();
        if (Sql.isPostgres(c)) {
            // one statement of arrays: a night's linking files thousands of pairs, and one INSERT ... ON CONFLICT per pair
            // was the largest single cost of linking in the database
            List<Long> lo = new ArrayList<>(), hi = new ArrayList<>();
            List<Double> score = new ArrayList<>();
            List<String> evidence = new ArrayList<>(), reason = new ArrayList<>();
            for (Pending p : wanted.values()) {
                lo.add(p.lo());
                hi.add(p.hi());
                score.add(p.score());
                evidence.add(p.evidenceJson());
                reason.add(Sql.checked(clip(p.reason()), 500, "possible_duplicate.reason"));
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO possible_duplicate (profile_a, profile_b, score, evidence_json, "
                    + "status, found_at, reason) SELECT a, b, s, e, 'OPEN', ?, r FROM unnest(?::bigint[], ?::bigint[], "
                    + "?::float8[], ?::varchar[], ?::varchar[]) AS u(a, b, s, e, r) ORDER BY a, b "
                    + "ON CONFLICT (profile_a, profile_b) DO NOTHING")) {
                ps.setObject(1, now);
                ps.setArray(2, c.createArrayOf("bigint", lo.toArray()));
                ps.setArray(3, c.createArrayOf("bigint", hi.toArray()));
                ps.setArray(4, c.createArrayOf("float8", score.toArray()));
                ps.setArray(5, c.createArrayOf("varchar", evidence.toArray()));
                ps.setArray(6, c.createArrayOf("varchar", reason.toArray()));
                ps.executeUpdate();
            }
        } else try (PreparedStatement ps = c.prepareStatement("INSERT INTO possible_duplicate (profile_a, profile_b, score, evidence_json, "
                + "status, found_at, reason) VALUES (?,?,?,?, 'OPEN', ?, ?)")) {
            for (Pending p : wanted.values()) {
                ps.setLong(1, p.lo());
                ps.setLong(2, p.hi());
                ps.setDouble(3, p.score());
                ps.setString(4, p.evidenceJson());
                ps.setObject(5, now);
                Sql.setString(ps, 6, clip(p.reason()), 500, "possible_duplicate.reason");
                ps.addBatch();
            }
            ps.executeBatch();
        }
        // their cards now name each other as possibly the same guest: arrivals among them are evaluated again
        List<Long> changed = new ArrayList<>();
        for (Pending p : wanted.values()) {
            changed.add(p.lo());
            changed.add(p.hi());
        }
        AlertRechecks.queue(c, changed);
    }

    static Optional<Merge> find(Connection c, long mergeId) throws SQLException {
        List<Merge> l = list(c, "WHERE id = ?", mergeId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    static List<Merge> list(Connection c, String where, Object... args) throws SQLException {
        List<Merge> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, survivor_id, absorbed_id, rule, score, threshold, "
                + "COALESCE(evidence_json, evidence), merged_at, unmerged_at FROM profile_merge " + where + " ORDER BY id")) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Merge(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        (Double) rs.getObject(5, Double.class), (Double) rs.getObject(6, Double.class), rs.getString(7),
                        rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class)));
            }
        }
        return out;
    }

    static List<Review> reviews(Connection c, String status, int offset, int limit) throws SQLException {
        List<Review> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + REVIEW_COLUMNS + " "
                + "FROM possible_duplicate WHERE status = ? ORDER BY score DESC, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            ps.setString(1, status);
            ps.setInt(2, offset);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(review(rs));
            }
        }
        return out;
    }

    static Review review(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + REVIEW_COLUMNS + " "
                + "FROM possible_duplicate WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new IllegalArgumentException("no possible duplicate " + id);
                return review(rs);
            }
        }
    }

    private static final String REVIEW_COLUMNS = "id, profile_a, profile_b, score, evidence_json, status, reason, decided_by, "
            + "settled_reason";

    private static Review review(ResultSet rs) throws SQLException {
        return new Review(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9));
    }

    /** These pairs, whatever their status, by id. */
    static Map<Long, Review> reviews(Connection c, java.util.Collection<Long> ids) throws SQLException {
        Map<Long, Review> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        Sql.in(c, "SELECT " + REVIEW_COLUMNS + " FROM possible_duplicate WHERE id", List.of(), new LinkedHashSet<>(ids),
                rs -> out.put(rs.getLong(1), review(rs)));
        return out;
    }

    /** {@link #REVIEW_COLUMNS} of possible_duplicate {@code d}, the evidence left out (null). */
    private static final String OPEN_COLUMNS = "d.id, d.profile_a, d.profile_b, d.score, NULL, d.status, d.reason, d.decided_by, "
            + "d.settled_reason";

    /**
     * The open pairs with a side among these profiles, by id, without their evidence (null): settling scores them
     * afresh, and the evidence (about 1.7 KB a pair) was most of what a linking round's look-up carried. On PostgreSQL
     * the profiles are joined, one index look-up each: filtered by {@code = ANY(?)} over a round's 3,000 profiles the
     * statement took 8.5 ms at 5,000 open pairs, joined 1 ms.
     */
    static List<Review> openTouching(Connection c, java.util.Collection<Long> profiles) throws SQLException {
        Map<Long, Review> out = new java.util.TreeMap<>();
        if (profiles.isEmpty()) return List.of();
        for (String side : List.of("profile_a", "profile_b")) {
            if (Sql.isPostgres(c)) {
                Sql.withIds(c, "SELECT " + OPEN_COLUMNS + " FROM unnest(?::bigint[]) AS r(id) JOIN possible_duplicate d ON d." + side
                        + " = r.id WHERE d.status = 'OPEN'", profiles, rs -> out.put(rs.getLong(1), review(rs)));
            } else {
                Sql.in(c, "SELECT " + OPEN_COLUMNS + " FROM possible_duplicate d WHERE d.status = 'OPEN' AND d." + side, List.of(),
                        new LinkedHashSet<>(profiles), rs -> out.put(rs.getLong(1), review(rs)));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** An open pair joined with the live guest of each side (the queue as ranking reads it). */
    public record OpenRow(long id, long profileA, long profileB, long guestA, long guestB, double score, String reason) {
    }

    /** Where an open pair's two sides are still two guests (a pair already one guest waits for nobody). */
    private static final String STILL_TWO = "FROM possible_duplicate d JOIN guest_profile a ON a.id = d.profile_a "
            + "JOIN guest_profile b ON b.id = d.profile_b WHERE d.status = 'OPEN' "
            + "AND COALESCE(a.merged_into, a.id) <> COALESCE(b.merged_into, b.id)";

    /** Every open pair whose sides are still two guests, by id. */
    static List<OpenRow> openRows(Connection c) throws SQLException {
        List<OpenRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.id, d.profile_a, d.profile_b, COALESCE(a.merged_into, a.id), "
                + "COALESCE(b.merged_into, b.id), d.score, d.reason " + STILL_TWO + " ORDER BY d.id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new OpenRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getDouble(6), rs.getString(7)));
        }
        return out;
    }

    /** How many pairs wait for a person: open, and still two guests (the total `review`, the API and the alert show). */
    static long openCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) " + STILL_TWO); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Closes every open pair whose two sides became one guest after it was queued (an exact key, a later auto-merge,
     * a source system's merge, a person's decision on another pair of the same guests); returns how many.
     */
    static int closeMergedAnyway(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE possible_duplicate SET status = 'MERGED', decided_at = ?, "
                + "decided_by = ?, settled_reason = ? WHERE status = 'OPEN' AND EXISTS (SELECT 1 FROM guest_profile a, "
                + "guest_profile b WHERE a.id = possible_duplicate.profile_a AND b.id = possible_duplicate.profile_b "
                + "AND COALESCE(a.merged_into, a.id) = COALESCE(b.merged_into, b.id))")) {
            ps.setObject(1, ImportJournal.now());
            ps.setString(2, SYSTEM);
            ps.setString(3, ReviewSettling.MERGED_ANYWAY);
            return ps.executeUpdate();
        }
    }

    /** A rule text as the column keeps it: a longer one (a rule added later) is cut rather than failing the link. */
    private static String clip(String reason) {
        return reason == null || reason.length() <= 500 ? reason : reason.substring(0, 499) + "…";
    }

    /** Closes an open pair without a person ({@link #SYSTEM}): MERGED or DISTINCT, and why. */
    static void settled(Connection c, long reviewId, String status, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE possible_duplicate SET status = ?, decided_at = ?, decided_by = ?, "
                + "settled_reason = ? WHERE id = ? AND status = 'OPEN'")) {
            ps.setString(1, status);
            ps.setObject(2, ImportJournal.now());
            ps.setString(3, SYSTEM);
            Sql.setString(ps, 4, clip(reason), 500, "possible_duplicate.settled_reason");
            ps.setLong(5, reviewId);
            ps.executeUpdate();
        }
        Review r = review(c, reviewId);
        AlertRechecks.queue(c, List.of(r.profileA(), r.profileB())); // no longer a question on their cards
    }

    /** An open pair scored again, still for a person: its score, evidence and reason as they are now. */
    static void rescored(Connection c, long reviewId, double score, String evidenceJson, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE possible_duplicate SET score = ?, evidence_json = ?, reason = ? "
                + "WHERE id = ? AND status = 'OPEN'")) {
            ps.setDouble(1, score);
            ps.setString(2, evidenceJson);
            Sql.setString(ps, 3, clip(reason), 500, "possible_duplicate.reason");
            ps.setLong(4, reviewId);
            ps.executeUpdate();
        }
    }

    static void decided(Connection c, long reviewId, String status, String by) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE possible_duplicate SET status = ?, decided_at = ?, decided_by = ? "
                + "WHERE id = ?")) {
            ps.setString(1, status);
            ps.setObject(2, ImportJournal.now());
            Sql.setString(ps, 3, by, FieldLimit.ACTOR);
            ps.setLong(4, reviewId);
            ps.executeUpdate();
        }
        // the pair is no longer a question on their cards
        Review r = review(c, reviewId);
        AlertRechecks.queue(c, List.of(r.profileA(), r.profileB()));
    }
}

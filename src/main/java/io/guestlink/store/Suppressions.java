package io.guestlink.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The suppression list (table suppression): keyed hashes of what an erased guest was known by, each with the erasure
 * that put it there. Only hashes are kept; the key that makes them lives in the environment (identity/SuppressionKeys).
 */
public final class Suppressions {
    private Suppressions() {
    }

    /** One entry: the hash and what it stands for (RECORD, GUEST, DOCUMENT). */
    public record Entry(String kind, String hash) {
    }

    /** Whether the list holds anything at all. */
    static boolean any(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM suppression FETCH FIRST 1 ROWS ONLY");
             java.sql.ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** The listed hashes among {@code hashes}, each with its erasure id. */
    static Map<String, Long> find(Connection c, Collection<String> hashes) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        Sql.in(c, "SELECT hash, erasure_id FROM suppression WHERE hash", List.of(), hashes,
                rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** Adds the entries of one erasure (a hash listed before keeps its first erasure); how many were new. */
    static int add(Connection c, long erasureId, Collection<Entry> entries) throws SQLException {
        Map<String, Entry> unique = new java.util.LinkedHashMap<>();
        for (Entry e : entries) unique.putIfAbsent(e.hash(), e);
        Map<String, Long> known = find(c, unique.keySet());
        int added = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO suppression (hash, kind, erasure_id, created_at) VALUES (?,?,?,?)")) {
            for (Entry e : unique.values()) {
                if (known.containsKey(e.hash())) continue;
                ps.setString(1, e.hash());
                ps.setString(2, e.kind());
                ps.setLong(3, erasureId);
                ps.setObject(4, ImportJournal.now());
                ps.addBatch();
                added++;
            }
            if (added > 0) ps.executeBatch();
        }
        return added;
    }

    /** How many hashes the list holds. */
    public static long count(Transaction tx) {
        return tx.sql("counting the suppression list", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM suppression"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

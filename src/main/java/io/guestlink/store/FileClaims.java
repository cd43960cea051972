package io.guestlink.store;

import org.apache.commons.codec.digest.DigestUtils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims on inbox files shared by every process on one store, so two GuestLink processes polling one inbox take each
 * file once. On PostgreSQL a claim is a session advisory lock held on a connection of its own, outside the pool: the
 * server drops it when that connection ends, so a process killed mid-file (kill -9, power cut) leaves no claim behind
 * and the other process (or the same one restarted) takes the file and resumes it. The embedded H2 store serves one
 * process, so its claims are this process's alone.
 */
public final class FileClaims {
    private final Database db;
    private final Map<String, Claim> held = new ConcurrentHashMap<>();

    /** A claim this process holds: on PostgreSQL the connection whose advisory lock it is; on H2 none (null). */
    private record Claim(Connection connection) {
    }

    public FileClaims(Database db) {
        this.db = db;
    }

    /** Claims the key for this process; false when another process (or this one) holds it. */
    public boolean claim(String key) {
        if (!db.isPostgres()) return held.putIfAbsent(key, new Claim(null)) == null;
        if (held.containsKey(key)) return false;
        Connection c = null;
        try {
            c = db.dedicatedConnection();
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, lockId(key));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1) && held.putIfAbsent(key, new Claim(c)) == null) return true;
                }
            }
            c.close();
            return false;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException("cannot claim an inbox file", e);
        }
    }

    /** Whether this process holds the key (and, on PostgreSQL, the connection that holds it is still open). */
    public boolean holds(String key) {
        Claim claim = held.get(key);
        if (claim == null) return false;
        if (claim.connection() == null) return true;
        try {
            return claim.connection().isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Gives the key up (closing its connection releases the lock); nothing when not held. */
    public void release(String key) {
        Claim claim = held.remove(key);
        if (claim != null) closeQuietly(claim.connection());
    }

    /** Gives every claim of this process up. */
    public void releaseAll() {
        held.keySet().forEach(this::release);
    }

    /** The advisory lock id of a key: the first 8 bytes of its SHA-256, in a space of its own ("inbox:"). */
    static long lockId(String key) {
        return ByteBuffer.wrap(DigestUtils.sha256(("inbox:" + key).getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // a connection that cannot even close has lost its lock with it
        }
    }
}

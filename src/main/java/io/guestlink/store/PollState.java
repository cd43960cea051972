package io.guestlink.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/** Each database feed's watermark in the store: read when a poll starts, written with the batch it covers. */
public final class PollState {
    private final Database db;

    public PollState(Database db) {
        this.db = db;
    }

    /** The watermark as text (ISO local date-time, date or integer), the tie-breaker value of that row, the last error. */
    public record Mark(String sourceId, String watermark, String tieBreaker, long rowsApplied, OffsetDateTime updatedAt,
                       String lastError, OffsetDateTime lastErrorAt) {
    }

    private static final String COLUMNS = "SELECT source_id, watermark, tie_breaker, rows_applied, updated_at, last_error, "
            + "last_error_at FROM poll_state";

    public Optional<Mark> read(String sourceId) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE source_id = ?")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mark(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the watermark of feed " + sourceId, e);
        }
    }

    public java.util.List<Mark> all() {
        java.util.List<Mark> out = new java.util.ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(COLUMNS + " ORDER BY source_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(mark(rs));
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the database feeds' state", e);
        }
    }

    private static Mark mark(ResultSet rs) throws SQLException {
        return new Mark(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getObject(5, OffsetDateTime.class),
                rs.getString(6), rs.getObject(7, OffsetDateTime.class));
    }

    /** Records why a poll failed, for `guestlink polls`; the watermark stays where the last committed batch left it. */
    public void failed(String sourceId, String error) {
        String why = error == null ? "unknown error" : error.length() > 4000 ? error.substring(0, 4000) : error;
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE poll_state SET last_error = ?, last_error_at = ? WHERE source_id = ?")) {
                ps.setString(1, why);
                ps.setObject(2, OffsetDateTime.now());
                ps.setString(3, sourceId);
                if (ps.executeUpdate() == 1) return;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO poll_state (source_id, rows_applied, updated_at, last_error, "
                    + "last_error_at) VALUES (?, 0, ?, ?, ?)")) {
                ps.setString(1, sourceId);
                ps.setObject(2, OffsetDateTime.now());
                ps.setString(3, why);
                ps.setObject(4, OffsetDateTime.now());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record the failed poll of feed " + sourceId, e);
        }
    }

    /** A poll went through: the last error is history. */
    public void succeeded(String sourceId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE poll_state SET last_error = NULL, last_error_at = NULL "
                     + "WHERE source_id = ? AND last_error IS NOT NULL")) {
            ps.setString(1, sourceId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot clear the last error of feed " + sourceId, e);
        }
    }

    /** Moves the feed's watermark inside the caller's transaction (the batch it covers); a missing row is created. */
    public void moveWatermark(Transaction tx, String sourceId, String watermark, String tieBreaker, long rows) {
        tx.sql("moving the watermark of feed " + sourceId, c -> {
            write(c, sourceId, watermark, tieBreaker, rows);
            return null;
        });
    }

    private static void write(Connection c, String sourceId, String watermark, String tieBreaker, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE poll_state SET watermark = ?, tie_breaker = ?, "
                + "rows_applied = rows_applied + ?, updated_at = ? WHERE source_id = ?")) {
            ps.setString(1, watermark);
            ps.setString(2, tieBreaker);
            ps.setLong(3, rows);
            ps.setObject(4, OffsetDateTime.now());
            ps.setString(5, sourceId);
            if (ps.executeUpdate() == 1) return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO poll_state (source_id, watermark, tie_breaker, rows_applied, "
                + "updated_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, sourceId);
            ps.setString(2, watermark);
            ps.setString(3, tieBreaker);
            ps.setLong(4, rows);
            ps.setObject(5, OffsetDateTime.now());
            ps.executeUpdate();
        }
    }

    /** Forgets a feed's watermark: its next poll reads the whole table again (idempotent: unchanged rows change nothing). */
    public void reset(String sourceId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM poll_state WHERE source_id = ?")) {
            ps.setString(1, sourceId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot reset the watermark of feed " + sourceId, e);
        }
    }
}

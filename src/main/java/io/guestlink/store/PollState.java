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

    /** The watermark as text (ISO local date-time, date or integer) and the tie-breaker value of that row. */
    public record Mark(String watermark, String tieBreaker, long rowsApplied) {
    }

    public Optional<Mark> read(String sourceId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT watermark, tie_breaker, rows_applied FROM poll_state WHERE source_id = ?")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Mark(rs.getString(1), rs.getString(2), rs.getLong(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the watermark of feed " + sourceId, e);
        }
    }

    /** Moves the feed's watermark inside the caller's transaction; a missing row is created. */
    public static void write(Connection c, String sourceId, String watermark, String tieBreaker, long rows) throws SQLException {
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

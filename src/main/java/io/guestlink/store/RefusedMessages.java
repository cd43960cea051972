package io.guestlink.store;

import io.guestlink.event.Refusal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal of refused real-time messages (table {@code refused_message}): one row per refusal, listed for the
 * operator without the raw text, and read back whole to reprocess one. Methods take the caller's transaction.
 */
public final class RefusedMessages {
    public static final String REFUSED = "REFUSED";
    public static final String REPROCESSED = "REPROCESSED";
    public static final String ALREADY_APPLIED = "ALREADY_APPLIED";
    private static final int MAX_SYSTEM = 100;
    private static final int MAX_ID = 200;

    /**
     * One journaled refusal as shown: everything but the raw text.
     *
     * @param appliedEvent the guest event of the same sender and message id when that message was applied since
     *                     (resent by the sender or reprocessed), else null
     */
    public record Row(long id, String channel, String system, String messageId, String transportId, String answer,
                      String code, String field, String reason, int rawChars, boolean rawKept, Instant receivedAt,
                      String status, int attempts, Instant reprocessedAt, Long eventId, Long appliedEvent) {
    }

    private final int maxRawChars;

    /** @param maxRawChars longer raw texts are not kept (guestlink.journal.max-raw-chars): never cut */
    public RefusedMessages(int maxRawChars) {
        this.maxRawChars = maxRawChars;
    }

    /** Journals a refusal; its id. A sender or message id too long for its column is left out, not cut. */
    public long insert(Transaction tx, Refusal r) {
        return tx.sql("journaling a refused " + r.channel() + " message", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO refused_message (channel, system, message_id, "
                    + "transport_id, answer, code, field, reason, raw_text, raw_chars, received_at, status) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                int raw = r.raw() == null ? 0 : r.raw().length();
                ps.setString(1, r.channel());
                ps.setString(2, fits(r.system(), MAX_SYSTEM));
                ps.setString(3, fits(r.messageId(), MAX_ID));
                ps.setString(4, fits(r.transportId(), MAX_ID));
                ps.setString(5, r.answer());
                ps.setString(6, fits(r.code(), 8));
                Sql.setShown(ps, 7, r.field(), 200);
                Sql.setShown(ps, 8, r.reason(), 2000);
                ps.setString(9, raw <= maxRawChars ? tx.rawText().seal(r.raw()) : null); // sealed under the store key
                ps.setInt(10, raw);
                ps.setObject(11, ImportJournal.now());
                ps.setString(12, REFUSED);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** The latest refusals first; {@code openOnly} leaves out those reprocessed or applied since. */
    public List<Row> list(Transaction tx, boolean openOnly, String channelOrNull, int limit) {
        return tx.sql("listing refused messages", c -> {
            String sql = "SELECT " + COLUMNS + " FROM refused_message r LEFT JOIN inbound_message m ON m.system = r.system "
                    + "AND m.message_id = r.message_id WHERE 1 = 1"
                    + (openOnly ? " AND r.status = 'REFUSED' AND m.event_id IS NULL" : "")
                    + (channelOrNull == null ? "" : " AND r.channel = ?") + " ORDER BY r.id DESC";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (channelOrNull != null) ps.setString(1, channelOrNull);
                ps.setMaxRows(limit);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row(rs));
                }
                return out;
            }
        });
    }

    /** One refusal as shown, and its raw text (null when it was not kept). */
    public Optional<Stored> get(Transaction tx, long id) {
        return tx.sql("reading refused message " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", r.raw_text FROM refused_message r "
                    + "LEFT JOIN inbound_message m ON m.system = r.system AND m.message_id = r.message_id WHERE r.id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Stored(row(rs), tx.rawText().open(rs.getString(18)))) : Optional.empty();
                }
            }
        });
    }

    public record Stored(Row row, String raw) {
    }

    /** Reprocessing applied it ({@link #REPROCESSED}) or found it applied before ({@link #ALREADY_APPLIED}). */
    public void applied(Transaction tx, long id, String status, long eventId) {
        tx.sql("marking refused message " + id + " " + status, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE refused_message SET status = ?, event_id = ?, "
                    + "reprocessed_at = ?, attempts = attempts + 1 WHERE id = ?")) {
                ps.setString(1, status);
                ps.setLong(2, eventId);
                ps.setObject(3, ImportJournal.now());
                ps.setLong(4, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Reprocessing refused it again: the new reason replaces the old one, the row stays open. */
    public void refusedAgain(Transaction tx, long id, Refusal again) {
        tx.sql("updating refused message " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE refused_message SET answer = ?, code = ?, field = ?, "
                    + "reason = ?, reprocessed_at = ?, attempts = attempts + 1 WHERE id = ?")) {
                ps.setString(1, again.answer());
                ps.setString(2, fits(again.code(), 8));
                Sql.setShown(ps, 3, again.field(), 200);
                Sql.setShown(ps, 4, again.reason(), 2000);
                ps.setObject(5, ImportJournal.now());
                ps.setLong(6, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static final String COLUMNS = "r.id, r.channel, r.system, r.message_id, r.transport_id, r.answer, r.code, "
            + "r.field, r.reason, r.raw_chars, r.raw_text IS NOT NULL, r.received_at, r.status, r.attempts, "
            + "r.reprocessed_at, r.event_id, m.event_id";

    private static Row row(ResultSet rs) throws SQLException {
        OffsetDateTime received = rs.getObject(12, OffsetDateTime.class);
        OffsetDateTime reprocessed = rs.getObject(15, OffsetDateTime.class);
        return new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getInt(10), rs.getBoolean(11), received.toInstant(),
                rs.getString(13), rs.getInt(14), reprocessed == null ? null : reprocessed.toInstant(),
                rs.getObject(16, Long.class), rs.getObject(17, Long.class));
    }

    private static String fits(String v, int max) {
        return v == null || v.length() > max ? null : v;
    }
}

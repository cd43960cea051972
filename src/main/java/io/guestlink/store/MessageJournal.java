package io.guestlink.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The real-time message journal as one list: every message a channel applied ({@code inbound_message}, remembered
 * with its guest event) and every one it refused ({@code refused_message}, with its text for reprocessing), newest
 * first. Read-only; the raw text is returned for the caller to mask and is never written anywhere from here.
 */
public final class MessageJournal {
    /** Applied by its channel (HL7 AA, JSON event committed). */
    public static final String ACCEPTED = "ACCEPTED";
    /** Refused, and the same sender's message id applied since (resent by the sender): nothing left to do. */
    public static final String APPLIED_SINCE = "APPLIED_SINCE";
    /** Every status an entry can have: accepted, or a refusal's (see {@link RefusedMessages}). */
    public static final List<String> STATUSES = List.of(ACCEPTED, RefusedMessages.REFUSED, APPLIED_SINCE,
            RefusedMessages.REPROCESSED, RefusedMessages.ALREADY_APPLIED);

    /**
     * One message: {@code refusalId} is set for a refused one (the id {@code reprocess} takes), {@code eventId} for
     * one applied (or applied since); {@code raw} is the kept text of a refused message (null otherwise, or when it
     * was over guestlink.journal.max-raw-chars), unmasked.
     */
    public record Entry(Long refusalId, Long eventId, String channel, String system, String messageId, String eventType,
                        Instant receivedAt, String status, String answer, String code, String field, String reason,
                        String raw) {
    }

    /** Each null means any: channel hl7 or jms, the sender's system, one of {@link #STATUSES}, a received-at window. */
    public record Filter(String channel, String system, String status, Instant from, Instant to) {
    }

    /** Messages per channel: applied, refused (open ones and all), and the last received. */
    public record ChannelCounts(String channel, long accepted, long refused, long refusedOpen, Instant lastReceived,
                                Instant lastRefused, String lastRefusal) {
    }

    private MessageJournal() {
    }

    private static final String UNION = "SELECT CAST(NULL AS BIGINT) AS refusal_id, m.event_id, m.channel, m.system, "
            + "m.message_id, m.event_type, m.received_at, CAST('ACCEPTED' AS VARCHAR(16)) AS status, "
            + "CAST(NULL AS VARCHAR(8)) AS answer, CAST(NULL AS VARCHAR(8)) AS code, CAST(NULL AS VARCHAR(200)) AS field, "
            + "CAST(NULL AS VARCHAR(2000)) AS reason, CAST(NULL AS VARCHAR) AS raw_text FROM inbound_message m "
            + "UNION ALL SELECT r.id, COALESCE(r.event_id, a.event_id), r.channel, r.system, r.message_id, "
            + "CAST(NULL AS VARCHAR(40)), r.received_at, CASE WHEN r.status = 'REFUSED' AND a.event_id IS NOT NULL "
            + "THEN 'APPLIED_SINCE' ELSE r.status END, r.answer, r.code, r.field, r.reason, r.raw_text "
            + "FROM refused_message r LEFT JOIN inbound_message a ON a.system = r.system AND a.message_id = r.message_id";

    /** A page of the journal, newest first ({@code limit} after the first {@code offset}). */
    public static List<Entry> list(Transaction tx, Filter f, int offset, int limit) {
        return tx.sql("reading the message journal", c -> {
            StringBuilder sql = new StringBuilder("SELECT * FROM (" + UNION + ") j WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (f.channel() != null) {
                sql.append(" AND j.channel = ?");
                args.add(f.channel());
            }
            if (f.system() != null) {
                sql.append(" AND j.system = ?");
                args.add(f.system());
            }
            if (f.status() != null) {
                sql.append(" AND j.status = ?");
                args.add(f.status());
            }
            if (f.from() != null) {
                sql.append(" AND j.received_at >= ?");
                args.add(f.from().atOffset(ZoneOffset.UTC));
            }
            if (f.to() != null) {
                sql.append(" AND j.received_at < ?");
                args.add(f.to().atOffset(ZoneOffset.UTC));
            }
            sql.append(" ORDER BY j.received_at DESC, j.refusal_id DESC, j.event_id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
            args.add(offset);
            args.add(limit);
            return Sql.list(c, sql.toString(), args, rs -> new Entry((Long) rs.getObject(1, Long.class),
                    (Long) rs.getObject(2, Long.class), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8), rs.getString(9),
                    rs.getString(10), rs.getString(11), rs.getString(12), tx.rawText().open(rs.getString(13))));
        });
    }

    /** Counts for one channel (hl7, jms). */
    public static ChannelCounts counts(Transaction tx, String channel) {
        return tx.sql("counting the " + channel + " messages", c -> {
            long accepted;
            Instant lastAccepted;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MAX(received_at) FROM inbound_message WHERE channel = ?")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    accepted = rs.getLong(1);
                    lastAccepted = instant(rs.getObject(2, OffsetDateTime.class));
                }
            }
            long refused, open;
            Instant lastRefused;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN r.status = 'REFUSED' AND "
                    + "a.event_id IS NULL THEN 1 ELSE 0 END), MAX(r.received_at) FROM refused_message r LEFT JOIN "
                    + "inbound_message a ON a.system = r.system AND a.message_id = r.message_id WHERE r.channel = ?")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    refused = rs.getLong(1);
                    open = rs.getLong(2);
                    lastRefused = instant(rs.getObject(3, OffsetDateTime.class));
                }
            }
            String lastReason = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT reason FROM refused_message WHERE channel = ? "
                    + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, channel);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) lastReason = rs.getString(1);
                }
            }
            Instant last = lastAccepted == null ? lastRefused
                    : lastRefused == null || lastAccepted.isAfter(lastRefused) ? lastAccepted : lastRefused;
            return new ChannelCounts(channel, accepted, refused, open, last, lastRefused, lastReason);
        });
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}

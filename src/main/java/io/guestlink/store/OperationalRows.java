package io.guestlink.store;

import io.guestlink.alert.OperationalAlert;
import io.guestlink.alert.OperationalConditions;
import io.guestlink.alert.OperationalKind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.guestlink.store.AlertRows.at;

/**
 * Operational alerts in the store: the conditions that hold now (ops_condition, one row per kind and subject while
 * it lasts) and the alerts themselves, written into the same outbox as guest alerts with kind 'operational', so the
 * channels deliver them with the same leases, retries and journal of attempts.
 */
public final class OperationalRows {
    /** An alert channel failing: its first failed attempt since the last delivered one, deliveries undelivered, last error. */
    public record Failing(String channel, Instant since, long undelivered, String lastError) {
    }

    private OperationalRows() {
    }

    /** The open condition of a kind and subject, locked for this transaction when present. */
    public static Optional<OperationalConditions.Open> open(Transaction tx, OperationalKind kind, String subject) {
        return tx.sql("reading operational condition " + kind.type() + " " + subject, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT since, alerts, last_alert_at FROM ops_condition "
                    + "WHERE kind = ? AND subject = ? FOR UPDATE")) {
                ps.setString(1, kind.type());
                ps.setString(2, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new OperationalConditions.Open(rs.getObject(1, OffsetDateTime.class).toInstant(),
                            rs.getInt(2), rs.getObject(3, OffsetDateTime.class).toInstant())) : Optional.empty();
                }
            }
        });
    }

    /** Subjects of a kind with an open condition (to clear those a check no longer sees). */
    public static List<String> openSubjects(Transaction tx, OperationalKind kind) {
        return tx.sql("reading open operational conditions", c -> {
            List<String> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT subject FROM ops_condition WHERE kind = ? ORDER BY subject")) {
                ps.setString(1, kind.type());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    /** Opens a condition (a concurrent open by another node fails this transaction on the primary key). */
    public static void raise(Transaction tx, OperationalKind kind, String subject, Instant since) {
        tx.sql("opening operational condition " + kind.type() + " " + subject, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ops_condition (kind, subject, since, alerts, last_alert_at) "
                    + "VALUES (?, ?, ?, 1, ?)")) {
                ps.setString(1, kind.type());
                ps.setString(2, subject);
                ps.setObject(3, at(since));
                ps.setObject(4, at(since));
                return ps.executeUpdate();
            }
        });
    }

    /** A reminder was sent for an open condition. */
    public static void reminded(Transaction tx, OperationalKind kind, String subject, Instant now) {
        tx.sql("updating operational condition " + kind.type() + " " + subject, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ops_condition SET alerts = alerts + 1, last_alert_at = ? "
                    + "WHERE kind = ? AND subject = ?")) {
                ps.setObject(1, at(now));
                ps.setString(2, kind.type());
                ps.setString(3, subject);
                return ps.executeUpdate();
            }
        });
    }

    /** The condition no longer holds. */
    public static void clear(Transaction tx, OperationalKind kind, String subject) {
        tx.sql("closing operational condition " + kind.type() + " " + subject, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ops_condition WHERE kind = ? AND subject = ?")) {
                ps.setString(1, kind.type());
                ps.setString(2, subject);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Writes an operational alert and one delivery per channel, due at {@code firstAttempt}, unless an alert with its
     * id exists (the same occurrence seen twice): returns whether it was written.
     */
    public static boolean add(Transaction tx, OperationalAlert a, List<String> channels, Instant firstAttempt) {
        return tx.sql("writing operational alert " + a.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM alert WHERE id = ?")) {
                ps.setString(1, a.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert (id, rule, property, profile_id, event_id, "
                    + "business_date, audience, payload, created_at, kind) VALUES (?, ?, NULL, NULL, NULL, NULL, ?, ?, ?, ?)")) {
                ps.setString(1, a.id());
                ps.setString(2, a.rule());
                ps.setString(3, OperationalAlert.AUDIENCE);
                ps.setString(4, a.toJson());
                ps.setObject(5, at(a.createdAt()));
                ps.setString(6, OperationalAlert.KIND);
                ps.executeUpdate();
            }
            AlertRows.insertPending(c, a.id(), channels, firstAttempt);
            return true;
        });
    }

    /**
     * The channels among those given whose attempts have failed since their last delivered one: the first such failed
     * attempt (failing since), the deliveries still undelivered, and the newest error. A channel whose latest attempt
     * got through, or that never failed, is not in the answer.
     */
    public static Map<String, Failing> failingChannels(Transaction tx, java.util.Collection<String> channels) {
        return tx.sql("reading failing alert channels", c -> {
            Map<String, Failing> out = new LinkedHashMap<>();
            try (PreparedStatement lastOk = c.prepareStatement("SELECT MAX(id) FROM alert_attempt WHERE channel = ? AND outcome = 'DELIVERED'");
                 PreparedStatement failed = c.prepareStatement("SELECT MIN(started_at), MAX(id) FROM alert_attempt "
                         + "WHERE channel = ? AND outcome = 'FAILED' AND id > ?");
                 PreparedStatement error = c.prepareStatement("SELECT error FROM alert_attempt WHERE id = ?");
                 PreparedStatement undelivered = c.prepareStatement("SELECT COUNT(*) FROM alert_delivery WHERE channel = ? "
                         + "AND status <> 'DELIVERED'")) {
                for (String channel : channels) {
                    lastOk.setString(1, channel);
                    long after;
                    try (ResultSet rs = lastOk.executeQuery()) {
                        rs.next();
                        after = rs.getLong(1);
                    }
                    failed.setString(1, channel);
                    failed.setLong(2, after);
                    OffsetDateTime since;
                    long lastFailed;
                    try (ResultSet rs = failed.executeQuery()) {
                        rs.next();
                        since = rs.getObject(1, OffsetDateTime.class);
                        lastFailed = rs.getLong(2);
                    }
                    if (since == null) continue;
                    String why = null;
                    error.setLong(1, lastFailed);
                    try (ResultSet rs = error.executeQuery()) {
                        if (rs.next()) why = rs.getString(1);
                    }
                    undelivered.setString(1, channel);
                    long n;
                    try (ResultSet rs = undelivered.executeQuery()) {
                        rs.next();
                        n = rs.getLong(1);
                    }
                    out.put(channel, new Failing(channel, since.toInstant(), n, why));
                }
            }
            return out;
        });
    }
}

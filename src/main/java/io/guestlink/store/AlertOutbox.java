package io.guestlink.store;

import io.guestlink.alert.Alert;
import io.guestlink.alert.Backoff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.guestlink.store.AlertRows.at;

/**
 * The outbox the channels read: each channel claims its own due deliveries, reports each attempt's outcome, and the
 * retry schedule (exponential backoff) lives in the rows, so it survives restarts and is the same on every node.
 *
 * <p>Claiming moves a row's next_attempt_at forward by the lease in one conditional UPDATE (only one claimer sees
 * its update count be 1), with no lock held while sending; a node that dies mid-send leaves the row due again once
 * the lease ends. Delivery is therefore at least once: receivers drop repeats by alert id.
 */
public final class AlertOutbox {
    /** One delivery of one alert on one channel, claimed for this attempt; {@code payload} is the alert JSON. */
    public record Claim(String alertId, String channel, int attempt, String payload) {
    }

    /**
     * A recent alert and the state of each of its deliveries (CLI {@code alerts}).
     *
     * @param kind {@code guest} (a rule about a guest) or {@code operational} (a file in failed/, a poll error...)
     */
    public record AlertStatus(String id, String rule, String property, String audience, OffsetDateTime createdAt,
                              List<DeliveryStatus> deliveries, String kind) {
    }

    public record DeliveryStatus(String channel, String status, int attempts, OffsetDateTime nextAttemptAt,
                                 OffsetDateTime deliveredAt, String lastError) {
    }

    /** One recorded attempt (tests, diagnosis). */
    public record Attempt(String alertId, String channel, int attempt, String outcome, String error) {
    }

    private static final int MAX_ERROR = 2000;

    private final Database db;
    private final Backoff backoff;
    private final Duration lease;
    private final Clock clock;

    public AlertOutbox(Database db, Backoff backoff, Duration lease, Clock clock) {
        this.db = db;
        this.backoff = backoff;
        this.lease = lease;
        this.clock = clock;
    }

    /** Claims up to {@code limit} of the channel's due deliveries, oldest due first. */
    public List<Claim> claimDue(String channel, int limit) {
        return Tx.run(db, "claiming deliveries of channel " + channel, c -> {
            Instant now = clock.instant();
            List<Claim> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT d.alert_id, d.attempts, a.payload FROM alert_delivery d "
                    + "JOIN alert a ON a.id = d.alert_id WHERE d.channel = ? AND d.status = 'PENDING' AND d.next_attempt_at <= ? "
                    + "ORDER BY d.next_attempt_at, d.alert_id LIMIT " + limit)) {
                ps.setString(1, channel);
                ps.setObject(2, at(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) due.add(new Claim(rs.getString(1), channel, rs.getInt(2) + 1, rs.getString(3)));
                }
            }
            List<Claim> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert_delivery SET next_attempt_at = ? WHERE alert_id = ? "
                    + "AND channel = ? AND status = 'PENDING' AND next_attempt_at <= ?")) {
                for (Claim d : due) {
                    ps.setObject(1, at(now.plus(lease)));
                    ps.setString(2, d.alertId());
                    ps.setString(3, channel);
                    ps.setObject(4, at(now));
                    if (ps.executeUpdate() == 1) claimed.add(d);
                }
            }
            return claimed;
        });
    }

    /** The attempt succeeded: the delivery is done (a late duplicate attempt is recorded too). */
    public void delivered(Claim claim, Instant startedAt) {
        Tx.run(db, "recording a delivery", c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert_delivery SET status = 'DELIVERED', attempts = attempts + 1, "
                    + "delivered_at = ?, last_error = NULL WHERE alert_id = ? AND channel = ? AND status <> 'DELIVERED'")) {
                ps.setObject(1, at(now));
                ps.setString(2, claim.alertId());
                ps.setString(3, claim.channel());
                ps.executeUpdate();
            }
            attempt(c, claim, startedAt, now, "DELIVERED", null);
            return null;
        });
    }

    /** The attempt failed: retried after the backoff, or FAILED once the attempts are used up. */
    public void failed(Claim claim, Instant startedAt, String error) {
        String why = error == null ? "unknown error" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        Tx.run(db, "recording a failed delivery", c -> {
            Instant now = clock.instant();
            int attempts;
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts, status FROM alert_delivery WHERE alert_id = ? "
                    + "AND channel = ? FOR UPDATE")) {
                ps.setString(1, claim.alertId());
                ps.setString(2, claim.channel());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return null;
                    if ("DELIVERED".equals(rs.getString(2))) { // another attempt got through meanwhile
                        attempt(c, claim, startedAt, now, "FAILED", why);
                        return null;
                    }
                    attempts = rs.getInt(1) + 1;
                }
            }
            boolean giveUp = backoff.exhausted(attempts);
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert_delivery SET status = ?, attempts = ?, next_attempt_at = ?, "
                    + "last_error = ? WHERE alert_id = ? AND channel = ?")) {
                ps.setString(1, giveUp ? "FAILED" : "PENDING");
                ps.setInt(2, attempts);
                ps.setObject(3, at(now.plus(backoff.delayAfter(attempts))));
                ps.setString(4, why);
                ps.setString(5, claim.alertId());
                ps.setString(6, claim.channel());
                ps.executeUpdate();
            }
            attempt(c, claim, startedAt, now, "FAILED", why);
            return null;
        });
    }

    private static void attempt(Connection c, Claim claim, Instant startedAt, Instant now, String outcome, String error)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_attempt (alert_id, channel, attempt, started_at, "
                + "finished_at, outcome, error) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, claim.alertId());
            ps.setString(2, claim.channel());
            ps.setInt(3, claim.attempt());
            ps.setObject(4, at(startedAt));
            ps.setObject(5, at(now));
            ps.setString(6, outcome);
            ps.setString(7, error);
            ps.executeUpdate();
        }
    }

    /** Every alert of a daily list (one rule, property and business date), for the file channel to write whole. */
    public List<Alert> list(String rule, String property, LocalDate businessDate) {
        return Tx.run(db, "reading a daily list", c -> {
            List<Alert> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM alert WHERE rule = ? AND property = ? "
                    + "AND business_date = ? ORDER BY id")) {
                ps.setString(1, rule);
                ps.setString(2, property);
                ps.setObject(3, businessDate);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(Alert.fromJson(rs.getString(1)));
                }
            }
            return out;
        });
    }

    /** The latest alerts, newest first, each with its deliveries. */
    public List<AlertStatus> recent(int limit) {
        return recent(0, limit);
    }

    /** A page of alerts, newest first: {@code limit} after the first {@code offset}, each with its deliveries. */
    public List<AlertStatus> recent(int offset, int limit) {
        if (offset < 0 || limit < 1) throw new IllegalArgumentException("offset >= 0 and limit >= 1, not " + offset + ", " + limit);
        return Tx.run(db, "reading recent alerts", c -> {
            Map<String, AlertStatus> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.rule, a.property, a.audience, a.created_at, d.channel, "
                    + "d.status, d.attempts, d.next_attempt_at, d.delivered_at, d.last_error, a.kind FROM (SELECT id, rule, property, "
                    + "audience, created_at, kind FROM alert ORDER BY created_at DESC, id OFFSET " + offset + " ROWS FETCH NEXT " + limit
                    + " ROWS ONLY) a "
                    + "LEFT JOIN alert_delivery d ON d.alert_id = a.id ORDER BY a.created_at DESC, a.id, d.channel")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AlertStatus s = out.computeIfAbsent(rs.getString(1), id -> {
                            try {
                                return new AlertStatus(id, rs.getString(2), rs.getString(3), rs.getString(4),
                                        rs.getObject(5, OffsetDateTime.class), new ArrayList<>(), rs.getString(12));
                            } catch (SQLException e) {
                                throw new StoreException("reading recent alerts", e);
                            }
                        });
                        if (rs.getString(6) != null) s.deliveries().add(new DeliveryStatus(rs.getString(6), rs.getString(7),
                                rs.getInt(8), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                                rs.getString(11)));
                    }
                }
            }
            return List.copyOf(out.values());
        });
    }

    /** Every attempt recorded for an alert, in order. */
    public List<Attempt> attempts(String alertId) {
        return Tx.run(db, "reading attempts", c -> {
            List<Attempt> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT alert_id, channel, attempt, outcome, error FROM alert_attempt "
                    + "WHERE alert_id = ? ORDER BY id")) {
                ps.setString(1, alertId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Attempt(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        });
    }

    /**
     * Makes undelivered deliveries due now (after fixing a receiver): FAILED ones come back to PENDING, waiting ones
     * skip the rest of their backoff. {@code alertId} and {@code channel} narrow it; null means all.
     * Returns the deliveries made due.
     */
    public int retry(String alertId, String channel) {
        return Tx.run(db, "retrying deliveries", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert_delivery SET status = 'PENDING', next_attempt_at = ? "
                    + "WHERE status <> 'DELIVERED' AND (CAST(? AS VARCHAR(300)) IS NULL OR alert_id = ?) AND (CAST(? AS VARCHAR(100)) IS NULL OR channel = ?)")) {
                ps.setObject(1, at(clock.instant()));
                ps.setString(2, alertId);
                ps.setString(3, alertId);
                ps.setString(4, channel);
                ps.setString(5, channel);
                return ps.executeUpdate();
            }
        });
    }
}

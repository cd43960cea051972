package io.guestlink.store;

import io.guestlink.alert.Alert;
import io.guestlink.alert.Candidate;
import io.guestlink.alert.Population;
import io.guestlink.alert.RecognisedGuest;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.memory.GuestFacts;
import io.guestlink.model.StayStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What alerting reads and writes, in one transaction of the caller's: the stored guest events still to evaluate and
 * the mark that one was, the guests and populations the rules look at, the properties' business dates, the alerts
 * written into the outbox with one delivery row per channel, and the record that a daily rule ran
 * (alert_daily_run). The channels' side of the outbox is {@link AlertOutbox}.
 */
public final class AlertRows {
    private final GuestMemoryReader reader;

    /** @param reader builds the guests' recognition cards (with its memory configuration) */
    public AlertRows(GuestMemoryReader reader) {
        this.reader = reader;
    }

    // ---- guest events ------------------------------------------------------------------------------------------

    /**
     * The event's columns, its guest being the profile its source record belongs to now (the record's home profile:
     * a merge or an unmerge after intake changes whose cluster that is), else the profile stored with the event.
     */
    private static final String EVENT_COLUMNS = "e.id, e.event_type, e.system, e.message_id, e.property, "
            + "COALESCE((SELECT r.profile_id FROM source_record r WHERE r.id = e.record_id), e.profile_id), "
            + "e.confirmation, e.room_no, e.prior_room_no, e.arrival, e.departure, e.occurred_at, e.business_date, e.alerted_at";
    private static final String EVENT = "SELECT " + EVENT_COLUMNS + " FROM guest_event e";

    /** The event, locked against the other path (fast path and sweep), if it has not been evaluated yet. */
    public Optional<GuestEvent> unevaluatedEvent(Transaction tx, long id) {
        return tx.sql("reading guest event " + id, c -> event(c, id, true, false));
    }

    /** The event if it has not been evaluated yet, unlocked (to link its guest before the rules look). */
    public Optional<GuestEvent> pendingEvent(Transaction tx, long id) {
        return tx.sql("reading guest event " + id, c -> event(c, id, false, false));
    }

    /** The event, locked against another evaluation, if it has been evaluated (to evaluate it again). */
    public Optional<GuestEvent> evaluatedEvent(Transaction tx, long id) {
        return tx.sql("reading guest event " + id, c -> event(c, id, true, true));
    }

    private static Optional<GuestEvent> event(Connection c, long id, boolean lock, boolean evaluated) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EVENT + " WHERE e.id = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || (rs.getObject(14) != null) != evaluated) return Optional.empty();
                return Optional.of(event(rs));
            }
        }
    }

    private static GuestEvent event(ResultSet rs) throws SQLException {
        GuestEventType type;
        try {
            type = GuestEventType.valueOf(rs.getString(2));
        } catch (IllegalArgumentException unknown) {
            type = null; // a type from a newer version: no rule can name it
        }
        Long profile = rs.getObject(6) == null ? null : rs.getLong(6);
        OffsetDateTime occurred = rs.getObject(12, OffsetDateTime.class);
        return new GuestEvent(rs.getLong(1), type, rs.getString(3), rs.getString(4), rs.getString(5),
                profile, rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getObject(10, LocalDate.class), rs.getObject(11, LocalDate.class),
                occurred == null ? null : occurred.toInstant(), rs.getObject(13, LocalDate.class));
    }

    /** An evaluated arrival and its stay as the store has it now (status and departure; null when unknown). */
    public record Arrival(GuestEvent event, StayStatus stayStatus, LocalDate stayDeparture) {
    }

    /**
     * The evaluated events of these types whose guest is one of these profiles: through the event's record (its
     * home profile) or, for an event without one, the profile stored with it. With each, its stay's current status
     * and departure (the stay row of the record), for the evaluator to tell whether the guest is still here.
     */
    public List<Arrival> evaluatedArrivals(Transaction tx, Collection<Long> profiles, Set<GuestEventType> types) {
        if (profiles.isEmpty() || types.isEmpty()) return List.of();
        String typeList = types.stream().map(t -> "'" + t.name() + "'").sorted().collect(java.util.stream.Collectors.joining(","));
        return tx.sql("reading the arrivals of changed guests", c -> {
            Map<Long, Arrival> out = new java.util.TreeMap<>();
            String columns = "SELECT " + EVENT_COLUMNS + ", s.status, s.departure FROM guest_event e ";
            String where = " e.alerted_at IS NOT NULL AND e.event_type IN (" + typeList + ") AND ";
            Sql.in(c, columns + "JOIN source_record h ON h.id = e.record_id LEFT JOIN stay s ON s.source_record_id = e.record_id "
                    + "WHERE h.record_kind = 'RESERVATION' AND" + where + "h.profile_id", List.of(), profiles,
                    rs -> out.put(rs.getLong(1), arrival(rs)));
            Sql.in(c, columns + "LEFT JOIN stay s ON 1 = 0 WHERE e.record_id IS NULL AND" + where + "e.profile_id", List.of(),
                    profiles, rs -> out.put(rs.getLong(1), arrival(rs)));
            return new ArrayList<>(out.values());
        });
    }

    private static Arrival arrival(ResultSet rs) throws SQLException {
        StayStatus status = null;
        String s = rs.getString(15);
        if (s != null) {
            try {
                status = StayStatus.valueOf(s);
            } catch (IllegalArgumentException unknown) {
                status = null; // a status from a newer version: as unknown
            }
        }
        GuestEvent e = event(rs);
        return new Arrival(e, status, rs.getObject(16) != null ? rs.getObject(16, LocalDate.class) : e.departure());
    }

    /** The event's alerts so far, by rule, oldest first (an evaluation again sends an update only when its card changed). */
    public Map<String, List<Alert>> sent(Transaction tx, long eventId) {
        return tx.sql("reading the alerts of guest event " + eventId, c -> {
            Map<String, List<Alert>> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT rule, payload FROM alert WHERE event_id = ? ORDER BY created_at, id")) {
                ps.setLong(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.computeIfAbsent(rs.getString(1), r -> new ArrayList<>()).add(Alert.fromJson(rs.getString(2)));
                }
            }
            return out;
        });
    }

    /** Marks the event evaluated (guest_event.alerted_at): neither path looks at it again. */
    public void markEvaluated(Transaction tx, long eventId, Instant at) {
        tx.sql("marking guest event " + eventId + " evaluated", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE guest_event SET alerted_at = ? WHERE id = ?")) {
                ps.setObject(1, at(at));
                ps.setLong(2, eventId);
                return ps.executeUpdate();
            }
        });
    }

    /** Up to {@code limit} events not evaluated yet and stored at or before {@code storedBefore}, oldest first. */
    public List<Long> unevaluatedEvents(Transaction tx, Instant storedBefore, int limit) {
        return tx.sql("reading pending guest events", c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM guest_event WHERE alerted_at IS NULL AND stored_at <= ? "
                    + "ORDER BY id LIMIT " + limit)) {
                ps.setObject(1, at(storedBefore));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
    }

    // ---- guests and business dates -----------------------------------------------------------------------------

    /**
     * The live guest of a profile with their recognition card as of {@code asOf} (naming the guests they are possibly
     * the same person as: open review-queue pairs); empty when the profile is gone.
     */
    public Optional<RecognisedGuest> guest(Transaction tx, long profileId, LocalDate asOf) {
        return tx.sql("reading the memory of profile " + profileId, c -> {
            Optional<GuestMemoryReader.Cluster> loaded = GuestMemoryReader.load(c, profileId);
            if (loaded.isEmpty()) return Optional.<RecognisedGuest>empty();
            GuestMemoryReader.Cluster cluster = loaded.get();
            return Optional.of(new RecognisedGuest(cluster.root(), cluster.profile(), GuestFacts.of(cluster.facts()),
                    reader.cardWithPossibleDuplicates(c, cluster, asOf)));
        });
    }

    /** The business date the property's last night audit set, if any (none for no property). */
    public Optional<LocalDate> auditedBusinessDate(Transaction tx, String property) {
        if (property == null) return Optional.empty();
        return tx.sql("reading the business date", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT business_date FROM business_date WHERE property = ?")) {
                ps.setString(1, property);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, LocalDate.class)) : Optional.<LocalDate>empty();
                }
            }
        });
    }

    /** A business date a night audit set at a property, and when it moved there (or was first set). */
    public record AuditedDate(LocalDate businessDate, Instant setAt) {
    }

    /** Every property's business date from its night audits, by property. */
    public Map<String, AuditedDate> auditedDates(Transaction tx) {
        return tx.sql("reading the business dates", c -> {
            Map<String, AuditedDate> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT property, business_date, updated_at FROM business_date ORDER BY property");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                    out.put(rs.getString(1), new AuditedDate(rs.getObject(2, LocalDate.class), at == null ? null : at.toInstant()));
                }
            }
            return out;
        });
    }

    /** Every property a night audit has given a business date. */
    public List<String> auditedProperties(Transaction tx) {
        return tx.sql("reading audited properties", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT property FROM business_date ORDER BY property");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    // ---- daily populations -------------------------------------------------------------------------------------

    /**
     * The rows a daily population selects at a property on a business date, one per profile, in list order:
     * tomorrow's arrivals and the stays in house (cancelled and no-shows left out; checked-out too for in house)
     * with their stay, or the live profiles whose birth month and day are the date's (Feb 29 too on Feb 28 of a
     * non-leap year) with their birth date, for the evaluator to keep the exact birthdays.
     */
    public List<Candidate> population(Transaction tx, Population p, String property, LocalDate businessDate) {
        return tx.sql("reading the " + p.configName() + " population", c -> {
            Map<Long, Candidate> byProfile = new LinkedHashMap<>();
            switch (p) {
                case ARRIVALS_TOMORROW -> stays(c, "arrival = ? AND (status IS NULL OR status NOT IN ('CANCELLED', 'NO_SHOW'))",
                        property, List.of(businessDate.plusDays(1)), byProfile);
                case IN_HOUSE -> stays(c, "arrival <= ? AND departure >= ? "
                                + "AND (status IS NULL OR status NOT IN ('CANCELLED', 'NO_SHOW', 'CHECKED_OUT'))", property,
                        List.of(businessDate, businessDate), byProfile);
                case BIRTHDAYS_TODAY -> birthdays(c, businessDate, byProfile);
            }
            return new ArrayList<>(byProfile.values());
        });
    }

    private static void stays(Connection c, String where, String property, List<LocalDate> dates,
                              Map<Long, Candidate> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT profile_id, confirmation_no, room_no, arrival, departure FROM stay "
                + "WHERE property = ? AND profile_id IS NOT NULL AND " + where + " ORDER BY arrival, confirmation_no")) {
            ps.setString(1, property);
            for (int i = 0; i < dates.size(); i++) ps.setObject(i + 2, dates.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.putIfAbsent(rs.getLong(1), new Candidate(rs.getLong(1), new Alert.Stay(rs.getString(2), rs.getString(3),
                            null, rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class)), null));
                }
            }
        }
    }

    private static void birthdays(Connection c, LocalDate businessDate, Map<Long, Candidate> into) throws SQLException {
        MonthDay md = MonthDay.from(businessDate);
        int other = md.equals(MonthDay.of(2, 28)) && !businessDate.isLeapYear() ? 29 : md.getDayOfMonth();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, birth_date FROM guest_profile WHERE merged_into IS NULL "
                + "AND birth_date IS NOT NULL AND EXTRACT(MONTH FROM birth_date) = ? AND EXTRACT(DAY FROM birth_date) IN (?, ?) "
                + "ORDER BY id")) {
            ps.setInt(1, md.getMonthValue());
            ps.setInt(2, md.getDayOfMonth());
            ps.setInt(3, other);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) into.put(rs.getLong(1), new Candidate(rs.getLong(1), null, rs.getObject(2, LocalDate.class)));
            }
        }
    }

    /**
     * The live guest of each row, each once: a merged profile's row counts for the profile it was merged into,
     * and the first row of a guest is the one kept.
     */
    public List<Candidate> liveGuests(Transaction tx, List<Candidate> rows) {
        return tx.sql("resolving the population's live profiles", c -> {
            Map<Long, Candidate> byProfile = new LinkedHashMap<>();
            for (Candidate row : rows) byProfile.putIfAbsent(row.profileId(), row);
            Map<Long, Long> live = GoldenRecords.live(c, byProfile.keySet());
            Map<Long, Candidate> out = new LinkedHashMap<>();
            byProfile.forEach((id, row) -> {
                Long root = live.get(id);
                if (root != null) out.putIfAbsent(root, new Candidate(root, row.stay(), row.birthDate()));
            });
            return new ArrayList<>(out.values());
        });
    }

    // ---- daily run bookkeeping ---------------------------------------------------------------------------------

    /**
     * Records that the daily rule runs at the property for the business date; the primary key makes this fail when
     * it ran already (or another node runs it at the same moment), so the run happens once.
     */
    public void startDailyRun(Transaction tx, String rule, String property, LocalDate businessDate, Instant at) {
        tx.sql("recording daily rule " + rule + " at " + property, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_daily_run (rule, property, business_date, ran_at, alerts) "
                    + "VALUES (?, ?, ?, ?, 0)")) {
                ps.setString(1, rule);
                ps.setString(2, property);
                ps.setObject(3, businessDate);
                ps.setObject(4, at(at));
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Records that a day that ran is run again (asked for by a person): its row takes the new time, and is locked
     * until the transaction ends, so two re-runs of one day take turns. Recorded as a first run if it never ran.
     */
    public void restartDailyRun(Transaction tx, String rule, String property, LocalDate businessDate, Instant at) {
        int updated = tx.sql("recording daily rule " + rule + " at " + property + " again", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert_daily_run SET ran_at = ? WHERE rule = ? AND property = ? "
                    + "AND business_date = ?")) {
                ps.setObject(1, at(at));
                ps.setString(2, rule);
                ps.setString(3, property);
                ps.setObject(4, businessDate);
                return ps.executeUpdate();
            }
        });
        if (updated == 0) startDailyRun(tx, rule, property, businessDate, at);
    }

    /** Adds the alerts a run of the day wrote to the day's count (a re-run adds only what it wrote). */
    public void finishDailyRun(Transaction tx, String rule, String property, LocalDate businessDate, int alerts) {
        tx.sql("recording daily rule " + rule + " at " + property, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert_daily_run SET alerts = alerts + ? WHERE rule = ? AND property = ? "
                    + "AND business_date = ?")) {
                ps.setInt(1, alerts);
                ps.setString(2, rule);
                ps.setString(3, property);
                ps.setObject(4, businessDate);
                return ps.executeUpdate();
            }
        });
    }

    /** Whether the daily rule has run at the property for the business date. */
    public boolean dailyRunDone(Transaction tx, String rule, String property, LocalDate businessDate) {
        return tx.sql("reading daily run bookkeeping", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM alert_daily_run WHERE rule = ? AND property = ? "
                    + "AND business_date = ?")) {
                ps.setString(1, rule);
                ps.setString(2, property);
                ps.setObject(3, businessDate);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    // ---- writing into the outbox -------------------------------------------------------------------------------

    /**
     * Writes the alert and one PENDING delivery per channel, first due at {@code firstAttempt}, unless an alert with
     * its id is there already (its stable id stands for once per event, day, year or stay): then nothing is written
     * and the answer is empty. Otherwise the deliveries written, as claims of their first attempt.
     */
    public Optional<List<AlertOutbox.Claim>> addNew(Transaction tx, Alert a, List<String> channels, Instant firstAttempt) {
        return tx.sql("writing alert " + a.id(), c -> {
            if (exists(c, a.id())) return Optional.<List<AlertOutbox.Claim>>empty();
            String json = a.toJson();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert (id, rule, property, profile_id, event_id, "
                    + "business_date, audience, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, a.id());
                ps.setString(2, a.rule());
                ps.setString(3, a.property());
                ps.setObject(4, a.profileId());
                ps.setObject(5, a.eventId());
                ps.setObject(6, a.businessDate());
                ps.setString(7, a.audience());
                ps.setString(8, json);
                ps.setObject(9, at(a.createdAt()));
                ps.executeUpdate();
            }
            insertPending(c, a.id(), channels, firstAttempt);
            return Optional.of(channels.stream().map(channel -> new AlertOutbox.Claim(a.id(), channel, 1, json)).toList());
        });
    }

    /** One PENDING delivery of an alert per channel, first tried at {@code firstAttempt}. */
    static void insertPending(Connection c, String alertId, Collection<String> channels, Instant firstAttempt) throws SQLException {
        if (channels.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_delivery (alert_id, channel, status, attempts, "
                + "next_attempt_at) VALUES (?, ?, 'PENDING', 0, ?)")) {
            for (String channel : channels) {
                ps.setString(1, alertId);
                ps.setString(2, channel);
                ps.setObject(3, at(firstAttempt));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static boolean exists(Connection c, String alertId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM alert WHERE id = ?")) {
            ps.setString(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static OffsetDateTime at(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}

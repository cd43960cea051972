package io.guestlink.store;

import io.guestlink.alert.Alert;
import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.AlertIds;
import io.guestlink.alert.AlertRule;
import io.guestlink.alert.DailySchedule;
import io.guestlink.alert.Population;
import io.guestlink.alert.ServiceRecovery;
import io.guestlink.alert.Subject;
import io.guestlink.alert.Trigger;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.memory.GuestFacts;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.RecognitionCard;
import io.guestlink.memory.Segments;
import io.guestlink.model.PersonName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns guest events and daily schedules into alerts in the outbox. One transaction writes a rule's alerts, one
 * delivery row per enabled channel, and the mark that the event was evaluated (guest_event.alerted_at) or that the
 * day ran (alert_daily_run): a crash before the commit re-evaluates, and the stable alert ids make a second
 * evaluation write nothing new.
 *
 * <ul>
 *   <li>{@link #evaluate(long)}: the fast path, right after an event is stored. The deliveries it writes are leased
 *       to the caller (returned, due for the sweep only after the lease), so they go out at once without the
 *       channel sweeps sending them a second time.</li>
 *   <li>{@link #evaluatePending()}: the sweep, for events the fast path missed (crash, error, another node); it
 *       leaves events younger than the grace period to the fast path.</li>
 *   <li>{@link #runDaily()}: each daily rule at each property once its local time has come on the property's
 *       business date (see {@link DailySchedule}).</li>
 * </ul>
 */
public final class AlertWorker {
    private static final Logger LOG = LoggerFactory.getLogger(AlertWorker.class);
    private static final int SWEEP_PAGE = 500;

    private final Database db;
    private final GuestMemoryReader reader;
    private final MemoryConfig memory;
    private final AlertConfig config;
    private final Clock clock;

    public AlertWorker(Database db, GuestMemoryReader reader, AlertConfig config, Clock clock) {
        this.db = db;
        this.reader = reader;
        this.memory = reader.config();
        this.config = config;
        this.clock = clock;
    }

    public AlertConfig config() {
        return config;
    }

    /** Evaluates one stored event (if not done yet); returns the deliveries it wrote, leased to the caller. */
    public List<AlertOutbox.Claim> evaluate(long eventId) {
        Instant now = clock.instant();
        return Tx.run(db, "alert evaluation of event " + eventId,
                c -> evaluate(c, eventId, now, now.plus(config.delivery().lease())));
    }

    /** Evaluates every event not evaluated yet and older than the grace period; returns the alerts written. */
    public int evaluatePending() {
        int alerts = 0;
        while (true) {
            Instant now = clock.instant();
            List<Long> ids = Tx.run(db, "pending guest events", c -> pending(c, now.minus(config.delivery().eventGrace())));
            for (long id : ids) {
                // due at once: the channels' sweeps deliver them
                alerts += Tx.run(db, "alert evaluation of event " + id, c -> evaluate(c, id, now, now)).size();
            }
            if (ids.size() < SWEEP_PAGE) break;
        }
        return alerts;
    }

    /** Runs every daily rule that is due at some property and has not run for its business date; returns alerts written. */
    public int runDaily() {
        if (config.dailyRules().isEmpty()) return 0;
        Instant now = clock.instant();
        int alerts = 0;
        for (String property : properties()) {
            LocalDate bd = businessDate(property);
            for (AlertRule rule : config.dailyRules()) {
                Trigger.Daily daily = (Trigger.Daily) rule.trigger();
                LocalTime at = daily.at(property);
                if (!DailySchedule.isDue(bd, at, memory.zone(property), now) || ran(rule.id(), property, bd)) continue;
                try {
                    int n = Tx.run(db, "daily rule " + rule.id() + " at " + property, c -> runDaily(c, rule, property, bd, now));
                    alerts += n;
                    LOG.info("daily rule {} at {} for business date {}: {} alerts", rule.id(), property, bd, n);
                } catch (StoreException e) {
                    if (ran(rule.id(), property, bd)) continue; // another node ran it at the same moment
                    throw e;
                }
            }
        }
        return alerts;
    }

    /** The property's business date: the last night audit's, else its local calendar date now. */
    public LocalDate businessDate(String property) {
        return Tx.run(db, "business date", c -> businessDate(c, property, clock.instant()));
    }

    // ---- events ----------------------------------------------------------------------------------------------

    private List<AlertOutbox.Claim> evaluate(Connection c, long eventId, Instant now, Instant firstAttempt) throws SQLException {
        Optional<GuestEvent> loaded = lockUnevaluated(c, eventId);
        if (loaded.isEmpty()) return List.of();
        GuestEvent e = loaded.get();
        List<AlertOutbox.Claim> out = new ArrayList<>();
        List<AlertRule> rules = e.type() == null ? List.of() : config.rulesFor(e.type());
        if (!rules.isEmpty() && e.profileId() != null) {
            LocalDate asOf = e.businessDate() != null ? e.businessDate() : businessDate(c, e.property(), e.occurredAt());
            Optional<GuestMemoryReader.Cluster> cluster = GuestMemoryReader.load(c, e.profileId());
            if (cluster.isPresent()) {
                RecognitionCard card = reader.card(cluster.get(), asOf);
                GuestFacts facts = GuestFacts.of(cluster.get().facts());
                String ticket = e.type() == GuestEventType.POS_TICKET_CLOSED ? e.confirmation() : null;
                Subject subject = new Subject(e.property(), asOf, e.type(), card,
                        cluster.get().profile().marketingConsent(),
                        ServiceRecovery.of(facts, e.property(), asOf, ticket, memory));
                Alert.Stay stay = new Alert.Stay(e.confirmation(), e.roomNumber(), e.priorRoom(), e.arrival(), e.departure());
                for (AlertRule rule : rules) {
                    if (!rule.when().test(subject)) continue;
                    Alert a = alert(AlertIds.forEvent(rule.id(), e.id()), rule, subject, cluster.get(), e.id(), e.type(), stay, now);
                    List<AlertOutbox.Claim> written = insert(c, a, rule, firstAttempt);
                    if (written != null) out.addAll(written);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE guest_event SET alerted_at = ? WHERE id = ?")) {
            ps.setObject(1, at(now));
            ps.setLong(2, eventId);
            ps.executeUpdate();
        }
        return out;
    }

    /** The event, locked against the other path (fast path and sweep), if it has not been evaluated yet. */
    private static Optional<GuestEvent> lockUnevaluated(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, event_type, system, message_id, property, profile_id, "
                + "confirmation, room_no, prior_room_no, arrival, departure, occurred_at, business_date, alerted_at "
                + "FROM guest_event WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getObject(14) != null) return Optional.empty();
                GuestEventType type;
                try {
                    type = GuestEventType.valueOf(rs.getString(2));
                } catch (IllegalArgumentException unknown) {
                    type = null; // a type from a newer version: no rule can name it
                }
                Long profile = rs.getObject(6) == null ? null : rs.getLong(6);
                OffsetDateTime occurred = rs.getObject(12, OffsetDateTime.class);
                return Optional.of(new GuestEvent(rs.getLong(1), type, rs.getString(3), rs.getString(4), rs.getString(5),
                        profile, rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getObject(10, LocalDate.class), rs.getObject(11, LocalDate.class),
                        occurred == null ? null : occurred.toInstant(), rs.getObject(13, LocalDate.class)));
            }
        }
    }

    private static List<Long> pending(Connection c, Instant storedBefore) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM guest_event WHERE alerted_at IS NULL AND stored_at <= ? "
                + "ORDER BY id LIMIT " + SWEEP_PAGE)) {
            ps.setObject(1, at(storedBefore));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    // ---- daily rules -----------------------------------------------------------------------------------------

    /** One stay row of a population: the guest (live profile) and the stay the alert is about. */
    private record Candidate(long profileId, Alert.Stay stay) {
    }

    private int runDaily(Connection c, AlertRule rule, String property, LocalDate bd, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_daily_run (rule, property, business_date, ran_at, alerts) "
                + "VALUES (?, ?, ?, ?, 0)")) {
            ps.setString(1, rule.id());
            ps.setString(2, property);
            ps.setObject(3, bd);
            ps.setObject(4, at(now));
            ps.executeUpdate(); // the primary key makes the run once per rule, property and business date
        }
        Population population = ((Trigger.Daily) rule.trigger()).population();
        LocalDate asOf = population == Population.ARRIVALS_TOMORROW ? bd.plusDays(1) : bd;
        int written = 0;
        for (Candidate cand : population(c, population, property, bd)) {
            Optional<GuestMemoryReader.Cluster> cluster = GuestMemoryReader.load(c, cand.profileId());
            if (cluster.isEmpty()) continue;
            GuestFacts facts = GuestFacts.of(cluster.get().facts());
            if (population == Population.BIRTHDAYS_TODAY
                    && facts.reservations().stream().noneMatch(r -> property.equals(r.property()))) continue;
            RecognitionCard card = reader.card(cluster.get(), asOf);
            Subject subject = new Subject(property, bd, null, card, cluster.get().profile().marketingConsent(),
                    ServiceRecovery.of(facts, property, bd, null, memory));
            if (!rule.when().test(subject)) continue;
            String id = AlertIds.forDaily(rule, property, bd, cluster.get().root(),
                    cand.stay() == null ? null : cand.stay().confirmation());
            Alert a = alert(id, rule, subject, cluster.get(), null, null, cand.stay(), now);
            if (insert(c, a, rule, now) != null) written++;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE alert_daily_run SET alerts = ? WHERE rule = ? AND property = ? "
                + "AND business_date = ?")) {
            ps.setInt(1, written);
            ps.setString(2, rule.id());
            ps.setString(3, property);
            ps.setObject(4, bd);
            ps.executeUpdate();
        }
        return written;
    }

    /** The live profiles a daily rule looks at, each once, with the stay that put them on the list. */
    private List<Candidate> population(Connection c, Population p, String property, LocalDate bd) throws SQLException {
        Map<Long, Alert.Stay> byProfile = new LinkedHashMap<>();
        switch (p) {
            case ARRIVALS_TOMORROW -> stays(c, "arrival = ? AND (status IS NULL OR status NOT IN ('CANCELLED', 'NO_SHOW'))",
                    property, List.of(bd.plusDays(1)), byProfile);
            case IN_HOUSE -> stays(c, "arrival <= ? AND departure >= ? "
                    + "AND (status IS NULL OR status NOT IN ('CANCELLED', 'NO_SHOW', 'CHECKED_OUT'))", property, List.of(bd, bd), byProfile);
            case BIRTHDAYS_TODAY -> {
                // Feb 29 birthdays are celebrated on Feb 28 in other years (Segments.occursBetween decides exactly)
                MonthDay md = MonthDay.from(bd);
                int other = md.equals(MonthDay.of(2, 28)) && !bd.isLeapYear() ? 29 : md.getDayOfMonth();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, birth_date FROM guest_profile WHERE merged_into IS NULL "
                        + "AND birth_date IS NOT NULL AND EXTRACT(MONTH FROM birth_date) = ? AND EXTRACT(DAY FROM birth_date) IN (?, ?) "
                        + "ORDER BY id")) {
                    ps.setInt(1, md.getMonthValue());
                    ps.setInt(2, md.getDayOfMonth());
                    ps.setInt(3, other);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (Segments.occursBetween(rs.getObject(2, LocalDate.class), bd, bd).isPresent())
                                byProfile.put(rs.getLong(1), null);
                        }
                    }
                }
            }
        }
        Map<Long, Long> live = GoldenRecords.live(c, byProfile.keySet());
        Map<Long, Candidate> out = new LinkedHashMap<>();
        byProfile.forEach((id, stay) -> {
            Long root = live.get(id);
            if (root != null) out.putIfAbsent(root, new Candidate(root, stay));
        });
        return new ArrayList<>(out.values());
    }

    private static void stays(Connection c, String where, String property, List<LocalDate> dates,
                              Map<Long, Alert.Stay> into) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT profile_id, confirmation_no, room_no, arrival, departure FROM stay "
                + "WHERE property = ? AND profile_id IS NOT NULL AND " + where + " ORDER BY arrival, confirmation_no")) {
            ps.setString(1, property);
            for (int i = 0; i < dates.size(); i++) ps.setObject(i + 2, dates.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.putIfAbsent(rs.getLong(1), new Alert.Stay(rs.getString(2), rs.getString(3), null,
                            rs.getObject(4, LocalDate.class), rs.getObject(5, LocalDate.class)));
                }
            }
        }
    }

    private boolean ran(String rule, String property, LocalDate bd) {
        return Tx.run(db, "daily run bookkeeping", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM alert_daily_run WHERE rule = ? AND property = ? "
                    + "AND business_date = ?")) {
                ps.setString(1, rule);
                ps.setString(2, property);
                ps.setObject(3, bd);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The configured properties and every property a night audit has given a business date. */
    private Set<String> properties() {
        Set<String> out = new LinkedHashSet<>(config.properties());
        Tx.run(db, "properties", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT property FROM business_date ORDER BY property");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return null;
        });
        return out;
    }

    private LocalDate businessDate(Connection c, String property, Instant now) throws SQLException {
        if (property != null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT business_date FROM business_date WHERE property = ?")) {
                ps.setString(1, property);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getObject(1, LocalDate.class);
                }
            }
        }
        return memory.localDate(property, now == null ? clock.instant() : now);
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    private Alert alert(String id, AlertRule rule, Subject s, GuestMemoryReader.Cluster cluster, Long eventId,
                        GuestEventType type, Alert.Stay stay, Instant now) {
        return new Alert(id, rule.id(), rule.audience(), s.property(), s.businessDate(), cluster.root(), eventId, type,
                stay, guest(cluster, s.card()), s.card(), s.card().toText(),
                rule.when().adjustmentsAbove() == null ? null : s.recovery().total(), rule.when().consentedMedia(s), now);
    }

    /** Name parts for receivers that need them: the first name written in Latin script with a family name. */
    private static Alert.Guest guest(GuestMemoryReader.Cluster cluster, RecognitionCard card) {
        List<PersonName> names = cluster.profile().names();
        PersonName n = names.stream().filter(p -> p.family() != null && "Latin".equalsIgnoreCase(p.script())).findFirst()
                .orElse(names.stream().filter(p -> p.family() != null).findFirst().orElse(null));
        return new Alert.Guest(n == null ? null : n.family(), n == null ? null : n.given(), n == null ? null : n.title(),
                card.language());
    }

    /**
     * Writes the alert and its delivery rows unless an alert with its id exists (then null: nothing written);
     * returns the delivery rows written.
     */
    private List<AlertOutbox.Claim> insert(Connection c, Alert a, AlertRule rule, Instant firstAttempt) throws SQLException {
        if (exists(c, a.id())) return null;
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
        List<AlertOutbox.Claim> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_delivery (alert_id, channel, status, attempts, "
                + "next_attempt_at) VALUES (?, ?, 'PENDING', 0, ?)")) {
            for (String channel : config.deliveryChannels(rule)) {
                ps.setString(1, a.id());
                ps.setString(2, channel);
                ps.setObject(3, at(firstAttempt));
                ps.addBatch();
                out.add(new AlertOutbox.Claim(a.id(), channel, 1, json));
            }
            ps.executeBatch();
        }
        return out;
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

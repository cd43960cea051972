package io.guestlink.pipeline;

import io.guestlink.alert.Alert;
import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.AlertEvaluator;
import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.model.ImportSummary;
import io.guestlink.identity.Normalisers;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.store.AlertOutbox;
import io.guestlink.store.AlertRows;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GuestMemoryReader;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.ProfileQueries;
import io.guestlink.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.guestlink.testing.Alerting;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert rules against the real store (H2 and PostgreSQL): the shipped config/alerts.yaml, guests imported through a
 * feed, guest_event rows as the intake writes them, and a clock the test moves.
 */
class AlertWorkerTest {
    /** The alert tests' reservation feed (the same as the end-to-end alert tests use). */
    static final String FEED = Alerting.RES_FEED;
    static final String FOLIO = """
            id: folio
            system: PMS
            kind: folio
            property: BKK01
            currency: THB
            key: [CONF, SEQ]
            fields:
              folio.folioNumber: CONF
              folio.reservationRef: CONF
              folio.lineNumber: SEQ
              folio.businessDate: DAY
              folio.category: CAT
              folio.amount: AMOUNT
            """;
    static final String HEADER = Alerting.RES_HEADER;
    static final ZoneId BANGKOK = ZoneId.of("Asia/Bangkok");

    @TempDir
    Path tmp;
    Database db;
    String pgUrl;
    final TestClock clock = new TestClock();
    AlertWorker worker;
    AlertOutbox outbox;
    FileImporter importer;

    /** A clock the test sets, in Bangkok local time. */
    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-06-15T00:00:00Z");

        void at(String localBangkok) {
            now = java.time.LocalDateTime.parse(localBangkok).atZone(BANGKOK).toInstant();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    void open(String store) {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_alerts")) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 3);
        AlertConfig config = AlertConfig.load(Path.of("config/alerts.yaml"));
        worker = new AlertWorker(db, new AlertRows(new GuestMemoryReader(db, MemoryConfig.defaults())),
                new AlertEvaluator(config, MemoryConfig.defaults()), clock);
        outbox = new AlertOutbox(db, config.delivery().backoff(), config.delivery().lease(), clock);
        importer = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), 100, 1000);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    ImportSummary load(String feed, String name, String text) throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, feed);
        PlaceholderList p = PlaceholderList.defaults();
        RecordMapper mapper = new RecordMapper(SourceConfigLoader.load(f), new Normalisers(new EmailNormaliser(p),
                new PhoneNormaliser(p), new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p)),
                Clock.systemUTC());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ImportSummary s = importer.importStream(mapper, new ByteArrayInputStream(bytes), bytes.length, name,
                FileImporter.sha256Of(bytes), tmp.resolve(name + ".rejects.csv"));
        assertThat(s.counts().rejected()).as("rows rejected in " + name).isZero();
        return s;
    }

    long profile(String guestKey) {
        return new ProfileQueries(db).byKey("SRC:PMS:" + guestKey).orElseThrow();
    }

    /** A guest_event row as the intake writes it. */
    long event(String type, Long profileId, String confirmation, String room, LocalDate arrival, LocalDate departure,
               LocalDate businessDate) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO guest_event (event_type, "
                + "system, message_id, property, profile_id, confirmation, room_no, arrival, departure, occurred_at, "
                + "business_date, stored_at) VALUES (?, 'PMS', ?, 'BKK01', ?, ?, ?, ?, ?, ?, ?, ?)", new String[]{"id"})) {
            ps.setString(1, type);
            ps.setString(2, "m" + System.nanoTime());
            ps.setObject(3, profileId);
            ps.setString(4, confirmation);
            ps.setString(5, room);
            ps.setObject(6, arrival);
            ps.setObject(7, departure);
            ps.setObject(8, clock.now.atOffset(ZoneOffset.UTC));
            ps.setObject(9, businessDate);
            ps.setObject(10, clock.now.atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** What a night audit leaves: the property's new business date. */
    void nightAudit(LocalDate newDate) throws SQLException {
        try (Connection c = db.connection()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM business_date WHERE property = 'BKK01'")) {
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO business_date (property, business_date, updated_at) "
                    + "VALUES ('BKK01', ?, ?)")) {
                ps.setObject(1, newDate);
                ps.setObject(2, clock.now.atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
        }
        event("BUSINESS_DATE_ADVANCED", null, null, null, null, null, newDate);
    }

    List<String> alertIds() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT id FROM alert ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    long count(String sql) throws SQLException {
        return io.guestlink.testing.StoreCounts.count(db, sql);
    }

    Alert alert(String id) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT payload FROM alert WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("alert " + id).isTrue();
                return Alert.fromJson(rs.getString(1));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void returningGuestCheckInAlertsOnceHoweverOftenItIsEvaluated(String store) throws Exception {
        open(store);
        clock.at("2026-06-15T14:05:00");
        load(FEED, "res", HEADER
                + "C1,G1,YU/MING MR,1980-03-04,,Y,BKK01,2025-06-09,2025-06-11,1208,CHECKED_OUT\n"
                + "C2,G1,YU/MING MR,1980-03-04,,Y,BKK01,2026-06-15,2026-06-18,1412,IN_HOUSE\n"
                + "C3,G2,NEW/ANNA MS,,,,BKK01,2026-06-15,2026-06-16,1001,IN_HOUSE\n");
        long yu = profile("G1");
        long arrival = event("CHECKED_IN", yu, "C2", "1412", LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 18), LocalDate.of(2026, 6, 15));
        long firstTimer = event("CHECKED_IN", profile("G2"), "C3", "1001", LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 16), LocalDate.of(2026, 6, 15));

        List<AlertOutbox.Claim> fast = worker.evaluate(arrival);
        String id = "returning-guest-arrival/event/" + arrival;
        assertThat(fast).extracting(AlertOutbox.Claim::alertId, AlertOutbox.Claim::channel)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id, "topic"));
        Alert a = alert(id);
        assertThat(a.card().stayNumber()).isEqualTo(2);
        assertThat(a.card().lastStay()).isEqualTo(LocalDate.of(2025, 6, 9));
        assertThat(a.text()).contains("Mr. Yu").contains("2nd stay").contains("last stay Jun 2025");
        assertThat(a.stay().room()).isEqualTo("1412");
        assertThat(a.guest().family()).isEqualTo("YU");
        assertThat(a.profileId()).isEqualTo(yu);
        assertThat(outbox.claimDue("topic", 10)).as("leased to the fast path").isEmpty();

        assertThat(worker.evaluate(arrival)).as("evaluated already").isEmpty();
        assertThat(worker.evaluate(firstTimer)).as("a first stay is not a returning guest").isEmpty();
        // as after a crash that lost the mark: the sweep evaluates again, the stable id writes nothing new
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("UPDATE guest_event SET alerted_at = NULL")) {
            ps.executeUpdate();
        }
        clock.now = clock.now.plusSeconds(5);
        assertThat(worker.evaluatePending()).isZero();
        assertThat(alertIds()).containsExactly(id);
        assertThat(count("SELECT COUNT(*) FROM alert_delivery")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE alerted_at IS NULL")).isZero();

        // the lease ends: the channel's sweep takes the delivery the fast path never reported
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(outbox.claimDue("topic", 10)).extracting(AlertOutbox.Claim::alertId).containsExactly(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theSweepLeavesFreshEventsToTheFastPathThenTakesThem(String store) throws Exception {
        open(store);
        clock.at("2026-06-15T14:05:00");
        load(FEED, "res", HEADER
                + "C1,G1,YU/MING MR,,GOLD,,BKK01,2026-06-15,2026-06-18,1412,IN_HOUSE\n");
        long e = event("CHECKED_IN", profile("G1"), "C1", "1412", LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 18), null);
        assertThat(worker.evaluatePending()).isZero();
        clock.now = clock.now.plusSeconds(3);
        assertThat(worker.evaluatePending()).isEqualTo(1);
        assertThat(alertIds()).containsExactly("vip-arrival/event/" + e);
        List<AlertOutbox.Claim> due = outbox.claimDue("topic", 10);
        assertThat(due).extracting(AlertOutbox.Claim::attempt).containsExactly(1);
        assertThat(outbox.claimDue("topic", 10)).as("claimed once").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void dailyBriefingRunsAtItsLocalTimeOnTheBusinessDateAndForTheNextDateAfterTheNightAudit(String store) throws Exception {
        open(store);
        load(FEED, "res", HEADER
                + "C1,G1,YU/MING MR,,,,BKK01,2026-06-15,2026-06-18,,BOOKED\n"
                + "C2,G2,ADAMS/ANN MS,,,,BKK01,2026-06-16,2026-06-17,,BOOKED\n"
                + "C3,G3,GONE/GARY MR,,,,BKK01,2026-06-15,2026-06-17,,CANCELLED\n"
                + "C4,G4,ELSE/EVE MS,,,,PKT01,2026-06-15,2026-06-17,,BOOKED\n");
        long yu = profile("G1");
        long ann = profile("G2");

        clock.at("2026-06-14T15:59:59");
        assertThat(worker.runDaily()).isZero();
        assertThat(count("SELECT COUNT(*) FROM alert_daily_run WHERE rule = 'pre-arrival-briefing'")).isZero();

        clock.at("2026-06-14T16:00:00");
        assertThat(worker.runDaily()).isEqualTo(1);
        assertThat(alertIds()).containsExactly("pre-arrival-briefing/BKK01/2026-06-14/" + yu);
        Alert a = alert("pre-arrival-briefing/BKK01/2026-06-14/" + yu);
        assertThat(a.stay().confirmation()).isEqualTo("C1");
        assertThat(a.businessDate()).isEqualTo(LocalDate.of(2026, 6, 14));
        assertThat(outbox.claimDue("daily-lists", 10)).extracting(AlertOutbox.Claim::alertId).containsExactly(a.id());
        clock.at("2026-06-14T22:00:00");
        assertThat(worker.runDaily()).as("once per business date").isZero();

        // the night audit at 23:00 moves the business date to the 15th: its 16:00 has not come yet
        clock.at("2026-06-14T23:00:00");
        nightAudit(LocalDate.of(2026, 6, 15));
        assertThat(worker.businessDate("BKK01")).isEqualTo(LocalDate.of(2026, 6, 15));
        assertThat(worker.runDaily()).isZero();
        clock.at("2026-06-15T16:00:00");
        assertThat(worker.runDaily()).isEqualTo(1);
        assertThat(alertIds()).contains("pre-arrival-briefing/BKK01/2026-06-15/" + ann).hasSize(2);

        // after midnight without a new audit the business date is still the 15th: nothing runs twice
        clock.at("2026-06-16T00:30:00");
        assertThat(worker.runDaily()).isZero();
        // an audit run late the next morning: the 16th's 16:00 is still to come; past it, the run happens at once
        clock.at("2026-06-16T17:10:00");
        nightAudit(LocalDate.of(2026, 6, 16));
        assertThat(worker.runDaily()).as("no arrivals on the 17th").isZero();
        assertThat(count("SELECT COUNT(*) FROM alert_daily_run WHERE rule = 'pre-arrival-briefing' AND property = 'BKK01'")).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void lapsedBirthdayGreetingOnceAYearAndNeverWithoutConsent(String store) throws Exception {
        open(store);
        load(FEED, "res", HEADER
                + "C1,GA,ALPHA/ANN MS,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n"
                + "C2,GA,ALPHA/ANN MS,1970-06-15,,Y,PKT01,2022-07-01,2022-07-03,,CHECKED_OUT\n"
                + "C3,GB,BRAVO/BEN MR,1970-06-15,,N,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n"
                + "C4,GC,CHARLIE/CAT MS,1970-06-15,,,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n"
                + "C5,GD,DELTA/DAN MR,1970-06-15,,Y,BKK01,2025-06-01,2025-06-03,,CHECKED_OUT\n"
                + "C6,GE,ECHO/EVA MS,1970-06-16,,Y,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n");
        long ann = profile("GA");
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO business_date "
                + "(property, business_date, updated_at) VALUES ('PKT01', '2026-06-15', CURRENT_TIMESTAMP)")) {
            ps.executeUpdate(); // a second property: both run the rule, Ann (guest of both) is greeted once
        }
        clock.at("2026-06-15T09:00:00");
        worker.runDaily();
        String id = "lapsed-guest-birthday/2026/" + ann;
        assertThat(alertIds()).filteredOn(s -> s.startsWith("lapsed-guest-birthday")).containsExactly(id);
        Alert a = alert(id);
        assertThat(a.consentedTo()).containsExactly("email");
        assertThat(a.card().lapsed()).isTrue();
        assertThat(a.card().birthdayToday()).isTrue();
        assertThat(count("SELECT COUNT(*) FROM alert_daily_run WHERE rule = 'lapsed-guest-birthday'")).isEqualTo(2);

        // the day's runs forgotten (restored backup, new node): still one greeting this year
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM alert_daily_run")) {
            ps.executeUpdate();
        }
        worker.runDaily();
        assertThat(alertIds()).filteredOn(s -> s.startsWith("lapsed-guest-birthday")).containsExactly(id);

        // next year, still lapsed: greeted again, once
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM business_date")) {
            ps.executeUpdate();
        }
        clock.at("2027-06-15T09:00:00");
        worker.runDaily();
        worker.runDaily();
        assertThat(alertIds()).filteredOn(s -> s.startsWith("lapsed-guest-birthday")).containsExactly(id, "lapsed-guest-birthday/2027/" + ann);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void folioAdjustmentsAboveTheThresholdAlertOncePerStay(String store) throws Exception {
        open(store);
        load(FEED, "res", HEADER
                + "C1,G1,YU/MING MR,,,,BKK01,2026-06-14,2026-06-18,1412,IN_HOUSE\n"
                + "C2,G2,ADAMS/ANN MS,,,,BKK01,2026-06-14,2026-06-18,1413,IN_HOUSE\n");
        load(FOLIO, "folio", "CONF,SEQ,DAY,CAT,AMOUNT\n"
                + "C1,1,2026-06-14,ROOM,4000.00\n"
                + "C1,2,2026-06-14,ROOM,-2500.00\n"
                + "C1,3,2026-06-14,PAYMENT,-9000.00\n"
                + "C2,1,2026-06-14,ROOM,-1500.00\n");
        clock.at("2026-06-15T08:00:00");
        assertThat(worker.runDaily()).isGreaterThanOrEqualTo(1);
        String id = "service-recovery-folio/BKK01/stay/C1/" + profile("G1");
        assertThat(alertIds()).filteredOn(s -> s.startsWith("service-recovery-folio")).containsExactly(id);
        assertThat(alert(id).adjustments()).isEqualByComparingTo("2500.00");
        clock.at("2026-06-16T08:00:00");
        worker.runDaily();
        assertThat(alertIds()).as("the next morning: same stay, no second alert")
                .filteredOn(s -> s.startsWith("service-recovery-folio")).containsExactly(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void failedAttemptsBackOffAndAreAllRecorded(String store) throws Exception {
        open(store);
        clock.at("2026-06-15T14:05:00");
        load(FEED, "res", HEADER + "C1,G1,YU/MING MR,,GOLD,,BKK01,2026-06-15,2026-06-18,1412,IN_HOUSE\n");
        long e = event("CHECKED_IN", profile("G1"), "C1", "1412", LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 18), null);
        clock.now = clock.now.plusSeconds(3);
        worker.evaluatePending();
        Instant start = clock.now;
        AlertOutbox.Claim c1 = outbox.claimDue("topic", 1).get(0);
        outbox.failed(c1, start, "ConnectException: refused");
        assertThat(outbox.claimDue("topic", 1)).as("backing off 1 s").isEmpty();
        clock.now = clock.now.plusMillis(1000);
        AlertOutbox.Claim c2 = outbox.claimDue("topic", 1).get(0);
        assertThat(c2.attempt()).isEqualTo(2);
        outbox.failed(c2, clock.now, "SocketTimeoutException: read timed out");
        clock.now = clock.now.plusMillis(1999);
        assertThat(outbox.claimDue("topic", 1)).as("backing off 2 s").isEmpty();
        clock.now = clock.now.plusMillis(1);
        AlertOutbox.Claim c3 = outbox.claimDue("topic", 1).get(0);
        outbox.delivered(c3, clock.now);
        assertThat(outbox.attempts("vip-arrival/event/" + e)).extracting(AlertOutbox.Attempt::attempt, AlertOutbox.Attempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "FAILED"), org.assertj.core.groups.Tuple.tuple(2, "FAILED"),
                        org.assertj.core.groups.Tuple.tuple(3, "DELIVERED"));
        var status = outbox.recent(5).get(0);
        assertThat(status.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo("DELIVERED");
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.lastError()).isNull();
        });
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(outbox.claimDue("topic", 1)).as("delivered: never again").isEmpty();
        assertThat(outbox.retry(null, null)).as("nothing undelivered to retry").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDeliveryOutOfAttemptsIsFailedUntilRetried(String store) throws Exception {
        open(store);
        clock.at("2026-06-15T14:05:00");
        load(FEED, "res", HEADER + "C1,G1,YU/MING MR,,GOLD,,BKK01,2026-06-15,2026-06-18,1412,IN_HOUSE\n");
        long e = event("CHECKED_IN", profile("G1"), "C1", "1412", LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 18), null);
        AlertOutbox twice = new AlertOutbox(db, new io.guestlink.alert.Backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 2),
                Duration.ofSeconds(60), clock);
        AlertOutbox.Claim c = worker.evaluate(e).get(0);
        twice.failed(c, clock.now, "refused");
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        twice.failed(twice.claimDue("topic", 1).get(0), clock.now, "refused again");
        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThat(twice.claimDue("topic", 1)).as("given up").isEmpty();
        assertThat(twice.recent(1).get(0).deliveries().get(0).status()).isEqualTo("FAILED");
        assertThat(twice.recent(1).get(0).deliveries().get(0).lastError()).isEqualTo("refused again");
        assertThat(twice.retry("no-such-alert", null)).isZero();
        assertThat(twice.retry(c.alertId(), "topic")).isEqualTo(1);
        assertThat(twice.claimDue("topic", 1)).extracting(AlertOutbox.Claim::attempt).containsExactly(3);
    }
}

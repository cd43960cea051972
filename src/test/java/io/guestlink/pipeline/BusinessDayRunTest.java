package io.guestlink.pipeline;

import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.AlertEvaluator;
import io.guestlink.alert.BusinessDay;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.Normalisers;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.identity.Survivorship;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;
import io.guestlink.memory.CheckoutGrace;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.model.ImportSummary;
import io.guestlink.store.AlertRows;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.GuestMemoryReader;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.OverdueStays;
import io.guestlink.store.ProfileQueries;
import io.guestlink.store.TestDatabases;
import io.guestlink.testing.Alerting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A property's day against the real store (H2 and PostgreSQL): the night audit (applied by {@link EventIntake}) or
 * the clock moves the business date, that date's daily rules run once, a day runs again by hand writing only what is
 * new, and stays left in house past departure + grace are closed as departed (inferred) so their guests lapse.
 */
class BusinessDayRunTest {
    static final String RULES = """
            properties: [BKK01]
            businessDay: %s
            channels: { topic: { type: activemq-topic, destination: t } }
            rules:
              - id: lapsed-guest-birthday
                daily: { select: birthdays-today }
                when: { lapsed: true, birthdayToday: true, consent: [email] }
                oncePer: year
                audience: marketing
                channels: [topic]
              - id: pre-arrival-briefing
                daily: { at: "16:00", select: arrivals-tomorrow }
                audience: front-desk
                channels: [topic]
            """;
    static final LocalDate BIRTHDAY = LocalDate.of(2026, 6, 15);

    @TempDir
    Path tmp;
    Database db;
    String pgUrl;
    final AlertWorkerTest.TestClock clock = new AlertWorkerTest.TestClock();
    AlertWorker worker;
    StayCloser stays;
    EventIntake intake;
    FileImporter importer;
    RecordMapper mapper;

    void open(String store, String businessDay) throws Exception {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_days")) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 3);
        AlertConfig config = AlertConfig.parse(RULES.formatted(businessDay), "alerts.yaml");
        AlertRows rows = new AlertRows(new GuestMemoryReader(db, MemoryConfig.defaults()));
        AlertEvaluator evaluator = new AlertEvaluator(config, MemoryConfig.defaults());
        GoldenRecords golden = new GoldenRecords(Survivorship.defaults());
        BatchWriter writer = new BatchWriter(db, 65536, false, golden);
        ImportJournal journal = new ImportJournal(db);
        stays = new StayCloser(db, writer, journal, new CheckoutGrace(2), new BusinessDates(db, rows, evaluator, clock), clock);
        worker = new AlertWorker(db, rows, evaluator, clock, stays, null, java.time.Duration.ZERO);
        intake = new EventIntake(db, writer, journal, golden);
        importer = new FileImporter(journal, writer, 100, 1000);
        Path feed = tmp.resolve("res.yaml");
        Files.writeString(feed, Alerting.RES_FEED);
        PlaceholderList p = PlaceholderList.defaults();
        mapper = new RecordMapper(SourceConfigLoader.load(feed), new Normalisers(new EmailNormaliser(p), new PhoneNormaliser(p),
                new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p)), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    void reservations(String rows) throws Exception {
        byte[] bytes = (Alerting.RES_HEADER + rows).getBytes(StandardCharsets.UTF_8);
        String name = "res-" + System.nanoTime();
        ImportSummary s = importer.importStream(mapper, new ByteArrayInputStream(bytes), bytes.length, name,
                FileImporter.sha256Of(bytes), tmp.resolve(name + ".rejects.csv"));
        assertThat(s.counts().rejected()).isZero();
    }

    /** A night audit as the intake applies it (JSON night_audit.completed, HL7, PMS feed). */
    void nightAudit(String id, LocalDate date) {
        intake.apply(new InboundEvent("jms", "OPERA", id, GuestEventType.BUSINESS_DATE_ADVANCED, clock.now, null, null, null,
                "BKK01", date, "{}"));
    }

    long profile(String guestKey) {
        return new ProfileQueries(db).byKey("SRC:PMS:" + guestKey).orElseThrow();
    }

    List<String> alerts(String rule) throws SQLException {
        return strings("SELECT id FROM alert WHERE rule = '" + rule + "' ORDER BY id");
    }

    List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(strings(sql).get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theNightAuditStartsTheDayAndItsRuleWithoutATimeRunsOnceAtOnce(String store) throws Exception {
        open(store, "nightAudit");
        reservations("C1,GA,ALPHA/ANN MS,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n");
        long ann = profile("GA");
        clock.at("2026-06-14T22:00:00");
        assertThat(worker.runDaily()).as("no audit yet: the 14th by the calendar, not her birthday").isZero();
        assertThat(count("SELECT COUNT(*) FROM alert_daily_run WHERE rule = 'lapsed-guest-birthday' AND business_date = '2026-06-14'"))
                .isEqualTo(1);

        // the audit at 23:00 moves BKK01 to the 15th: the greeting has no time, it runs now, not at midnight
        clock.at("2026-06-14T23:00:00");
        nightAudit("na-15", BIRTHDAY);
        assertThat(worker.businessDate("BKK01")).isEqualTo(BIRTHDAY);
        assertThat(worker.runDaily()).isEqualTo(1);
        assertThat(alerts("lapsed-guest-birthday")).containsExactly("lapsed-guest-birthday/2026/" + ann);
        assertThat(alerts("pre-arrival-briefing")).as("16:00 on the 15th has not come").isEmpty();
        for (int i = 0; i < 3; i++) assertThat(worker.runDaily()).isZero();
        nightAudit("na-15", BIRTHDAY); // the same audit re-sent
        nightAudit("na-15-again", BIRTHDAY); // the same date audited twice
        assertThat(worker.runDaily()).isZero();
        assertThat(count("SELECT COUNT(*) FROM alert_daily_run WHERE rule = 'lapsed-guest-birthday' AND business_date = '2026-06-15'"))
                .isEqualTo(1);
        assertThat(count("SELECT alerts FROM alert_daily_run WHERE rule = 'lapsed-guest-birthday' AND business_date = '2026-06-15'"))
                .isEqualTo(1);

        BusinessDates.Day day = worker.businessDates().all().get(0);
        assertThat(day.property()).isEqualTo("BKK01");
        assertThat(day.businessDate()).isEqualTo(BIRTHDAY);
        assertThat(day.source()).isEqualTo(BusinessDay.Source.NIGHT_AUDIT);
        assertThat(day.audited()).isEqualTo(BIRTHDAY);
        assertThat(day.auditAt()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aPropertyOnTheClockKeepsTheCalendarWhateverItsNightAudit(String store) throws Exception {
        open(store, "clock");
        reservations("C1,GA,ALPHA/ANN MS,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n");
        clock.at("2026-06-14T23:00:00");
        nightAudit("na-15", BIRTHDAY);
        assertThat(worker.businessDate("BKK01")).isEqualTo(BIRTHDAY.minusDays(1));
        assertThat(worker.runDaily()).isZero();
        clock.at("2026-06-15T00:00:00");
        assertThat(worker.runDaily()).as("local midnight starts the 15th").isEqualTo(1);
        BusinessDates.Day day = worker.businessDates().all().get(0);
        assertThat(day.source()).isEqualTo(BusinessDay.Source.CLOCK);
        assertThat(day.audited()).as("the audit is still shown").isEqualTo(BIRTHDAY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aDayRunAgainByHandWritesOnlyWhatIsNew(String store) throws Exception {
        open(store, "nightAudit");
        reservations("C1,GA,ALPHA/ANN MS,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n"
                + "C2,GB,BRAVO/BEN MR,1970-06-15,,N,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n");
        clock.at("2026-06-20T10:00:00");
        AlertWorker.Day first = worker.runDay("BKK01", BIRTHDAY, "lapsed-guest-birthday");
        assertThat(first.runs()).singleElement().satisfies(r -> {
            assertThat(r.rerun()).isFalse();
            assertThat(r.listed()).isEqualTo(2);
            assertThat(r.written()).isEqualTo(1);
            assertThat(r.alreadySent()).isZero();
            assertThat(r.notMatching()).as("Ben said no to e-mail").isEqualTo(1);
        });
        AlertWorker.Day again = worker.runDay("BKK01", BIRTHDAY, null);
        assertThat(again.runs()).extracting(AlertWorker.DayRun::rule).containsExactly("lapsed-guest-birthday", "pre-arrival-briefing");
        assertThat(again.runs().get(0)).satisfies(r -> {
            assertThat(r.rerun()).isTrue();
            assertThat(r.written()).isZero();
            assertThat(r.alreadySent()).isEqualTo(1);
        });
        // Ben's consent is fixed at the PMS: the re-run sends him his greeting, and Ann's not a second time
        reservations("C2,GB,BRAVO/BEN MR,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n");
        AlertWorker.DayRun fixed = worker.runDay("BKK01", BIRTHDAY, "lapsed-guest-birthday").runs().get(0);
        assertThat(fixed.written()).isEqualTo(1);
        assertThat(fixed.alreadySent()).isEqualTo(1);
        assertThat(alerts("lapsed-guest-birthday")).containsExactlyInAnyOrder("lapsed-guest-birthday/2026/" + profile("GA"),
                "lapsed-guest-birthday/2026/" + profile("GB"));
        assertThat(count("SELECT alerts FROM alert_daily_run WHERE rule = 'lapsed-guest-birthday' AND business_date = '2026-06-15'"))
                .as("the day's count adds what each run wrote").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM alert_delivery")).isEqualTo(2);
        assertThatThrownBy(() -> worker.runDay("BKK01", BIRTHDAY, "vip-arrival")).hasMessageContaining("no daily rule 'vip-arrival'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aStayLeftInHouseIsClosedAsDepartedBeforeTheDaysRulesAndItsGuestLapses(String store) throws Exception {
        open(store, "nightAudit");
        reservations("C1,GC,CHARLIE/CAT MS,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,IN_HOUSE\n"
                + "C2,GD,DELTA/DAN MR,1980-01-01,,Y,BKK01,2026-06-10,2026-06-14,,IN_HOUSE\n"
                + "C3,GE,ECHO/EVA MS,1980-01-01,,Y,BKK01,2026-06-12,2026-06-20,,IN_HOUSE\n");
        long cat = profile("GC");
        clock.at("2026-06-15T09:00:00");
        nightAudit("na-15", BIRTHDAY);
        assertThat(worker.runDaily()).isEqualTo(1);
        assertThat(alerts("lapsed-guest-birthday")).as("in house since 2022 no more: lapsed, greeted")
                .containsExactly("lapsed-guest-birthday/2026/" + cat);
        assertThat(strings("SELECT confirmation_no || ':' || status FROM stay ORDER BY confirmation_no"))
                .as("C2 left on the 14th: within the grace; C3 leaves on the 20th")
                .containsExactly("C1:CHECKED_OUT", "C2:IN_HOUSE", "C3:IN_HOUSE");

        // the record says it was inferred; the PMS's own version is in its history; the journal says why
        assertThat(strings("SELECT r.source_id || ' v' || r.version FROM source_record r JOIN stay s ON s.source_record_id = r.id "
                + "WHERE s.confirmation_no = 'C1'")).containsExactly(OverdueStays.SOURCE_ID + " v2");
        assertThat(strings("SELECT h.payload FROM source_record_history h JOIN stay s ON s.source_record_id = h.source_record_id "
                + "WHERE s.confirmation_no = 'C1'")).singleElement().extracting(db.rawText()::open).asString().contains("\"IN_HOUSE\"");
        assertThat(strings("SELECT departure || ' ' || business_date || ' ' || grace_days || ' v' || version FROM stay_checkout_inferred"))
                .containsExactly("2022-06-03 2026-06-15 2 v2");
        assertThat(strings("SELECT r.outcome FROM import_row r JOIN import_file f ON f.id = r.file_id "
                + "WHERE f.source_id = '" + OverdueStays.SOURCE_ID + "'")).containsExactly("UPDATED");
        assertThat(strings("SELECT r.raw_text FROM import_row r JOIN import_file f ON f.id = r.file_id "
                + "WHERE f.source_id = '" + OverdueStays.SOURCE_ID + "'")).singleElement().extracting(db.rawText()::open).asString()
                .startsWith("check-out inferred by GuestLink, not sent by PMS").contains("stay C1 at BKK01");
        assertThat(count("SELECT COUNT(*) FROM import_file WHERE source_id = '" + OverdueStays.SOURCE_ID + "' AND status = 'DONE'"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM memory_queue")).as("guest memory recounts her").isPositive();

        // two days on, the scheduled pass closes Dan's stay too
        clock.at("2026-06-17T09:00:00");
        nightAudit("na-17", BIRTHDAY.plusDays(2));
        assertThat(stays.closeOverdue()).isEqualTo(1);
        assertThat(stays.closeOverdue()).as("nothing left to close").isZero();

        // the PMS says Cat is in house again, staying to the 30th: the PMS wins, she is not closed while her stay runs
        reservations("C1,GC,CHARLIE/CAT MS,1970-06-15,,Y,BKK01,2022-06-01,2026-06-30,,IN_HOUSE\n");
        assertThat(stays.closeOverdue()).isZero();
        assertThat(strings("SELECT status FROM stay WHERE confirmation_no = 'C1'")).containsExactly("IN_HOUSE");
        // its stale in-house row sent again: closed again on the next pass
        reservations("C1,GC,CHARLIE/CAT MS,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,IN_HOUSE\n");
        assertThat(stays.closeOverdue()).isEqualTo(1);
        // the PMS's own check-out, later, wins: its version, from its feed
        reservations("C1,GC,CHARLIE/CAT MS,1970-06-15,,Y,BKK01,2022-06-01,2022-06-04,,CHECKED_OUT\n");
        assertThat(strings("SELECT r.source_id || ' ' || s.status || ' ' || s.departure FROM source_record r JOIN stay s "
                + "ON s.source_record_id = r.id WHERE s.confirmation_no = 'C1'")).containsExactly("res CHECKED_OUT 2022-06-04");
        assertThat(stays.closeOverdue()).isZero();
    }
}

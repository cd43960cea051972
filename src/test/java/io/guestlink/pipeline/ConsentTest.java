package io.guestlink.pipeline;

import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.AlertEvaluator;
import io.guestlink.event.json.EventSchema;
import io.guestlink.event.json.JsonEventReader;
import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.Normalisers;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.identity.Survivorship;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.Segments;
import io.guestlink.model.Consent;
import io.guestlink.model.ConsentPurpose;
import io.guestlink.model.ConsentStatement;
import io.guestlink.model.ImportSummary;
import io.guestlink.store.AlertRows;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.ConsentRecords;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.GuestMemoryReader;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.ProfileQueries;
import io.guestlink.store.SegmentQueries;
import io.guestlink.store.TestDatabases;
import io.guestlink.testing.Alerting;
import io.guestlink.testing.StoreCounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent as data against the real store (H2 and PostgreSQL): statements from files, JSON events and the console,
 * the latest by its own time winning across systems and delivery order, and marketing alerts and segment lists held
 * to it whatever a rule says.
 */
class ConsentTest {
    /** Two systems that know the same guest by a loyalty number; each says yes or no to e-mail with a time. */
    static final String DATED_FEED = """
            id: %s
            system: %s
            kind: reservation
            currency: THB
            key: [CONF]
            fields:
              property: PROP
              guest.key: GID
              guest.name: { column: NAME, nameFormat: "LAST/FIRST TITLE" }
              guest.memberProgram: PROG
              guest.memberNumber: MEMBER
              guest.consent.email: OPTIN
              guest.consentAt: { column: OPTIN_AT, formats: ["yyyy-MM-dd HH:mm"] }
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
              reservation.status: STATUS
            """;
    static final String DATED_HEADER = "CONF,GID,NAME,PROG,MEMBER,OPTIN,OPTIN_AT,PROP,ARR,DEP,STATUS\n";

    @TempDir
    Path tmp;
    Database db;
    String pgUrl;
    BatchWriter writer;
    FileImporter importer;
    final AlertWorkerTest.TestClock clock = new AlertWorkerTest.TestClock();

    void open(String store) {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_consent")) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 3);
        writer = new BatchWriter(db, 65536);
        importer = new FileImporter(new ImportJournal(db), writer, 100, 1000);
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    static Normalisers normalisers() {
        PlaceholderList p = PlaceholderList.defaults();
        return new Normalisers(new EmailNormaliser(p), new PhoneNormaliser(p),
                new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p));
    }

    ImportSummary load(String feed, String name, String text) throws Exception {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, feed);
        RecordMapper mapper = new RecordMapper(SourceConfigLoader.load(f), normalisers(), Clock.systemUTC());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ImportSummary s = importer.importStream(mapper, new ByteArrayInputStream(bytes), bytes.length, name + System.nanoTime(),
                FileImporter.sha256Of(bytes), tmp.resolve(name + ".rejects.csv"));
        assertThat(s.counts().rejected()).as("rows rejected in " + name).isZero();
        return s;
    }

    Consent consent(long profile) {
        return db.inTransaction("test", tx -> ConsentRecords.current(tx, profile));
    }

    long profile(String identityKey) {
        return new ProfileQueries(db).byKey(identityKey).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aNoFromASecondSystemAfterAYesFromTheFirstWinsInWhateverOrderTheFilesCome(String store) throws Exception {
        open(store);
        // the PMS heard "yes" at 09:00, the CRM "no" at 11:00; the CRM's file comes first, the PMS's a day late
        load(DATED_FEED.formatted("crm", "CRM"), "crm", DATED_HEADER
                + "R1,C-77,ALPHA/ANN MS,GLX,M123,N,2026-06-10 11:00,BKK01,2026-07-01,2026-07-03,BOOKED\n");
        load(DATED_FEED.formatted("pms", "PMS"), "pms", DATED_HEADER
                + "P1,P-55,ALPHA/ANN MS,GLX,M123,Y,2026-06-10 09:00,BKK01,2026-07-01,2026-07-03,BOOKED\n");
        long ann = profile("SRC:PMS:P-55");
        assertThat(profile("SRC:CRM:C-77")).as("one guest, known to both systems by the loyalty number").isEqualTo(ann);
        Consent c = consent(ann);
        assertThat(c.allows(ConsentPurpose.EMAIL)).as("the later no, though it arrived first").isFalse();
        assertThat(c.latest(ConsentPurpose.EMAIL).orElseThrow().source()).isEqualTo("CRM");
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM consent_statement")).as("both statements kept").isEqualTo(2);

        // the PMS says yes again later (12:00): now the yes is the latest
        load(DATED_FEED.formatted("pms", "PMS"), "pms2", DATED_HEADER
                + "P1,P-55,ALPHA/ANN MS,GLX,M123,Y,2026-06-10 12:00,BKK01,2026-07-01,2026-07-03,BOOKED\n");
        assertThat(consent(ann).allows(ConsentPurpose.EMAIL)).isTrue();
        // the same file delivered again adds nothing
        long before = StoreCounts.count(db, "SELECT COUNT(*) FROM consent_statement");
        load(DATED_FEED.formatted("pms", "PMS"), "pms2", DATED_HEADER
                + "P1,P-55,ALPHA/ANN MS,GLX,M123,Y,2026-06-10 12:00,BKK01,2026-07-01,2026-07-03,BOOKED\n");
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM consent_statement")).isEqualTo(before);

        // the card the alert rules read sees the same answer
        GuestMemoryReader memory = new GuestMemoryReader(db, MemoryConfig.defaults());
        java.util.Optional<io.guestlink.alert.RecognisedGuest> card = db.inTransaction("t",
                tx -> new AlertRows(memory).guest(tx, ann, LocalDate.of(2026, 6, 15)));
        assertThat(card.orElseThrow().profile().marketingConsent()).containsEntry("email", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void undatedFeedsTakeTheTimeTheyArriveAndASystemRepeatingItselfIsNotANewStatement(String store) throws Exception {
        open(store);
        String feed = Alerting.RES_FEED.replace("guest.vip: VIP", "guest.vip: VIP\n  guest.memberProgram: PROG\n  guest.memberNumber: MEMBER");
        String header = "CONF,GID,NAME,BIRTH,VIP,OPTIN,PROP,ARR,DEP,ROOM,STATUS,PROG,MEMBER\n";
        load(feed, "res", header + "C1,GA,ALPHA/ANN MS,,,Y,BKK01,2026-06-01,2026-06-03,,CHECKED_OUT,GLX,M9\n");
        load(feed.replace("system: PMS", "system: CRM").replace("id: res", "id: crm"), "crm",
                header + "K1,KA,ALPHA/ANN MS,,,N,BKK01,2026-06-01,2026-06-03,,CHECKED_OUT,GLX,M9\n");
        long ann = profile("SRC:PMS:GA");
        assertThat(consent(ann).allows(ConsentPurpose.EMAIL)).as("the CRM's no came later").isFalse();
        // the PMS's record changes (a room number) but it says the same old yes: not a new statement
        load(feed, "res2", header + "C1,GA,ALPHA/ANN MS,,,Y,BKK01,2026-06-01,2026-06-03,1208,CHECKED_OUT,GLX,M9\n");
        assertThat(consent(ann).allows(ConsentPurpose.EMAIL)).isFalse();
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM consent_statement")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void eventsDeliveredOutOfOrderLeaveTheLatestStatementStanding(String store) throws Exception {
        open(store);
        GoldenRecords golden = new GoldenRecords(Survivorship.defaults());
        EventIntake intake = new EventIntake(db, writer, new ImportJournal(db), golden);
        JsonEventReader reader = new JsonEventReader(EventSchema.load(Path.of("config/schemas/guest-event.schema.json")),
                normalisers(), Clock.systemUTC(), 65536);
        String event = """
                {"eventId": "%s", "type": "reservation.updated", "source": "OPERA", "occurredAt": "%s", "property": "BKK01",
                 "reservation": {"confirmationNumber": "548213907", "arrival": "2026-07-01", "departure": "2026-07-03"},
                 "guest": {"key": "100482", "names": [{"text": "YU/MING MR", "format": "LAST/FIRST TITLE"}],
                           "consent": {"email": %s, "sms": {"granted": true, "at": "2026-06-01T08:00:00+07:00", "evidence": "signed registration card"}}}}
                """;
        // the withdrawal (11:00) overtakes the opt-in (10:00) on the queue
        intake.apply(reader.read(event.formatted("e2", "2026-06-15T11:00:00+07:00", "false")));
        intake.apply(reader.read(event.formatted("e1", "2026-06-15T10:00:00+07:00", "true")));
        long yu = profile("SRC:OPERA:100482");
        Consent c = consent(yu);
        assertThat(c.allows(ConsentPurpose.EMAIL)).isFalse();
        assertThat(c.latest(ConsentPurpose.EMAIL).orElseThrow().statedAt()).isEqualTo(Instant.parse("2026-06-15T04:00:00Z"));
        assertThat(c.allows(ConsentPurpose.SMS)).isTrue();
        assertThat(c.latest(ConsentPurpose.SMS).orElseThrow().evidence()).startsWith("signed registration card");
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM consent_statement WHERE purpose = 'EMAIL'")).isEqualTo(2);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM consent_statement WHERE purpose = 'SMS'"))
                .as("the same dated sms statement twice is kept once").isEqualTo(1);

        // a withdrawal-only event (the guest key and consent, nothing else) reaches the guest too
        intake.apply(reader.read("""
                {"eventId": "e3", "type": "reservation.updated", "source": "OPERA", "occurredAt": "2026-06-16T09:00:00+07:00",
                 "property": "BKK01", "reservation": {"confirmationNumber": "548213907"},
                 "guest": {"key": "100482", "consent": {"sms": false}}}
                """));
        assertThat(consent(yu).allows(ConsentPurpose.SMS)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aWithdrawalAtTheConsoleStopsTheBirthdayGreetingAndLeavesTheGuestOutOfMarketingLists(String store) throws Exception {
        open(store);
        load(Alerting.RES_FEED, "res", Alerting.RES_HEADER
                + "C1,GA,ALPHA/ANN MS,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n"
                + "C2,GB,BRAVO/BEN MR,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n");
        long ann = profile("SRC:PMS:GA");
        long ben = profile("SRC:PMS:GB");
        // Ann withdraws at the desk the day before her birthday
        clock.at("2026-06-14T10:00:00");
        db.inTransaction("t", tx -> ConsentRecords.record(tx, ann, new ConsentStatement(ConsentPurpose.EMAIL, false, null,
                null, "guest asked at the desk"), "desk1"));
        assertThat(consent(ann).latest(ConsentPurpose.EMAIL).orElseThrow().source()).isEqualTo(ConsentRecords.CONSOLE);

        AlertWorker worker = new AlertWorker(db, new AlertRows(new GuestMemoryReader(db, MemoryConfig.defaults())),
                new AlertEvaluator(AlertConfig.load(Path.of("config/alerts.yaml")), MemoryConfig.defaults()), clock);
        clock.at("2026-06-15T09:00:00");
        worker.runDaily();
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM alert WHERE rule = 'lapsed-guest-birthday' AND profile_id = " + ann))
                .as("no greeting after the withdrawal").isZero();
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM alert WHERE rule = 'lapsed-guest-birthday' AND profile_id = " + ben))
                .as("Ben still said yes").isEqualTo(1);

        // marketing lists by e-mail leave her out; a list for no purpose still has her
        segmentRow(ann);
        segmentRow(ben);
        SegmentQueries segments = new SegmentQueries(db, MemoryConfig.defaults());
        LocalDate day = LocalDate.of(2026, 6, 15);
        assertThat(segments.list(new SegmentQueries.Filter(null, Segments.Lifecycle.LAPSED, null, 7, ConsentPurpose.EMAIL), day, 50))
                .extracting(SegmentQueries.Listed::profileId).containsExactly(ben);
        assertThat(segments.list(new SegmentQueries.Filter(null, Segments.Lifecycle.LAPSED, null, 7), day, 50))
                .extracting(SegmentQueries.Listed::profileId).containsExactlyInAnyOrder(ann, ben);
        // she says yes again (a later statement): back on the list
        db.inTransaction("t", tx -> ConsentRecords.record(tx, ann, new ConsentStatement(ConsentPurpose.EMAIL, true,
                Instant.now(), null, "web form"), "privacy1"));
        assertThat(segments.list(new SegmentQueries.Filter(null, Segments.Lifecycle.LAPSED, null, 7, ConsentPurpose.EMAIL), day, 50))
                .extracting(SegmentQueries.Listed::profileId).containsExactlyInAnyOrder(ann, ben);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aMarketingRuleThatForgetsTheConsentConditionIsStillHeldToItAndWhatItStopsIsCounted(String store) throws Exception {
        open(store);
        load(Alerting.RES_FEED, "res", Alerting.RES_HEADER
                + "C1,GA,ALPHA/ANN MS,1970-06-15,,Y,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n"
                + "C2,GB,BRAVO/BEN MR,1970-06-15,,N,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n"
                + "C3,GC,CHARLIE/CAT MS,1970-06-15,,,BKK01,2022-06-01,2022-06-03,,CHECKED_OUT\n");
        long ann = profile("SRC:PMS:GA");
        Path lists = tmp.resolve("lists");
        AlertConfig config = AlertConfig.parse("""
                properties: [BKK01]
                businessDay: clock
                channels:
                  daily-lists: { type: file, dir: "%s" }
                  sms-lists: { type: file, dir: "%s" }
                rules:
                  - id: forgetful-birthday
                    daily: { at: "09:00", select: birthdays-today }
                    when: { lapsed: true, birthdayToday: true }
                    oncePer: year
                    audience: marketing
                    channels: [daily-lists, sms-lists]
                marketing:
                  audiences:
                    marketing: [email, post]
                  channels:
                    sms-lists: [sms]
                """.formatted(lists.toString().replace('\\', '/'), lists.resolve("sms").toString().replace('\\', '/')), "test alerts.yaml");
        AlertWorker worker = new AlertWorker(db, new AlertRows(new GuestMemoryReader(db, MemoryConfig.defaults())),
                new AlertEvaluator(config, MemoryConfig.defaults()), clock);
        clock.at("2026-06-15T09:00:00");
        worker.runDaily();
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM alert WHERE rule = 'forgetful-birthday'"))
                .as("only Ann said yes to a purpose of the marketing audience").isEqualTo(1);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM alert WHERE rule = 'forgetful-birthday' AND profile_id = " + ann)).isEqualTo(1);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM consent_refusal WHERE rule_id = 'forgetful-birthday' AND channel = '*'"))
                .as("Ben (no) and Cat (never asked) refused and counted").isEqualTo(2);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM alert_delivery d JOIN alert a ON a.id = d.alert_id "
                + "WHERE a.rule = 'forgetful-birthday'")).as("Ann's alert goes to the e-mail list only").isEqualTo(1);
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM consent_refusal WHERE channel = 'sms-lists' AND profile_id = " + ann))
                .as("she never said yes to SMS: that delivery refused").isEqualTo(1);
        // the run again (a re-run, another node): nothing counted twice
        worker.runDay("BKK01", LocalDate.of(2026, 6, 15), "forgetful-birthday");
        assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM consent_refusal")).isEqualTo(3);
        assertThat(db.inTransaction("t", ConsentRecords::refusalsByRule)).containsEntry("forgetful-birthday", 3L);
    }

    /** A lapsed guest's segment row with a birthday on June 15 (as the memory worker writes it). */
    void segmentRow(long profile) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO profile_segment (profile_id, "
                + "property, lifecycle, stays, last_departure, in_house, lapsed_on, frequency, monetary, lifetime_value, "
                + "ltv_complete, vip, birthday) VALUES (?, '*', 'FIRST_TIMER', 1, ?, FALSE, ?, 1, 1, ?, TRUE, FALSE, 615)")) {
            ps.setLong(1, profile);
            ps.setObject(2, LocalDate.of(2022, 6, 3));
            ps.setObject(3, LocalDate.of(2023, 6, 3));
            ps.setBigDecimal(4, BigDecimal.TEN);
            ps.executeUpdate();
        }
    }
}

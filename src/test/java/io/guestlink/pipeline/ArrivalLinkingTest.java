package io.guestlink.pipeline;

import io.guestlink.alert.Alert;
import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.AlertEvaluator;
import io.guestlink.alert.AlertIds;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.IdentityConfig;
import io.guestlink.identity.Normalisers;
import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.identity.Survivorship;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;
import io.guestlink.store.AlertRows;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.GuestMemoryReader;
import io.guestlink.store.IdentityQueue;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.MergeWrites;
import io.guestlink.store.ProbabilisticLinker;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity before the arrival alert, against the real store (H2 and PostgreSQL) with the shipped rules and match
 * model: an arrival under a new key is linked before the rules look; when the identity lock is not free within the
 * budget the rules look at the stranger and look again once the worker merged; an unmerge gives the stay back to the
 * profile its record belongs to.
 */
class ArrivalLinkingTest {
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Bangkok"));
    static final String RETURNING = "returning-guest-arrival";

    @TempDir
    Path tmp;
    Database db;
    String pgUrl;
    BatchWriter writer;
    IdentityWorker linking;
    AlertWorker alerting;
    EventIntake intake;
    IdentityDesk desk;
    FileImporter importer;
    ProbabilisticLinker linker;

    void open(String store, Duration budget) throws Exception {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_arrival")) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 4);
        GoldenRecords golden = new GoldenRecords(Survivorship.defaults());
        writer = new BatchWriter(db, 65536, true, golden);
        MatchModel model = new MatchModel(IdentityConfig.load(Path.of("config/identity.yaml")).match());
        PersonRecords persons = new PersonRecords(new NameNormaliser());
        linker = new ProbabilisticLinker(model, persons);
        linking = new IdentityWorker(db, linker, golden, writer, 100);
        alerting = new AlertWorker(db, new AlertRows(new GuestMemoryReader(db, MemoryConfig.defaults())),
                new AlertEvaluator(AlertConfig.load(Path.of("config/alerts.yaml")), MemoryConfig.defaults()), Clock.systemUTC(),
                null, linking::linkArriving, budget);
        intake = new EventIntake(db, writer, new ImportJournal(db), golden);
        desk = new IdentityDesk(db, golden, model, persons);
        importer = new FileImporter(new ImportJournal(db), writer, 100, 1000);
        // last year's stay of Mr. Yu under the PMS's key, linked
        Path feed = tmp.resolve("res.yaml");
        Files.writeString(feed, Alerting.RES_FEED);
        PlaceholderList p = PlaceholderList.defaults();
        RecordMapper mapper = new RecordMapper(SourceConfigLoader.load(feed), new Normalisers(new EmailNormaliser(p),
                new PhoneNormaliser(p), new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p)),
                Clock.systemUTC());
        byte[] rows = (Alerting.RES_HEADER + "P1,G1,YU/MING MR,1978-03-14,,,BKK01," + TODAY.minusYears(1) + ","
                + TODAY.minusYears(1).plusDays(2) + ",,CHECKED_OUT\n").getBytes(StandardCharsets.UTF_8);
        assertThat(importer.importStream(mapper, new ByteArrayInputStream(rows), rows.length, "res.csv",
                FileImporter.sha256Of(rows), tmp.resolve("res.rejects.csv")).counts().rejected()).isZero();
        linking.drain();
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    long yu() {
        return new ProfileQueries(db).byKey("SRC:PMS:G1").orElseThrow();
    }

    /** His check-in from a Chinese channel: a key never seen, the name in Han script; stored as the intake does. */
    long checkIn(String messageId, String guestKey, String confirmation) {
        GuestProfile guest = new GuestProfile(List.of(new PersonName("于明", "于", "明", null, "Han")), LocalDate.of(1978, 3, 14),
                "M", "CN", "zh", List.of(), List.of(), List.of(), null, List.of(), Map.of());
        Reservation stay = new Reservation("BKK01", confirmation, TODAY, TODAY.plusDays(3), null, "1208", null, null, null,
                StayStatus.IN_HOUSE, null, null, null);
        CanonicalRecord record = new CanonicalRecord(new SourceRef("CTRIP", RecordKind.RESERVATION, confirmation), guestKey, guest, stay);
        return intake.apply(new InboundEvent("hl7", "CTRIP", messageId, GuestEventType.CHECKED_IN, Instant.now(), record,
                null, null, null, null, "MSH|...")).event().id();
    }

    long arrivingProfile(String confirmation) {
        return new ProfileQueries(db).bySourceRecord("CTRIP", "RESERVATION", confirmation).orElseThrow();
    }

    long count(String sql) throws SQLException {
        return io.guestlink.testing.StoreCounts.count(db, sql);
    }

    Alert alert(String id) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT payload FROM alert WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Alert.fromJson(rs.getString(1)) : null;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anArrivalUnderANewKeyIsLinkedBeforeTheRulesLook(String store) throws Exception {
        open(store, Duration.ofSeconds(5));
        long event = checkIn("A01-1", "CT1", "CT-1");
        assertThat(arrivingProfile("CT-1")).as("on a profile of its own until linked").isNotEqualTo(yu());

        assertThat(alerting.evaluate(event)).isNotEmpty();
        Alert a = alert(AlertIds.forEvent(RETURNING, event));
        assertThat(a).isNotNull();
        assertThat(a.profileId()).isEqualTo(yu());
        assertThat(a.card().stayNumber()).isEqualTo(2);
        assertThat(arrivingProfile("CT-1")).isEqualTo(yu());
        assertThat(count("SELECT COUNT(*) FROM link_queue")).as("the claim removed").isZero();

        // the merge queued a recheck: evaluated again, the same guest and card write nothing
        assertThat(alerting.recheck()).isZero();
        assertThat(count("SELECT COUNT(*) FROM alert_recheck")).isZero();
        assertThat(count("SELECT COUNT(*) FROM alert WHERE event_id = " + event)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void whenTheBudgetRunsOutTheRulesLookAtTheStrangerAndAgainOnceTheWorkerMerged(String store) throws Exception {
        open(store, Duration.ofMillis(200));
        long event = checkIn("A01-2", "CT2", "CT-2");
        // an import batch holds the identity lock for longer than the budget
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IdentityQueue queue = new IdentityQueue(writer, linker);
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> queue.whileNoBatchResolves(() -> {
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(alerting.evaluate(event)).as("a stranger: no rule holds").isEmpty();
            assertThat(batch).as("evaluated while the lock was still held").isNotDone();
        } finally {
            release.countDown();
            batch.get(10, TimeUnit.SECONDS);
        }
        assertThat(arrivingProfile("CT-2")).isNotEqualTo(yu());
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE alerted_at IS NOT NULL AND id = " + event)).isEqualTo(1);

        // the identity worker's round merges him; the sweep looks at the arrival again: the alert, once
        assertThat(linking.drain()).isEqualTo(1);
        assertThat(arrivingProfile("CT-2")).isEqualTo(yu());
        assertThat(alerting.recheck()).isEqualTo(1);
        Alert a = alert(AlertIds.forEvent(RETURNING, event));
        assertThat(a.profileId()).isEqualTo(yu());
        assertThat(a.updates()).isNull();
        assertThat(alerting.recheck()).isZero();
        assertThat(alerting.evaluatePending()).isZero();
        assertThat(count("SELECT COUNT(*) FROM alert WHERE event_id = " + event)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anUnmergeGivesTheArrivalBackToTheProfileItsRecordBelongsTo(String store) throws Exception {
        open(store, Duration.ofSeconds(5));
        long event = checkIn("A01-3", "CT3", "CT-3");
        alerting.evaluate(event);
        assertThat(alert(AlertIds.forEvent(RETURNING, event))).isNotNull();
        assertThat(alerting.recheck()).isZero();

        MergeWrites.Merge merge = desk.merges(yu()).stream().filter(m -> m.unmergedAt() == null).findFirst().orElseThrow();
        desk.unmerge(merge.id(), "front desk");
        long own = arrivingProfile("CT-3");
        assertThat(own).isNotEqualTo(yu());
        // the rules look again at the stay, now for its record's own profile: a first stay, so nothing is sent
        // (what was sent is not withdrawn)
        assertThat(alerting.recheck()).isZero();
        assertThat(count("SELECT COUNT(*) FROM alert WHERE event_id = " + event)).isEqualTo(1);
        assertThat(db.inTransaction("read", tx -> new AlertRows(new GuestMemoryReader(db, MemoryConfig.defaults()))
                .evaluatedEvent(tx, event)).orElseThrow().profileId()).as("the event's guest is its record's profile").isEqualTo(own);
    }
}

package io.guestlink.pipeline;

import io.guestlink.event.EventRejected;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.identity.Survivorship;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.Membership;
import io.guestlink.model.PersonName;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real-time messages through the store, on H2 and on the real PostgreSQL: applied once per (system, message id) even
 * when re-sent or raced, partial messages keep stored values, a source merge joins two profiles, the business date
 * only moves forward, and what cannot be applied is refused with the field at fault.
 */
class EventIntakeTest {
    @TempDir
    Path tmp;
    Database db;
    String pgUrl;
    EventIntake intake;

    void open(String store) {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_intake")) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 4);
        GoldenRecords golden = new GoldenRecords(Survivorship.defaults());
        intake = new EventIntake(db, new BatchWriter(db, 10_000, true, golden), new ImportJournal(db), golden, 10_000,
                java.time.Clock.systemDefaultZone());
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    static CanonicalRecord stay(String guestKey, String conf, String room, StayStatus status, String rate) {
        GuestProfile guest = new GuestProfile(List.of(new PersonName("YU MING", "YU", "MING", "MR", "Latin")),
                LocalDate.of(1978, 3, 14), "M", "CN", "zh", List.of(), List.of(), List.of(), null,
                List.<Membership>of(), Map.of());
        Reservation r = new Reservation("BKK01", conf, LocalDate.of(2026, 6, 8), LocalDate.of(2026, 6, 11), null, room,
                null, rate == null ? null : new BigDecimal(rate), rate == null ? null : "THB", status, null, null, null);
        return new CanonicalRecord(new SourceRef("PMSHL7", RecordKind.RESERVATION, conf), guestKey, guest, r);
    }

    static InboundEvent msg(String id, GuestEventType type, CanonicalRecord r) {
        return new InboundEvent("hl7", "PMSHL7", id, type, Instant.parse("2026-06-08T07:00:00Z"), r, null, null, null, null, "MSH|...");
    }

    long count(String sql) throws SQLException {
        return io.guestlink.testing.StoreCounts.count(db, sql);
    }

    String payload(String conf) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT payload FROM source_record WHERE source_key = ?")) {
            ps.setString(1, conf);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aMessageIsAppliedOnceAndARoomMoveKeepsWhatItDoesNotSay(String store) throws Exception {
        open(store);
        EventIntake.Applied booked = intake.apply(msg("M1", GuestEventType.RESERVATION_CREATED, stay("G1", "V100", null, StayStatus.BOOKED, "4200.00")));
        assertThat(booked.duplicate()).isFalse();
        GuestEvent e = booked.event();
        assertThat(e.profileId()).isNotNull();
        assertThat(e.confirmation()).isEqualTo("V100");
        assertThat(e.arrival()).isEqualTo(LocalDate.of(2026, 6, 8));

        EventIntake.Applied again = intake.apply(msg("M1", GuestEventType.RESERVATION_CREATED, stay("G1", "V100", null, StayStatus.BOOKED, "4200.00")));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.event().id()).isEqualTo(e.id());

        // the arrival names the room but not the rate: the rate stays
        GuestEvent in = intake.apply(msg("M2", GuestEventType.CHECKED_IN, stay("G1", "V100", "1208", StayStatus.IN_HOUSE, null))).event();
        assertThat(in.profileId()).isEqualTo(e.profileId());
        assertThat(in.roomNumber()).isEqualTo("1208");
        assertThat(payload("V100")).as("the amount keeps its scale through the merge").contains("\"rateAmount\":4200.00,").contains("\"roomNumber\":\"1208\"").contains("IN_HOUSE");

        assertThat(count("SELECT COUNT(*) FROM guest_event")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM inbound_message")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM source_record")).isEqualTo(1);
        assertThat(count("SELECT version FROM source_record")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM import_row")).as("each applied message journaled").isEqualTo(2);
        assertThat(intake.event(in.id())).contains(in);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anUpdateInLatinAddsItsNameAndKeepsTheBookingsHanName(String store) throws Exception {
        open(store);
        PersonName han = new PersonName("于明", "于", "明", null, "Han");
        CanonicalRecord booked = withNames(stay("G9", "V900", null, StayStatus.BOOKED, "4200.00"), List.of(han));
        intake.apply(new InboundEvent("jms", "PMSHL7", "J1", GuestEventType.RESERVATION_CREATED,
                Instant.parse("2026-06-01T07:00:00Z"), booked, null, null, null, null, "{}"));

        // the interface sends the Latin reading of the same guest for the same booking
        GuestEvent updated = intake.apply(msg("H1", GuestEventType.RESERVATION_UPDATED, stay("G9", "V900", "1208", StayStatus.BOOKED, null))).event();

        String payload = payload("V900");
        assertThat(payload).contains("\"full\":\"于明\"").contains("\"full\":\"YU MING\"");
        assertThat(payload.indexOf("于明")).as("the booking's display name keeps its script").isLessThan(payload.indexOf("YU MING"));
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT display_name FROM guest_profile WHERE id = ?")) {
            ps.setLong(1, updated.profileId());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("于明");
            }
        }
        assertThat(count("SELECT COUNT(*) FROM profile_name WHERE full_name IN ('于明', 'YU MING')")).as("both names on the profile").isEqualTo(2);

        // a corrected spelling in the same script replaces the one it corrects, and the Han name still stays
        PersonName corrected = new PersonName("YU MINGH", "YU", "MINGH", null, "Latin");
        intake.apply(msg("H2", GuestEventType.RESERVATION_UPDATED, withNames(stay("G9", "V900", "1208", StayStatus.BOOKED, null), List.of(corrected))));
        assertThat(payload("V900")).contains("于明").contains("YU MINGH").doesNotContain("\"full\":\"YU MING\"");
    }

    static CanonicalRecord withNames(CanonicalRecord r, List<PersonName> names) {
        GuestProfile g = r.guest();
        return new CanonicalRecord(r.ref(), r.guestKey(), new GuestProfile(names, g.birthDate(), g.gender(), g.nationality(),
                g.language(), g.emails(), g.phones(), g.idDocuments(), g.vipCode(), g.memberships(), g.marketingConsent()), r.fact());
    }

    /** A clock the test moves: the day a sender's journal run covers. */
    static final class MovableClock extends java.time.Clock {
        java.time.Instant now;
        final java.time.ZoneId zone;

        MovableClock(String now, java.time.ZoneId zone) {
            this.now = java.time.Instant.parse(now);
            this.zone = zone;
        }

        @Override
        public java.time.ZoneId getZone() {
            return zone;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId z) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    List<String> runs() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT file_name, status, rows_read FROM import_file ORDER BY id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getLong(3));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aSendersMessageRunCoversOneDayAndNoneStaysRunning(String store) throws Exception {
        open(store);
        GoldenRecords golden = new GoldenRecords(Survivorship.defaults());
        MovableClock clock = new MovableClock("2026-06-08T10:00:00Z", java.time.ZoneId.of("Asia/Bangkok"));
        ImportJournal journal = new ImportJournal(db);
        // a run a node left open the day before (it crashed), and a quiet node's run for the same sender
        long crashed = journal.start("hl7:PMSHL7", "hl7:PMSHL7 messages 2026-06-07", "messages", 0, null).id();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE import_file SET started_at = ? WHERE id = ?")) {
            ps.setObject(1, java.time.OffsetDateTime.parse("2026-06-07T09:00:00Z"));
            ps.setLong(2, crashed);
            ps.executeUpdate();
        }
        EventIntake node = new EventIntake(db, new BatchWriter(db, 10_000, true, golden), journal, golden, 10_000, clock);

        node.apply(msg("D1", GuestEventType.RESERVATION_CREATED, stay("G1", "V1", null, StayStatus.BOOKED, "1")));
        node.apply(msg("D2", GuestEventType.CHECKED_IN, stay("G1", "V1", "101", StayStatus.IN_HOUSE, null)));
        assertThat(runs()).containsExactly("hl7:PMSHL7 messages 2026-06-07 DONE 0", "hl7:PMSHL7 messages 2026-06-08 RUNNING 2");

        assertThat(node.rollRuns()).as("the day is not over").isZero();
        clock.now = java.time.Instant.parse("2026-06-08T17:30:00Z"); // 00:30 the next day in Bangkok
        assertThat(node.rollRuns()).isEqualTo(1);
        assertThat(runs()).containsExactly("hl7:PMSHL7 messages 2026-06-07 DONE 0", "hl7:PMSHL7 messages 2026-06-08 DONE 2");

        node.apply(msg("D3", GuestEventType.CHECKED_OUT, stay("G1", "V1", "101", StayStatus.CHECKED_OUT, null)));
        assertThat(runs()).last().isEqualTo("hl7:PMSHL7 messages 2026-06-09 RUNNING 1");
        clock.now = java.time.Instant.parse("2026-06-09T17:30:00Z");
        node.apply(msg("D4", GuestEventType.CHECK_OUT_CANCELLED, stay("G1", "V1", "101", StayStatus.IN_HOUSE, null)));
        assertThat(runs()).as("the next day's first message closes the day before").contains("hl7:PMSHL7 messages 2026-06-09 DONE 1")
                .last().isEqualTo("hl7:PMSHL7 messages 2026-06-10 RUNNING 1");

        node.closeRuns(); // the application stops
        assertThat(runs()).allMatch(r -> r.contains(" DONE "));
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM import_file WHERE finished_at IS NULL OR duration_ms IS NULL"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRefusedMessageIsJournaledListedAndReprocessedOnce(String store) throws Exception {
        open(store);
        long id = intake.refused(new io.guestlink.event.Refusal("hl7", "PMSHL7", "R1", null, "AE", "207", "MRG-1",
                "no guest with this key from PMSHL7 (absorbed guest key = '****7001')", "MSH|...|R1|...MRG|G-7001"));
        long tooLong = intake.refused(new io.guestlink.event.Refusal("jms", null, null, "ID:1", "DLQ", null, "$",
                "not valid JSON", "x".repeat(20_000)));
        java.util.concurrent.atomic.AtomicReference<Reprocessing.Attempt> next = new java.util.concurrent.atomic.AtomicReference<>(
                Reprocessing.Attempt.refused(new io.guestlink.event.Refusal("hl7", "PMSHL7", "R1", null, "AE", "207", "MRG-1",
                        "still unknown", "")));
        List<String> seen = new ArrayList<>();
        Reprocessing reprocessing = new Reprocessing(db, intake, Map.of("hl7", raw -> {
            seen.add(raw);
            return next.get();
        }));

        assertThat(reprocessing.list(true, null, 10)).extracting(RefusedMessagesRow::of)
                .containsExactly("jms ? DLQ REFUSED false", "hl7 R1 AE REFUSED true");
        assertThat(reprocessing.reprocess(id).text()).startsWith("refused again (AE MRG-1): still unknown");
        assertThat(seen).containsExactly("MSH|...|R1|...MRG|G-7001");

        GuestEvent stored = intake.apply(msg("R1", GuestEventType.RESERVATION_CREATED, stay("G1", "V1", null, StayStatus.BOOKED, "1"))).event();
        next.set(Reprocessing.Attempt.applied(stored, true));
        Reprocessing.Outcome o = reprocessing.reprocess(id);
        assertThat(o.status()).isEqualTo("ALREADY_APPLIED");
        assertThat(o.eventId()).isEqualTo(stored.id());
        assertThat(reprocessing.reprocess(id).text()).contains("nothing done");
        assertThat(seen).hasSize(2);
        assertThat(reprocessing.list(true, "hl7", 10)).isEmpty();
        assertThat(reprocessing.list(false, "hl7", 10)).singleElement().satisfies(r -> {
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.appliedEvent()).isEqualTo(stored.id());
        });
        assertThatThrownBy(() -> reprocessing.reprocess(tooLong)).hasMessageContaining("20000 characters, over guestlink.journal.max-raw-chars");
        assertThatThrownBy(() -> reprocessing.reprocess(999_999)).hasMessageContaining("no refused message 999999");
    }

    /** A listed refusal in one line: channel, message id, answer, status, whether its text was kept. */
    static final class RefusedMessagesRow {
        static String of(io.guestlink.store.RefusedMessages.Row r) {
            return r.channel() + " " + (r.messageId() == null ? "?" : r.messageId()) + " " + r.answer() + " " + r.status()
                    + " " + r.rawKept();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theSameMessageFromManyConnectionsAtOnceIsAppliedOnce(String store) throws Exception {
        open(store);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<EventIntake.Applied>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++)
                all.add(pool.submit(() -> intake.apply(msg("DUP", GuestEventType.CHECKED_IN, stay("G2", "V200", "301", StayStatus.IN_HOUSE, "100")))));
            int fresh = 0;
            long id = -1;
            for (Future<EventIntake.Applied> f : all) {
                EventIntake.Applied a = f.get();
                if (!a.duplicate()) fresh++;
                if (id < 0) id = a.event().id();
                assertThat(a.event().id()).isEqualTo(id);
            }
            assertThat(fresh).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT COUNT(*) FROM guest_event")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void manySendersAtOnceShareCommitsAndEveryMessageCountsOnce(String store) throws Exception {
        open(store);
        int senders = 8, each = 60;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<List<EventIntake.Applied>>> all = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                all.add(pool.submit(() -> {
                    List<EventIntake.Applied> out = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        String conf = "S" + sender + "-" + (i / 3); // three messages per stay: booked, in house, moved
                        StayStatus status = i % 3 == 0 ? StayStatus.BOOKED : StayStatus.IN_HOUSE;
                        String room = i % 3 == 0 ? null : "R" + (i % 3);
                        out.add(intake.apply(msg("S" + sender + "-M" + i, GuestEventType.CHECKED_IN,
                                stay("G" + sender, conf, room, status, i % 3 == 0 ? "990" : null))));
                        if (i % 10 == 0) out.add(intake.apply(msg("S" + sender + "-M" + i, GuestEventType.CHECKED_IN,
                                stay("G" + sender, conf, room, status, null)))); // a re-send after a lost ACK
                    }
                    return out;
                }));
            }
            int duplicates = 0;
            for (Future<List<EventIntake.Applied>> f : all) for (EventIntake.Applied a : f.get()) if (a.duplicate()) duplicates++;
            assertThat(duplicates).isEqualTo(senders * each / 10);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT COUNT(*) FROM guest_event")).isEqualTo(senders * each);
        assertThat(count("SELECT COUNT(DISTINCT message_id) FROM guest_event")).isEqualTo(senders * each);
        assertThat(count("SELECT COUNT(*) FROM import_row")).isEqualTo(senders * each);
        assertThat(count("SELECT COUNT(*) FROM source_record")).isEqualTo(senders * each / 3);
        // every stay ends in room R2 with the rate of its booking message: later messages built on earlier ones
        assertThat(count("SELECT COUNT(*) FROM source_record WHERE payload LIKE '%\"roomNumber\":\"R2\"%' "
                + "AND payload LIKE '%\"rateAmount\":990%'")).isEqualTo(senders * each / 3);
        assertThat(count("SELECT COUNT(DISTINCT COALESCE(p.merged_into, p.id)) FROM source_record r JOIN guest_profile p "
                + "ON p.id = r.profile_id")).as("one profile per sender's guest").isEqualTo(senders);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aSourceMergeJoinsTwoGuestsAndUnknownKeysAreRefusedByName(String store) throws Exception {
        open(store);
        long a = intake.apply(msg("M1", GuestEventType.RESERVATION_CREATED, stay("G1", "V1", null, StayStatus.BOOKED, "1"))).event().profileId();
        long b = intake.apply(msg("M2", GuestEventType.RESERVATION_CREATED, stay("G9", "V2", null, StayStatus.BOOKED, "1"))).event().profileId();
        assertThat(a).as("two source guest keys, two profiles until the source merges them").isNotEqualTo(b);
        InboundEvent merge = new InboundEvent("hl7", "PMSHL7", "M3", GuestEventType.PROFILES_MERGED, null,
                stay("G1", "V1", null, StayStatus.BOOKED, null), null, "G9", null, null, "MSH|...");
        GuestEvent merged = intake.apply(merge).event();
        assertThat(merged.profileId()).as("the surviving key's profile survives").isEqualTo(a);
        assertThat(count("SELECT COUNT(*) FROM guest_profile WHERE merged_into IS NULL AND id IN (" + a + "," + b + ")")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM profile_merge WHERE rule = 'source-merge'")).isEqualTo(1);

        InboundEvent unknown = new InboundEvent("hl7", "PMSHL7", "M4", GuestEventType.PROFILES_MERGED, null,
                stay("G1", "V1", null, StayStatus.BOOKED, null), null, "NOPE77", null, null, "MSH|...");
        assertThatThrownBy(() -> intake.apply(unknown)).isInstanceOf(EventRejected.class)
                .hasMessageContaining("absorbed guest key").hasMessageContaining("no guest with this key");
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_id = 'M4'")).as("a refused message is not remembered").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theBusinessDateOnlyMovesForward(String store) throws Exception {
        open(store);
        InboundEvent d2 = new InboundEvent("jms", "NA", "N2", GuestEventType.BUSINESS_DATE_ADVANCED, null, null, null, null,
                "BKK01", LocalDate.of(2026, 6, 9), "{}");
        InboundEvent d1 = new InboundEvent("jms", "NA", "N1", GuestEventType.BUSINESS_DATE_ADVANCED, null, null, null, null,
                "BKK01", LocalDate.of(2026, 6, 8), "{}");
        assertThat(intake.apply(d2).event().businessDate()).isEqualTo(LocalDate.of(2026, 6, 9));
        intake.apply(d1); // late delivery of the previous night's audit
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT business_date FROM business_date WHERE property = 'BKK01'");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(LocalDate.of(2026, 6, 9));
        }
        assertThatThrownBy(() -> intake.apply(new InboundEvent("jms", "NA", "N3", GuestEventType.BUSINESS_DATE_ADVANCED, null, null,
                null, null, "BKK01", null, "{}"))).isInstanceOf(EventRejected.class).hasMessageContaining("businessDate");
        assertThatThrownBy(() -> intake.apply(msg("X1", GuestEventType.CHECKED_IN, null))).isInstanceOf(EventRejected.class)
                .hasMessageContaining("carries no reservation");
    }
}

package io.guestlink.store;

import io.guestlink.model.StoreRow;
import io.guestlink.identity.Survivorship;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.pipeline.MemoryWorker;
import io.guestlink.memory.Segments;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.ChargeCategory;
import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guest memory in the store, on H2 and PostgreSQL: the state the worker keeps record by record equals a rebuild from
 * all facts, through imports in any order, tickets arriving item by item, updated records, merges, unmerges,
 * imports running while the worker drains, and a configuration change; a landing record is applied without
 * reading the guest's history; the segment lists select the right guests.
 */
class GuestMemoryStoreTest {
    static final LocalDate TODAY = LocalDate.of(2026, 6, 15);
    final Clock clock = Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    final MemoryConfig config = MemoryConfig.defaults();

    @TempDir
    Path tmp;
    Database db;
    String pgUrl;
    BatchWriter writer;
    ImportJournal journal;
    MemoryWorker worker;

    void open(String store) {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_memory")) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 4);
        writer = new BatchWriter(db, 10_000);
        journal = new ImportJournal(db);
        worker = new MemoryWorker(db, config, clock, 40, 2); // small rounds: a drain takes several
    }

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    // ---------------------------------------------------------------------------------------------- the records

    static GuestProfile guest(int g) {
        return new GuestProfile(List.of(new PersonName("GUEST" + g + "/ANNA MS", "GUEST" + g, "ANNA", "MS", "Latin")),
                g % 3 == 0 ? null : LocalDate.of(1970 + g, 1 + g % 12, 1 + g % 28), "F", "DE", "de", List.of(), List.of(),
                List.of(), g % 5 == 0 ? "GLD" : null, List.of(), Map.of());
    }

    static StoreRow row(RecordKind kind, String key, Integer guest, Fact fact) {
        return StoreRow.mapped(1, key, new CanonicalRecord(new SourceRef("PMS", kind, key), guest == null ? null : "G" + guest,
                guest == null ? null : guest(guest), fact));
    }

    static String room(int g) {
        return Integer.toString(200 + g);
    }

    static StoreRow reservation(int g, int k, StayStatus status, String rate) {
        LocalDate a = LocalDate.of(2022, 1, 3).plusDays(9L * k);
        return row(RecordKind.RESERVATION, "G" + g + "R" + k, g, new Reservation("BKK01", "G" + g + "R" + k, a, a.plusDays(3),
                "DLXK", room(g), "BAR", new BigDecimal(rate), k % 4 == 3 ? "USD" : "THB", status, "WEB", 2, 0));
    }

    static StoreRow folio(int g, int k, int line, String amount) {
        LocalDate a = LocalDate.of(2022, 1, 3).plusDays(9L * k);
        ChargeCategory c = ChargeCategory.values()[line % ChargeCategory.values().length];
        return row(RecordKind.FOLIO, "G" + g + "R" + k + "-" + line, null, new FolioLine("BKK01", "G" + g + "R" + k,
                Integer.toString(line), "G" + g + "R" + k, a.plusDays(1), "1000", c.name(), c, new BigDecimal(amount), "THB"));
    }

    /** One row of a ticket: a feed with one row per item sends its items as separate records. */
    static StoreRow ticketRow(int g, int k, int t, int item, String name, int quantity) {
        LocalDate day = LocalDate.of(2022, 1, 3).plusDays(9L * k + 1 + t % 2);
        String number = "G" + g + "R" + k + "T" + t;
        return row(RecordKind.POS_TICKET, number + "-" + item, null, new PosTicket("BKK01", t % 3 == 2 ? "LOBBYBAR" : "CAFE", number,
                t % 2 == 0 ? "W2" : "T5", 2, day.atTime(t % 3 == 2 ? 19 : 7, 30), day.atTime(8, 10),
                List.of(new PosItem(Integer.toString(item), name, BigDecimal.valueOf(quantity), new BigDecimal("120"))),
                room(g), null, null, t % 4 == 3 ? "CASH" : "ROOM", new BigDecimal("360"), "THB"));
    }

    static final String[] ITEMS = {"Coffee", "Club Sandwich", "Fried Egg", "Tea", "Toast"};

    /** A guest's history: reservations, their folio lines, and tickets item by item. */
    static List<List<StoreRow>> history(int g, int stays, Random r) {
        List<StoreRow> res = new ArrayList<>(), folio = new ArrayList<>(), pos = new ArrayList<>();
        StayStatus[] statuses = {StayStatus.CHECKED_OUT, StayStatus.CHECKED_OUT, StayStatus.CHECKED_OUT, StayStatus.CANCELLED,
                StayStatus.NO_SHOW, StayStatus.BOOKED};
        for (int k = 0; k < stays; k++) {
            res.add(reservation(g, k, statuses[r.nextInt(statuses.length)], String.valueOf(2000 + r.nextInt(3000))));
            for (int line = 1, n = r.nextInt(4); line <= n; line++) folio.add(folio(g, k, line, String.valueOf(r.nextInt(3000) - 300)));
            for (int t = 0, n = r.nextInt(3); t < n; t++)
                for (int item = 1, m = 1 + r.nextInt(3); item <= m; item++)
                    pos.add(ticketRow(g, k, t, item, ITEMS[r.nextInt(ITEMS.length)], r.nextInt(6) == 0 ? -1 : 1));
        }
        return List.of(res, folio, pos);
    }

    private int runs;

    /** Writes rows as an import would: a run, batches of one source system and kind. */
    void write(List<StoreRow> rows) {
        if (rows.isEmpty()) return;
        var run = journal.start("test", "rows-" + (++runs), Integer.toHexString(runs) + "-" + System.nanoTime(), 0, null);
        List<StoreRow> numbered = new ArrayList<>();
        for (StoreRow r : rows) numbered.add(StoreRow.mapped(numbered.size() + 1, r.raw(), r.record()));
        for (RecordKind kind : List.of(RecordKind.RESERVATION, RecordKind.FOLIO, RecordKind.POS_TICKET)) {
            List<StoreRow> part = numbered.stream().filter(x -> x.record().ref().kind() == kind).toList();
            if (!part.isEmpty()) writer.write(run.id(), "test", part);
        }
    }

    /** Every profile's memory and segment rows, as text. */
    Map<Long, String> memories() throws Exception {
        Map<Long, String> out = new TreeMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT profile_id, rollup_json, usual_json, summary_json, config_hash FROM profile_memory")) {
                while (rs.next()) out.put(rs.getLong(1), rs.getString(2) + rs.getString(3) + rs.getString(4) + rs.getString(5));
            }
            try (ResultSet rs = s.executeQuery("SELECT profile_id, property, lifecycle, stays, last_departure, in_house, lapsed_on, "
                    + "frequency, monetary, lifetime_value, ltv_complete, vip, birthday FROM profile_segment ORDER BY profile_id, property")) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 2; i <= 13; i++) row.append('|').append(rs.getString(i));
                    out.merge(rs.getLong(1), row.toString(), String::concat);
                }
            }
        }
        return out;
    }

    long profileOf(int g) throws Exception {
        return new ProfileQueries(db).byKey("SRC:PMS:G" + g).orElseThrow();
    }

    long live() {
        return new ProfileQueries(db).countLiveProfiles();
    }

    void assertRebuildEqualsIncremental() throws Exception {
        worker.drain();
        Map<Long, String> incremental = memories();
        assertThat(incremental).hasSize((int) live());
        assertThat(worker.rebuildAll()).isEqualTo(live());
        assertThat(memories()).as("rebuild equals the incremental state, profile by profile").isEqualTo(incremental);
    }

    // ---------------------------------------------------------------------------------------------- the tests

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void incrementalMemoryShouldEqualTheRebuildThroughImportsUpdatesMergesAndUnmerges(String store) throws Exception {
        open(store);
        Random r = new Random(20261126);
        List<List<StoreRow>> reservations = new ArrayList<>(), rest = new ArrayList<>();
        for (int g = 0; g < 16; g++) {
            List<List<StoreRow>> h = history(g, 1 + r.nextInt(7), r);
            reservations.add(h.get(0));
            rest.add(h.get(1));
            rest.add(h.get(2));
        }
        List<StoreRow> all = new ArrayList<>();
        reservations.forEach(all::addAll);
        Collections.shuffle(all, r);
        List<StoreRow> later = new ArrayList<>();
        rest.forEach(later::addAll);
        Collections.shuffle(later, r);
        // stays first (folio lines and room-charged tickets find their guest through them), then the rest in random
        // slices, the worker draining now and then: tickets arrive item by item, some in different rounds
        write(all);
        for (int from = 0; from < later.size(); ) {
            int to = Math.min(later.size(), from + 1 + r.nextInt(25));
            write(later.subList(from, to));
            if (r.nextBoolean()) worker.drain();
            from = to;
        }
        worker.drain();
        assertThat(worker.handled().records()).as("records applied to kept summaries").isPositive();

        // updated records (a booking checked out, a folio correction): recomputed from all facts
        write(List.of(reservation(3, 0, StayStatus.CHECKED_OUT, "3333"), folio(3, 0, 1, "999.99")));
        // a merge, records landing on the absorbed profile, then the unmerge
        long a = profileOf(1), b = profileOf(2);
        GoldenRecords golden = new GoldenRecords(Survivorship.defaults());
        long mergeId = Tx.run(db, "test merge", c -> {
            long id = MergeWrites.merge(c, a, b, "test", null, null, null, "test");
            golden.recompute(c, Set.of(a));
            return id;
        });
        worker.drain();
        write(List.of(ticketRow(2, 0, 7, 1, "Coffee", 1), ticketRow(2, 0, 7, 2, "Toast", 1), reservation(2, 20, StayStatus.CHECKED_OUT, "4100")));
        assertRebuildEqualsIncremental();
        Tx.run(db, "test unmerge", c -> {
            long[] both = MergeWrites.unmerge(c, mergeId, "test");
            golden.recompute(c, Set.of(both[0], both[1]));
            return null;
        });
        write(List.of(ticketRow(2, 0, 8, 1, "Tea", 1)));
        assertRebuildEqualsIncremental();
        assertThat(worker.handled().recomputed()).as("updates, the merge and the unmerge recomputed profiles").isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLandingRecordShouldBeAppliedToTheSummaryWithoutRecomputingTheHistory(String store) throws Exception {
        open(store);
        List<List<StoreRow>> h = history(7, 60, new Random(3));
        h.forEach(this::write);
        worker.drain();
        write(List.of(ticketRow(7, 59, 5, 1, "Coffee", 1)));
        assertThat(worker.catchUp()).isEqualTo(new MemoryWorker.Progress(1, 1, 1, 0));
        // the ticket's second item row joins the ticket already counted: its old version is replaced, not added again
        write(List.of(ticketRow(7, 59, 5, 2, "Fried Egg", 1)));
        assertThat(worker.catchUp()).isEqualTo(new MemoryWorker.Progress(1, 1, 1, 0));
        write(List.of(folio(7, 59, 9, "250.00"), reservation(7, 61, StayStatus.CHECKED_OUT, "4000")));
        assertThat(worker.catchUp().recomputed()).isZero();
        // a record updated in place changes a version the summary counted: that profile is recomputed
        write(List.of(folio(7, 59, 9, "260.00")));
        assertThat(worker.catchUp()).isEqualTo(new MemoryWorker.Progress(1, 0, 0, 1));
        assertRebuildEqualsIncremental();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void importsCommittingWhileTheWorkerDrainsShouldNotBreakTheEquality(String store) throws Exception {
        open(store);
        Random r = new Random(99);
        List<StoreRow> stays = new ArrayList<>(), rest = new ArrayList<>();
        for (int g = 0; g < 12; g++) {
            List<List<StoreRow>> h = history(g, 5, r);
            stays.addAll(h.get(0));
            rest.addAll(h.get(1));
            rest.addAll(h.get(2));
        }
        write(stays);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger drains = new java.util.concurrent.atomic.AtomicInteger();
        Thread importer = new Thread(() -> {
            try {
                for (int from = 0, chunk = 0; from < rest.size(); from += 7, chunk++) {
                    write(rest.subList(from, Math.min(rest.size(), from + 7)));
                    // the first chunks wait for a worker round, so that later records land on kept summaries and are
                    // applied as they come, whatever the machine's speed (a fast import could otherwise end first)
                    long until = System.nanoTime() + 10_000_000_000L;
                    while (chunk < 3 && drains.get() <= chunk && System.nanoTime() < until) Thread.sleep(5);
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        // a second worker, as on another node: the two must never apply one record twice
        MemoryWorker other = new MemoryWorker(db, config, clock, 15, 1);
        Thread otherNode = new Thread(() -> {
            while (importer.isAlive()) {
                try {
                    other.drain();
                } catch (StoreException conflict) {
                    // both on one profile: the later transaction fails, its requests stay queued for the next round
                }
            }
        });
        importer.start();
        otherNode.start();
        int rounds = 0;
        while (importer.isAlive()) {
            try {
                worker.drain();
            } catch (StoreException conflict) {
                // as above
            }
            drains.incrementAndGet();
            rounds++;
        }
        importer.join();
        otherNode.join();
        assertThat(failed.get()).isNull();
        assertThat(rounds).isPositive();
        worker.drain(); // what the import left queued
        assertThat(worker.handled().records() + other.handled().records()).as("records applied incrementally").isPositive();
        assertRebuildEqualsIncremental();
    }

    /**
     * PostgreSQL only (H2 has no SKIP LOCKED, and one worker per embedded database): another node's worker holds the
     * request of a ticket's second item row while this worker applies the first. The held record must count in
     * neither the old nor the new version of the ticket here, or the other worker would count it a second time.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postgres"})
    void aRecordAnotherWorkerHoldsShouldBeLeftToIt(String store) throws Exception {
        open(store);
        history(5, 4, new Random(5)).forEach(this::write);
        worker.drain();
        // a ticket with no total: its spend is the sum of its items, so each item row changes the tally
        java.util.function.IntFunction<StoreRow> item = i -> {
            StoreRow r = ticketRow(5, 3, 4, i, i == 1 ? "Coffee" : "Wagyu Burger", 1);
            PosTicket t = (PosTicket) r.record().fact();
            return row(RecordKind.POS_TICKET, r.record().ref().key(), null, new PosTicket(t.property(), t.outlet(), t.ticketNumber(),
                    t.table(), t.covers(), t.opened(), t.closed(), t.items(), t.roomNumber(), null, null, "CASH", null, "THB"));
        };
        write(List.of(item.apply(1), item.apply(2)));
        try (Connection otherNode = db.connection()) {
            otherNode.setAutoCommit(false);
            try (Statement s = otherNode.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM memory_queue ORDER BY id DESC LIMIT 1 FOR UPDATE")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(worker.catchUp().records()).isEqualTo(1);
            otherNode.rollback();
        }
        assertThat(worker.catchUp().records()).isEqualTo(1);
        assertRebuildEqualsIncremental();
    }

    /**
     * A drain's rounds take the requests after the last one the previous round took; a request with a lower id that
     * commits while the drain runs is passed over by it and must be taken by the next drain, not lost.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRequestCommittedLateWithALowerIdShouldBeTakenByTheNextDrain(String store) throws Exception {
        open(store);
        history(6, 3, new Random(6)).forEach(this::write);
        worker.drain();
        long profile = profileOf(6);
        try (Connection late = db.connection()) {
            late.setAutoCommit(false);
            try (Statement s = late.createStatement()) {
                s.executeUpdate("INSERT INTO memory_queue (profile_id, reason, queued_at) VALUES (" + profile
                        + ", 'RECOMPUTE', CURRENT_TIMESTAMP)");
            }
            // more than one round of requests with higher ids, committed before the late one
            Random r = new Random(8);
            for (int g = 10; g < 20; g++) history(g, 4, r).forEach(this::write);
            assertThat(worker.queued()).isGreaterThan(2 * 40);
            assertThat(worker.drain()).isGreaterThan(2 * 40);
            late.commit();
        }
        assertThat(worker.queued()).as("the late request is still queued").isEqualTo(1);
        assertThat(worker.catchUp()).isEqualTo(new MemoryWorker.Progress(1, 0, 0, 1));
        assertThat(worker.queued()).isZero();
        assertRebuildEqualsIncremental();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aProfileKeptUnderAnotherConfigurationShouldBeRecomputedOnItsNextRecord(String store) throws Exception {
        open(store);
        history(4, 12, new Random(4)).forEach(this::write);
        worker.drain();
        MemoryConfig other = new MemoryConfig(config.baseCurrency(), config.rates(), config.zones(), config.mealPeriods(),
                new MemoryConfig.UsualOrderRule(2, 0.5, 365, 3), config.roomSettlements(), config.outletCategories(), 12,
                config.vipCodes(), config.rfm(), config.lifetimeValueCategories());
        worker = new MemoryWorker(db, other, clock, 40, 2);
        write(List.of(ticketRow(4, 11, 6, 1, "Coffee", 1)));
        assertThat(worker.catchUp()).isEqualTo(new MemoryWorker.Progress(1, 0, 0, 1));
        assertRebuildEqualsIncremental();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldListLapsedGuestsWithABirthdayThisWeekAndCountEachProperty(String store) throws Exception {
        open(store);
        // one stay each in January 2022: lapsed from January 2025. Born: guest 1 on Feb 2, guest 6 unknown,
        // guest 7 on Aug 8, guest 8 on Sep 9
        write(List.of(reservation(1, 0, StayStatus.CHECKED_OUT, "3000"), reservation(6, 1, StayStatus.CHECKED_OUT, "3000"),
                reservation(7, 0, StayStatus.CHECKED_OUT, "3000"), reservation(8, 0, StayStatus.CHECKED_OUT, "3000")));
        worker.drain();
        SegmentQueries q = new SegmentQueries(db, config);
        // guest 1 (born Feb 2) is lapsed since 2025: listed in the week of Feb 1, 2026 but not in June
        List<SegmentQueries.Listed> feb = q.list(new SegmentQueries.Filter(null, Segments.Lifecycle.LAPSED, null, 7), LocalDate.of(2026, 2, 1), 100);
        assertThat(feb).extracting(SegmentQueries.Listed::profileId).containsExactly(profileOf(1));
        assertThat(feb.get(0).lifecycle()).isEqualTo(Segments.Lifecycle.LAPSED);
        assertThat(feb.get(0).rfm()).isEqualTo("111");
        assertThat(q.list(new SegmentQueries.Filter(null, Segments.Lifecycle.LAPSED, null, 7), TODAY, 100)).isEmpty();
        // in 2024 nobody was lapsed yet: the same rows, read as of another day
        assertThat(q.list(new SegmentQueries.Filter(null, Segments.Lifecycle.LAPSED, null, null), LocalDate.of(2024, 6, 1), 100)).isEmpty();
        assertThat(q.list(new SegmentQueries.Filter(null, Segments.Lifecycle.LAPSED, null, null), TODAY, 100)).hasSize(4);
        // the birthdays of the 41 days from Jul 31 to Sep 9, soonest first
        assertThat(q.list(new SegmentQueries.Filter("BKK01", null, null, 41), LocalDate.of(2026, 7, 31), 100))
                .extracting(SegmentQueries.Listed::profileId).containsExactly(profileOf(7), profileOf(8));

        List<SegmentQueries.Counts> counts = q.counts(TODAY);
        assertThat(counts).extracting(SegmentQueries.Counts::property).containsExactly("*", "BKK01");
        assertThat(counts.get(0).guests()).isEqualTo(4);
        assertThat(counts.get(0).lapsed()).isEqualTo(4);
        assertThat(counts.get(0).recency()).isEqualTo(Map.of(1, 4L));
        assertThat(q.counts(LocalDate.of(2022, 3, 1)).get(0)).satisfies(c -> {
            assertThat(c.lapsed()).isZero();
            assertThat(c.firstTimers()).isEqualTo(4);
            assertThat(c.recency()).isEqualTo(Map.of(5, 4L));
        });
    }
}

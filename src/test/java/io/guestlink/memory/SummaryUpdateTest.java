package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.Fact;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.guestlink.memory.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The memory worker's decisions without a database: records landing on a kept summary give the summary of all the
 * facts, whatever their order; another version of a record replaces its old share; a configuration change, a merge or
 * a stay's new version recompute the profile from all its facts; a record another worker holds counts nowhere here.
 */
class SummaryUpdateTest {
    private static final long GUEST = 1, OTHER = 2;

    private final MemoryConfig config = MemoryConfig.defaults();
    private final SummaryUpdate update = new SummaryUpdate(config);
    private final Records records = new Records();
    private final List<MemoryRequest> queue = new ArrayList<>();
    private final Map<Long, KeptSummary> kept = new TreeMap<>();
    private Map<Long, List<Long>> clusters = new TreeMap<>(Map.of(GUEST, List.of(GUEST), OTHER, List.of(OTHER)));

    // ---------------------------------------------------------------------------------------------- the stand-ins

    /** The store's source records in memory; counts the reads of whole clusters (a guest's history). */
    private static final class Records implements SummaryUpdate.SourceRecords {
        final Map<Long, RecordedFact> all = new LinkedHashMap<>();
        int historyReads;

        long add(long profile, Fact fact) {
            long id = 100 + all.size();
            all.put(id, new RecordedFact(id, profile, fact));
            return id;
        }

        @Override
        public Map<Long, RecordedFact> byId(Collection<Long> recordIds) {
            Map<Long, RecordedFact> out = new LinkedHashMap<>();
            for (long id : recordIds) if (all.containsKey(id)) out.put(id, all.get(id));
            return out;
        }

        /** More than the store returns (every record of the profiles): the update must compare the keys itself. */
        @Override
        public Set<Long> sameKeyCandidates(Collection<Fact> facts, Set<Long> profiles) {
            if (facts.isEmpty()) return new LinkedHashSet<>();
            return all.values().stream().filter(r -> profiles.contains(r.profileId())).map(RecordedFact::recordId)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }

        @Override
        public List<RecordedFact> ofProfiles(Collection<Long> profiles) {
            historyReads++;
            return all.values().stream().filter(r -> profiles.contains(r.profileId())).toList();
        }
    }

    /** A record lands on a profile: stored, and a RECORD request queued. */
    private long land(long profile, Fact fact) {
        long id = records.add(profile, fact);
        queue.add(new MemoryRequest(queue.size() + 1, profile, id, MemoryRequest.Reason.RECORD));
        return id;
    }

    private void ask(long profile, MemoryRequest.Reason reason) {
        queue.add(new MemoryRequest(queue.size() + 1, profile, null, reason));
    }

    /** One worker round over every queued request of the live clusters, all held; keeps what it computed. */
    private SummaryUpdate.Result round() {
        Set<Long> held = queue.stream().map(MemoryRequest::id).collect(Collectors.toSet());
        return round(held);
    }

    private SummaryUpdate.Result round(Set<Long> held) {
        SummaryUpdate.Claim claim = SummaryUpdate.claim(held, queue, SummaryUpdate.rootOf(clusters));
        SummaryUpdate.Result result = update.update(clusters.keySet(), clusters, kept, claim, records);
        result.summaries().forEach((root, s) -> kept.put(root, new KeptSummary(s, update.fingerprint())));
        queue.removeIf(r -> held.contains(r.id()));
        return result;
    }

    /** The summary of every fact recorded on a cluster, computed at once. */
    private MemorySummary ofAllFacts(long root, MemoryConfig c) {
        List<Fact> facts = records.all.values().stream().filter(r -> clusters.get(root).contains(r.profileId()))
                .map(RecordedFact::fact).toList();
        return MemorySummary.of(GuestFacts.of(facts), c);
    }

    private MemorySummary ofAllFacts(long root) {
        return ofAllFacts(root, config);
    }

    /** A ticket as a feed with one row per item delivers it: the same header, one item (keeping its line). */
    private static List<Fact> itemRows(PosTicket t) {
        List<Fact> rows = new ArrayList<>();
        for (PosItem i : t.items())
            rows.add(new PosTicket(t.property(), t.outlet(), t.ticketNumber(), t.table(), t.covers(), t.opened(), t.closed(),
                    List.of(i), t.roomNumber(), t.memberNumber(), t.guestName(), t.settlement(), t.total(), t.currency()));
        return rows;
    }

    /** Mr. Yu's June 2025 stay, landed and handled: the profile has a kept summary. */
    private void keptHistory() {
        land(GUEST, stay("548213907", "2025-06-08", "2025-06-10", StayStatus.CHECKED_OUT));
        land(GUEST, folio("548213907", "1", "2025-06-08", ChargeCategory.ROOM, "4200.00", "THB"));
        land(GUEST, ticket("CAFE", "10234", "W2", "2025-06-09T07:30", "ROOM", "530.00",
                "Club Sandwich:1:320.00", "Coffee:1:120.00", "Fried Egg:1:90.00"));
        land(OTHER, stay("771002", "2025-03-01", "2025-03-04", StayStatus.CHECKED_OUT));
        SummaryUpdate.Result first = round();
        assertThat(first.recomputed()).as("no summary kept yet: computed from the facts").containsExactly(GUEST, OTHER);
        records.historyReads = 0;
    }

    // ---------------------------------------------------------------------------------------------- the tests

    @Test
    void aNewRecordAppliedToTheKeptSummaryShouldEqualTheSummaryOfAllFacts() {
        keptHistory();
        MemorySummary before = kept.get(GUEST).summary();
        land(GUEST, ticket("CAFE", "10311", "W2", "2025-06-10T07:34", "ROOM", "530.00",
                "Club Sandwich:1:320.00", "Coffee:1:120.00", "Fried Egg:1:90.00"));
        land(GUEST, folio("548213907", "2", "2025-06-09", ChargeCategory.MINIBAR, "180.00", "THB"));

        SummaryUpdate.Result r = round();

        assertThat(r.recomputed()).isEmpty();
        assertThat(r.records()).isEqualTo(2);
        assertThat(records.historyReads).as("the guest's history is not read").isZero();
        assertThat(r.summaries().get(GUEST)).isNotEqualTo(before).isEqualTo(ofAllFacts(GUEST));
        assertThat(r.summaries().get(OTHER)).as("a profile with nothing landed keeps its summary").isEqualTo(ofAllFacts(OTHER));
    }

    @Test
    void anotherVersionOfARecordShouldReplaceItsOldContribution() {
        PosTicket ticket = ticket("CAFE", "20001", "T5", "2025-06-09T08:05", "ROOM", null, "Coffee:1:120.00", "Toast:2:80.00");
        List<Fact> rows = itemRows(ticket);
        keptHistory();
        land(GUEST, rows.get(0));
        round();
        MemorySummary withFirstRow = kept.get(GUEST).summary();

        land(GUEST, rows.get(1)); // the same ticket's second item row: the same natural key
        SummaryUpdate.Result r = round();

        assertThat(r.recomputed()).as("applied, not recomputed").isEmpty();
        assertThat(r.records()).isEqualTo(1);
        assertThat(r.summaries().get(GUEST)).isEqualTo(ofAllFacts(GUEST))
                .as("the ticket counted once, with both items, not once more")
                .isNotEqualTo(withFirstRow.plus(rows.get(1), config))
                .isNotEqualTo(withFirstRow.plus(ticket, config));
        assertThat(r.summaries().get(GUEST).all().tickets()).isEqualTo(withFirstRow.all().tickets());
    }

    @Test
    void aStaysNewVersionShouldBeRecomputedFromAllFacts() {
        keptHistory();
        Reservation extended = stay("548213907", "2025-06-08", "2025-06-12", StayStatus.CHECKED_OUT, "4500.00", "THB");
        land(GUEST, extended);

        SummaryUpdate.Result r = round();

        assertThat(r.recomputed()).as("the summary cannot take a stay's old version out").containsExactly(GUEST);
        assertThat(r.records()).isZero();
        assertThat(r.summaries().get(GUEST)).isEqualTo(ofAllFacts(GUEST));
        assertThat(r.summaries().get(GUEST).all().nights()).isEqualTo(4);
    }

    @Test
    void aSummaryKeptUnderAnotherConfigurationShouldBeRecomputed() {
        // one meal period all morning, not breakfast: the kept summary's window has another name
        MemoryConfig before = new MemoryConfig(config.baseCurrency(), config.rates(), config.zones(),
                Map.of(MemoryConfig.ANY, List.of(new MealPeriod("morning", LocalTime.of(5, 0), LocalTime.of(12, 0)))),
                config.usualOrder(), config.roomSettlements(), config.outletCategories(), config.lapsedAfterMonths(),
                config.vipCodes(), config.rfm(), config.lifetimeValueCategories());
        assertThat(before.fingerprint()).isNotEqualTo(update.fingerprint());
        land(GUEST, stay("548213907", "2025-06-08", "2025-06-10", StayStatus.CHECKED_OUT));
        land(GUEST, ticket("CAFE", "10234", "W2", "2025-06-09T07:30", "ROOM", "530.00", "Coffee:1:120.00"));
        kept.put(GUEST, new KeptSummary(ofAllFacts(GUEST, before), before.fingerprint()));
        queue.clear();
        land(GUEST, ticket("CAFE", "10299", "W2", "2025-06-10T07:30", "ROOM", "120.00", "Coffee:1:120.00"));

        SummaryUpdate.Result r = round();

        assertThat(r.recomputed()).containsExactly(GUEST, OTHER);
        assertThat(r.records()).isZero();
        assertThat(records.historyReads).isEqualTo(1);
        assertThat(r.summaries().get(GUEST)).isEqualTo(ofAllFacts(GUEST))
                .isNotEqualTo(ofAllFacts(GUEST, before));

        land(GUEST, ticket("CAFE", "10311", "W2", "2025-06-10T07:34", "ROOM", "120.00", "Coffee:1:120.00"));
        assertThat(round().recomputed()).as("kept under this configuration now: applied").isEmpty();
        assertThat(kept.get(GUEST).summary()).isEqualTo(ofAllFacts(GUEST));
    }

    @Test
    void aMergeShouldRecomputeTheSurvivorFromBothProfilesFacts() {
        keptHistory();
        // OTHER merged into GUEST: the merge queues both for recompute
        clusters = new TreeMap<>(Map.of(GUEST, List.of(GUEST, OTHER)));
        ask(GUEST, MemoryRequest.Reason.RECOMPUTE);
        ask(OTHER, MemoryRequest.Reason.RECOMPUTE);

        SummaryUpdate.Result r = round();

        assertThat(r.recomputed()).containsExactly(GUEST);
        assertThat(r.summaries()).containsOnlyKeys(GUEST);
        assertThat(r.summaries().get(GUEST)).isEqualTo(ofAllFacts(GUEST)).isNotEqualTo(kept.get(OTHER).summary());
        assertThat(r.summaries().get(GUEST).all().stays()).isEqualTo(2);
    }

    @Test
    void aRecordMovedToAnotherClusterSinceItLandedShouldRecompute() {
        keptHistory();
        land(OTHER, ticket("CAFE", "30001", "W2", "2025-03-02T07:30", "ROOM", "120.00", "Coffee:1:120.00"));
        clusters = new TreeMap<>(Map.of(GUEST, List.of(GUEST), OTHER, List.of(OTHER)));
        // the request names GUEST (queued before an unmerge), the record now belongs to OTHER
        MemoryRequest moved = queue.remove(0);
        queue.add(new MemoryRequest(moved.id(), GUEST, moved.recordId(), moved.reason()));

        SummaryUpdate.Result r = round();

        assertThat(r.recomputed()).containsExactly(GUEST);
        assertThat(r.records()).isZero();
        assertThat(r.summaries().get(GUEST)).isEqualTo(ofAllFacts(GUEST));
    }

    @Test
    void aProfileRequestShouldKeepTheSummaryWithoutReadingTheHistory() {
        keptHistory();
        MemorySummary before = kept.get(GUEST).summary();
        ask(GUEST, MemoryRequest.Reason.PROFILE); // a new VIP code: the rows are written again, the summary is the same

        SummaryUpdate.Result r = round();

        assertThat(r.recomputed()).isEmpty();
        assertThat(r.records()).isZero();
        assertThat(r.summaries().get(GUEST)).isEqualTo(before);
        assertThat(records.historyReads).isZero();
    }

    @Test
    void aRecordAnotherWorkerHoldsShouldCountInNeitherVersionOfItsKey() {
        keptHistory();
        // a ticket with no total: each item row changes its spend
        List<Fact> rows = itemRows(ticket("CAFE", "40001", "W2", "2025-06-10T07:40", "CASH", null, "Coffee:1:120.00",
                "Wagyu Burger:1:900.00"));
        land(GUEST, rows.get(0));
        long theirs = land(GUEST, rows.get(1));
        Set<Long> mine = Set.of(queue.get(0).id());

        SummaryUpdate.Result r = round(mine);

        assertThat(r.records()).isEqualTo(1);
        MemorySummary withoutTheirs = MemorySummary.of(GuestFacts.of(records.all.values().stream()
                .filter(f -> f.profileId() == GUEST && f.recordId() != theirs).map(RecordedFact::fact).toList()), config);
        assertThat(r.summaries().get(GUEST)).isEqualTo(withoutTheirs).isNotEqualTo(ofAllFacts(GUEST));

        SummaryUpdate.Result next = round(); // the other worker's request, handled later
        assertThat(next.records()).isEqualTo(1);
        assertThat(next.summaries().get(GUEST)).isEqualTo(ofAllFacts(GUEST));
    }

    /**
     * Whatever the order records land in and however rounds cut them (tickets item by item, re-deliveries, stays'
     * new versions), the kept summary ends equal to the summary of all the facts; most records are applied.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
    void theOrderRecordsLandInShouldNotMatter(long seed) {
        Random r = new Random(seed);
        List<Fact> landing = new ArrayList<>();
        for (Fact f : IncrementalRollupTest.history(r))
            landing.addAll(f instanceof PosTicket t && t.items().size() > 1 ? itemRows(t) : List.of(f));
        landing.addAll(landing.subList(0, landing.size() / 4)); // re-deliveries
        Collections.shuffle(landing, r);

        int applied = 0;
        for (int from = 0; from < landing.size(); ) {
            int to = Math.min(landing.size(), from + 1 + r.nextInt(4));
            for (Fact f : landing.subList(from, to)) land(GUEST, f);
            applied += round().records();
            assertThat(kept.get(GUEST).summary()).as("after records %d..%d", from, to).isEqualTo(ofAllFacts(GUEST));
            from = to;
        }
        assertThat(kept.get(GUEST).summary()).isEqualTo(MemorySummary.of(GuestFacts.of(landing), config));
        assertThat(applied).as("records applied to the kept summary").isPositive();
    }
}

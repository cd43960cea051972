package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.Fact;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.guestlink.memory.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Property: adding facts one by one, in any order, with re-deliveries, or merging halves, equals the rebuild. */
class IncrementalRollupTest {
    private final MemoryConfig config = MemoryConfig.defaults();
    private static final String[] ITEMS = {"Coffee", "Club Sandwich", "Fried Egg", "Tea", "Juice"};
    private static final String[] TABLES = {"W2", "T5", null, "B1"};
    private static final StayStatus[] STATUS = StayStatus.values();

    static List<Fact> history(Random r) {
        List<Fact> facts = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) {
            LocalDate a = LocalDate.of(2022, 1, 1).plusDays(r.nextInt(1500));
            LocalDate dep = a.plusDays(r.nextInt(6) - 1); // sometimes before arrival
            facts.add(stay("C" + i, a.toString(), dep.toString(), STATUS[r.nextInt(STATUS.length)],
                    String.valueOf(1000 + r.nextInt(5000)), r.nextInt(8) == 0 ? "JPY" : r.nextBoolean() ? "THB" : "USD"));
            for (int l = 0, m = r.nextInt(5); l < m; l++)
                facts.add(folio("F" + i, String.valueOf(l), a.toString(), ChargeCategory.values()[r.nextInt(ChargeCategory.values().length)],
                        String.valueOf(r.nextInt(4000) - 800), "THB"));
        }
        for (int t = 0, n = r.nextInt(12); t < n; t++) {
            List<String> items = new ArrayList<>();
            for (int k = 0, m = r.nextInt(4); k < m; k++)
                items.add(ITEMS[r.nextInt(ITEMS.length)] + ":" + (r.nextInt(5) == 0 ? -1 : 1) + ":100");
            String time = LocalDate.of(2024, 1, 1).plusDays(r.nextInt(900)) + "T" + String.format("%02d:%02d", r.nextInt(24), r.nextInt(60));
            facts.add(ticket(r.nextBoolean() ? "CAFE" : "LOBBYBAR", "T" + t, TABLES[r.nextInt(TABLES.length)], time,
                    r.nextBoolean() ? "ROOM" : "CASH", r.nextInt(4) == 0 ? null : String.valueOf(r.nextInt(900) - 100),
                    items.toArray(String[]::new)));
        }
        return facts;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987})
    void incrementalShouldEqualRebuild(long seed) {
        Random r = new Random(seed);
        List<Fact> facts = history(r);
        LocalDate asOf = LocalDate.of(2026, 6, 12);
        GuestFacts rebuilt = GuestFacts.of(facts);

        List<Fact> shuffled = new ArrayList<>(facts);
        shuffled.addAll(facts.subList(0, facts.size() / 3)); // re-deliveries
        Collections.shuffle(shuffled, r);
        GuestFacts incremental = GuestFacts.EMPTY;
        for (Fact f : shuffled) incremental = incremental.with(f);

        int cut = r.nextInt(shuffled.size() + 1);
        GuestFacts merged = GuestFacts.of(shuffled.subList(cut, shuffled.size())).merge(GuestFacts.of(shuffled.subList(0, cut)));

        for (GuestFacts g : List.of(incremental, merged)) {
            assertThat(g).isEqualTo(rebuilt);
            assertThat(StayRollup.of(g, config, asOf)).isEqualTo(StayRollup.of(rebuilt, config, asOf));
            assertThat(UsualOrder.of(g, config)).isEqualTo(UsualOrder.of(rebuilt, config));
        }
    }

    /** A ticket as a feed with one row per item delivers it: one PosTicket per item, same header. */
    private static List<Fact> asRows(Fact f) {
        if (!(f instanceof io.guestlink.model.PosTicket t) || t.items().size() < 2) return List.of(f);
        List<Fact> rows = new ArrayList<>();
        for (io.guestlink.model.PosItem i : t.items())
            rows.add(new io.guestlink.model.PosTicket(t.property(), t.outlet(), t.ticketNumber(), t.table(), t.covers(),
                    t.opened(), t.closed(), List.of(i), t.roomNumber(), t.memberNumber(), t.guestName(), t.settlement(),
                    t.total(), t.currency()));
        return rows;
    }

    /**
     * What the store's memory worker does with each landing record: a record whose natural key is new is added to
     * the summary; one that joins an existing fact (a ticket's next item row, a re-delivery) replaces that fact's
     * old version; when the summary cannot do that exactly it is rebuilt from the facts. Whatever the order, with
     * tickets split into item rows and re-deliveries, the summary, roll-up and habits equal those of a rebuild.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584})
    void summaryKeptRecordByRecordShouldEqualTheRebuild(long seed) {
        Random r = new Random(seed);
        MemoryConfig small = new MemoryConfig(config.baseCurrency(), config.rates(), config.zones(), config.mealPeriods(),
                new MemoryConfig.UsualOrderRule(2, 0.5, 365, 3 + r.nextInt(4)), config.roomSettlements(),
                config.outletCategories(), config.lapsedAfterMonths(), config.vipCodes(), config.rfm(),
                config.lifetimeValueCategories());
        List<Fact> records = new ArrayList<>();
        for (Fact f : history(r)) records.addAll(asRows(f));
        records.addAll(records.subList(0, records.size() / 4)); // re-deliveries
        Collections.shuffle(records, r);

        GuestFacts applied = GuestFacts.EMPTY;
        MemorySummary kept = MemorySummary.EMPTY;
        int recounts = 0;
        for (Fact record : records) {
            Fact old = applied.joined(record);
            applied = applied.with(record);
            Fact now = applied.joined(record);
            if (old == null) kept = kept.plus(now, small);
            else if (!old.equals(now)) {
                var replaced = kept.replace(old, now, small);
                if (replaced.isEmpty()) recounts++;
                kept = replaced.orElse(MemorySummary.of(applied, small));
            }
        }
        GuestFacts all = GuestFacts.of(records);
        MemorySummary rebuilt = MemorySummary.of(all, small);
        assertThat(kept).isEqualTo(rebuilt);
        assertThat(io.guestlink.store.Payloads.json(kept)).isEqualTo(io.guestlink.store.Payloads.json(rebuilt));
        assertThat(kept.usualOrders(small)).isEqualTo(UsualOrder.of(all, small));
        assertThat(recounts).as("only a stay's new version needs a recount").isLessThanOrEqualTo(
                (int) records.stream().filter(f -> f instanceof io.guestlink.model.Reservation).count());

        // the roll-up's counts are the summary's
        LocalDate asOf = LocalDate.of(2026, 6, 12);
        StayRollup rollup = StayRollup.of(all, small, asOf);
        Tally t = kept.all();
        assertThat(t.stays()).isEqualTo(rollup.stays());
        assertThat(t.nights()).isEqualTo(rollup.nights());
        assertThat(t.revenueByCategory()).isEqualTo(rollup.revenue());
        assertThat(t.averageDailyRate()).isEqualTo(rollup.averageDailyRate());
        assertThat(t.lastDeparture()).isEqualTo(rollup.lastDeparture());
    }
}

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

    private static List<Fact> history(Random r) {
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
            assertThat(UsualOrder.of(g, config, asOf)).isEqualTo(UsualOrder.of(rebuilt, config, asOf));
        }
    }
}

package io.guestlink.bench;

import io.guestlink.identity.match.Deduplicator;
import io.guestlink.identity.match.FieldComparison;
import io.guestlink.identity.match.PersonRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Diagnosis of the synthetic guests ({@code IdentityBenchmark --misses}): every false direct merge, counted by the
 * fields that weighed for it, with {@code show} examples of each.
 */
final class SyntheticMisses {

    private SyntheticMisses() {
    }

    static void report(SyntheticGuests.Data data, Deduplicator.Result r, int show) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < data.records().size(); i++) index.put(data.records().get(i).id(), i);
        Map<String, Integer> byCause = new TreeMap<>();
        Map<String, Integer> shown = new HashMap<>();
        int bad = 0;
        for (Deduplicator.Merge m : r.merges()) {
            int a = index.get(m.a()), b = index.get(m.b());
            if (data.person()[a] == data.person()[b]) continue;
            bad++;
            StringBuilder cause = new StringBuilder();
            for (FieldComparison f : m.result().evidence())
                if (f.weight() > 0) cause.append(f.field()).append(':').append(f.level()).append(' ');
            String c = cause.toString().strip();
            byCause.merge(c, 1, Integer::sum);
            if (shown.merge(c, 1, Integer::sum) <= show) {
                System.out.printf("FALSE %s score %.2f persons %d/%d%n  %s%n  %s%n", c, m.result().score(), data.person()[a], data.person()[b],
                        show(data.records().get(a)), show(data.records().get(b)));
                for (FieldComparison f : m.result().evidence()) System.out.printf("    %s %s %+.2f %s%n", f.field(), f.level(), f.weight(), f.note());
            }
        }
        System.out.printf("false merges %d of %d (auto-merge precision %.4f)%n", bad, r.merges().size(), 1 - (double) bad / r.merges().size());
        // what the generator itself makes: pairs of records of two different persons with the same family name, given
        // name and birth date as written (no typo), and of those the ones in the same town
        Map<String, List<Integer>> byNameAndDate = new HashMap<>();
        for (int i = 0; i < data.records().size(); i++) {
            PersonRecord p = data.records().get(i);
            if (p.birthDate() == null || p.names().isEmpty()) continue;
            byNameAndDate.computeIfAbsent(p.names().get(0).family() + "|" + p.names().get(0).given() + "|" + p.birthDate(),
                    k -> new java.util.ArrayList<>()).add(i);
        }
        long twins = 0, twinsSameTown = 0;
        for (List<Integer> g : byNameAndDate.values())
            for (int x = 0; x < g.size(); x++)
                for (int y = x + 1; y < g.size(); y++) {
                    int a = g.get(x), b = g.get(y);
                    if (data.person()[a] == data.person()[b]) continue;
                    twins++;
                    if (java.util.Objects.equals(data.records().get(a).locality(), data.records().get(b).locality())) twinsSameTown++;
                }
        System.out.printf("generator: %,d pairs of records of two different persons share family name, given name and birth date "
                + "(%,d of them also the town)%n", twins, twinsSameTown);
        for (boolean family : new boolean[]{true, false}) {
            Map<String, List<Integer>> byHalf = new HashMap<>();
            for (int i = 0; i < data.records().size(); i++) {
                PersonRecord p = data.records().get(i);
                if (p.birthDate() == null || p.names().isEmpty()) continue;
                String part = family ? p.names().get(0).family() : p.names().get(0).given();
                byHalf.computeIfAbsent(part + "|" + p.birthDate() + "|" + p.locality(), k -> new java.util.ArrayList<>()).add(i);
            }
            long n = 0;
            for (List<Integer> g : byHalf.values())
                for (int x = 0; x < g.size(); x++)
                    for (int y = x + 1; y < g.size(); y++) if (data.person()[g.get(x)] != data.person()[g.get(y)]) n++;
            System.out.printf("generator: %,d pairs of records of two different persons share the %s name, birth date and town%n",
                    n, family ? "family" : "given");
        }
        byCause.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).forEach(e -> System.out.printf("%6d  %s%n", e.getValue(), e.getKey()));
    }

    private static String show(PersonRecord p) {
        return p.id() + " " + p.names() + " " + p.birthDate() + " " + p.gender() + " " + p.emails() + " " + p.phones() + " " + p.documents()
                + " " + p.postcode() + " " + p.address() + " / " + p.locality();
    }
}

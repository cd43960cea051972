package io.guestlink.bench;

import io.guestlink.identity.match.Blocking;
import io.guestlink.identity.match.Deduplicator;
import io.guestlink.identity.match.FieldComparison;
import io.guestlink.identity.match.Linker;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.match.MatchResult;
import io.guestlink.identity.match.PreparedRecord;
import io.guestlink.identity.match.ValueFrequency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Diagnosis of the FEBRL test sets ({@code IdentityBenchmark --misses}): every true pair the result leaves apart, with
 * the raw rows, whether blocking made it a candidate, its score and each field's level. FEBRL's records are synthetic
 * (no personal data).
 */
final class FebrlMisses {

    private FebrlMisses() {
    }

    static void dedup(String name, List<FebrlData.Row> rows, MatchModel model) {
        List<PreparedRecord> p = FebrlTune.prepare(rows);
        Blocking.Candidates c = Blocking.candidatePairs(p, model.config().maxBlockSize());
        Set<Long> cand = new HashSet<>();
        for (long x : c.pairs()) cand.add(x);
        Deduplicator.Result r = new Deduplicator(model).run(FebrlData.persons(rows));
        Map<String, Integer> cluster = new HashMap<>();
        for (int k = 0; k < r.clusters().size(); k++) for (String id : r.clusters().get(k)) cluster.put(id, k);
        ValueFrequency f = ValueFrequency.count(FebrlData.persons(rows));
        Map<String, List<Integer>> byEntity = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) byEntity.computeIfAbsent(rows.get(i).entity(), k -> new ArrayList<>()).add(i);
        int notCand = 0, apart = 0;
        Map<String, String> reasonForGuard = new HashMap<>();
        for (Deduplicator.ReviewPair rp : r.reviews()) reasonForGuard.put(rp.a() + "|" + rp.b(), rp.reason());
        for (List<Integer> g : byEntity.values()) {
            for (int a = 0; a < g.size(); a++) {
                for (int b = a + 1; b < g.size(); b++) {
                    int i = Math.min(g.get(a), g.get(b)), j = Math.max(g.get(a), g.get(b));
                    String ida = rows.get(i).id(), idb = rows.get(j).id();
                    Integer ca = cluster.get(ida), cb = cluster.get(idb);
                    boolean together = ca != null && ca.equals(cb);
                    boolean isCand = cand.contains(((long) i << 32) | j);
                    if (!isCand) {
                        notCand++;
                        System.out.printf("%s NOT A CANDIDATE%s %s %s%n  %s%n  %s%n", name, together ? " (joined through others)" : "", ida, idb,
                                raw(rows.get(i)), raw(rows.get(j)));
                    }
                    if (together) continue;
                    apart++;
                    MatchResult m = model.score(p.get(i), p.get(j), f);
                    String guard = reasonForGuard.getOrDefault(ida + "|" + idb, reasonForGuard.get(idb + "|" + ida));
                    System.out.printf("%s APART %s %s cand=%s score=%.2f %s %s%n  %s%n  %s%n  %s%n", name, ida, idb, isCand, m.score(),
                            m.decision(), guard == null ? m.rule() : guard, raw(rows.get(i)), raw(rows.get(j)), levels(m));
                }
            }
        }
        System.out.printf("%s: %d true pairs not candidates, %d true pairs apart%n", name, notCand, apart);
    }

    static void link(List<FebrlData.Row> left, List<FebrlData.Row> right, MatchModel model) {
        Linker.Result r = new Linker(model, true).link(FebrlData.persons(left), FebrlData.persons(right));
        Set<String> linked = new HashSet<>();
        Map<String, String> linkOfLeft = new HashMap<>(), linkOfRight = new HashMap<>();
        for (Linker.Link l : r.links()) {
            linked.add(l.left() + "|" + l.right());
            linkOfLeft.put(l.left(), l.right());
            linkOfRight.put(l.right(), l.left());
        }
        List<FebrlData.Row> both = new ArrayList<>(left);
        both.addAll(right);
        ValueFrequency f = ValueFrequency.count(FebrlData.persons(both));
        Map<String, FebrlData.Row> rightByEntity = new HashMap<>();
        for (FebrlData.Row x : right) rightByEntity.put(x.entity(), x);
        for (FebrlData.Row l : left) {
            FebrlData.Row rt = rightByEntity.get(l.entity());
            if (rt == null || linked.contains(l.id() + "|" + rt.id())) continue;
            MatchResult m = model.score(PreparedRecord.of(l.person()), PreparedRecord.of(rt.person()), f);
            System.out.printf("4a x 4b MISSED %s %s score=%.2f %s %s; left linked to %s, right to %s%n  %s%n  %s%n  %s%n", l.id(), rt.id(),
                    m.score(), m.decision(), m.rule(), linkOfLeft.get(l.id()), linkOfRight.get(rt.id()), raw(l), raw(rt), levels(m));
        }
    }

    private static String raw(FebrlData.Row r) {
        StringBuilder b = new StringBuilder(r.id());
        for (String col : FebrlData.COLUMNS) if (!col.equals("rec_id")) b.append(" | ").append(r.raw().get(col));
        return b.toString();
    }

    private static String levels(MatchResult m) {
        StringBuilder b = new StringBuilder();
        for (FieldComparison fc : m.evidence()) b.append(fc.field()).append('=').append(fc.level()).append(String.format("(%+.1f) ", fc.weight()));
        return b.toString();
    }
}

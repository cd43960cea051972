package io.guestlink.identity.match;

import java.util.ArrayList;
import java.util.List;

/**
 * m and u of every field level re-estimated from pairs a person decided (the review queue's MERGED and DISTINCT
 * decisions), never applied by itself: it returns a new configuration and what it would change, and a person writes
 * it to a model file and points {@code model:} of config/identity.yaml at it.
 *
 * <p>With labels there is nothing to guess: among the pairs decided "same", the share reaching each level of a field
 * is that level's m; among those decided "different", its u (missing values take no part, as in scoring). Decided
 * pairs are few and come from the review band only (pairs the model was unsure of), so alone they would say too much
 * about too little: each field starts from the current model as if {@code priorPairs} pairs of each kind had been
 * decided in its proportions, and the decisions move it from there (a handful a little, hundreds far):
 * m' = (priorPairs × m + count) / (priorPairs + n), n the decided pairs that compared the field (a field no decision
 * compared keeps its m and u). Thresholds, caps and level names are kept.
 */
public final class LabelledEstimate {

    /** A decided pair's comparison vector ({@link MatchModel#levels}: level index per field, -1 missing) and its label. */
    public record Labelled(int[] levels, boolean same) {
    }

    /** One field level: old and new m, u and weight. */
    public record LevelChange(String field, String level, double oldM, double newM, double oldU, double newU, double oldWeight,
                              double newWeight) {
    }

    /** How many pairs fall where under a model: at or above auto-merge (merged), in the band (review), below. */
    public record Crossings(int merge, int review, int below) {
    }

    /**
     * What re-estimating gives and would change.
     *
     * @param open          the open pairs' decisions now (old model) and with the new one
     * @param changedOpen   open pairs whose decision differs between the two models
     * @param sameOld       pairs decided "same" that the old model merges / the new one merges
     * @param differentOld  pairs decided "different" the old model scores below review / the new one does
     */
    public record Report(MatchConfig config, int same, int different, List<LevelChange> levels, Crossings openOld,
                         Crossings openNew, int changedOpen, int sameOld, int sameNew, int differentOld, int differentNew) {
    }

    private LabelledEstimate() {
    }

    /** The configuration {@code start} moved by the decided pairs. */
    public static MatchConfig estimate(MatchConfig start, List<Labelled> pairs, double priorPairs) {
        if (priorPairs < 0) throw new IllegalArgumentException("priorPairs must not be negative: " + priorPairs);
        MatchConfig out = start;
        for (int f = 0; f < MatchModel.FIELDS.size(); f++) {
            List<MatchConfig.Level> levels = start.levels(MatchModel.FIELDS.get(f));
            int n = levels.size();
            double[] sameCount = new double[n], differentCount = new double[n];
            double sameTotal = 0, differentTotal = 0;
            for (Labelled p : pairs) {
                int l = p.levels()[f];
                if (l < 0 || l >= n) continue;
                if (p.same()) {
                    sameCount[l]++;
                    sameTotal++;
                } else {
                    differentCount[l]++;
                    differentTotal++;
                }
            }
            double[] m = new double[n], u = new double[n];
            for (int l = 0; l < n; l++) {
                m[l] = blend(levels.get(l).m(), sameCount[l], sameTotal, priorPairs);
                u[l] = blend(levels.get(l).u(), differentCount[l], differentTotal, priorPairs);
            }
            out = out.withProbabilities(MatchModel.FIELDS.get(f), m, u);
        }
        return out;
    }

    /** A share moved from its prior by counts; never 0 (a weight must stay finite) nor above 1. */
    private static double blend(double prior, double count, double total, double priorPairs) {
        if (total == 0) return prior;
        return Math.min(1.0, Math.max(1e-6, (priorPairs * prior + count) / (priorPairs + total)));
    }

    /**
     * Re-estimates and reports: the level table, where the open pairs fall under each model and how the decided
     * pairs score.
     *
     * @param decided  decided pairs: each side's own comparable record and the label
     * @param open     open pairs: each side's guest (all its members together)
     */
    public static Report report(MatchModel old, List<DecidedPair> decided, List<PersonRecord[]> open, ValueFrequency frequency,
                                double priorPairs) {
        List<Labelled> labelled = new ArrayList<>();
        for (DecidedPair d : decided)
            labelled.add(new Labelled(old.levels(PreparedRecord.of(d.a()), PreparedRecord.of(d.b())), d.same()));
        MatchConfig estimated = estimate(old.config(), labelled, priorPairs);
        MatchModel fresh = new MatchModel(estimated);
        List<LevelChange> changes = new ArrayList<>();
        for (int f = 0; f < MatchModel.FIELDS.size(); f++) {
            String field = MatchModel.FIELDS.get(f);
            List<MatchConfig.Level> a = old.config().levels(field), b = estimated.levels(field);
            for (int l = 0; l < a.size(); l++)
                changes.add(new LevelChange(field, a.get(l).name(), a.get(l).m(), b.get(l).m(), a.get(l).u(), b.get(l).u(),
                        a.get(l).weight(), b.get(l).weight()));
        }
        int[] oldC = new int[3], newC = new int[3];
        int changed = 0;
        for (PersonRecord[] p : open) {
            Decision x = decide(old, p[0], p[1], frequency), y = decide(fresh, p[0], p[1], frequency);
            oldC[x.ordinal()]++;
            newC[y.ordinal()]++;
            if (x != y) changed++;
        }
        int same = 0, sameOld = 0, sameNew = 0, different = 0, differentOld = 0, differentNew = 0;
        for (DecidedPair d : decided) {
            Decision x = decide(old, d.a(), d.b(), frequency), y = decide(fresh, d.a(), d.b(), frequency);
            if (d.same()) {
                same++;
                if (x == Decision.MERGE) sameOld++;
                if (y == Decision.MERGE) sameNew++;
            } else {
                different++;
                if (x == Decision.DIFFERENT) differentOld++;
                if (y == Decision.DIFFERENT) differentNew++;
            }
        }
        return new Report(estimated, same, different, changes, crossings(oldC), crossings(newC), changed, sameOld, sameNew,
                differentOld, differentNew);
    }

    /** A decided pair with each side's comparable record. */
    public record DecidedPair(PersonRecord a, PersonRecord b, boolean same) {
    }

    private static Decision decide(MatchModel model, PersonRecord a, PersonRecord b, ValueFrequency frequency) {
        return IncrementalLinker.namesAloneNeverMerge(model.score(a, b, frequency)).decision();
    }

    private static Crossings crossings(int[] c) {
        return new Crossings(c[Decision.MERGE.ordinal()], c[Decision.REVIEW.ordinal()], c[Decision.DIFFERENT.ordinal()]);
    }

    /** The level table as text lines, for the command line. */
    public static List<String> table(Report r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(java.util.Locale.ROOT, "%-10s %-10s %10s %10s %10s %10s %8s %8s", "field", "level", "m old",
                "m new", "u old", "u new", "w old", "w new"));
        for (LevelChange c : r.levels())
            out.add(String.format(java.util.Locale.ROOT, "%-10s %-10s %10.6f %10.6f %10.6f %10.6f %+8.2f %+8.2f", c.field(),
                    c.level(), c.oldM(), c.newM(), c.oldU(), c.newU(), c.oldWeight(), c.newWeight()));
        return out;
    }
}

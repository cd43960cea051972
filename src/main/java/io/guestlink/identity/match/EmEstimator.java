package io.guestlink.identity.match;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fellegi-Sunter expectation-maximisation: estimates, without labels, the share of true matches among candidate
 * pairs and each field level's m and u, assuming the fields agree independently given match status (the standard
 * simplification; correlated fields such as postcode and locality make the weights somewhat over-confident, which
 * the thresholds absorb since they are fixed on the same model).
 *
 * <p>Input is one comparison vector per candidate pair: the level index of each field of {@link MatchModel#FIELDS},
 * -1 where a value is missing (missing fields take no part in either likelihood). u is better estimated from random
 * pairs than from blocked candidates (blocking makes agreement on the blocked fields common among non-matches too),
 * hence {@link #uFromRandomPairs} and the {@code estimateU} switch: the defaults were derived with u from random
 * pairs and m from EM.
 */
public final class EmEstimator {

    /** What EM found. */
    public record Estimate(MatchConfig config, double matchShare, int iterations, boolean converged, double logLikelihood) {
    }

    private static final double FLOOR = 1e-6;

    private EmEstimator() {
    }

    /** The comparison vectors of {@code pairs} (packed as in {@link Blocking.Candidates}). */
    public static List<int[]> vectors(MatchModel model, List<PreparedRecord> records, long[] pairs) {
        List<int[]> out = new ArrayList<>(pairs.length);
        for (long p : pairs) out.add(model.levels(records.get(Blocking.Candidates.first(p)), records.get(Blocking.Candidates.second(p))));
        return out;
    }

    /**
     * Runs EM from {@code start}'s m/u and an initial match share until the log-likelihood improves by less than
     * {@code tolerance} (relative) or {@code maxIterations} pass.
     */
    public static Estimate estimate(MatchConfig start, List<int[]> vectors, double initialShare, boolean estimateU,
                                    int maxIterations, double tolerance) {
        int nf = MatchModel.FIELDS.size();
        double[][] m = new double[nf][], u = new double[nf][];
        for (int f = 0; f < nf; f++) {
            List<MatchConfig.Level> levels = start.levels(MatchModel.FIELDS.get(f));
            m[f] = levels.stream().mapToDouble(MatchConfig.Level::m).toArray();
            u[f] = levels.stream().mapToDouble(MatchConfig.Level::u).toArray();
        }
        double lambda = initialShare;
        double previous = Double.NEGATIVE_INFINITY, ll = 0;
        int it = 0;
        boolean converged = false;
        while (it < maxIterations) {
            it++;
            double[][] mNum = new double[nf][], uNum = new double[nf][];
            double[] mDen = new double[nf], uDen = new double[nf];
            for (int f = 0; f < nf; f++) {
                mNum[f] = new double[m[f].length];
                uNum[f] = new double[u[f].length];
            }
            double gSum = 0;
            ll = 0;
            for (int[] v : vectors) {
                // log-space: a pair agreeing on ten fields multiplies ten small u's
                double lm = Math.log(lambda), lu = Math.log(1 - lambda);
                for (int f = 0; f < nf; f++) {
                    if (v[f] < 0) continue;
                    lm += Math.log(m[f][v[f]]);
                    lu += Math.log(u[f][v[f]]);
                }
                double max = Math.max(lm, lu);
                double g = Math.exp(lm - max) / (Math.exp(lm - max) + Math.exp(lu - max));
                ll += max + Math.log(Math.exp(lm - max) + Math.exp(lu - max));
                gSum += g;
                for (int f = 0; f < nf; f++) {
                    if (v[f] < 0) continue;
                    mNum[f][v[f]] += g;
                    mDen[f] += g;
                    uNum[f][v[f]] += 1 - g;
                    uDen[f] += 1 - g;
                }
            }
            lambda = clamp(gSum / vectors.size());
            for (int f = 0; f < nf; f++) {
                for (int l = 0; l < m[f].length; l++) {
                    if (mDen[f] > 0) m[f][l] = clamp(mNum[f][l] / mDen[f]);
                    if (estimateU && uDen[f] > 0) u[f][l] = clamp(uNum[f][l] / uDen[f]);
                }
            }
            if (Math.abs(ll - previous) <= tolerance * Math.abs(ll)) {
                converged = true;
                break;
            }
            previous = ll;
        }
        MatchConfig out = start;
        for (int f = 0; f < nf; f++) out = out.withProbabilities(MatchModel.FIELDS.get(f), m[f], u[f]);
        return new Estimate(out, lambda, it, converged, ll);
    }

    /**
     * u of every level, from random pairs: among n random pairs of a large file almost none are matches, so the share
     * of pairs at each level estimates u directly. Add-one smoothing keeps rare levels from a u of zero.
     */
    public static double[][] uFromRandomPairs(MatchModel model, List<PreparedRecord> records, int pairs, long seed) {
        int nf = MatchModel.FIELDS.size();
        double[][] counts = new double[nf][];
        for (int f = 0; f < nf; f++) counts[f] = new double[MatchModel.levelNames(f).size()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < pairs; k++) {
            int i = random.nextInt(records.size()), j = random.nextInt(records.size());
            if (i == j) continue;
            int[] v = model.levels(records.get(i), records.get(j));
            for (int f = 0; f < nf; f++) if (v[f] >= 0) counts[f][v[f]]++;
        }
        double[][] u = new double[nf][];
        for (int f = 0; f < nf; f++) {
            double total = 0;
            for (double c : counts[f]) total += c + 1;
            u[f] = new double[counts[f].length];
            for (int l = 0; l < counts[f].length; l++) u[f][l] = clamp((counts[f][l] + 1) / total);
        }
        return u;
    }

    /** {@code config} with every field's u replaced. */
    public static MatchConfig withU(MatchConfig config, double[][] u) {
        MatchConfig out = config;
        for (int f = 0; f < MatchModel.FIELDS.size(); f++) {
            List<MatchConfig.Level> levels = config.levels(MatchModel.FIELDS.get(f));
            double[] m = levels.stream().mapToDouble(MatchConfig.Level::m).toArray();
            out = out.withProbabilities(MatchModel.FIELDS.get(f), m, u[f]);
        }
        return out;
    }

    /**
     * Makes weights monotone in similarity: a level never weighs more than a more similar one (EM on random pairs can
     * give JW94 more weight than EXACT, because common surnames agree exactly by coincidence more often than they
     * nearly agree; an auditor reading "SMITH = SMITH" below "SMITH ~ SMITHE" would rightly distrust the model).
     * Where that happens the less similar level's u is raised until its weight equals the level above it.
     */
    public static MatchConfig monotone(MatchConfig config, List<String> fields) {
        MatchConfig out = config;
        for (String field : fields) {
            List<MatchConfig.Level> levels = config.levels(field);
            double[] m = levels.stream().mapToDouble(MatchConfig.Level::m).toArray();
            double[] u = levels.stream().mapToDouble(MatchConfig.Level::u).toArray();
            for (int l = 1; l < m.length; l++) {
                double above = Math.log(m[l - 1] / u[l - 1]), here = Math.log(m[l] / u[l]);
                if (here > above) u[l] = clamp(m[l] / Math.exp(above));
            }
            out = out.withProbabilities(field, m, u);
        }
        return out;
    }

    private static double clamp(double p) {
        return Math.min(1 - FLOOR, Math.max(FLOOR, p));
    }
}

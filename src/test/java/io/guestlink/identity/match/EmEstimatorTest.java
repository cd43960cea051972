package io.guestlink.identity.match;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class EmEstimatorTest {

    @Test
    void recoversMAndMatchShareFromUnlabelledVectors() {
        MatchConfig truth = MatchConfig.defaults();
        int nf = MatchModel.FIELDS.size();
        double lambda = 0.2;
        SplittableRandom random = new SplittableRandom(42);
        List<int[]> vectors = new ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            boolean match = random.nextDouble() < lambda;
            int[] v = new int[nf];
            for (int f = 0; f < nf; f++) {
                List<MatchConfig.Level> levels = truth.levels(MatchModel.FIELDS.get(f));
                double x = random.nextDouble(), acc = 0;
                v[f] = levels.size() - 1;
                for (int l = 0; l < levels.size(); l++) {
                    acc += match ? levels.get(l).m() : levels.get(l).u();
                    if (x < acc) {
                        v[f] = l;
                        break;
                    }
                }
                if (random.nextDouble() < 0.1) v[f] = -1; // missing values take no part
            }
            vectors.add(v);
        }
        // start far from the truth: every level equally likely among matches
        MatchConfig start = truth;
        for (int f = 0; f < nf; f++) {
            int n = truth.levels(MatchModel.FIELDS.get(f)).size();
            double[] m = new double[n];
            java.util.Arrays.fill(m, 1.0 / n);
            m[0] = 0.5;
            double[] u = truth.levels(MatchModel.FIELDS.get(f)).stream().mapToDouble(MatchConfig.Level::u).toArray();
            start = start.withProbabilities(MatchModel.FIELDS.get(f), normalise(m), u);
        }
        EmEstimator.Estimate e = EmEstimator.estimate(start, vectors, 0.5, true, 500, 1e-9);
        assertThat(e.converged()).isTrue();
        assertThat(e.matchShare()).isCloseTo(lambda, offset(0.02));
        assertThat(e.config().levels("birthDate").get(0).m()).isCloseTo(truth.levels("birthDate").get(0).m(), offset(0.03));
        assertThat(e.config().levels("family").get(0).m()).isCloseTo(truth.levels("family").get(0).m(), offset(0.03));
        assertThat(e.config().levels("postcode").get(2).u()).isCloseTo(truth.levels("postcode").get(2).u(), offset(0.03));
    }

    @Test
    void monotoneNeverLetsALessSimilarLevelOutweighAMoreSimilarOne() {
        MatchConfig c = MatchConfig.defaults().withProbabilities("locality", new double[]{0.5, 0.4, 0.1}, new double[]{0.01, 0.001, 0.989});
        assertThat(c.levels("locality").get(1).weight()).isGreaterThan(c.levels("locality").get(0).weight());
        MatchConfig fixed = EmEstimator.monotone(c, List.of("locality"));
        assertThat(fixed.levels("locality").get(1).weight()).isCloseTo(fixed.levels("locality").get(0).weight(), offset(1e-9));
    }

    private static double[] normalise(double[] p) {
        double s = 0;
        for (double x : p) s += x;
        for (int i = 0; i < p.length; i++) p[i] /= s;
        return p;
    }
}

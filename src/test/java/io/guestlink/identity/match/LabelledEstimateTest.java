package io.guestlink.identity.match;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** m/u re-estimated from decided pairs: moved from the current model by the decisions, as far as their number says. */
class LabelledEstimateTest {
    static final MatchConfig SHIPPED = MatchConfig.defaults();
    static final int BIRTH = MatchModel.FIELDS.indexOf("birthDate");

    /** A vector with only the birth date compared, at level {@code level}. */
    static LabelledEstimate.Labelled birth(int level, boolean same) {
        int[] v = new int[MatchModel.FIELDS.size()];
        java.util.Arrays.fill(v, -1);
        v[BIRTH] = level;
        return new LabelledEstimate.Labelled(v, same);
    }

    @Test
    void noDecisionLeavesTheModelAsItIs() {
        MatchConfig same = LabelledEstimate.estimate(SHIPPED, List.of(), 100);
        for (String f : MatchModel.FIELDS) {
            List<MatchConfig.Level> a = SHIPPED.levels(f), b = same.levels(f);
            assertThat(b).isEqualTo(a);
        }
    }

    @Test
    void decisionsMoveTheLevelsTheyReachAndMoreDecisionsMoveThemFurther() {
        // people said "different" to pairs whose birth dates were one digit off (level 1): that level says less
        List<LabelledEstimate.Labelled> few = new ArrayList<>(), many = new ArrayList<>();
        for (int i = 0; i < 10; i++) few.add(birth(1, false));
        for (int i = 0; i < 1000; i++) many.add(birth(1, false));
        double before = SHIPPED.levels("birthDate").get(1).weight();

        double afterFew = LabelledEstimate.estimate(SHIPPED, few, 100).levels("birthDate").get(1).weight();
        double afterMany = LabelledEstimate.estimate(SHIPPED, many, 100).levels("birthDate").get(1).weight();

        assertThat(afterFew).isLessThan(before);
        assertThat(afterMany).isLessThan(afterFew);
        // a field no decision compared keeps its weights
        assertThat(LabelledEstimate.estimate(SHIPPED, many, 100).levels("given").get(0).weight())
                .isCloseTo(SHIPPED.levels("given").get(0).weight(), within(1e-6));
    }

    @Test
    void theReportSaysHowTheOpenAndDecidedPairsWouldFall() {
        MatchModel model = MatchModel.defaults();
        PersonRecord a = Persons.person("a").name("KOWALSKI", "PIOTR").born("1971-04-12").build();
        PersonRecord b = Persons.person("b").name("KOWALSKI", "PIOTR").born("1971-04-12").build();
        List<LabelledEstimate.DecidedPair> decided = new ArrayList<>();
        for (int i = 0; i < 50; i++) decided.add(new LabelledEstimate.DecidedPair(a, b, true));

        LabelledEstimate.Report r = LabelledEstimate.report(model, decided, List.<PersonRecord[]>of(new PersonRecord[]{a, b}),
                ValueFrequency.NONE, 10);

        assertThat(r.same()).isEqualTo(50);
        assertThat(r.different()).isZero();
        assertThat(r.openOld().merge() + r.openOld().review() + r.openOld().below()).isEqualTo(1);
        assertThat(r.openNew().merge() + r.openNew().review() + r.openNew().below()).isEqualTo(1);
        assertThat(r.levels()).hasSize(MatchModel.FIELDS.stream().mapToInt(f -> SHIPPED.levels(f).size()).sum());
        assertThat(LabelledEstimate.table(r).get(0)).contains("m old", "u new");
        // the model file it would write reads back
        MatchConfig back = MatchConfig.load(new java.io.ByteArrayInputStream(r.config().toYaml().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(back.levels("birthDate").get(0).m()).isCloseTo(r.config().levels("birthDate").get(0).m(), within(1e-12));
    }
}

package io.guestlink.identity.match;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.guestlink.identity.match.Persons.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatchModelTest {

    private final MatchModel model = MatchModel.defaults();

    private static Persons yuMing(String id) {
        return person(id).name("YU", "MING").born("1984-03-12").gender("F").email("yu.ming@mail.cn").phone("+8613800138000")
                .document("H:4f2a9c").postcode("100020").address("12 JIANGUO ROAD").locality("BEIJING");
    }

    @Test
    void defaultsLoadFromYamlWithOrderedThresholds() {
        MatchConfig c = MatchConfig.defaults();
        assertThat(c.autoMerge()).isEqualTo(12.0);
        assertThat(c.review()).isEqualTo(4.04);
        assertThat(c.maxHolders()).isEqualTo(5);
        assertThat(c.fields().keySet()).containsExactlyElementsOf(MatchModel.FIELDS);
        assertThatThrownBy(() -> c.withThresholds(4, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameGuestIsMergedWithFullEvidenceAndRule() {
        MatchResult r = model.score(yuMing("a").build(), yuMing("b").build(), ValueFrequency.NONE);
        assertThat(r.decision()).isEqualTo(Decision.MERGE);
        assertThat(r.score()).isGreaterThanOrEqualTo(model.config().autoMerge());
        assertThat(r.evidence()).extracting(FieldComparison::field).containsExactlyElementsOf(MatchModel.FIELDS);
        assertThat(r.evidence()).allSatisfy(c -> assertThat(c.level()).isIn("EXACT", "SHARED"));
        assertThat(r.rule()).contains("autoMerge");
        double sum = r.evidence().stream().mapToDouble(FieldComparison::weight).sum();
        assertThat(r.score()).isCloseTo(sum, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void thresholdsSplitMergeReviewDifferent() {
        PersonRecord a = yuMing("a").build();
        PersonRecord b = person("b").name("YU", "MING").born("1984-03-12").build(); // names + birth date
        double score = model.score(a, b, ValueFrequency.NONE).score();
        MatchConfig c = model.config();
        // the result's score is rounded to 0.001, hence the small margins
        assertThat(new MatchModel(c.withThresholds(score - 0.001, score - 1)).score(a, b, ValueFrequency.NONE).decision()).isEqualTo(Decision.MERGE);
        assertThat(new MatchModel(c.withThresholds(score + 0.01, score - 0.001)).score(a, b, ValueFrequency.NONE).decision()).isEqualTo(Decision.REVIEW);
        MatchResult below = new MatchModel(c.withThresholds(score + 2, score + 1)).score(a, b, ValueFrequency.NONE);
        assertThat(below.decision()).isEqualTo(Decision.DIFFERENT);
        assertThat(below.rule()).contains("< review");
    }

    @Test
    void typosSwapsAndVariantsStillScoreHigh() {
        PersonRecord a = yuMing("a").build();
        PersonRecord b = person("b").name("MING", "YU").born("1984-12-03").email("yu.ming@mail.cn").postcode("100020").build();
        MatchResult r = model.score(a, b, ValueFrequency.NONE);
        assertThat(r.field("family").note()).contains("swapped");
        assertThat(r.field("birthDate").level()).isEqualTo("ONE_OFF"); // day and month swapped
        assertThat(r.decision()).isEqualTo(Decision.MERGE);
        PersonRecord c = person("c").name("JOHNSTON", "CATHERINE").born("1970-01-01").build();
        PersonRecord d = person("d").name("JOHNSTONE", "KATHERINE").born("1970-01-01").build();
        MatchResult cd = model.score(c, d, ValueFrequency.NONE);
        assertThat(cd.field("family").level()).isEqualTo("JW94");
        assertThat(cd.field("given").level()).isIn("JW94", "PHONETIC");
    }

    @Test
    void thirtyZhangWeiWithDifferentBirthDatesAndPhonesStayThirty() {
        List<PersonRecord> zhangs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            zhangs.add(person("z" + i).name("ZHANG", "WEI").born(String.format("%d-%02d-%02d", 1950 + i, 1 + i % 12, 1 + i % 28))
                    .phone("+86138001380" + String.format("%02d", i)).locality("BEIJING").gender("M").build());
        }
        Deduplicator.Result result = new Deduplicator(model).run(zhangs);
        assertThat(result.clusters()).isEmpty();
        assertThat(result.merges()).isEmpty();
        assertThat(result.candidatePairs()).isPositive(); // they were compared, and kept apart by evidence
        MatchResult pair = model.score(zhangs.get(0), zhangs.get(1), ValueFrequency.NONE);
        assertThat(pair.field("family").level()).isEqualTo("EXACT");
        assertThat(pair.decision()).isNotEqualTo(Decision.MERGE);
    }

    @Test
    void coupleSharingEmailAndPhoneIsNotMerged() {
        PersonRecord husband = person("h").name("MUELLER", "THOMAS").born("1961-05-02").gender("M").email("muellers@web.de")
                .phone("+4930123456789").postcode("10115").address("5 INVALIDENSTRASSE").locality("BERLIN").build();
        PersonRecord wife = person("w").name("MUELLER", "ANNA").born("1963-11-20").gender("F").email("muellers@web.de")
                .phone("+4930123456789").postcode("10115").address("5 INVALIDENSTRASSE").locality("BERLIN").build();
        MatchResult r = model.score(husband, wife, ValueFrequency.count(List.of(husband, wife)));
        assertThat(r.decision()).isNotEqualTo(Decision.MERGE);
        assertThat(r.field("email").weight()).isZero();
        assertThat(r.field("phone").weight()).isZero();
        assertThat(r.field("email").note()).contains("household");
        assertThat(new Deduplicator(model).run(List.of(husband, wife)).clusters()).isEmpty();
    }

    @Test
    void sharedContactWithDifferentGivenNamesNeverReachesAutoMergeAlone() {
        PersonRecord a = person("a").name("LEE", "JOHN").email("lee.family@gmail.com").phone("+14155550123").build();
        PersonRecord b = person("b").name("LEE", "JOAN").email("lee.family@gmail.com").phone("+14155550123").build();
        MatchResult r = model.score(a, b, ValueFrequency.NONE);
        assertThat(r.field("given").level()).isEqualTo("PHONETIC"); // JOHN / JOAN sound alike, and are two people
        assertThat(r.decision()).isNotEqualTo(Decision.MERGE);
        // the same contact data with the same given name is strong evidence
        PersonRecord c = person("c").name("LEE", "JOHN").email("lee.family@gmail.com").phone("+14155550123").build();
        assertThat(model.score(a, c, ValueFrequency.NONE).decision()).isEqualTo(Decision.MERGE);
    }

    @Test
    void highFrequencyEmailWeighsNothingAndSharedOnesAreDownWeighted() {
        PersonRecord a = person("a").name("SMITH", "JOHN").email("bookings@travelagent.com").build();
        PersonRecord b = person("b").name("BROWN", "MARY").email("bookings@travelagent.com").build();
        ValueFrequency many = ValueFrequency.of(Map.of("email", Map.of("bookings@travelagent.com", 50)));
        MatchResult r = model.score(a, b, many);
        assertThat(r.field("email").level()).isEqualTo("SHARED");
        assertThat(r.field("email").weight()).isZero();
        assertThat(r.field("email").note()).contains("non-identifying");
        assertThat(r.decision()).isEqualTo(Decision.DIFFERENT);

        PersonRecord c = person("c").name("SMITH", "JOHN").email("family@x.org").build();
        PersonRecord d = person("d").name("SMITH", "JOHN").email("family@x.org").build();
        double two = model.score(c, d, ValueFrequency.NONE).field("email").weight();
        double four = model.score(c, d, ValueFrequency.of(Map.of("email", Map.of("family@x.org", 4)))).field("email").weight();
        double six = model.score(c, d, ValueFrequency.of(Map.of("email", Map.of("family@x.org", 6)))).field("email").weight();
        assertThat(four).isCloseTo(two - Math.log(3) / Math.log(2), org.assertj.core.data.Offset.offset(0.01)); // u x (k-1)
        assertThat(six).isZero(); // above maxHolders = 5
    }

    @Test
    void romanisationVariantsOfOneSurnameAgreeExactly() {
        PersonRecord a = person("a").name("ZHANG", "WEI").born("1980-01-01").build();
        PersonRecord b = person("b").name("CHEUNG", "WEI").born("1980-01-01").build();
        MatchResult r = model.score(a, b, ValueFrequency.NONE);
        assertThat(r.field("family").level()).isEqualTo("EXACT");
        assertThat(r.field("family").note()).contains("romanisation variant");
        assertThat(Blocking.keys(a)).containsAnyElementsOf(Blocking.keys(b));
    }

    @Test
    void commonNamesWeighLessThanRareOnes() {
        PersonRecord a = person("a").name("ZHANG", "WEI").build(), b = person("b").name("ZHANG", "WEI").build();
        ValueFrequency counts = new ValueFrequency() {
            public int holders(String field, String value) {
                return value.equals("ZHANG") ? 9_000 : value.equals("WEI") ? 4_000 : 1;
            }

            public long population() {
                return 100_000;
            }
        };
        MatchResult common = model.score(a, b, counts), plain = model.score(a, b, ValueFrequency.NONE);
        assertThat(common.field("family").weight()).isLessThan(plain.field("family").weight() - 2);
        assertThat(common.field("family").note()).contains("common name");
        // a typo of a common name is as common as the name
        MatchResult typo = model.score(a, person("c").name("ZAHNG", "WEI").build(), counts);
        assertThat(typo.field("family").level()).isEqualTo("JW94");
        assertThat(typo.field("family").weight()).isLessThanOrEqualTo(common.field("family").weight() + 1e-9);
    }

    @Test
    void postcodeAndLocalityCountAsOnePlace() {
        PersonRecord a = person("a").name("ROSSI", "MARCO").postcode("20121").locality("MILANO").build();
        PersonRecord b = person("b").name("ROSSI", "MARCO").postcode("20121").locality("MILANO").build();
        MatchResult r = model.score(a, b, ValueFrequency.NONE);
        assertThat(r.field("postcode").weight()).isPositive();
        assertThat(r.field("locality").weight()).isZero();
        assertThat(r.field("locality").note()).contains("same place");
    }

    @Test
    void neighboursOnOneStreetAreNotOneAddress() {
        PersonRecord a = person("a").address("281 REGENT WAY").build(), b = person("b").address("250 REGENT WAY").build();
        assertThat(model.score(a, b, ValueFrequency.NONE).field("address").level()).isEqualTo("PARTIAL");
        PersonRecord c = person("c").address("281 REGENT WAY").build(), d = person("d").address("281 REGENT WY").build();
        assertThat(model.score(c, d, ValueFrequency.NONE).field("address").level()).isEqualTo("CLOSE");
        PersonRecord e = person("e").address("20 HAMRA STREET").build(), f = person("f").address("143 HAMRA ROAD").build();
        assertThat(model.score(e, f, ValueFrequency.NONE).field("address").level()).isEqualTo("DIFFERENT");
    }

    @Test
    void missingValuesNeverAddWeight() {
        PersonRecord full = yuMing("a").build();
        PersonRecord empty = person("e").build();
        MatchResult r = model.score(full, empty, ValueFrequency.NONE);
        assertThat(r.score()).isZero();
        assertThat(r.evidence()).allSatisfy(c -> {
            assertThat(c.level()).isEqualTo("MISSING");
            assertThat(c.weight()).isZero();
        });
        assertThat(r.decision()).isEqualTo(Decision.DIFFERENT);
        assertThat(model.score(empty, person("f").build(), ValueFrequency.NONE).decision()).isEqualTo(Decision.DIFFERENT);
        // one field missing at a time: that field weighs 0
        PersonRecord noDate = person("n").name("YU", "MING").gender("F").email("yu.ming@mail.cn").phone("+8613800138000")
                .document("H:4f2a9c").postcode("100020").address("12 JIANGUO ROAD").locality("BEIJING").build();
        assertThat(model.score(full, noDate, ValueFrequency.NONE).field("birthDate").weight()).isZero();
    }

    @Test
    void badInputCannotCauseAMerge() {
        // what normalisers leave of bad input: one-letter names, no date (1900-01-01 / future dropped), no phone
        // (wrong length dropped), no e-mail (no @ dropped)
        PersonRecord a = person("a").name("W", "Z").build();
        PersonRecord b = person("b").name("W", "Z").build();
        MatchResult r = model.score(a, b, ValueFrequency.NONE);
        assertThat(r.field("family").level()).isEqualTo("INITIAL");
        assertThat(r.decision()).isNotEqualTo(Decision.MERGE);
        PersonRecord c = person("c").name("", "").build();
        assertThat(model.score(c, person("d").name("", "").build(), ValueFrequency.NONE).score()).isZero();
        assertThat(new Deduplicator(model).run(List.of(a, b, c, person("d").name("", "").build())).clusters()).isEmpty();
        // names alone, however exact, are reviewed, not merged
        PersonRecord e = person("e").name("GARSHOL", "LARS MARIUS").build();
        PersonRecord f = person("f").name("GARSHOL", "LARS MARIUS").build();
        MatchResult ef = model.score(e, f, ValueFrequency.NONE);
        assertThat(ef.score()).isGreaterThanOrEqualTo(model.config().autoMerge());
        assertThat(ef.decision()).isEqualTo(Decision.REVIEW);
    }

    @Test
    void evidenceIsMasked() {
        PersonRecord a = yuMing("a").build();
        PersonRecord b = person("b").name("YU", "MING").email("ming.yu@other.cn").phone("+8613911112222").document("H:77aa31").build();
        for (MatchResult r : List.of(model.score(a, yuMing("c").build(), ValueFrequency.NONE), model.score(a, b, ValueFrequency.NONE))) {
            String all = r.evidence().toString();
            assertThat(all).doesNotContain("yu.ming@mail.cn", "ming.yu@other.cn", "+8613800138000", "+8613911112222", "H:4f2a9c", "H:77aa31");
            assertThat(all).contains("y***@mail.cn");
        }
    }
}

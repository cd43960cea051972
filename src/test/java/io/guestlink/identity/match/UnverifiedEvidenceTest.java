package io.guestlink.identity.match;

import org.junit.jupiter.api.Test;

import static io.guestlink.identity.match.Persons.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Phones and e-mails that failed validation: compared as weaker evidence, never enough to merge on their own. */
class UnverifiedEvidenceTest {
    private final MatchModel model = MatchModel.defaults();
    private static final String BAD_PHONE = PersonRecord.UNVERIFIED + "12121550199";
    private static final String BAD_EMAIL = PersonRecord.UNVERIFIED + "mary.chen@gmail";

    private static FieldComparison field(MatchResult r, String name) {
        return r.evidence().stream().filter(c -> c.field().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldWeighASharedUnverifiedPhoneFourBitsBelowAValidOne() {
        MatchResult valid = model.score(person("a").phone("+12125550199").build(), person("b").phone("+12125550199").build(), ValueFrequency.NONE);
        MatchResult bad = model.score(person("a").phone(BAD_PHONE).build(), person("b").phone(BAD_PHONE).build(), ValueFrequency.NONE);
        double log2Factor = Math.log(MatchModel.UNVERIFIED_U_FACTOR) / Math.log(2);
        assertThat(field(bad, "phone").level()).isEqualTo("SHARED");
        assertThat(field(bad, "phone").weight()).isCloseTo(field(valid, "phone").weight() - log2Factor, within(0.01)).isPositive();
        assertThat(field(bad, "phone").note()).contains("failed validation");
        // a valid number shared and nothing else reaches autoMerge; unverified digits alone never do
        assertThat(valid.decision()).isEqualTo(Decision.MERGE);
        assertThat(bad.decision()).isNotEqualTo(Decision.MERGE);
    }

    @Test
    void shouldMergeWithAgreeingNamesAndASharedUnverifiedPhone() {
        Persons a = person("a").name("CHEN", "MARY").gender("F");
        Persons b = person("b").name("CHEN", "MARY").gender("F");
        // names alone are not corroborated: review
        assertThat(model.score(a.build(), b.build(), ValueFrequency.NONE).decision()).isEqualTo(Decision.REVIEW);
        MatchResult r = model.score(a.phone(BAD_PHONE).build(), b.phone(BAD_PHONE).build(), ValueFrequency.NONE);
        assertThat(r.decision()).isEqualTo(Decision.MERGE);
    }

    @Test
    void shouldWeighAnUnverifiedEmailLikeAnUnverifiedPhone() {
        MatchResult r = model.score(person("a").email(BAD_EMAIL).build(), person("b").email(BAD_EMAIL).build(), ValueFrequency.NONE);
        assertThat(field(r, "email").level()).isEqualTo("SHARED");
        assertThat(field(r, "email").weight()).isBetween(0.1, 12.0);
        // the same text, once valid and once not, is not the same value
        MatchResult mixed = model.score(person("a").email("mary.chen@gmail").build(), person("b").email(BAD_EMAIL).build(), ValueFrequency.NONE);
        assertThat(field(mixed, "email").level()).isEqualTo("DIFFERENT");
    }

    @Test
    void shouldNotCountADisagreementAgainstAnUnverifiedPhone() {
        MatchResult bothValid = model.score(person("a").phone("+66812345678").build(), person("b").phone("+12125550199").build(), ValueFrequency.NONE);
        MatchResult oneBad = model.score(person("a").phone("+66812345678").build(), person("b").phone(BAD_PHONE).build(), ValueFrequency.NONE);
        assertThat(field(bothValid, "phone").weight()).isNegative();
        assertThat(field(oneBad, "phone").level()).isEqualTo("DIFFERENT");
        assertThat(field(oneBad, "phone").weight()).isZero();
    }

    @Test
    void shouldWeighNothingForAnUnverifiedPhoneManyProfilesHold() {
        ValueFrequency many = (f, v) -> f.equals("phone") && v.equals(BAD_PHONE) ? 40 : 0;
        MatchResult r = model.score(person("a").name("CHEN", "MARY").phone(BAD_PHONE).build(),
                person("b").name("CHEN", "MARY").phone(BAD_PHONE).build(), many);
        assertThat(field(r, "phone").weight()).isZero();
        assertThat(r.decision()).isNotEqualTo(Decision.MERGE);
    }

    @Test
    void shouldPreferAValidSharedValueWhenBothAreShared() {
        MatchResult r = model.score(person("a").phone(BAD_PHONE).phone("+66812345678").build(),
                person("b").phone(BAD_PHONE).phone("+66812345678").build(), ValueFrequency.NONE);
        assertThat(field(r, "phone").weight()).isCloseTo(model.config().levels("phone").get(0).weight(), within(0.01));
    }
}

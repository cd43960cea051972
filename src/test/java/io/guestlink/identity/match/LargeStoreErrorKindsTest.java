package io.guestlink.identity.match;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.guestlink.identity.match.Persons.person;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kinds of false merge that a store of a million guests shows and FEBRL's five thousand records do not: values that
 * repeat from town to town and strangers who share a birth date and a town. One {@link Nested} class per kind, each
 * built from its case on the synthetic million (names as generated there).
 */
class LargeStoreErrorKindsTest {
    private final MatchModel model = MatchModel.defaults();

    private MatchResult score(Persons a, Persons b) {
        return model.score(a.build(), b.build(), ValueFrequency.NONE);
    }

    private static FieldComparison field(MatchResult r, String name) {
        return r.field(name);
    }

    @Nested
    class NeighbouringTowns {
        @Test
        void shouldNotWeighALocalityAlikeBesideAPostcodeThatDiffers() {
            // MA FANG and WILSON FANG, born the same day, in KENHURST SOUTH (17853) and KENHURST NORTH (09217)
            MatchResult r = score(person("a").name("MA", "FANG").born("1987-05-15").gender("F").postcode("17853").locality("KENHURST SOUTH"),
                    person("b").name("WILSON", "FANG").born("1987-05-15").gender("F").postcode("09217").locality("KENHURST NORTH"));
            assertThat(field(r, "locality").level()).isEqualTo("CLOSE");
            assertThat(field(r, "locality").weight()).isZero();
            assertThat(r.decision()).isNotEqualTo(Decision.MERGE);
        }

        @Test
        void shouldStillWeighALocalityTypoBesideTheSamePostcode() {
            MatchResult r = score(person("a").name("MILES", "REECE").born("1941-01-17").postcode("3101").locality("LESLIE VALE"),
                    person("b").name("MILES", "REECE").born("1941-01-17").postcode("3101").locality("LESLIR VALE"));
            assertThat(field(r, "postcode").weight() + field(r, "locality").weight()).isPositive();
            assertThat(r.decision()).isEqualTo(Decision.MERGE);
        }
    }

    @Nested
    class SameStreetInAnotherTown {
        @Test
        void shouldNotWeighTheSameStreetWithAnotherNumberInAnotherPlace() {
            // HU AHMED at 225 KING AVENUE, KENKIRK NORTH and 13 KING AVENUE, PALVALE NORTH: a street name, not a home
            MatchResult r = score(person("a").name("HU", "AHMED").gender("M").postcode("09265").address("225 KING AVENUE").locality("KENKIRK NORTH"),
                    person("b").name("HU", "AHMED").gender("M").postcode("15605").address("13 KING AVENUE").locality("PALVALE NORTH"));
            assertThat(field(r, "address").level()).isEqualTo("PARTIAL");
            assertThat(field(r, "address").weight()).isZero();
            assertThat(r.decision()).isNotEqualTo(Decision.MERGE);
        }

        @Test
        void shouldNotTakeANeighbourSharingAGivenNameForTheGuest() {
            // MA YAN at 97 ALBERT WAY and LI YAN at 289 ALBERT WAY, both 17180 ZENKIRK NORTH, born four years apart
            MatchResult r = score(person("a").name("MA", "YAN").born("1994-09-14").gender("F").postcode("17180").address("97 ALBERT WAY").locality("ZENKIRK NORTH"),
                    person("b").name("LI", "YAN").born("1998-07-06").gender("F").postcode("17180").address("289 ALBERT WAY").locality("ZENKIRK NORTH"));
            assertThat(field(r, "address").weight()).isPositive();
            assertThat(r.score()).isGreaterThanOrEqualTo(model.config().autoMerge());
            assertThat(r.decision()).isEqualTo(Decision.REVIEW);
            // the same street beside the same family name still corroborates (FEBRL's mistyped house numbers)
            MatchResult family = score(person("c").name("MA", "YAN").postcode("17180").address("97 ALBERT WAY"),
                    person("d").name("MA", "YAN").postcode("17180").address("79 ALBERT WAY"));
            assertThat(family.decision()).isEqualTo(Decision.MERGE);
        }

        @Test
        void shouldWeighTheSameStreetInTheSamePlace() {
            MatchResult r = score(person("a").name("HU", "AHMED").postcode("09265").address("225 KING AVENUE"),
                    person("b").name("HU", "AHMED").postcode("09265").address("252 KING AVENUE"));
            assertThat(field(r, "address").weight()).isPositive();
        }
    }

    @Nested
    class NoNameInCommon {
        @Test
        void shouldNotMergeStrangersOnABirthDateAndATown() {
            // WANG WEI and ZHANG RAJ, born the same day in VILCLIFF NORTH: nothing of a name agrees
            MatchResult r = score(person("a").name("WANG", "WEI").born("1990-07-22").gender("M").postcode("13162").locality("VILCLIFF NORTH"),
                    person("b").name("ZHANG", "RAJ").born("1990-07-22").gender("M").postcode("13162").locality("VILCLIFF NORTH"));
            assertThat(r.score()).isGreaterThanOrEqualTo(model.config().autoMerge());
            assertThat(r.decision()).isEqualTo(Decision.REVIEW);
            assertThat(r.rule()).contains("neither name agrees");
        }

        @Test
        void shouldMergeWhenTheSameHomeOrADocumentJoinsThem() {
            // both names replaced by a clerk, but the same home and birth date (FEBRL 4a x 4b keeps such pairs)
            MatchResult home = score(person("a").name("SHEPHERD", "MIA").born("1976-08-30").postcode("2449").address("7 CHURCHILL WAY").locality("SEVEN HILLS"),
                    person("b").name("FENWICSK", "JIA").born("1976-08-30").postcode("2449").address("7 CHURCHILL WAY").locality("SEVEN HILLS"));
            assertThat(home.decision()).isEqualTo(Decision.MERGE);
            MatchResult document = score(person("a").name("WANG", "WEI").born("1990-07-22").document("D:1").locality("VILCLIFF NORTH"),
                    person("b").name("ZHANG", "RAJ").born("1990-07-22").document("D:1").locality("VILCLIFF NORTH"));
            assertThat(document.decision()).isEqualTo(Decision.MERGE);
        }
    }

    @Nested
    class AnotherTown {
        @Test
        void shouldNotMergeANameAndBirthDateBesideAnotherTown() {
            // JACKSON GIULIA born 1982-08-10 in PALNESS NORTH and in KENBROOK, nothing else in common
            MatchResult r = score(person("a").name("JACKSON", "GIULIA").born("1982-08-10").gender("F").postcode("15754").locality("PALNESS NORTH"),
                    person("b").name("JACKSON", "GIULIA").born("1982-08-10").gender("F").locality("KENBROOK"));
            assertThat(r.score()).isGreaterThanOrEqualTo(model.config().autoMerge());
            assertThat(r.decision()).isEqualTo(Decision.REVIEW);
            assertThat(r.rule()).contains("postcode or locality differs");
        }

        @Test
        void shouldMergeANameAndBirthDateWithNoPlaceOnFileOrWithAContact() {
            Persons a = person("a").name("JACKSON", "GIULIA").born("1982-08-10").gender("F");
            assertThat(score(a, person("b").name("JACKSON", "GIULIA").born("1982-08-10").gender("F")).decision()).isEqualTo(Decision.MERGE);
            assertThat(score(person("c").name("JACKSON", "GIULIA").born("1982-08-10").email("giulia@example.com").locality("PALNESS NORTH"),
                    person("d").name("JACKSON", "GIULIA").born("1982-08-10").email("giulia@example.com").locality("KENBROOK")).decision())
                    .isEqualTo(Decision.MERGE);
        }
    }

    @Nested
    class HalfANameInOneTown {
        @Test
        void shouldNotMergeOneNameInCommonWithABirthDateAndTheTownAlone() {
            // ZHANG RICHARD and ZHAO RICHARD, born 1963-08-19, both in BROTOWN (postcodes 05001 and 05009)
            MatchResult r = score(person("a").name("ZHANG", "RICHARD").born("1963-08-19").gender("M").postcode("05001").locality("BROTOWN"),
                    person("b").name("ZHAO", "RICHARD").born("1963-08-19").gender("M").postcode("05009").address("67 IVYBROOK STREET")
                            .locality("BROTOWN"));
            assertThat(r.score()).isGreaterThanOrEqualTo(model.config().autoMerge());
            assertThat(r.decision()).isEqualTo(Decision.REVIEW);
            assertThat(r.rule()).contains("family names are not close and nothing finer than the town agrees");
            // and the other half: one family name, given names that differ
            MatchResult given = score(person("c").name("JACKSON", "GIULIA").born("1982-08-10").gender("F").postcode("17853").locality("KENHURST"),
                    person("d").name("JACKSON", "MARIA").born("1982-08-10").gender("F").locality("KENHURST"));
            assertThat(given.decision()).isEqualTo(Decision.REVIEW);
            assertThat(given.rule()).contains("given names differ and nothing finer than the town agrees");
        }

        @Test
        void shouldStillMergeAReplacedNameWhereThePostcodeOrStreetAgrees() {
            // FEBRL 4a x 4b: GEORGIA MAYNARD and GEORGIA PETERSEN born 1970-03-24, 10 and 20 TEMPERLEY STREET, TOOWONG
            MatchResult street = score(person("a").name("MAYNARD", "GEORGIA").born("1970-03-24").postcode("3175")
                            .address("10 TEMPERLEY STREET").locality("TOOWONG"),
                    person("b").name("PETERSEN", "GEORGIA").born("1970-03-24").postcode("3715").address("20 TEMPERLEY STREET")
                            .locality("TOOWONG"));
            assertThat(street.decision()).isEqualTo(Decision.MERGE);
            MatchResult postcode = score(person("c").name("JACKSON", "GIULIA").born("1982-08-10").postcode("17853").locality("KENHURST"),
                    person("d").name("JACKSON", "MARIA").born("1982-08-10").postcode("17853").locality("KENHURST"));
            assertThat(postcode.decision()).isEqualTo(Decision.MERGE);
        }
    }

    @Nested
    class SharedDocumentInTheChainingGuard {
        @Test
        void shouldNotLetAPairSharingADocumentVetoAJoin() {
            // PRIEST / PRISE: birth date and postcode mistyped, the document shared; plainly one person to the guard
            PreparedRecord a = PreparedRecord.of(person("a").name("PRIEST", "NATHAB").born("1971-04-28").document("D:4665603")
                    .postcode("4750").address("363 BANKS STREET").locality("MALVERN EAST").build());
            PreparedRecord b = PreparedRecord.of(person("b").name("PRISE", "").born("1916-05-03").document("D:4665603")
                    .postcode("4579").address("12 OCEAN ROAD").locality("BRIGHTON").build());
            assertThat(model.score(a, b, ValueFrequency.NONE).decision()).isEqualTo(Decision.DIFFERENT);
            assertThat(model.hardConflict(a, b, ValueFrequency.NONE)).isFalse();
            PreparedRecord c = PreparedRecord.of(person("c").name("PRISE", "").born("1916-05-03").document("D:9")
                    .postcode("4579").locality("BRIGHTON").build());
            assertThat(model.hardConflict(a, c, ValueFrequency.NONE)).isTrue();
        }

        @Test
        void shouldNotLetADocumentOneKeystrokeOffVetoAJoin() {
            // the same pair with the number mistyped on one side (two digits swapped): a mistype, not another document
            io.guestlink.identity.IdDocumentHasher hasher = new io.guestlink.identity.IdDocumentHasher(
                    "0123456789abcdef-test-key".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    io.guestlink.identity.PlaceholderList.defaults());
            PreparedRecord a = PreparedRecord.of(person("a").name("PRIEST", "NATHAB").born("1971-04-28")
                    .document(PersonRecord.withNear("D:4665603", hasher.near("D", "4665603")))
                    .postcode("4750").address("363 BANKS STREET").locality("MALVERN EAST").build());
            PreparedRecord b = PreparedRecord.of(person("b").name("PRISE", "")
                    .document(PersonRecord.withNear("D:4666503", hasher.near("D", "4666503")))
                    .postcode("4579").locality("BRIGHTON").build());
            assertThat(model.score(a, b, ValueFrequency.NONE).decision()).isEqualTo(Decision.DIFFERENT);
            assertThat(model.hardConflict(a, b, ValueFrequency.NONE)).isFalse();
            PreparedRecord other = PreparedRecord.of(person("c").name("PRISE", "")
                    .document(PersonRecord.withNear("D:4966513", hasher.near("D", "4966513")))
                    .postcode("4579").locality("BRIGHTON").build());
            assertThat(model.hardConflict(a, other, ValueFrequency.NONE)).isTrue();
        }
    }
}

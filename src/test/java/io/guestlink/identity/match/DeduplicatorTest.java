package io.guestlink.identity.match;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.guestlink.identity.match.Persons.person;
import static org.assertj.core.api.Assertions.assertThat;

class DeduplicatorTest {

    private final MatchModel model = MatchModel.defaults();

    @Test
    void chainingGuardKeepsConflictingRecordsApart() {
        // B is sparse: it merges with A through the phone and with C through the e-mail; A and C have different birth
        // dates, documents and addresses. Plain union-find would put all three together.
        PersonRecord a = person("A").name("NOWAK", "PIOTR").born("1980-02-03").document("D:1").phone("+48601111111")
                .address("1 LIPOWA").postcode("00-001").build();
        PersonRecord b = person("B").name("NOWAK", "PIOTR").phone("+48601111111").email("p.nowak@wp.pl").build();
        PersonRecord c = person("C").name("NOWAK", "PIOTR").born("1951-09-30").document("D:2").email("p.nowak@wp.pl")
                .address("77 DLUGA").postcode("31-100").build();
        assertThat(model.score(a, b, ValueFrequency.NONE).decision()).isEqualTo(Decision.MERGE);
        assertThat(model.score(b, c, ValueFrequency.NONE).decision()).isEqualTo(Decision.MERGE);
        assertThat(model.score(a, c, ValueFrequency.NONE).decision()).isEqualTo(Decision.DIFFERENT);

        Deduplicator.Result r = new Deduplicator(model).run(List.of(a, b, c));
        assertThat(r.clusters()).hasSize(1);
        assertThat(r.clusters().get(0)).hasSize(2).contains("B");
        assertThat(r.reviews()).anySatisfy(p -> assertThat(p.reason()).startsWith("chaining guard"));
        assertThat(r.merges()).hasSize(1);
        assertThat(r.merges().get(0).result().evidence()).isNotEmpty();
    }

    @Test
    void aGuestsOwnRecordsCountAsOneHolderOfHisDocument() {
        // six records of one guest carry his document: counted per record it looks shared by six persons (over
        // maxHolders 5) and weighs nothing, so the record whose given name and birth date were mistyped stays apart
        // ("only household-level fields agree"); counted per person (the first pass's clusters) it is his alone
        List<PersonRecord> records = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++)
            records.add(person("r" + i).name("BARTEL", "ELIZABETH").born("1983-11-27").document("D:1042252")
                    .address("3 GARRAD COURT").postcode("2449").build());
        records.add(person("r5").name("BARTEL", "EMMA").born("1907-09-10").document("D:1042252")
                .address("3 GARRAD COURT").postcode("2449").build());
        assertThat(model.score(records.get(0), records.get(5), ValueFrequency.count(records)).decision()).isEqualTo(Decision.REVIEW);

        Deduplicator.Result r = new Deduplicator(model).run(records);
        assertThat(r.clusters()).hasSize(1);
        assertThat(r.clusters().get(0)).hasSize(6);
        assertThat(r.reviews()).isEmpty();
    }

    @Test
    void aValueSharedByDifferentPersonsStillCountsEachOfThem() {
        // the agency e-mail of six different guests stays non-identifying after the recount
        List<PersonRecord> records = new java.util.ArrayList<>();
        String[] given = {"ANNA", "PETER", "MARIA", "JOHN", "LINDA", "OMAR"};
        for (int i = 0; i < 6; i++) records.add(person("a" + i).name("SMITH", given[i]).email("groups@agency.com").build());
        ValueFrequency persons = ValueFrequency.count(records, i -> i);
        assertThat(persons.holders("email", "groups@agency.com")).isEqualTo(6);
        assertThat(ValueFrequency.count(records, i -> i / 3).holders("email", "groups@agency.com")).isEqualTo(2);
    }

    @Test
    void duplicatesClusterAndEachPairIsScoredOnce() {
        PersonRecord a = person("1").name("OKAFOR", "CHIDI").born("1975-07-07").email("chidi@okafor.ng").build();
        PersonRecord b = person("2").name("OKAFOR", "CHIDI").born("1975-07-07").phone("+2348031234567").build();
        PersonRecord c = person("3").name("OKAFRO", "CHIDI").born("1975-07-07").phone("+2348031234567").build();
        PersonRecord d = person("4").name("ADEYEMI", "BOLA").born("1990-01-15").build();
        Deduplicator.Result r = new Deduplicator(model).run(List.of(a, b, c, d));
        assertThat(r.clusters()).hasSize(1);
        assertThat(r.clusters().get(0)).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(r.candidatePairs()).isLessThanOrEqualTo(3); // 1-2, 1-3, 2-3 at most; 4 shares no key
        assertThat(r.merges()).allSatisfy(m -> assertThat(m.result().rule()).contains("autoMerge"));
    }

    @Test
    void frequentBlockingKeysAreDroppedSoWorkStaysBounded() {
        // 300 guests known only by the agency e-mail they booked through: that key would pair all of them (44,850)
        List<PersonRecord> guests = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) guests.add(person("g" + i).email("groups@agency.com").build());
        Deduplicator.Result r = new Deduplicator(model).run(guests);
        assertThat(r.candidatePairs()).isZero();
        assertThat(r.droppedBlocks()).isEqualTo(1);
        assertThat(r.clusters()).isEmpty();
    }

    @Test
    void blockingKeysSurviveTyposAndSwaps() {
        PersonRecord a = person("a").name("SCHMIDT", "KLAUS").born("1970-04-05").postcode("80331").locality("MUENCHEN").build();
        PersonRecord b = person("b").name("KLAUS", "SCHMITT").born("1970-05-04").postcode("80331").locality("MUNCHEN").build();
        assertThat(Blocking.keys(a)).containsAnyElementsOf(Blocking.keys(b));
        assertThat(Blocking.keys(person("e").build())).isEmpty();
    }

    @Test
    void aBirthDateMeetsTheFirstLettersOfEitherName() {
        // both sounds off (MORRION / MORRISON), no given name, postcodes transposed: only the birth date and the
        // first two letters of a name part are left in common
        PersonRecord a = person("a").name("MORRION", "").born("1962-09-15").postcode("2580").build();
        PersonRecord b = person("b").name("MORRISON", "").born("1962-09-15").postcode("2508").build();
        assertThat(shared(a, b)).containsExactly("DN:1962-09-15|FMO");
        // a missing family name: the given name's first letters (SARH / SARSH WHITE)
        PersonRecord c = person("c").name("", "SARH").born("1931-07-28").postcode("2263").build();
        PersonRecord d = person("d").name("WHITE", "SARSH").born("1931-07-28").postcode("2262").build();
        assertThat(shared(c, d)).containsExactly("DN:1931-07-28|GSA");
        // each part in its place: LI PING and WANG LI, born the same day, do not meet on LI
        assertThat(shared(person("f").name("LI", "PING").born("1979-02-27").build(), person("g").name("WANG", "LI").born("1979-02-27").build()))
                .noneMatch(k -> k.startsWith("DN:"));
        // nothing without a birth date
        assertThat(Blocking.keys(person("e").name("MORRION", "").postcode("2580").build())).noneMatch(k -> k.startsWith("DN:"));
    }

    private static java.util.Set<String> shared(PersonRecord a, PersonRecord b) {
        java.util.Set<String> s = new java.util.TreeSet<>(Blocking.keys(a));
        s.retainAll(Blocking.keys(b));
        return s;
    }

    @Test
    void linkerLinksOneToOne() {
        PersonRecord l1 = person("L1").name("DUBOIS", "MARIE").born("1988-08-08").postcode("75001").build();
        PersonRecord l2 = person("L2").name("DUBOIS", "MARIE").born("1988-08-08").postcode("75001").address("3 RUE DE RIVOLI").build();
        PersonRecord r1 = person("R1").name("DUBOIS", "MARIE").born("1988-08-08").postcode("75001").address("3 RUE DE RIVOLI").build();
        Linker.Result oneToOne = new Linker(model, true).link(List.of(l1, l2), List.of(r1));
        assertThat(oneToOne.links()).hasSize(1);
        assertThat(oneToOne.links().get(0).left()).isEqualTo("L2"); // the stronger link wins
        assertThat(new Linker(model, false).link(List.of(l1, l2), List.of(r1)).links()).hasSize(2);
    }
}

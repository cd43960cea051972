package io.guestlink.identity.match;

import io.guestlink.identity.IdentityConfig;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.guestlink.identity.match.Persons.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The incremental linker's decisions on an in-memory store (both ports faked): the shipped match model
 * (config/identity.yaml), no database.
 */
class IncrementalLinkerTest {
    static final MatchConfig SHIPPED = IdentityConfig.load(Path.of("config/identity.yaml")).match();

    final IncrementalLinker linker = new IncrementalLinker(new MatchModel(SHIPPED));
    final Store store = new Store();

    static Persons johnSmith(long id) {
        return person(String.valueOf(id)).name("SMITH", "JOHN");
    }

    @Test
    void shouldMergeAtAutoMergeIntoTheOlderProfile() {
        store.linked(5, johnSmith(5).born("1980-03-14").email("john@example.com"));
        store.arrived(9, johnSmith(9).born("1980-03-14"));

        Set<Long> affected = linker.link(Set.of(9L), store, store);

        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(5L, 9L));
        assertThat(store.merges.get(0).result().score()).isGreaterThanOrEqualTo(SHIPPED.autoMerge());
        assertThat(store.reviews).isEmpty();
        assertThat(affected).containsExactly(5L);
    }

    @Test
    void shouldKeepTheOlderProfileWhenTheOlderOneArrives() {
        store.linked(7, johnSmith(7).born("1980-03-14").email("john@example.com"));
        store.arrived(3, johnSmith(3).born("1980-03-14"));

        Set<Long> affected = linker.link(Set.of(3L), store, store);

        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(3L, 7L));
        assertThat(affected).containsExactly(3L);
    }

    @Test
    void shouldFindACandidateByBirthDateAndTheFirstLettersOfAName() {
        // MORRION / MORRISON sound apart and no given name is on file: the stored birth-date-and-letters key (DN) is
        // the only one they share, and the service finds the candidate through it as the batch dedup does
        store.linked(4, person("4").name("MORRISON", "").born("1962-09-15").postcode("2580"));
        store.arrived(8, person("8").name("MORRION", "").born("1962-09-15").postcode("2508"));

        linker.link(Set.of(8L), store, store);

        assertThat(store.decided()).containsExactly(4L, 8L);
    }

    @Test
    void shouldQueueForReviewBetweenReviewAndAutoMerge() {
        // a common name (62 ZHANG WEI of 1,202 guests) and a birth date one keystroke off: something to decide on
        commonZhangWei();
        store.linked(1, person("1").name("ZHANG", "WEI").born("1985-03-12"));
        store.arrived(2, person("2").name("ZHANG", "WEI").born("1985-03-13"));

        Set<Long> affected = linker.link(Set.of(2L), store, store);

        assertThat(store.merges).isEmpty();
        assertThat(affected).isEmpty();
        assertThat(store.reviews).hasSize(1);
        Review r = store.reviews.get(0);
        assertThat(Set.of(r.a(), r.b())).containsExactlyInAnyOrder(1L, 2L);
        assertThat(r.result().decision()).isEqualTo(Decision.REVIEW);
        assertThat(r.result().score()).isGreaterThanOrEqualTo(SHIPPED.review()).isLessThan(SHIPPED.autoMerge());
    }

    @Test
    void shouldNeverMergeOnNamesAlone() {
        // a rare name agreeing, nothing else on file: the score reaches auto-merge, the pair still goes to a person
        store.linked(1, person("1").name("WATANABE", "HIROKO"));
        store.arrived(2, person("2").name("WATANABE", "HIROKO"));

        linker.link(Set.of(2L), store, store);

        assertThat(store.merges).isEmpty();
        assertThat(store.reviews).hasSize(1);
        assertThat(store.reviews.get(0).result().score()).isGreaterThanOrEqualTo(SHIPPED.autoMerge());
    }

    @Test
    void shouldTurnAMergeOnNamesAloneIntoAReview() {
        // the linker's own guard, whatever the model decided: only name fields carry weight
        MatchResult namesOnly = new MatchResult(15.0, Decision.MERGE, List.of(new FieldComparison("given", "EXACT", 7.0, "J***"),
                new FieldComparison("family", "EXACT", 8.0, "S***"), new FieldComparison("birthDate", "MISSING", 0.0, ""),
                new FieldComparison("email", "DIFFERENT", -3.0, "j***@…")), "score 15.00 >= autoMerge 12.00");
        MatchResult withEmail = new MatchResult(27.0, Decision.MERGE, List.of(new FieldComparison("given", "EXACT", 7.0, "J***"),
                new FieldComparison("family", "EXACT", 8.0, "S***"), new FieldComparison("email", "EXACT", 12.0, "j***@…")), "score 27.00");

        MatchResult downgraded = IncrementalLinker.namesAloneNeverMerge(namesOnly);

        assertThat(downgraded.decision()).isEqualTo(Decision.REVIEW);
        assertThat(downgraded.rule()).startsWith("names alone never merge: ");
        assertThat(downgraded.score()).isEqualTo(15.0);
        assertThat(IncrementalLinker.namesAloneNeverMerge(withEmail)).isEqualTo(withEmail);
    }

    @Test
    void shouldNotMergeAPairDeclaredDistinct() {
        store.linked(5, johnSmith(5).born("1980-03-14").email("john@example.com"));
        store.arrived(9, johnSmith(9).born("1980-03-14"));
        store.distinct.add(ProfilePair.of(5, 9));

        Set<Long> affected = linker.link(Set.of(9L), store, store);

        assertThat(store.merges).isEmpty();
        assertThat(store.reviews).isEmpty();
        assertThat(affected).isEmpty();
    }

    @Test
    void shouldNotMergeIntoAClusterWithAMemberDeclaredDistinct() {
        store.linked(4, johnSmith(4).born("1980-03-14").email("john@example.com"));
        store.linked(5, johnSmith(5).born("1980-03-14"));
        store.mergedInto.put(5L, 4L);
        store.arrived(9, johnSmith(9).born("1980-03-14"));
        store.distinct.add(ProfilePair.of(5, 9)); // an unmerge once split 9 from 5

        linker.link(Set.of(9L), store, store);

        assertThat(store.merges).isEmpty();
        assertThat(store.reviews).isEmpty();
    }

    @Test
    void shouldSkipABlockingKeyHeldByMoreThanTheBlockSize() {
        // four more SMITH JOHNs born in 1980: the name key and the name+year key are held by five profiles
        store.linked(1, johnSmith(1).born("1980-01-01").phone("+66812345678"));
        for (long id = 2; id <= 4; id++) store.linked(id, johnSmith(id).born("1980-03-1" + id)); // one digit off 10's
        store.arrived(10, johnSmith(10).born("1980-03-15").phone("+66812345678"));
        Store control = store.copy();

        new IncrementalLinker(new MatchModel(SHIPPED.withMaxBlockSize(3))).link(Set.of(10L), store, store);
        linker.link(Set.of(10L), control, control); // block size 100: every SMITH JOHN is a candidate

        assertThat(store.holdersAskedAtMost).isEqualTo(4); // enough to know a key is too common, never all its holders
        assertThat(store.decided()).containsExactlyInAnyOrder(1L, 10L); // only through the phone, a key of two holders
        assertThat(control.decided()).contains(2L, 3L, 4L);
    }

    @Test
    void shouldScoreAtMostTheCandidatesSharingTheMostKeys() {
        // twelve stored SMITH JOHNs born the same day: four shared keys each; profile 12 also shares the phone
        for (long id = 1; id <= 11; id++) store.linked(id, johnSmith(id).born("1980-03-14"));
        store.linked(12, johnSmith(12).born("1980-03-14").phone("+66812345678"));
        store.arrived(100, johnSmith(100).born("1980-03-14").phone("+66812345678"));

        linker.link(Set.of(100L), store, store);

        assertThat(IncrementalLinker.MAX_CANDIDATES).isEqualTo(10);
        // the most shared keys first (12), then the older profiles (1..9); 10 and 11 are never scored
        Set<Long> expected = new TreeSet<>(List.of(12L, 100L));
        LongStream.rangeClosed(1, 9).forEach(expected::add);
        assertThat(store.decided()).isEqualTo(expected);
    }

    /**
     * Issue 16: the same common name with a birth date one digit off scored over autoMerge in the service, which
     * counted no names. The linker now indexes each profile's name keys and the store counts them: among 1,200
     * guests with 62 ZHANG WEI the pair is a question for a person; in a store that cannot count names it merges.
     */
    @Test
    void shouldWeighACommonNameByTheStoreCountsWhenLinking() {
        for (int i = 0; i < 1140; i++) store.linked(10_000 + i, person("o" + i).name("X" + letters(i), "Y" + letters(i + 7)).born("1960-01-01"));
        for (int i = 0; i < 60; i++) store.linked(20_000 + i, person("z" + i).name("ZHANG", "WEI").born((1950 + i % 30) + "-06-01"));
        store.linked(5, person("5").name("ZHANG", "WEI").born("1985-03-12"));
        store.arrived(6, person("6").name("ZHANG", "WEI").born("1985-03-13"));
        Store uncounted = store.copy();
        store.countNames = true;

        linker.link(Set.of(6L), store, store);
        linker.link(Set.of(6L), uncounted, uncounted);

        assertThat(store.merges).isEmpty();
        Review r = store.reviews.stream().filter(x -> Set.of(x.a(), x.b()).equals(Set.of(5L, 6L))).findFirst().orElseThrow();
        assertThat(r.result().evidence().stream().filter(c -> c.field().equals("family")).findFirst().orElseThrow().note())
                .contains("common name: 62 of 1202 hold it");
        assertThat(uncounted.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(5L, 6L));
    }

    @Test
    void shouldNotFileAPairOnlyTheirCommonNameBringsTogether() {
        // 62 ZHANG WEI in a store of 1,202: two of them with nothing else agreeing (no birth date on one side, phones
        // different) are no question a person could answer; with the same birth date they are one
        for (int i = 0; i < 1140; i++) store.linked(10_000 + i, person("o" + i).name("X" + letters(i), "Y" + letters(i + 7)).born("1960-01-01"));
        for (int i = 0; i < 60; i++) store.linked(20_000 + i, person("z" + i).name("ZHANG", "WEI").born((1950 + i % 30) + "-06-01"));
        store.linked(5, person("5").name("ZHANG", "WEI").phone("+8613912345678").born("1985-03-12"));
        store.linked(7, person("7").name("ZHANG", "WEI").phone("+8613987654321").born("1991-11-30"));
        store.arrived(6, person("6").name("ZHANG", "WEI").phone("+8613800001111"));
        store.countNames = true;

        linker.link(Set.of(6L), store, store);

        assertThat(store.merges).isEmpty();
        assertThat(store.reviews).isEmpty();
        // a rare name in the same store, phones different and nothing else: still a question (a person can ask)
        Store rare = store.copy();
        rare.countNames = true;
        rare.linked(8, person("8").name("KOWALSKA", "AGNIESZKA").phone("+48601234567").born("1979-02-11"));
        rare.arrived(9, person("9").name("KOWALSKA", "AGNIESZKA").phone("+48609876543"));
        linker.link(Set.of(9L), rare, rare);
        assertThat(rare.merges).isEmpty();
        assertThat(rare.reviews).extracting(r -> ProfilePair.of(r.a(), r.b())).containsExactly(ProfilePair.of(8, 9));
    }

    /** 1,140 guests of other names and 60 ZHANG WEI born on other days, names counted as in the store. */
    private void commonZhangWei() {
        for (int i = 0; i < 1140; i++) store.linked(10_000 + i, person("o" + i).name("X" + letters(i), "Y" + letters(i + 7)).born("1960-01-01"));
        for (int i = 0; i < 60; i++) store.linked(20_000 + i, person("z" + i).name("ZHANG", "WEI").born((1950 + i % 30) + "-06-01"));
        store.countNames = true;
    }

    private static String letters(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3; i++, n /= 26) b.append((char) ('A' + n % 26));
        return b.toString();
    }

    @Test
    void shouldNotJoinTwoIdCardsThroughAProfileWithoutOne() {
        // A (card 1) and B (no card) are one guest already; C (card 2) shares B's phone: the pair scores a merge,
        // the joined guest would hold two ID cards
        store.linked(1, person("1").name("ZHANG", "MIN").born("1955-08-12").gender("F").document("ID_CARD|CN|" + "a".repeat(64)));
        store.linked(2, person("2").name("ZHANG", "MIN").born("1955-08-12").gender("F").phone("+8612295831987"));
        store.mergedInto.put(2L, 1L);
        store.arrived(3, person("3").name("ZHANG", "MIN").born("1955-08-12").gender("F").phone("+8612295831987")
                .document("ID_CARD|CN|" + "b".repeat(64)));

        linker.link(Set.of(3L), store, store);

        assertThat(store.merges).isEmpty();
        assertThat(store.reviews).isNotEmpty().allSatisfy(r -> {
            assertThat(Set.of(r.a(), r.b())).containsExactlyInAnyOrder(1L, 3L);
            assertThat(r.result().score()).isGreaterThanOrEqualTo(SHIPPED.autoMerge());
            assertThat(r.result().rule()).contains("cannot link").contains("two ID_CARD CN");
        });
    }

    @Test
    void shouldJoinTheGuestAPhoneVouchesForBeforeANamesakeOfTheSameBirthDate() {
        // 1: a namesake born the same day (her own card); 2: the arriving guest's own earlier profile (her phone, her
        // card, no birth date on file). The namesake shares more blocking keys (name and date) and comes first
        store.linked(1, person("1").name("ZHANG", "MIN").born("1955-08-12").gender("F").document("ID_CARD|CN|" + "a".repeat(64)));
        store.linked(2, person("2").name("ZHANG", "MIN").gender("F").phone("+8612295831987").document("ID_CARD|CN|" + "b".repeat(64)));
        store.arrived(3, person("3").name("ZHANG", "MIN").born("1955-08-12").gender("F").phone("+8612295831987"));

        linker.link(Set.of(3L), store, store);

        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(2L, 3L));
        // the namesake is then weighed against the joined guest, whose card differs from hers: a person decides
        assertThat(store.reviews).isNotEmpty().allSatisfy(r -> assertThat(Set.of(r.a(), r.b())).containsExactlyInAnyOrder(1L, 2L));
    }

    @Test
    void shouldJoinEveryGuestsOwnRecordsBeforeWeighingAnyoneOnNameAndBirthDate() {
        // two LIU YANG born the same day. 1: one of them (passport a, his e-mail); 2 and 3: the other, his ID card
        // record and his passport record (passport c), one phone. 1 is decided first: against 2 alone (a card
        // against a passport: not comparable) name and date merged him, and 3 followed on its phone. Joined first,
        // 2 and 3 are a guest whose passport differs from 1's
        store.arrived(1, person("1").name("LIU", "YANG").born("1990-10-17").gender("M").email("251446485@example.com")
                .document("PASSPORT|CN|" + "a".repeat(64)));
        store.arrived(2, person("2").name("LIU", "YANG").born("1990-10-17").gender("M").phone("+8613912345678")
                .document("ID_CARD|CN|" + "b".repeat(64)));
        store.arrived(3, person("3").name("LIU", "YANG").gender("M").phone("+8613912345678").email("643661147@example.cn")
                .document("PASSPORT|CN|" + "c".repeat(64)));

        linker.link(Set.of(1L, 2L, 3L), store, store);

        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(2L, 3L));
        assertThat(store.reviews).isNotEmpty().allSatisfy(r -> {
            assertThat(Set.of(r.a(), r.b())).containsExactlyInAnyOrder(1L, 2L);
            assertThat(r.result().rule()).contains("a document of one kind differs");
        });
    }

    @Test
    void shouldWeighAGuestByTheBirthDateOfHisRecordsThatAgreesBest() {
        // one guest: 2 and 5 (a booking engine, day and month swapped) and 3 (his passport record, the date right),
        // one e-mail. 4, his ID card record, gives the right date: against the date most of the guest's records give,
        // a near date beside a name the store holds for many (60 ZHANG WEI) proves nothing
        commonZhangWei();
        store.linked(2, person("2").name("ZHANG", "WEI").born("1985-12-03").gender("M").email("zw1985@example.com"));
        store.linked(5, person("5").name("ZHANG", "WEI").born("1985-12-03").gender("M").email("zw1985@example.com"));
        store.linked(3, person("3").name("ZHANG", "WEI").born("1985-03-12").gender("M").email("zw1985@example.com")
                .document("PASSPORT|CN|" + "a".repeat(64)));
        store.mergedInto.put(3L, 2L);
        store.mergedInto.put(5L, 2L);
        store.arrived(4, person("4").name("ZHANG", "WEI").born("1985-03-12").gender("M").document("ID_CARD|CN|" + "b".repeat(64)));

        linker.link(Set.of(4L), store, store);

        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(2L, 4L));
        assertThat(store.merges.get(0).result().evidence()).filteredOn(f -> f.field().equals("birthDate"))
                .singleElement().satisfies(f -> assertThat(f.level()).isEqualTo("EXACT"));
    }

    @Test
    void shouldMakeOnlyTheVouchedMergesInTheFirstPassAlone() {
        // the identity worker's sweep over its queue: the phone's merge, not the name-and-date one, and no review
        store.arrived(1, person("1").name("LIU", "YANG").born("1990-10-17").gender("M"));
        store.arrived(2, person("2").name("LIU", "YANG").born("1990-10-17").gender("M").phone("+8613912345678"));
        store.arrived(3, person("3").name("LIU", "YANG").gender("M").phone("+8613912345678"));
        Set<Long> all = Set.of(1L, 2L, 3L);
        linker.index(all, store);

        Set<Long> affected = linker.mergeVouched(all, store, store);

        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(2L, 3L));
        assertThat(store.reviews).isEmpty();
        assertThat(affected).containsExactly(2L);
    }

    @Test
    void shouldNotChooseBetweenTwoGuestsAProfileFitsOnNameAndBirthDateAlone() {
        // two WANG WEI born the same day, each with his own ID card (two guests); a third profile with nothing but the
        // name and that date fits both: it cannot say which, so neither merge is made
        store.linked(1, person("1").name("WANG", "WEI").born("1946-05-02").gender("M").document("ID_CARD|CN|" + "a".repeat(64)));
        store.linked(2, person("2").name("WANG", "WEI").born("1946-05-02").gender("M").document("ID_CARD|CN|" + "b".repeat(64)));
        store.arrived(3, person("3").name("WANG", "WEI").born("1946-05-02").gender("M").email("zhangxue39@example.cn"));

        linker.link(Set.of(3L), store, store);

        assertThat(store.merges).isEmpty();
        assertThat(store.reviews).extracting(r -> Set.of(r.a(), r.b())).contains(Set.of(1L, 3L), Set.of(2L, 3L));
        assertThat(store.reviews).filteredOn(r -> !r.result().rule().contains("cannot link"))
                .allSatisfy(r -> assertThat(r.result().rule()).contains("fits another guest as well"));
    }

    @Test
    void shouldNotJoinAProfileToAGuestWhoseOwnPhoneLeadsToAnotherIdCard() {
        // 2 (no card) and 4 (card b) share a phone: one guest, not merged yet. 1, a namesake born the same day with
        // card a, fits 2 on name and date alone; joined, 2's own guest could never follow
        store.linked(2, person("2").name("LI", "WEI").born("1945-04-29").gender("M").phone("+8614073744428"));
        store.linked(4, person("4").name("LI", "WEI").born("1945-04-29").gender("M").phone("+8614073744428")
                .document("ID_CARD|CN|" + "b".repeat(64)));
        store.arrived(1, person("1").name("LI", "WEI").born("1945-04-29").gender("M").document("ID_CARD|CN|" + "a".repeat(64)));

        linker.link(Set.of(1L), store, store);

        assertThat(store.merges).isEmpty();
        assertThat(store.reviews).extracting(r -> Set.of(r.a(), r.b())).contains(Set.of(1L, 2L));
        assertThat(store.reviews).filteredOn(r -> Set.of(r.a(), r.b()).equals(Set.of(1L, 2L)))
                .allSatisfy(r -> assertThat(r.result().rule()).contains("join it to a guest it cannot be one with"));
    }

    @Test
    void shouldMergeTransitivelyWithinABatch() {
        store.linked(1, johnSmith(1).email("john@example.com"));
        store.arrived(2, johnSmith(2).email("john@example.com").phone("+66812345678"));
        store.arrived(3, johnSmith(3).phone("+66812345678"));

        Set<Long> affected = linker.link(Set.of(2L, 3L), store, store);

        // 3 joins the cluster 2 already joined: merged into its root 1, not into 2
        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed)
                .containsExactly(tuple(1L, 2L), tuple(1L, 3L));
        assertThat(store.reviews).isEmpty(); // 3 and 1 share only a name, but are one cluster by then
        assertThat(affected).containsExactly(1L);
    }

    @Test
    void shouldDropAReviewALaterMergeAnswered() {
        commonZhangWei();
        store.linked(1, person("1").name("ZHANG", "WEI").born("1985-03-12").email("wei@example.com"));
        store.arrived(10, person("10").name("ZHANG", "WEI").born("1985-03-13").phone("+66812345678"));
        Store control = store.copy();
        control.countNames = true;
        store.arrived(11, person("11").name("ZHANG", "WEI").email("wei@example.com").phone("+66812345678"));

        linker.link(Set.of(10L), control, control);
        linker.link(Set.of(10L, 11L), store, store);

        // alone, 10 and 1 are a question for a person
        assertThat(control.reviews).extracting(r -> ProfilePair.of(r.a(), r.b())).containsExactly(ProfilePair.of(1, 10));
        // 11 shares a phone with 10 and an e-mail with 1: the batch merges all three, the question is moot
        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed)
                .containsExactly(tuple(10L, 11L), tuple(1L, 10L));
        assertThat(store.reviews).isEmpty();
    }

    @Test
    void shouldDecideFromWhatWasReadAheadAsFromTheStore() {
        store.linked(5, johnSmith(5).born("1980-03-14").email("john@example.com"));
        store.arrived(9, johnSmith(9).born("1980-03-14").email("john@example.com"));
        store.linked(13, person("13").name("WONG", "MEI").born("1990-01-01").phone("+66812345678"));
        store.arrived(12, person("12").name("WONG", "MEI").born("1990-01-01").phone("+66812345678"));
        linker.index(Set.of(9L, 12L), store);
        Store control = store.copy();
        Store claimedPart = store.copy();
        linker.linkIndexed(Set.of(9L, 12L), control, control);

        IncrementalLinker.ReadAhead ahead = linker.readAhead(Set.of(9L, 12L), store);
        IncrementalLinker.ReadAhead aheadOfPart = linker.readAhead(Set.of(9L, 12L), claimedPart);
        // from here on the stores find no candidates: only what was read ahead knows them
        store.blocks.clear();
        claimedPart.blocks.clear();
        linker.linkIndexed(Set.of(9L, 12L), store, store, ahead);
        // another node claimed profile 12 of the round: 9 is decided alone, from the same read-ahead
        linker.linkIndexed(Set.of(9L), claimedPart, claimedPart, aheadOfPart);

        assertThat(control.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(5L, 9L), tuple(12L, 13L));
        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(5L, 9L), tuple(12L, 13L));
        assertThat(claimedPart.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(5L, 9L));
    }

    @Test
    void shouldDecideTheSecondPassFromTheCandidatesTheFirstFound() {
        // the identity worker's two passes over its queue: the second takes the candidate lists the first found, kept
        // by the source, and does not look the blocking index up again
        store.keptCandidates = new HashMap<>();
        store.linked(5, johnSmith(5).born("1980-03-14").email("john@example.com"));
        store.arrived(9, johnSmith(9).born("1980-03-14"));
        linker.index(Set.of(9L), store);
        linker.mergeVouched(Set.of(9L), store, store);
        assertThat(store.merges).isEmpty(); // nothing vouches for it: a second-pass decision
        assertThat(store.keptCandidates).containsEntry(9L, List.of(5L));

        store.blocks.clear(); // from here on the index finds no one: only the kept lists know profile 5
        linker.linkIndexed(Set.of(9L), store, store);

        assertThat(store.merges).extracting(Merge::survivor, Merge::absorbed).containsExactly(tuple(5L, 9L));
    }

    record Merge(long survivor, long absorbed, MatchResult result) {
    }

    record Review(long a, long b, MatchResult result) {
    }

    /** The store, in memory: sources, stored records, the blocking index, clusters and distinct pairs; it hears decisions. */
    static final class Store implements CandidateSource, LinkListener {
        final Map<Long, PersonRecord> sources = new HashMap<>();
        final Map<Long, PersonRecord> stored = new HashMap<>();
        final Map<Long, Set<String>> blocks = new TreeMap<>();
        final Map<Long, Long> mergedInto = new HashMap<>();
        final Set<ProfilePair> distinct = new HashSet<>();
        final List<Merge> merges = new ArrayList<>();
        final List<Review> reviews = new ArrayList<>();
        int holdersAskedAtMost = -1;
        /** Candidate lists kept between passes, as the store keeps them for a drain; null: none kept. */
        Map<Long, List<Long>> keptCandidates;

        @Override
        public Map<Long, List<Long>> candidatesKept(Set<Long> profiles) {
            if (keptCandidates == null || !keptCandidates.keySet().containsAll(profiles)) return null;
            Map<Long, List<Long>> out = new HashMap<>();
            for (long p : profiles) out.put(p, keptCandidates.get(p));
            return out;
        }

        @Override
        public void keepCandidates(Set<Long> profiles, Map<Long, List<Long>> found) {
            if (keptCandidates == null) return;
            for (long p : profiles) keptCandidates.put(p, found.getOrDefault(p, List.of()));
        }

        /** A profile linked before: its record stored and its keys indexed, as a linker leaves them. */
        void linked(long id, Persons p) {
            PersonRecord r = p.build();
            sources.put(id, r);
            Set<String> keys = hashed(r);
            keys.addAll(IncrementalLinker.nameKeys(r));
            index(Map.of(id, keys), Map.of(id, r));
        }

        /** Whether {@link #frequency} counts names (term frequency) as profile_block does: off by default. */
        boolean countNames;

        /** A profile whose sources arrived in this batch: never indexed yet. */
        void arrived(long id, Persons p) {
            sources.put(id, p.build());
        }

        Store copy() {
            Store s = new Store();
            s.sources.putAll(sources);
            s.stored.putAll(stored);
            blocks.forEach((id, k) -> s.blocks.put(id, new LinkedHashSet<>(k)));
            s.mergedInto.putAll(mergedInto);
            s.distinct.addAll(distinct);
            return s;
        }

        /** Every profile a merge or a review named. */
        Set<Long> decided() {
            Set<Long> out = new TreeSet<>();
            merges.forEach(m -> out.addAll(List.of(m.survivor(), m.absorbed())));
            reviews.forEach(r -> out.addAll(List.of(r.a(), r.b())));
            return out;
        }

        static Set<String> hashed(PersonRecord r) {
            return Blocking.keys(r).stream().map(DigestUtils::sha1Hex).collect(Collectors.toCollection(LinkedHashSet::new));
        }

        @Override
        public Map<Long, PersonRecord> fromSources(Collection<Long> profiles) {
            Map<Long, PersonRecord> out = new HashMap<>();
            for (long id : profiles) if (sources.containsKey(id)) out.put(id, sources.get(id));
            return out;
        }

        @Override
        public void index(Map<Long, Set<String>> keys, Map<Long, PersonRecord> records) {
            keys.forEach((id, k) -> blocks.put(id, new LinkedHashSet<>(k)));
            stored.putAll(records);
        }

        @Override
        public Map<String, List<Long>> holders(Set<String> keys, int atMost) {
            holdersAskedAtMost = atMost;
            Map<String, List<Long>> out = new HashMap<>();
            blocks.forEach((id, held) -> {
                for (String k : held) {
                    if (!keys.contains(k)) continue;
                    List<Long> h = out.computeIfAbsent(k, x -> new ArrayList<>());
                    if (h.size() < atMost) h.add(id);
                }
            });
            return out;
        }

        @Override
        public Map<Long, Long> roots(Collection<Long> profiles) {
            Map<Long, Long> out = new HashMap<>();
            for (long id : profiles) out.put(id, mergedInto.getOrDefault(id, id));
            return out;
        }

        @Override
        public Map<Long, List<Long>> members(Collection<Long> roots) {
            Map<Long, List<Long>> out = new HashMap<>();
            for (long root : roots) {
                List<Long> m = new ArrayList<>(List.of(root));
                mergedInto.forEach((id, into) -> {
                    if (into == root) m.add(id);
                });
                out.put(root, m);
            }
            return out;
        }

        @Override
        public Map<Long, PersonRecord> records(Collection<Long> profiles) {
            Map<Long, PersonRecord> out = new HashMap<>();
            for (long id : profiles) if (stored.containsKey(id)) out.put(id, stored.get(id));
            return out;
        }

        @Override
        public Set<ProfilePair> distinctPairs(Collection<Long> profiles) {
            Set<ProfilePair> out = new HashSet<>();
            for (ProfilePair p : distinct) if (profiles.contains(p.lo()) || profiles.contains(p.hi())) out.add(p);
            return out;
        }

        /** How many live profiles hold each e-mail and phone, as profile_contact counts them. */
        @Override
        public ValueFrequency frequency(Collection<PersonRecord> records) {
            Map<String, Set<Long>> emails = new HashMap<>(), phones = new HashMap<>();
            sources.forEach((id, r) -> {
                long root = mergedInto.getOrDefault(id, id);
                r.emails().forEach(e -> emails.computeIfAbsent(e, x -> new HashSet<>()).add(root));
                r.phones().forEach(p -> phones.computeIfAbsent(p, x -> new HashSet<>()).add(root));
            });
            long population = countNames ? blocks.size() : 0;
            return new ValueFrequency() {
                public int holders(String field, String value) {
                    return switch (field) {
                        case "email" -> emails.getOrDefault(value, Set.of()).size();
                        case "phone" -> phones.getOrDefault(value, Set.of()).size();
                        case "family", "given" -> countNames ? (int) blocks.values().stream()
                                .filter(k -> k.contains(IncrementalLinker.nameKey(field, value))).count() : 0;
                        default -> 0;
                    };
                }

                public long population() {
                    return population;
                }
            };
        }

        @Override
        public void merged(long survivor, long absorbed, MatchResult result) {
            merges.add(new Merge(survivor, absorbed, result));
            mergedInto.replaceAll((id, into) -> into == absorbed ? survivor : into);
            mergedInto.put(absorbed, survivor);
        }

        @Override
        public void review(long a, long b, MatchResult result) {
            reviews.add(new Review(a, b, result));
        }
    }
}

package io.guestlink.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-script set's truth is what the benchmark scores against: it must say what the generator made. Beside the
 * generator in src/bench, so it runs with the bench profile ({@code ./mvnw -Pbench test -Dtest=CrossScriptGuestsTest}).
 */
class CrossScriptGuestsTest {

    private static final CrossScriptGuests.Data DATA = CrossScriptGuests.generate(2_000, 1);

    @Test
    void shouldMakeHouseholdsOfTwoPersonsSharingAContact() {
        long households = 0;
        for (Map.Entry<Long, CrossScriptGuests.Relation> e : DATA.relations().entrySet()) {
            int a = (int) (e.getKey() >>> 32), b = (int) (long) e.getKey();
            assertThat(a).as("a designed pair is two persons").isNotEqualTo(b);
            if (e.getValue() != CrossScriptGuests.Relation.HOUSEHOLD) continue;
            households++;
            CrossScriptGuests.Person x = DATA.persons().get(a), y = DATA.persons().get(b);
            boolean shared = (x.email != null && x.email.equals(y.email)) || (x.phone != null && x.phone.equals(y.phone));
            assertThat(shared).as("household %d/%d shares an e-mail or phone", a, b).isTrue();
            assertThat(x.birth).as("a couple is two birth dates apart or not; the given names differ").isNotNull();
            assertThat(x.reading()).isNotEqualTo(y.reading());
        }
        assertThat(households).isEqualTo(100); // 5% of 2,000 persons, in pairs
    }

    @Test
    void shouldMakeOneDigitTwinsWithTheSameNameAndABirthDateOneDigitOff() {
        long twins = 0;
        for (Map.Entry<Long, CrossScriptGuests.Relation> e : DATA.relations().entrySet()) {
            if (e.getValue() != CrossScriptGuests.Relation.DOB_DIGIT) continue;
            twins++;
            CrossScriptGuests.Person x = DATA.persons().get((int) (e.getKey() >>> 32)), y = DATA.persons().get((int) (long) e.getKey());
            assertThat(y.reading()).isEqualTo(x.reading());
            assertThat(CrossScriptGuests.dobRelation(x.birth, y.birth)).isIn("birth date one digit off", "birth date day/month swapped");
        }
        assertThat(twins).isPositive();
    }

    @Test
    void shouldGiveEachSourceProfileOnePersonAndEachConfirmationOneRecord() {
        Map<String, Integer> personOfUnit = new HashMap<>();
        Map<String, Integer> confirmations = new HashMap<>();
        for (CrossScriptGuests.Rec r : DATA.records()) {
            Integer before = personOfUnit.putIfAbsent(r.unit(), r.person);
            assertThat(before == null || before == r.person).as("guest key %s holds one person", r.unit()).isTrue();
            assertThat(confirmations.merge(r.confirmation, 1, Integer::sum)).isEqualTo(1);
        }
        assertThat(personOfUnit.values().stream().distinct().count()).isEqualTo(DATA.persons().size());
    }

    @Test
    void shouldWriteValidResidentIdNumbers() {
        for (CrossScriptGuests.Person p : DATA.persons()) {
            if (p.idCard == null) continue;
            assertThat(p.idCard).hasSize(18).contains(p.birth.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE));
            assertThat(p.idCard.charAt(17)).isEqualTo(CrossScriptGuests.idCheck(p.idCard.substring(0, 17)));
        }
    }

    @Test
    void shouldBeTheSameForTheSameSeedAndKeepTheTruthOutOfTheFiles(@TempDir Path dir) throws Exception {
        CrossScriptGuests.Data again = CrossScriptGuests.generate(2_000, 1);
        assertThat(again.records()).hasSameSizeAs(DATA.records());
        for (int i = 0; i < DATA.records().size(); i++) assertThat(again.records().get(i).values).isEqualTo(DATA.records().get(i).values);

        CrossScriptGuests.Files3 files = CrossScriptGuests.write(DATA, dir);
        List<String> cn = Files.readAllLines(files.cnpms(), Charset.forName("GBK"));
        assertThat(cn.get(0)).startsWith("预订号,客人编号,姓名");
        assertThat(cn).anyMatch(l -> l.contains("身份证"));
        long han = DATA.records().stream().filter(r -> r.sys == CrossScriptGuests.Sys.CNPMS && r.han()).count();
        assertThat(han).isPositive();
        String all = Files.readString(files.opera()) + Files.readString(files.crs());
        assertThat(all).contains("MRS").contains("\"lastName\"").doesNotContain("person");
    }
}

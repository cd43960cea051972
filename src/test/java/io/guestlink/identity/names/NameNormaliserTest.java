package io.guestlink.identity.names;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class NameNormaliserTest {

    private static final NameNormaliser NORMALISER = new NameNormaliser();

    private static NameResult full(String name) {
        return normalise(null, null, name);
    }

    /** The readings as Latin alone: most cases here are about the reading; {@link Han#theHanSurnameIsKeptAsWritten} about the writing. */
    private static NameResult normalise(String family, String given, String full) {
        NameResult r = NORMALISER.normalise(family, given, full);
        return r.usable() ? new NameResult(r.readings().stream().map(ComparableName::latin).toList(), null) : r;
    }

    private static ComparableName name(String family, String given) {
        return new ComparableName(family, given);
    }

    /** True when the two results have a reading in common: what the scorer needs to see them as one person. */
    private static boolean shareReading(NameResult a, NameResult b) {
        Set<ComparableName> common = new HashSet<>(a.readings());
        common.retainAll(b.readings());
        return !common.isEmpty();
    }

    @Nested
    class AcceptanceStory {

        @Test
        void operaLayoutGivesFamilyFirstAndNoSwap() {
            assertThat(full("YU/MING MR").readings()).containsExactly(name("YU", "MING"));
        }

        @Test
        void chineseChannelNameIsSplitFamilyFirst() {
            assertThat(full("于明").readings()).containsExactly(name("YU", "MING"));
        }

        @Test
        void posNameInWesternOrderOffersBothOrders() {
            assertThat(full("Ming Yu").readings()).containsExactly(name("YU", "MING"), name("MING", "YU"));
        }

        @Test
        void allThreeSpellingsShareAReading() {
            NameResult opera = full("YU/MING MR");
            NameResult channel = full("于明");
            NameResult pos = full("Ming Yu");
            assertThat(shareReading(opera, channel)).isTrue();
            assertThat(shareReading(channel, pos)).isTrue();
            assertThat(shareReading(opera, pos)).isTrue();
        }

        @Test
        void splitFieldsAgreeWithTheFullName() {
            assertThat(normalise("于", "明", null).readings()).containsExactly(name("YU", "MING"));
            assertThat(normalise(null, "于明", null).readings()).containsExactly(name("YU", "MING"));
            assertThat(normalise("YU", "MING", "ignored when split").readings())
                    .containsExactly(name("YU", "MING"), name("MING", "YU"));
        }

        @Test
        void differentPeopleWithOneNameAreNotTellableApartByName() {
            // Thirty guests called Zhang Wei: the normaliser gives them all the same reading, so other evidence
            // (documents, birth date, phone) must decide; a name alone can never be a merge key.
            assertThat(full("张伟").readings()).containsExactly(name("ZHANG", "WEI"));
            assertThat(full("ZHANG/WEI MR").readings()).containsExactly(name("ZHANG", "WEI"));
        }
    }

    @Nested
    class Han {

        @Test
        void theHanSurnameIsKeptAsWritten() {
            assertThat(NORMALISER.normalise(null, null, "張偉").readings()).extracting(ComparableName::hanFamily).containsExactly("张");
            assertThat(NORMALISER.normalise(null, null, "欧阳娜娜").readings()).extracting(ComparableName::hanFamily).containsExactly("欧阳");
            assertThat(NORMALISER.normalise(null, null, "ZHANG/WEI MR").readings()).extracting(ComparableName::hanFamily).containsExactly("");
            assertThat(NORMALISER.normalise(null, null, "許偉").primary().latin()).isEqualTo(new ComparableName("XU", "WEI"));
        }

        @ParameterizedTest(name = "{0} → {1} {2}")
        @CsvSource({
                "于明,     YU,        MING",
                "曾志伟,   ZENG,      ZHIWEI",   // ICU's Han-Latin alone says CENG
                "单田芳,   SHAN,      TIANFANG", // not DAN
                "欧阳娜娜, OUYANG,    NANA",
                "歐陽娜娜, OUYANG,    NANA",     // traditional characters
                "司马光,   SIMA,      GUANG",
                "诸葛亮,   ZHUGE,     LIANG",
                "长孙无忌, ZHANGSUN,  WUJI",     // not CHANGSUN
                "尉迟恭,   YUCHI,     GONG",     // not WEICHI
                "万俟卨,   MOQI,      XIE",      // not WANQI
                "覃志明,   QIN,       ZHIMING",  // ICU: TAN
                "缪小平,   MIAO,      XIAOPING", // ICU: MOU
                "朴树,     PIAO,      SHU",      // ICU: PU
                "仇英,     QIU,       YING",
                "区家麟,   OU,        JIALIN",
                "查良镛,   ZHA,       LIANGYONG",
                "解缙,     XIE,       JIN",
                "翟天临,   ZHAI,      TIANLIN",
                "吕布,     LU,        BU",
                "张伟,     ZHANG,     WEI",
        })
        void fullNamesSplitFamilyFirstWithSurnameReadings(String han, String family, String given) {
            assertThat(full(han).readings()).containsExactly(name(family, given));
        }

        @Test
        void surnameReadingAppliesOnlyToTheFamilyName() {
            // 单 in a given name is read DAN; only the family name takes the surname reading SHAN.
            assertThat(full("王单").readings()).containsExactly(name("WANG", "DAN"));
        }

        @Test
        void twoCharacterNameStartingLikeACompoundIsSurnamePlusGivenName() {
            // 东方 is a compound surname, but a two-character name is a surname and a given name.
            assertThat(full("东方").readings()).containsExactly(name("DONG", "FANG"));
            assertThat(full("东方明").readings()).containsExactly(name("DONGFANG", "MING"));
        }

        @Test
        void spacedHanNameIsFamilyFirst() {
            assertThat(full("王 小明").readings()).containsExactly(name("WANG", "XIAOMING"));
        }

        @Test
        void singleCharacterWithTitleIsAFamilyName() {
            assertThat(full("于先生").readings()).containsExactly(name("YU", ""));
            assertThat(full("曾女士").readings()).containsExactly(name("ZENG", ""));
        }

        @Test
        void foreignNameWrittenInHanIsGivenFirstWithBothOrders() {
            // 约翰·史密斯 is John Smith in Chinese characters; the middle dot marks Western order.
            assertThat(full("约翰·史密斯").readings()).first().isEqualTo(name("SHIMISI", "YUEHAN"));
            assertThat(full("约翰·史密斯").readings()).hasSize(2);
        }

        @Test
        void fullWidthLatinIsFolded() {
            assertThat(full("ＹＵ／ＭＩＮＧ").readings()).containsExactly(name("YU", "MING"));
        }
    }

    @Nested
    class OrderAndLayout {

        @Test
        void commaMeansFamilyFirst() {
            assertThat(full("YU, MING").readings()).containsExactly(name("YU", "MING"));
        }

        @Test
        void slashMeansFamilyFirst() {
            assertThat(full("SMITH/JOHN PAUL MR").readings()).containsExactly(name("SMITH", "JOHN PAUL"));
        }

        @Test
        void westernFullNameTakesLastWordAsFamilyFirstThenTheOtherWay() {
            assertThat(full("John Paul Smith").readings())
                    .containsExactly(name("SMITH", "JOHN PAUL"), name("JOHN", "PAUL SMITH"));
        }

        @Test
        void structuredLatinNameIsAlsoTriedSwapped() {
            // Chinese guests often type their family name into the first-name field of a booking engine.
            NameResult swappedByGuest = normalise("MING", "YU", null);
            assertThat(swappedByGuest.readings()).contains(name("YU", "MING"));
            assertThat(shareReading(swappedByGuest, full("于明"))).isTrue();
        }

        @Test
        void titleAloneWithOneWordMakesItTheFamilyName() {
            assertThat(full("MR YU").readings()).containsExactly(name("YU", ""));
        }

        @Test
        void oneWordWithoutTitleMayBeEitherName() {
            assertThat(full("Smith").readings()).containsExactly(name("SMITH", ""), name("", "SMITH"));
        }

        @Test
        void sameFamilyAndGivenGivesOneReading() {
            assertThat(full("LI LI").readings()).containsExactly(name("LI", "LI"));
        }
    }

    @Nested
    class LatinClean {

        @ParameterizedTest(name = "{0} → {1} {2}")
        @CsvSource(delimiter = ';', value = {
                "O'Brien, Seán;          OBRIEN;      SEAN",
                "O’Brien/Sean;           OBRIEN;      SEAN",
                "Núñez/José;             NUNEZ;       JOSE",
                "Łukasiewicz/Jan;        LUKASIEWICZ; JAN",
                "Øster/Søren;            OSTER;       SOREN",
                "Straße/Jörg;            STRASSE;     JORG",
                "Smith-Jones/Mary-Ann;   SMITHJONES;  MARYANN",
                "  de  la Cruz ,  Juan  ; DE LA CRUZ; JUAN",
                "Đặng/Văn Minh;          DANG;        VAN MINH",
                "smith/j.r.;             SMITH;       JR",
        })
        void diacriticsPunctuationAndSpacesGo(String raw, String family, String given) {
            assertThat(full(raw).readings()).first().isEqualTo(name(family, given));
        }

        @Test
        void umlautsAlsoGiveTheSpellingWithE() {
            NameResult mueller = normalise("Müller", "Jürgen", null);
            assertThat(mueller.readings()).startsWith(name("MULLER", "JURGEN"))
                    .contains(name("MUELLER", "JUERGEN"));
            assertThat(shareReading(mueller, normalise("MUELLER", "JUERGEN", null))).isTrue();
            assertThat(shareReading(mueller, normalise("MULLER", "JURGEN", null))).isTrue();
        }

        @Test
        void noUmlautMeansNoExtraReading() {
            assertThat(normalise("Manuel", "Samuel", null).readings()).hasSize(2);
        }

        @Test
        void digitsInsideANameAreDropped() {
            assertThat(full("SMITH/JOHN 2").readings()).containsExactly(name("SMITH", "JOHN"));
        }

        @Test
        void numberedPlaceholdersIdentifyNobody() {
            // a PMS numbering its anonymous guests: GUEST6953 and GUEST6940 must not agree as the family name GUEST
            assertThat(full("GUEST6953/ANNA MS").usable()).isFalse();
            assertThat(normalise("WALKIN12", "ANNA", null).unusableReason()).contains("letters and digits");
        }
    }

    @Nested
    class OtherScripts {

        @Test
        void thaiWithTitleIsTransliteratedAsIcuDoes() {
            // ICU's Thai-Latin is a letter-by-letter transliteration: สมชาย ใจดี (Somchai Jaidee in the Royal Thai
            // General System) comes out SMCHAY CIDI. Thai writes the given name first.
            NameResult thai = full("คุณสมชาย ใจดี");
            assertThat(thai.readings()).containsExactly(name("CIDI", "SMCHAY"), name("SMCHAY", "CIDI"));
            assertThat(full("คุณ สมชาย ใจดี").readings()).isEqualTo(thai.readings());
        }

        @Test
        void thaiNameStartingWithTheLettersOfATitleKeepsThem() {
            // คุณากร is a given name (Khunakorn), not คุณ + ากร: า cannot start a syllable.
            assertThat(full("คุณากร").readings()).first().isEqualTo(name("KHUNAKR", ""));
        }

        @Test
        void cyrillicUsesBgnRomanisation() {
            // Russian-Latin/BGN: Sergey, Shchukin (Any-Latin would give SERGEJ and, after Latin-ASCII, SUKIN).
            assertThat(full("Иванов Сергей").readings())
                    .containsExactly(name("SERGEY", "IVANOV"), name("IVANOV", "SERGEY"));
            assertThat(full("Сергей Юрьевич Щукин").readings()).first()
                    .isEqualTo(name("SHCHUKIN", "SERGEY YURYEVICH"));
        }

        @Test
        void greekUsesUngegn() {
            assertThat(full("Γιώργος Παπαδόπουλος").readings()).first().isEqualTo(name("PAPADOPOULOS", "GIORGOS"));
        }

        @Test
        void japaneseKanaIsFamilyFirst() {
            assertThat(full("やまだ たろう").readings()).containsExactly(name("YAMADA", "TAROU"));
            assertThat(full("ヤマダ タロウ").readings()).containsExactly(name("YAMADA", "TAROU"));
        }

        @Test
        void koreanHangulIsSplitAfterTheFirstSyllable() {
            // ICU's Hangul-Latin gives BAG for 박 (Park); RomanisationVariants brings BAG, PARK and PIAO together.
            assertThat(full("박지성").readings()).containsExactly(name("BAG", "JISEONG"));
            assertThat(full("김연아").readings()).containsExactly(name("GIM", "YEONA"));
            assertThat(full("이순신").readings()).containsExactly(name("I", "SUNSIN"));
            assertThat(RomanisationVariants.canonical("BAG")).isEqualTo(RomanisationVariants.canonical("PARK"));
        }

        @Test
        void koreanCompoundSurname() {
            assertThat(full("남궁민수").readings()).containsExactly(name("NAMGUNG", "MINSU"));
        }

        @Test
        void arabicComesOutWithoutVowelsAsIcuWritesIt() {
            // Arabic script does not write short vowels; ICU gives MHMD for محمد (Muhammad) and LY for علي.
            assertThat(full("محمد علي").readings()).first().isEqualTo(name("LY", "MHMD"));
        }
    }

    @Nested
    class Honorifics {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "MR JOHN SMITH", "Mrs John Smith", "Ms. John Smith", "MISS JOHN SMITH", "MSTR JOHN SMITH",
                "DR JOHN SMITH", "Prof. John Smith", "SIR JOHN SMITH", "MADAM JOHN SMITH", "Mme John Smith",
                "Mlle John Smith", "M. John Smith", "Herr John Smith", "Frau John Smith", "Sr. John Smith",
                "Sra John Smith", "Srta John Smith", "Sig. John Smith", "Sigra John Smith", "John Smith Mr",
                "JOHN MR SMITH"})
        void latinTitlesAreRemovedAnywhere(String raw) {
            assertThat(full(raw).readings()).first().isEqualTo(name("SMITH", "JOHN"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"于明先生", "于明女士", "于明小姐", "于明太太", "于明夫人", "于明 先生"})
        void chineseTitlesAreRemovedGluedOrSpaced(String raw) {
            assertThat(full(raw).readings()).containsExactly(name("YU", "MING"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"คุณสมชาย ใจดี", "นายสมชาย ใจดี", "นางสมชาย ใจดี", "นางสาวสมชาย ใจดี", "นาย สมชาย ใจดี"})
        void thaiTitlesAreRemovedGluedOrSpaced(String raw) {
            assertThat(full(raw).readings()).first().isEqualTo(name("CIDI", "SMCHAY"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"やまだ たろう様", "やまだ たろうさん", "やまだ たろう さま"})
        void japaneseTitlesAreRemoved(String raw) {
            assertThat(full(raw).readings()).containsExactly(name("YAMADA", "TAROU"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"박지성님", "박지성 님", "박지성씨"})
        void koreanTitlesAreRemoved(String raw) {
            assertThat(full(raw).readings()).containsExactly(name("BAG", "JISEONG"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"г-н Иванов Сергей", "Г-жа Иванов Сергей", "господин Иванов Сергей", "Иванов Сергей госпожа"})
        void russianTitlesAreRemoved(String raw) {
            assertThat(full(raw).readings()).containsExactly(name("SERGEY", "IVANOV"), name("IVANOV", "SERGEY"));
        }

        @Test
        void bareMIsAnInitialNotMonsieur() {
            assertThat(full("JOHN M SMITH").readings()).first().isEqualTo(name("SMITH", "JOHN M"));
        }
    }

    @Nested
    class Unusable {

        @ParameterizedTest(name = "[{0}]")
        @NullAndEmptySource
        @ValueSource(strings = {"   "})
        void emptyNames(String raw) {
            assertThat(full(raw).usable()).isFalse();
            assertThat(full(raw).unusableReason()).isEqualTo("empty");
            assertThat(normalise(raw, raw, raw).unusableReason()).isEqualTo("empty");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"GUEST", "guest", "Guest Guest", "WALK IN", "WALKIN", "Walk-In", "WALK IN GUEST",
                "TEST", "Test Test", "N/A", "NA", "n.a.", "UNKNOWN", "NONE", "XXX", "TBA", "TBD", "MR GUEST",
                "GUEST/MR", "ROOM 1203", "GUEST 2", "客人", "散客", "测试先生", "ТЕСТ"})
        void placeholders(String raw) {
            NameResult r = full(raw);
            assertThat(r.readings()).isEmpty();
            assertThat(r.unusableReason()).startsWith("placeholder");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = ';', value = {
                "MR;           only honorifics",
                "Mrs.;         only honorifics",
                "先生;         only honorifics",
                "คุณ;          only honorifics",
                "J;            one letter",
                "j.;           one letter",
                "MR J;         one letter",
                "12345;        digits only",
                "0;            digits only",
                "---;          no letters",
                "??;           no letters",
                "AAAA;         repeated letter",
                "ZZ;           repeated letter",
        })
        void otherReasons(String raw, String reason) {
            NameResult r = full(raw);
            assertThat(r.readings()).isEmpty();
            assertThat(r.unusableReason()).isEqualTo(reason);
        }

        @Test
        void placeholderWordInsideARealNameIsKept() {
            assertThat(full("GUEST/JOHN").usable()).isTrue();
            assertThat(full("NA/LI").readings()).containsExactly(name("NA", "LI"));
            // 娜 is read NA; Han readings are never checked against the placeholder list.
            assertThat(full("那娜").readings()).containsExactly(name("NA", "NA"));
        }

        @Test
        void structuredPlaceholderIsCaughtAcrossFields() {
            assertThat(normalise("GUEST", "GUEST", null).usable()).isFalse();
            assertThat(normalise("WALK", "IN", null).usable()).isFalse();
        }
    }

    @Test
    void resultIsTheSameFromManyThreads() throws Exception {
        List<String> names = List.of("YU/MING MR", "于明", "曾志伟", "Иванов Сергей", "คุณสมชาย ใจดี", "박지성",
                "Müller/Jürgen", "Γιώργος Παπαδόπουλος", "欧阳娜娜", "やまだ たろう");
        List<NameResult> expected = names.stream().map(n -> NORMALISER.normalise(null, null, n)).toList();
        // A fresh normaliser, so the transliteration caches fill while threads race.
        NameNormaliser shared = new NameNormaliser();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                jobs.add(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        int k = i % names.size();
                        if (!shared.normalise(null, null, names.get(k)).equals(expected.get(k))) return false;
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(jobs)) assertThat(f.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}

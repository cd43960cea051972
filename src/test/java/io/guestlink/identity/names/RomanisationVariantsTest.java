package io.guestlink.identity.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RomanisationVariantsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "CHANG, ZHANG", "CHEUNG, ZHANG", "TEO, ZHANG", "ZHANG, ZHANG",
            "HSU, XU", "TSUI, XU", "HUI, XU",
            "WONG, HUANG", "HWANG, HUANG", "OOI, HUANG",
            "LEE, LI", "RHEE, LI", "YI, LI",
            "CHAN, CHEN", "LAU, LIU", "CHOW, ZHOU", "KWOK, GUO", "KUO, GUO", "LIM, LIN",
            "HSIEH, XIE", "TSE, XIE", "TSENG, ZENG", "TSANG, ZENG",
            "AUYEUNG, OUYANG", "SZETO, SITU", "LV, LU", "LYU, LU",
            "PARK, PIAO", "PAK, PIAO", "BAK, PIAO", "BAG, PIAO", "PIAO, PIAO",
            "KIM, JIN", "GIM, JIN", "CHOE, CUI",
    })
    void variantsMapToThePinyinKey(String variant, String key) {
        assertThat(RomanisationVariants.canonical(variant)).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0} is left alone")
    @ValueSource(strings = {"NG", "TAN", "CHENG", "CHIU", "CHUNG", "CHAU", "CHOI", "KONG", "WOO", "SMITH", "WANG", "WU"})
    void ambiguousOrUnknownSpellingsAreUnchanged(String token) {
        // NG is 吴 in Cantonese and 黄 in Hokkien; TAN is 陈 in Hokkien and the pinyin of 谭; and so on: mapping
        // them would put two surnames under one key.
        assertThat(RomanisationVariants.canonical(token)).isEqualTo(token);
    }

    @Test
    void caseAndSurroundingSpaceDoNotMatter() {
        assertThat(RomanisationVariants.canonical(" cheung ")).isEqualTo("ZHANG");
        assertThat(RomanisationVariants.canonical("smith")).isEqualTo("SMITH");
        assertThat(RomanisationVariants.canonical(null)).isNull();
    }

    @Test
    void canonicalIsIdempotent() {
        for (String t : new String[]{"CHEUNG", "WONG", "BAG", "KIM", "HSU", "SMITH"}) {
            String once = RomanisationVariants.canonical(t);
            assertThat(RomanisationVariants.canonical(once)).isEqualTo(once);
        }
    }

    @Test
    void hanReadingAndLatinSpellingsMeetOnTheKey() {
        NameNormaliser n = new NameNormaliser();
        String han = n.normalise(null, null, "张伟").primary().family();
        String hongKong = n.normalise("CHEUNG", "WAI", null).primary().family();
        String korean = n.normalise(null, null, "박지성").primary().family();
        assertThat(RomanisationVariants.canonical(han)).isEqualTo(RomanisationVariants.canonical(hongKong));
        assertThat(RomanisationVariants.canonical(korean)).isEqualTo(RomanisationVariants.canonical("PARK"));
        // 王 and 黄 stay apart even though Hong Kong spells both WONG.
        assertThat(RomanisationVariants.canonical("WANG")).isNotEqualTo(RomanisationVariants.canonical("HUANG"));
    }
}

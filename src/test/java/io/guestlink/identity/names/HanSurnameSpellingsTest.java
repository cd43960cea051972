package io.guestlink.identity.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HanSurnameSpellingsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "WANG", "WAN", "LI", "XU", "ER", "ZHANG", // pinyin
            "CHEUNG", "KWOK", "YIP", "LAU", "NG", "SZETO", // Hong Kong Cantonese (SZETO from the table)
            "HSU", "HSIEH", "TSAI", // Wade-Giles
            "KHOO", "CHHUA", "TEOH", // Hokkien
            "SHIN", "SEOL", "HWANG", "BAG", "RHEE", // Korean
            "HOANG", "TRAN", "NGUYEN", "THANH", // Vietnamese
            "LV", "LYU", "nv", "Wang"})
    void shouldTakeASpellingSomeRomanisationGivesASurnameForOne(String spelling) {
        assertThat(HanSurnameSpellings.couldSpell(spelling, 1)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"WNAG", "WAGN", "ZAHNG", "ZHNAG", "CHN", "WANGG", "WWANG", "WANF"})
    void shouldNotTakeAMistypedReadingForAnySurname(String spelling) {
        assertThat(HanSurnameSpellings.couldSpell(spelling, 1)).isFalse();
    }

    @Test
    void shouldReadACompoundSurnameAsTwoSyllables() {
        assertThat(HanSurnameSpellings.couldSpell("OUYANG", 2)).isTrue();
        assertThat(HanSurnameSpellings.couldSpell("OU-YANG", 2)).isTrue();
        assertThat(HanSurnameSpellings.couldSpell("AUYEUNG", 2)).isTrue();
        assertThat(HanSurnameSpellings.couldSpell("SHANGGUAN", 2)).isTrue();
        assertThat(HanSurnameSpellings.couldSpell("OUYNAG", 2)).isFalse();
        // a compound reading is two syllables, not one
        assertThat(HanSurnameSpellings.couldSpell("WANGLI", 1)).isFalse();
    }

    @Test
    void shouldRefuseACharacterCountNoHanSurnameHas() {
        assertThat(HanSurnameSpellings.couldSpell("", 1)).isFalse();
        assertThat(HanSurnameSpellings.couldSpell(null, 1)).isFalse();
        assertThatThrownBy(() -> HanSurnameSpellings.couldSpell("WANG", 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 3");
    }
}

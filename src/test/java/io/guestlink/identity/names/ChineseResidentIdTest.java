package io.guestlink.identity.names;

import io.guestlink.identity.names.ChineseResidentId.ResidentId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChineseResidentIdTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    // Check digits computed with ISO 7064 MOD 11-2 (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, "10X98765432").
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "11010519491231002X, 1949-12-31, F",   // the example of GB 11643-1999
            "11010519491231002x, 1949-12-31, F",   // lower-case x as typed
            "440304198510171230, 1985-10-17, M",
            "310115199001010010, 1990-01-01, M",
            "510108200002294560, 2000-02-29, F",   // leap day
            "330106198803140573, 1988-03-14, M",
            "3301 0619 8803 1405 73, 1988-03-14, M", // spaces as copied from a form
            "110105491231002, 1949-12-31, F",      // 15-digit legacy number: YYMMDD, 19xx, gender in the last digit
            "440304851017123, 1985-10-17, M",
    })
    void validNumbersGiveBirthDateAndGender(String number, LocalDate birth, String gender) {
        assertThat(ChineseResidentId.parse(number, TODAY)).contains(new ResidentId(birth, gender));
        assertThat(ChineseResidentId.problem(number, TODAY)).isNull();
    }

    @Test
    void checkCharacterOfTheStandardExampleIsX() {
        assertThat(ChineseResidentId.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(ChineseResidentId.checkCharacter("44030419851017123")).isEqualTo('0');
        assertThatThrownBy(() -> ChineseResidentId.checkCharacter("1234")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {
            "110105194912310021; check digit is 1, expected X",
            "44030419851017123X; check digit is X, expected 0",
            "440304198510171231; check digit is 1, expected 0",
            "440304198510171; birth date 198510 is not a date",
            "4403041985101712; length 16, expected 18 (or 15 before 1999)",
            "44030419851O171230; not a digit at position 12",
            "000000198510171230; unknown province code 00",
            "110105209912310010; birth date 2099-12-31 is in the future",
    })
    void invalidNumbersAreEmptyWithAReason(String number, String reason) {
        assertThat(ChineseResidentId.parse(number, TODAY)).isEmpty();
        assertThat(ChineseResidentId.problem(number, TODAY)).isEqualTo(reason);
    }

    @Test
    void impossibleDateWithAValidCheckDigitIsRejected() {
        // February 30th, with the check digit computed for it so only the date is wrong.
        String first17 = "11010519490230002";
        String number = first17 + ChineseResidentId.checkCharacter(first17);
        assertThat(ChineseResidentId.problem(number, TODAY)).isEqualTo("birth date 19490230 is not a date");
        assertThat(ChineseResidentId.parse(number, TODAY)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void missingNumber(String number) {
        assertThat(ChineseResidentId.parse(number)).isEmpty();
        assertThat(ChineseResidentId.problem(number)).isEqualTo("empty");
    }

    @Test
    void defaultTodayAcceptsAPastBirthDate() {
        assertThat(ChineseResidentId.parse("11010519491231002X")).isPresent();
    }
}

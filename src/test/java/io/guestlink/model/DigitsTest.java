package io.guestlink.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Digits#of} gives what the regex it replaced gave, for the values phones arrive as. */
class DigitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "0812345678", "+66 81-234-5678", "(0000) 123 456", "tel:+1 212 555 0199 ext. 7",
            "no digits", "١٢٣ Arabic-Indic digits are not ASCII", "０８１ full-width", "😀12😀34", "12\t34\n56", "-"})
    void keepsTheAsciiDigitsInOrderAsTheRegexDid(String value) {
        assertThat(Digits.of(value)).isEqualTo(value.replaceAll("\\D", ""));
    }
}

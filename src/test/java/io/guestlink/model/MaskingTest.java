package io.guestlink.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "yu.ming@example.com,        y***@example.com",
            "Somchai.K@Gmail.com,        S***@Gmail.com",
            "a@b.co,                     ***@b.co",
            "@example.com,               ***@example.com",
            "'  yu.ming@example.com  ',  y***@example.com",
            "not-an-address,             n***",
            "x,                          ***",
            "'',                         ***",
    })
    void shouldMaskEmail(String value, String expected) {
        assertThat(Masking.email(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "+8613800138000,     +86*******8000",
            "+66 81 234 5678,    +66*****5678",
            "+66812345678,       +66*****5678",
            "0812345678,         08****5678",
            "+12015550123,       +12*****0123",
            "(201) 555-0123,     20****0123",
            "12345,              ***45",
            "+4930123,           +*****23",
            "1234,               ****",
            "call me,            ***",
            "'',                 ***",
    })
    void shouldMaskPhone(String value, String expected) {
        assertThat(Masking.phone(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "G1234567,   ****4567",
            "1234,       ****",
            "'',         ''",
    })
    void shouldMaskIdNumber(String value, String expected) {
        assertThat(Masking.idNumber(value)).isEqualTo(expected);
    }

    @Test
    void shouldReturnNullForNull() {
        assertThat(Masking.email(null)).isNull();
        assertThat(Masking.phone(null)).isNull();
        assertThat(Masking.idNumber(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yu.ming@example.com", "abcde", "+8613800138000", "12345", "0812345678", "E12345678",
            "a@b.co", "@@@@@", "+++++"})
    void shouldNeverReturnLongerInputUnchanged(String value) {
        assertThat(Masking.email(value)).isNotEqualTo(value);
        assertThat(Masking.phone(value)).isNotEqualTo(value);
        assertThat(Masking.idNumber(value)).isNotEqualTo(value);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "YU/MING MR,   Y***",
            "于明,          于***",
            "'  Ann  ',    A***",
            "'',           ***",
    })
    void shouldMaskANameToItsFirstCharacter(String value, String expected) {
        assertThat(Masking.name(value)).isEqualTo(expected);
        assertThat(Masking.name("\uD840\uDC00 and more")).as("a character outside the BMP is kept whole").isEqualTo("\uD840\uDC00***");
        assertThat(Masking.name(null)).isNull();
    }

    @Test
    void shouldKeepAnHl7MessagesHeaderAndShapeButNoValueOfItsOtherSegments() {
        String adt = "MSH|^~\\&|OPERA|BKK01|GUESTLINK|HQ|20260615140211||ADT^A01|MSG0001|P|2.5\r"
                + "PID|1||100482^^^OPERA||YU^MING^^^MR||19780314|M|||12 Sukhumvit Rd^^Bangkok||+66812345678\r"
                + "PV1|1|I|1208^^^BKK01\r";
        String shown = Masking.message(adt);
        assertThat(shown).startsWith("MSH|^~\\&|OPERA|BKK01|GUESTLINK|HQ|20260615140211||ADT^A01|MSG0001|P|2.5\r");
        assertThat(shown).contains("\rPID|***||***^^^***||***^***^^^***||***|***|||***^^***||***\r")
                .contains("\rPV1|***|***|***^^^***\r");
        assertThat(shown).doesNotContain("YU").doesNotContain("MING").doesNotContain("100482").doesNotContain("1208")
                .doesNotContain("19780314").doesNotContain("+66812345678");
    }

    @Test
    void shouldKeepAJsonEventsNamesAndEnvelopeButNoGuestValue() {
        String event = "{\"eventId\": \"E-1\", \"type\": \"reservation.created\", \"source\": \"OPERA\", "
                + "\"property\": \"BKK01\", \"reservation\": {\"confirmationNumber\": \"548213907\", \"adults\": 2}, "
                + "\"guest\": {\"names\": [{\"text\": \"YU/MING MR\"}], \"vip\": true, \"phones\": [\"081-234-5678\"]}}";
        assertThat(Masking.message(event)).isEqualTo("{\"eventId\": \"E-1\", \"type\": \"reservation.created\", "
                + "\"source\": \"OPERA\", \"property\": \"BKK01\", \"reservation\": {\"confirmationNumber\": \"***\", "
                + "\"adults\": \"***\"}, \"guest\": {\"names\": [{\"text\": \"***\"}], \"vip\": true, \"phones\": [\"***\"]}}");
    }

    @Test
    void shouldKeepOnlyThePunctuationOfAnyOtherText() {
        assertThat(Masking.message("YU MING, +66 81 234 5678")).isEqualTo("*** ***, +*** *** *** ***");
        assertThat(Masking.message(null)).isNull();
    }
}

package io.guestlink.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class PhoneNormaliserTest {

    private final PhoneNormaliser normaliser = new PhoneNormaliser(PlaceholderList.defaults());

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = ';', value = {
            // Thailand: mobile and Bangkok landline
            "+66 81 234 5678;     TH; +66812345678",
            "081-234-5678;        TH; +66812345678",
            "0812345678;          TH; +66812345678",
            "081 234 5678;        TH; +66812345678",
            "(+66) 81-234-5678;   TH; +66812345678",
            "0066 81 234 5678;    TH; +66812345678",
            "+66812345678;        DE; +66812345678",
            "02 123 4567;         TH; +6621234567",
            "tel:+66-2-123-4567;  TH; +6621234567",
            // China: mobile and Beijing landline
            "+86 138 0013 8000;   CN; +8613800138000",
            "13800138000;         CN; +8613800138000",
            "138 0013 8000;       CN; +8613800138000",
            "0086 138 0013 8000;  CN; +8613800138000",
            "(+86)13800138000;    CN; +8613800138000",
            "+86-138-0013-8000;   TH; +8613800138000",
            "0086 138 0013 8000;  TH; +8613800138000",
            "010 1234 5678;       CN; +861012345678",
            // Germany: Berlin landline and mobile
            "+49 30 12345678;     DE; +493012345678",
            "030 12345678;        DE; +493012345678",
            "030/12345678;        DE; +493012345678",
            "(030) 1234 5678;     DE; +493012345678",
            "0049 30 12345678;    DE; +493012345678",
            "0151 23456789;       DE; +4915123456789",
            "+49 (0)151 23456789; TH; +4915123456789",
            // United States
            "+1 201-555-0123;     US; +12015550123",
            "(201) 555-0123;      US; +12015550123",
            "201.555.0123;        US; +12015550123",
            "1-201-555-0123;      US; +12015550123",
            "2015550123;          US; +12015550123",
            "+1 (201) 555-0123;   CN; +12015550123",
            // "00" from a foreign guest where the local international prefix is 011
            "0049 30 12345678;    US; +493012345678",
    })
    void shouldNormaliseToE164(String raw, String region, String expected) {
        assertThat(normaliser.toE164(raw, region)).contains(expected);
    }

    @Test
    void shouldAcceptLowerCaseRegion() {
        assertThat(normaliser.toE164("081-234-5678", "th")).contains("+66812345678");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = ';', value = {
            "081-234-567;          TH",
            "081-234-56789;        TH",
            "1380013800;           CN",
            "138001380001;         CN",
            "+49 30 1;             DE",
            "+1 201 555 01234;     US",
            "201-555-012;          US",
            "+66 81;               TH",
            "12;                   DE",
    })
    void shouldRejectWrongLengthNumbers(String raw, String region) {
        assertThat(normaliser.toE164(raw, region)).isEmpty();
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource(delimiter = ';', value = {
            "0000000000;     TH", "0000000000;     US", "0000000000;     DE", "0000000000;     CN",
            "1111111111;     TH", "1111111111;     US", "1111111111;     DE", "1111111111;     CN",
            "+66 0000 00000; TH", "000-000-0000;   US", "999 9999 999;   TH", "+49 1234567890; DE",
    })
    void shouldRejectPlaceholderPhone(String raw, String region) {
        assertThat(normaliser.toE164(raw, region)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"081-234-ABCD", "+1 800 FLOWERS", "call reception", "081234567x", "O81-234-5678",
            "๐๘๑๒๓๔๕๖๗๘ abc"})
    void shouldRejectLettersInPhone(String raw) {
        assertThat(normaliser.toE164(raw, "TH")).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "-", "()", "+"})
    void shouldRejectNullAndBlankPhone(String raw) {
        assertThat(normaliser.toE164(raw, "TH")).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void shouldAcceptOnlyInternationalNumbersWithoutRegion(String region) {
        assertThat(normaliser.toE164("+66 81 234 5678", region)).contains("+66812345678");
        assertThat(normaliser.toE164("081-234-5678", region)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "THAILAND", "1", "??"})
    void shouldNotThrowForUnknownRegion(String region) {
        assertThatCode(() -> normaliser.toE164("081-234-5678", region)).doesNotThrowAnyException();
        assertThat(normaliser.toE164("081-234-5678", region)).isEmpty();
        assertThat(normaliser.toE164("+66 81 234 5678", region)).contains("+66812345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "++66", "+0", "0", "00", "0086", "+66 81 234 5678 99999999999999999999999999999999999999999999999999999999999999999999999999999",
            "\u0000\u0001", "+66 81 234 5678;ext=12;;;", "*#06#"})
    void shouldNeverThrowForBadInput(String raw) {
        assertThatCode(() -> normaliser.toE164(raw, "TH")).doesNotThrowAnyException();
    }

    @Test
    void shouldUseTheConfiguredPlaceholderList() {
        PhoneNormaliser custom = new PhoneNormaliser(PlaceholderList.of(
                Map.of(PlaceholderList.Kind.PHONE, List.of("*812345678"))));

        assertThat(custom.toE164("+66 81 234 5678", "TH")).isEmpty();
        assertThat(custom.toE164("+86 138 0013 8000", "TH")).contains("+8613800138000");
    }
}

package io.guestlink.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DateParsingTest {

    private static final List<String> ISO_AND_ORACLE = List.of("yyyy-MM-dd", "dd-MMM-yyyy", "dd-MMM-yy");

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "2025-03-01,  2025-03-01",
            "12-MAR-2025, 2025-03-12",
            "12-mar-2025, 2025-03-12",
            "12-Mar-2025, 2025-03-12",
            "2024-02-29,  2024-02-29",
            "29-FEB-2000, 2000-02-29",
            "12-MAR-65,   2065-03-12",
    })
    void shouldParseDatesInAnyConfiguredPattern(String text, LocalDate expected) {
        assertThat(DateParsing.date(text, ISO_AND_ORACLE)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "2025-02-31", "2025-02-30", "2025-02-29", "2024-04-31", "2025-06-31", "1900-02-29",
            "31-FEB-2025", "30-feb-2024", "31-APR-25",
            "2025-13-01", "2025-00-10", "2025-01-32", "2025-01-00",
    })
    void shouldRejectDatesThatDoNotExistInsteadOfMovingThemToMonthEnd(String text) {
        assertThat(DateParsing.date(text, ISO_AND_ORACLE)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "tomorrow", "2025-03-01 10:00", "2025/03/01", "12-MARCH-2025", " 2025-03-01x"})
    void shouldReturnNullWhenNoPatternFits(String text) {
        assertThat(DateParsing.date(text, ISO_AND_ORACLE)).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            // day first wins when both fit; month first is only reached when day first fails
            "03/04/2025, 2025-04-03",
            "12/31/2025, 2025-12-31",
            "31/12/2025, 2025-12-31",
    })
    void shouldTryPatternsInConfiguredOrder(String text, LocalDate expected) {
        assertThat(DateParsing.date(text, List.of("dd/MM/yyyy", "MM/dd/yyyy"))).isEqualTo(expected);
    }

    @Test
    void shouldGiveADifferentAnswerWhenPatternOrderIsReversed() {
        assertThat(DateParsing.date("03/04/2025", List.of("MM/dd/yyyy", "dd/MM/yyyy"))).isEqualTo(LocalDate.of(2025, 3, 4));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "45658,    2025-01-01",
            "45658.75, 2025-01-01",
            "1,        1899-12-31",
            "61,       1900-03-01",
            "2958465,  9999-12-31",
    })
    void shouldReadExcelSerialDayNumbers(String text, LocalDate expected) {
        assertThat(DateParsing.date(text, List.of("excel"))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"0", "-5", "0.5", "2958466", "NaN", "-NaN", "Infinity", "-Infinity", "abc", "2025-01-01"})
    void shouldRejectExcelSerialsOutsideTheSpreadsheetRange(String text) {
        assertThat(DateParsing.date(text, List.of("excel"))).isNull();
    }

    @Test
    void shouldFallBackFromExcelToTheNextPattern() {
        assertThat(DateParsing.date("20250101", List.of("excel", "yyyyMMdd"))).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(DateParsing.date("45658", List.of("yyyyMMdd", "excel"))).isEqualTo(LocalDate.of(2025, 1, 1));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "2025-03-01 10:00,    2025-03-01T10:00",
            "2025-03-01 10:00:30, 2025-03-01T10:00:30",
            "2025-03-01T23:59,    2025-03-01T23:59",
            "01/03/2025 03:15 PM, 2025-03-01T15:15",
            "2025-03-01,          2025-03-01T00:00",
    })
    void shouldParseDateTimesAndGiveMidnightForDateOnlyPatterns(String text, LocalDateTime expected) {
        List<String> patterns = List.of("yyyy-MM-dd HH:mm[:ss]", "yyyy-MM-dd'T'HH:mm[:ss]", "dd/MM/yyyy hh:mm a", "yyyy-MM-dd");
        assertThat(DateParsing.dateTime(text, patterns)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"2025-02-30 10:00", "2025-03-01 25:00", "2025-03-01 10:60", "45658"})
    void shouldRejectDateTimesThatDoNotExist(String text) {
        assertThat(DateParsing.dateTime(text, List.of("yyyy-MM-dd HH:mm", "excel"))).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"yyyy-MM-dd{", "yyyy-bb-dd", "yyyy-MM-dd'T", "#"})
    void shouldRefuseInvalidPatterns(String pattern) {
        assertThatThrownBy(() -> DateParsing.formatter(pattern)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTreatExcelAsAPatternWithoutFormatter() {
        assertThat(DateParsing.formatter("excel")).isNull();
    }
}

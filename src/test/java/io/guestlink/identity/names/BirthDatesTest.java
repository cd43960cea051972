package io.guestlink.identity.names;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class BirthDatesTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = ';', value = {
            "1900-01-01; placeholder date 1900-01-01",
            "1901-01-01; placeholder date 1901-01-01",
            "1899-12-31; placeholder date 1899-12-31",
            "1899-12-30; placeholder date 1899-12-30",
            "1753-01-01; placeholder date 1753-01-01",
            "1111-11-11; placeholder date 1111-11-11",
            "9999-12-31; placeholder date 9999-12-31",
            "1899-06-15; before 1900",
            "0850-03-01; before 1900",
            "2025-06-02; in the future",
            "2031-01-01; in the future",
            "1905-05-31; older than 120",
    })
    void implausibleDates(LocalDate date, String reason) {
        assertThat(BirthDates.implausible(date, TODAY)).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1905-06-01", "1949-12-31", "1970-01-01", "2000-02-29", "2025-06-01", "2024-12-31"})
    void plausibleDates(LocalDate date) {
        assertThat(BirthDates.implausible(date, TODAY)).isNull();
    }

    @Test
    void missingDateIsNotPlausible() {
        assertThat(BirthDates.implausible(null, TODAY)).isEqualTo("missing");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = ';', value = {
            "1980-05-17;          1980-05-17",
            "1980/5/7;            1980-05-07",
            "1980.05.17;          1980-05-17",
            "19800517;            1980-05-17",
            "1980-05-17T00:00:00; 1980-05-17",
            "1980-05-17 00:00:00.0; 1980-05-17",
            "17/05/1980;          1980-05-17",
            "17.05.1980;          1980-05-17",
            "17-05-1980;          1980-05-17",
            "7/5/1980;            1980-05-07",
            "03/04/1980;          1980-04-03",  // ambiguous: day first
            "04/13/1980;          1980-04-13",  // 13 cannot be a month: US month/day
            "17 May 1980;         1980-05-17",
            "17 MAY 1980;         1980-05-17",
            "17-MAY-80;           1980-05-17",
            "17MAY1980;           1980-05-17",
            "5 Sept 1980;         1980-09-05",
            "17 June 1980;        1980-06-17",
            "17 September 1980;   1980-09-17",
            "May 17, 1980;        1980-05-17",
            "Jul 4 1976;          1976-07-04",
            "1980年5月17日;        1980-05-17",
            "1980年05月17日;       1980-05-17",
            "05-JAN-05;           2005-01-05",  // two-digit year not after this year: 20xx
            "05-JAN-26;           1926-01-05",  // after this year: 19xx
            "01/02/99;            1999-02-01",
    })
    void parsesManyLayouts(String text, LocalDate expected) {
        assertThat(BirthDates.parseAny(text, TODAY)).contains(expected);
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"31/02/1980", "13/13/1980", "1980-13-01", "17 Foo 1980", "17 Mayo 1980", "yesterday",
            "1980", "12345", "1980-05-17 and more text that is far too long to be a date"})
    void rejectsWhatIsNotADate(String text) {
        assertThat(BirthDates.parseAny(text, TODAY)).isEmpty();
    }

    @Test
    void parsedPlaceholderIsStillFlaggedByImplausible() {
        LocalDate d = BirthDates.parseAny("01/01/1900", TODAY).orElseThrow();
        assertThat(BirthDates.implausible(d, TODAY)).isEqualTo("placeholder date 1900-01-01");
    }

    @Test
    void shouldReadTheDateAValidPrcResidentIdCardHolds() {
        String number = "440106199201197732";
        LocalDate onCard = LocalDate.of(1992, 1, 19);
        assertThat(BirthDates.onResidentIdCard("ID_CARD", null, number)).contains(onCard);
        assertThat(BirthDates.onResidentIdCard("id_card", "CN", number)).contains(onCard);
        assertThat(BirthDates.onResidentIdCard("ID_CARD", "CHN", number)).contains(onCard);
        // another country's card, another kind of document, a number whose check character fails: nothing
        assertThat(BirthDates.onResidentIdCard("ID_CARD", "SG", number)).isEmpty();
        assertThat(BirthDates.onResidentIdCard("PASSPORT", null, number)).isEmpty();
        assertThat(BirthDates.onResidentIdCard(null, null, number)).isEmpty();
        assertThat(BirthDates.onResidentIdCard("ID_CARD", null, "440106199201197733")).isEmpty();
    }

    @Test
    void shouldKeepTheCardsDateOverATypedOneWhenPlausible() {
        LocalDate today = LocalDate.of(2026, 12, 7), typed = LocalDate.of(1992, 1, 18), onCard = LocalDate.of(1992, 1, 19);
        assertThat(BirthDates.withResidentId(typed, onCard, today)).isEqualTo(onCard);
        assertThat(BirthDates.withResidentId(null, onCard, today)).isEqualTo(onCard);
        assertThat(BirthDates.withResidentId(typed, null, today)).isEqualTo(typed);
        // a card date not come yet on the mapper's day is no birth date
        assertThat(BirthDates.withResidentId(typed, LocalDate.of(2027, 1, 1), today)).isEqualTo(typed);
    }
}

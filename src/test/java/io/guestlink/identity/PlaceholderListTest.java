package io.guestlink.identity;

import io.guestlink.identity.PlaceholderList.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceholderListTest {

    private final PlaceholderList defaults = PlaceholderList.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"noemail@hotel.com", "NOEMAIL@X.COM", "test@example.com", "somchai@example.org",
            "n/a@hotel.com", "guest@grandhotel.co.th", "x@noemail.com", "x@none.net", "front@hotel.invalid"})
    void shouldMatchDefaultEmailPlaceholders(String value) {
        assertThat(defaults.isPlaceholder(Kind.EMAIL, value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"somchai@gmail.com", "noemailplease@gmail.com", "yu.ming@example.cn", "nobody@test.co"})
    void shouldNotMatchRealEmails(String value) {
        assertThat(defaults.isPlaceholder(Kind.EMAIL, value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000000000", "1111111111", "7777777", "1234567890", "9999999999", "(0000) 123 456",
            "000-000-0000"})
    void shouldMatchDefaultPhonePlaceholders(String value) {
        assertThat(defaults.isPlaceholder(Kind.PHONE, value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0812345678", "+8613800138000", "1111111112"})
    void shouldNotMatchRealPhones(String value) {
        assertThat(defaults.isPlaceholder(Kind.PHONE, value)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"000000000", "123456789", "1234567890", "8888888", "UNKNOWN", "unknown", "NA", "NONE"})
    void shouldMatchDefaultIdPlaceholders(String value) {
        assertThat(defaults.isPlaceholder(Kind.ID_DOCUMENT, value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"G1234567", "E12345678", "NAB123456", "UNKNOWN1"})
    void shouldNotMatchRealIdNumbers(String value) {
        assertThat(defaults.isPlaceholder(Kind.ID_DOCUMENT, value)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void shouldNotTreatNullOrBlankAsPlaceholder(String value) {
        for (Kind kind : Kind.values()) {
            assertThat(defaults.isPlaceholder(kind, value)).isFalse();
        }
    }

    @Test
    void shouldTreatPatternCharactersOtherThanWildcardsLiterally() {
        PlaceholderList list = PlaceholderList.of(Map.of(Kind.EMAIL, List.of("a.b@*", "x?@hotel.com")));

        assertThat(list.isPlaceholder(Kind.EMAIL, "a.b@hotel.com")).isTrue();
        assertThat(list.isPlaceholder(Kind.EMAIL, "axb@hotel.com")).isFalse();
        assertThat(list.isPlaceholder(Kind.EMAIL, "xy@hotel.com")).isTrue();
        assertThat(list.isPlaceholder(Kind.EMAIL, "xyz@hotel.com")).isFalse();
    }

    @Test
    void shouldApplySameDigitRuleOnlyWhenConfigured() {
        PlaceholderList without = PlaceholderList.of(Map.of(Kind.PHONE, List.of("0000*")));
        PlaceholderList with = PlaceholderList.of(Map.of(Kind.PHONE, List.of(PlaceholderList.SAME_DIGIT)));

        assertThat(without.isPlaceholder(Kind.PHONE, "5555555555")).isFalse();
        assertThat(with.isPlaceholder(Kind.PHONE, "5555555555")).isTrue();
        assertThat(with.isPlaceholder(Kind.PHONE, "5555555556")).isFalse();
    }

    @Test
    void shouldHaveNoPlaceholdersForAKindThatIsNotConfigured() {
        PlaceholderList list = PlaceholderList.of(Map.of(Kind.EMAIL, List.of("noemail@*")));

        assertThat(list.isPlaceholder(Kind.ID_DOCUMENT, "UNKNOWN")).isFalse();
        assertThat(list.patterns(Kind.PHONE)).isEmpty();
    }

    @Test
    void shouldParseCommaSeparatedPropertyValue() {
        assertThat(PlaceholderList.parse(" noemail@* ,*@example.com,, ,")).containsExactly("noemail@*", "*@example.com");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" , ,"})
    void shouldParseMissingPropertyToEmptyList(String value) {
        assertThat(PlaceholderList.parse(value)).isEmpty();
    }

    @Test
    void shouldBuildFromParsedConfiguration() {
        PlaceholderList list = PlaceholderList.of(Map.of(Kind.EMAIL, PlaceholderList.parse("*@frontdesk.local, walkin@*")));

        assertThat(list.isPlaceholder(Kind.EMAIL, "Reception@FrontDesk.local")).isTrue();
        assertThat(list.isPlaceholder(Kind.EMAIL, "walkin@hotel.com")).isTrue();
        assertThat(list.isPlaceholder(Kind.EMAIL, "noemail@hotel.com")).isFalse();
    }

    @Test
    void shouldBeImmutable() {
        assertThat(PlaceholderList.defaults().patterns(Kind.EMAIL)).contains("noemail@*");
        assertThatThrownBy(() -> PlaceholderList.defaults().patterns(Kind.EMAIL).add("x@*"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

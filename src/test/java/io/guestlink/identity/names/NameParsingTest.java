package io.guestlink.identity.names;

import io.guestlink.model.PersonName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameParsingTest {

    @ParameterizedTest(name = "[{index}] {0} as {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // text                 | layout           | full               | family       | given         | title | script
            "YU/MING MR             | LAST/FIRST TITLE | MING YU            | YU           | MING          | MR    | LATIN",
            "Yu/Ming Mr.            | LAST/FIRST TITLE | Ming Yu            | Yu           | Ming          | Mr    | LATIN",
            "MÜLLER/HANS PETER DR.  | LAST/FIRST TITLE | HANS PETER MÜLLER  | MÜLLER       | HANS PETER    | DR    | LATIN",
            "SMITH/ANN              | LAST/FIRST TITLE | ANN SMITH          | SMITH        | ANN           | -     | LATIN",
            "SMITH                  | LAST/FIRST TITLE | SMITH              | SMITH        | -             | -     | LATIN",
            "last/first title       | LAST/FIRST TITLE | first title last   | last         | first title   | -     | LATIN",
            "于明                    | FAMILY GIVEN     | 于明                | 于           | 明             | -     | HAN",
            "于 明                   | FAMILY GIVEN     | 于明                | 于           | 明             | -     | HAN",
            "于明                    | GIVEN FAMILY     | 于明                | 于           | 明             | -     | HAN",
            // compound surnames stay whole (issue 16): cut after 欧 the name would read OU / YANGGUILI
            "欧阳贵莉                  | FAMILY GIVEN     | 欧阳贵莉             | 欧阳          | 贵莉           | -     | HAN",
            "司马光                   | FAMILY GIVEN     | 司马光              | 司马          | 光             | -     | HAN",
            "諸葛亮                   | FAMILY GIVEN     | 諸葛亮              | 諸葛          | 亮             | -     | HAN",
            "上官婉儿                  | FAMILY GIVEN     | 上官婉儿             | 上官          | 婉儿           | -     | HAN",
            "夏侯惇                   | FAMILY GIVEN     | 夏侯惇              | 夏侯          | 惇             | -     | HAN",
            "欧阳                    | FAMILY GIVEN     | 欧阳                | 欧           | 阳             | -     | HAN",
            "YU MING                | FAMILY GIVEN     | MING YU            | YU           | MING          | -     | LATIN",
            "Ming Yu                | GIVEN FAMILY     | Ming Yu            | Yu           | Ming          | -     | LATIN",
            "คุณ สมชาย ใจดี           | GIVEN FAMILY     | สมชาย ใจดี           | ใจดี           | สมชาย          | คุณ    | THAI",
            "Dr. Hans Müller        | GIVEN FAMILY     | Hans Müller        | Müller       | Hans          | Dr    | LATIN",
            "Hans Peter Müller Herr | GIVEN FAMILY     | Hans Peter Müller  | Müller       | Hans Peter    | Herr  | LATIN",
            "Иван Петров            | GIVEN FAMILY     | Иван Петров        | Петров       | Иван          | -     | CYRILLIC",
            "Dr. Hans Müller        | AS-IS            | Dr. Hans Müller    | -            | -             | -     | LATIN",
            "Dr. Hans Müller        | -                | Dr. Hans Müller    | -            | -             | -     | LATIN",
            "YU/MING MR             | last/first title | MING YU            | YU           | MING          | MR    | LATIN",
    })
    void shouldSplitNameAsTheFeedLayoutSays(String text, String layout, String full, String family, String given,
                                            String title, String script) {
        assertThat(NameParsing.parse(text, layout, null, null, null))
                .isEqualTo(new PersonName(full, family, given, title, script));
    }

    @Test
    void shouldBuildNameFromSeparateFamilyAndGivenColumns() {
        assertThat(NameParsing.parse(null, null, "Yu", "Ming", "Mr."))
                .isEqualTo(new PersonName("Ming Yu", "Yu", "Ming", "Mr", "LATIN"));
        assertThat(NameParsing.parse(null, null, "于", "明", null))
                .isEqualTo(new PersonName("于明", "于", "明", null, "HAN"));
        assertThat(NameParsing.parse(null, null, null, "Ming", null))
                .isEqualTo(new PersonName("Ming", null, "Ming", null, "LATIN"));
    }

    @Test
    void shouldReturnNoNameWhenThereIsNothingToShow() {
        assertThat(NameParsing.parse(null, null, null, null, "MR")).isNull();
        assertThat(NameParsing.parse("   ", "AS-IS", null, null, null)).isNull();
    }

    @Test
    void shouldRefuseUnknownLayout() {
        assertThatThrownBy(() -> NameParsing.parse("Ming Yu", "FIRST LAST", null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown nameFormat 'FIRST LAST'");
    }

    @Test
    void shouldReportScriptOfFirstLetter() {
        assertThat(NameParsing.script("123 Ann")).isEqualTo("LATIN");
        assertThat(NameParsing.script("---")).isEqualTo("UNKNOWN");
        assertThat(NameParsing.script("김민준")).isEqualTo("HANGUL");
    }
}

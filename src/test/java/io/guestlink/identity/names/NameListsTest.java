package io.guestlink.identity.names;

import io.guestlink.model.PersonName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NameListsTest {
    static final PersonName HAN = new PersonName("于明", "于", "明", null, "Han");
    static final PersonName LATIN = new PersonName("YU MING", "YU", "MING", null, "Latin");
    static final PersonName THAI = new PersonName("ยู หมิง", null, null, null, "Thai");

    @Test
    void aNameInAnotherScriptIsAddedAfterTheOnesKept() {
        assertThat(NameLists.update(List.of(HAN), List.of(LATIN))).containsExactly(HAN, LATIN);
    }

    @Test
    void aNameInTheSameScriptReplacesTheStoredOneInItsPlace() {
        PersonName corrected = new PersonName("YU MINGH", "YU", "MINGH", null, "Latin");
        assertThat(NameLists.update(List.of(LATIN, HAN), List.of(corrected, THAI))).containsExactly(corrected, HAN, THAI);
    }

    @Test
    void anUpdateWithoutNamesKeepsThemAndARepeatedSpellingIsKeptOnce() {
        assertThat(NameLists.update(List.of(HAN, LATIN), List.of())).containsExactly(HAN, LATIN);
        assertThat(NameLists.update(List.of(), List.of(LATIN))).containsExactly(LATIN);
        assertThat(NameLists.update(List.of(HAN, LATIN), List.of(LATIN, HAN))).containsExactly(HAN, LATIN);
    }
}

package io.guestlink.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a correction and an erasure accept before they touch the store; errors name the rule, never the value. */
class GuestRightsDeskTest {
    @Test
    void shouldAcceptOnlyGoldenFieldsWithValuesTheStoreCanKeep() {
        assertThat(GuestRightsDesk.checkValue("birthDate", " 1978-03-15 ")).isEqualTo("1978-03-15");
        assertThat(GuestRightsDesk.checkValue("language", null)).as("null clears").isNull();
        assertThat(GuestRightsDesk.checkValue("displayName", "  ")).as("blank clears").isNull();
        assertThatThrownBy(() -> GuestRightsDesk.checkValue("email", "x")).hasMessageStartingWith("field must be one of");
        assertThatThrownBy(() -> GuestRightsDesk.checkValue("birthDate", "14-MAR-78")).hasMessage("value of birthDate must be a date YYYY-MM-DD");
        assertThatThrownBy(() -> GuestRightsDesk.checkValue("gender", "SECRETVALUE")).hasMessageNotContaining("SECRETVALUE")
                .hasMessageContaining("longer than 8");
    }

    @Test
    void shouldRequireAReasonOfBoundedLength() {
        assertThat(GuestRightsDesk.checkReason(" request 7 ")).isEqualTo("request 7");
        assertThatThrownBy(() -> GuestRightsDesk.checkReason(" ")).hasMessageStartingWith("reason is required");
        assertThatThrownBy(() -> GuestRightsDesk.checkReason("x".repeat(GuestRightsDesk.MAX_REASON + 1)))
                .hasMessageContaining("longer than " + GuestRightsDesk.MAX_REASON);
    }
}

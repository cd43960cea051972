package io.guestlink.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import io.guestlink.event.InboundEvent;
import io.guestlink.model.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.guestlink.hl7.Hl7Fixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HL7 against the one definition of the canonical fields' limits (model/FieldLimit): a value longer than its field
 * keeps is answered AE (102, data type error) naming the HL7 field, the canonical field and the limit, so nothing is
 * applied and the sender's interface engine shows why. ADT carries the property and the rooms; room type, rate code
 * and table have no place in the ADT mapping (docs/real-time.md, "Mapping"), so they reach GuestLink only by files,
 * database feeds and JSON events.
 */
class AdtLimitsTest {
    private final AdtMapper mapper = Hl7Fixtures.mapper(AdtOptions.defaults());

    /** Where a value sits: the HL7 location the AE names, the canonical field, and the message with the value in it. */
    record Place(String location, String field, String event, String segments) {
        @Override
        public String toString() {
            return location + " (" + field + ")";
        }

        String message(String value) {
            String msh = "MSH|^~\\&|PMS|" + (location.startsWith("MSH-4") ? value : "BKK01") + "|GL|GL|20250601120000||ADT^"
                    + event + "|E-1|P|2.5";
            return Hl7Fixtures.message(msh, "PID|1||G-1^^^PMS||DOE^JANE", segments.formatted(value));
        }
    }

    static final List<Place> PLACES = List.of(
            new Place("MSH-4.1", "property", "A01", "PV1|1|I|^101||||||||||||||||R-1"),
            new Place("PV1-3.4", "property", "A01", "PV1|1|I|^101^^%s||||||||||||||||R-1"),
            new Place("PV1-3.2", "reservation.roomNumber", "A01", "PV1|1|I|^%s||||||||||||||||R-1"),
            new Place("PV1-6.2", "reservation.roomNumber", "A02", "PV1|1|I|^1510|||^%s|||||||||||||R-1"));

    static Stream<Arguments> overLong() {
        List<Arguments> out = new ArrayList<>();
        for (Place p : PLACES) for (int length : new int[] {33, 50}) out.add(Arguments.of(p, length));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, {1} characters")
    @MethodSource("overLong")
    void aValueLongerThanItsFieldKeepsIsAnsweredAeWithTheFieldAndLimit(Place place, int length) {
        InboundEvent fits = mapper.map(place.message("W".repeat(32)));
        Reservation stay = (Reservation) fits.record().fact();
        assertThat(List.of(stay.property(), String.valueOf(stay.roomNumber()), String.valueOf(fits.priorRoom())))
                .as("32 characters are kept whole").contains("W".repeat(32));

        assertThatThrownBy(() -> mapper.map(place.message("W".repeat(length))))
                .isInstanceOfSatisfying(Hl7Problem.class, p -> {
                    assertThat(p.ack()).isEqualTo(AcknowledgmentCode.AE);
                    assertThat(p.code()).isEqualTo(ErrorCode.DATA_TYPE_ERROR);
                    assertThat(p.location()).isEqualTo(place.location());
                    assertThat(p.getMessage()).contains(place.location().substring(0, 5))
                            .contains("is " + length + " characters, more than the 32 GuestLink keeps for " + place.field());
                });
    }

    @Test
    void aTitleLongerThanItsFieldKeepsIsAnsweredAeAtPid5() {
        String text = message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A01|E-1|P|2.5",
                "PID|1||G-1^^^PMS||DOE^JANE^^^" + "T".repeat(65), "PV1|1|I|^101||||||||||||||||R-1");
        assertThatThrownBy(() -> mapper.map(text)).isInstanceOfSatisfying(Hl7Problem.class, p -> {
            assertThat(p.ack()).isEqualTo(AcknowledgmentCode.AE);
            assertThat(p.location()).isEqualTo("PID-5.5");
            assertThat(p.getMessage()).contains("more than the 64 GuestLink keeps for guest.title");
        });
    }

    @Test
    void aFamilyNameLongerThanItsFieldKeepsIsAnsweredAeWithoutShowingIt() {
        String text = message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A01|E-1|P|2.5",
                "PID|1||G-1^^^PMS||D" + "o".repeat(500) + "^JANE", "PV1|1|I|^101||||||||||||||||R-1");
        assertThatThrownBy(() -> mapper.map(text)).isInstanceOfSatisfying(Hl7Problem.class, p -> {
            assertThat(p.location()).isEqualTo("PID-5.1");
            assertThat(p.getMessage()).contains("more than the 500 GuestLink keeps for guest.familyName").doesNotContain("ooo");
        });
    }
}

package io.guestlink.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the definition says about a record: which values are over their field's limit, and how they may be shown. */
class FieldLimitTest {
    static final SourceRef REF = new SourceRef("PMS", RecordKind.POS_TICKET, "CAFE|7");

    @Test
    void shouldListEveryOverLongValueOfARecordInFieldOrderWithItsItem() {
        PosTicket t = new PosTicket("B".repeat(33), "CAFE", "7", "W".repeat(40), null, null, null,
                List.of(new PosItem("1", "coffee", java.math.BigDecimal.ONE, null), new PosItem("2", "c".repeat(501), java.math.BigDecimal.ONE, null)),
                null, null, null, null, null, "THB");
        GuestProfile g = new GuestProfile(List.of(new PersonName("Yu Ming", "Yu", "Ming", "T".repeat(65), "LATIN")), null, null,
                null, "zh-Hans-CN-x-private", List.of(), List.of(), List.of(), null, List.of(), java.util.Map.of());

        List<FieldLimit.Breach> breaches = FieldLimit.breaches(new CanonicalRecord(REF, "G1", g, t));

        assertThat(breaches).extracting(b -> b.limit().field() + "#" + b.index())
                .containsExactly("property#-1", "pos.table#-1", "pos.item.name#1", "guest.title#0", "guest.language#-1");
        assertThat(breaches.get(0).reason()).isEqualTo("is 33 characters, more than the 32 GuestLink keeps for property");
        assertThat(breaches.get(2).toString()).startsWith("pos.item.name (#2) is 501 characters");
    }

    @Test
    void shouldFindNothingWhenEveryValueFits() {
        Reservation r = new Reservation("B".repeat(32), "C".repeat(100), null, null, "T".repeat(32), "R".repeat(32),
                "A".repeat(32), null, "THB", StayStatus.CHECKED_OUT, "W".repeat(64), 1, 0);
        assertThat(FieldLimit.breaches(new CanonicalRecord(new SourceRef("PMS", RecordKind.RESERVATION, "C"), null, null, r))).isEmpty();
    }

    @Test
    void shouldMaskPersonalValuesAndShortenLongOthersVisibly() {
        assertThat(FieldLimit.TICKET_GUEST_NAME.shown("Yu Ming")).isEqualTo("Y***");
        assertThat(FieldLimit.TICKET_MEMBER_NUMBER.shown("BR7012345")).doesNotContain("7012345");
        assertThat(FieldLimit.ROOM_NUMBER.shown("R".repeat(33))).isEqualTo("R".repeat(33));
        assertThat(FieldLimit.DESCRIPTION.shown("d".repeat(501))).isEqualTo("d".repeat(100) + "…(501 chars)");
    }

    @Test
    void shouldKnowEachFieldByItsFeedName() {
        for (FieldLimit f : FieldLimit.values()) assertThat(FieldLimit.of(f.field())).contains(f);
        assertThat(FieldLimit.of("guest.preference")).as("kept in the payload only").isEmpty();
        assertThat(FieldLimit.ARRIVAL.fits("anything at all, a date is not bounded by length")).isTrue();
    }
}

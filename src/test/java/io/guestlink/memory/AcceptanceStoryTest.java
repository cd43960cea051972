package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.Fact;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.guestlink.memory.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

/** product.md's story on in-memory facts: Mr. Yu's breakfasts in June 2025, his return in June 2026, and 2029. */
class AcceptanceStoryTest {

    private final MemoryConfig config = MemoryConfig.defaults();
    private final GuestProfile yu = profile("zh", d("1980-09-14"), null, yuLatin(), yuHan());
    private final Reservation returning = stay("611003", "2026-06-12", "2026-06-15", StayStatus.IN_HOUSE);

    private List<Fact> history() {
        List<Fact> facts = new ArrayList<>(List.of(
                stay("548213907", "2025-06-08", "2025-06-10", StayStatus.CHECKED_OUT),
                ticket("CAFE", "10234", "W2", "2025-06-09T07:30", "ROOM", "530.00",
                        "Club Sandwich:1:320.00", "Coffee:1:120.00", "Fried Egg:1:90.00"),
                ticket("CAFE", "10311", "W2", "2025-06-10T07:34", "ROOM", "530.00",
                        "Club Sandwich:1:320.00", "Coffee:1:120.00", "Fried Egg:1:90.00"),
                folio("548213907", "1", "2025-06-08", ChargeCategory.ROOM, "4200.00", "THB"),
                folio("548213907", "2", "2025-06-08", ChargeCategory.TAX, "294.00", "THB"),
                folio("548213907", "3", "2025-06-09", ChargeCategory.FNB, "530.00", "THB"),
                folio("548213907", "4", "2025-06-09", ChargeCategory.MINIBAR, "180.00", "THB"),
                folio("548213907", "5", "2025-06-09", ChargeCategory.ROOM, "4200.00", "THB"),
                folio("548213907", "6", "2025-06-10", ChargeCategory.FNB, "530.00", "THB"),
                folio("548213907", "7", "2025-06-10", ChargeCategory.PAYMENT, "-10228.00", "THB")));
        return facts;
    }

    @Test
    void shouldGreetMrYuAtHisSecondStayWithHisUsualBreakfast() {
        List<Fact> facts = history();
        facts.add(returning);
        RecognitionCard card = RecognitionCards.build(yu, GuestFacts.of(facts),
                new GuestNotes(List.of("high floor"), List.of(), null), returning, config, d("2026-06-12"));

        assertThat(card.name()).isEqualTo("Mr. Yu");
        assertThat(card.salutation()).isEqualTo("于先生");
        assertThat(card.stayNumber()).isEqualTo(2);
        assertThat(card.stayLabel()).isEqualTo("2nd stay");
        assertThat(card.lastStay()).isEqualTo(d("2025-06-08"));
        assertThat(card.usual()).containsExactly(new RecognitionCard.Usual("CAFE", "breakfast", "W2",
                List.of("Club Sandwich", "Coffee", "Fried Egg")));
        assertThat(card.lapsed()).isFalse();
        assertThat(card.birthdayThisStay()).isNull();
        assertThat(card.toText()).isEqualTo("Mr. Yu (于先生) · 2nd stay · last stay Jun 2025 · "
                + "CAFE breakfast: table W2, Club Sandwich + Coffee + Fried Egg · prefers high floor");
        assertThat(RecognitionCard.fromJson(card.toJson())).isEqualTo(card);
        assertThat(card.toJson()).contains("\"lastStay\":\"2025-06-08\"", "\"salutation\":\"于先生\"");
    }

    @Test
    void shouldShowTheEvidenceBehindTheUsualBreakfast() {
        List<UsualOrder> usual = UsualOrder.of(GuestFacts.of(history()), config);
        assertThat(usual).hasSize(1);
        assertThat(usual.get(0).evidence()).extracting(UsualOrder.Evidence::ticketNumber).containsExactly("10234", "10311");
        assertThat(usual.get(0).wholeOrderVisits()).isEqualTo(2);
    }

    @Test
    void shouldNotCountRoomChargedBreakfastsTwice() {
        StayRollup r = StayRollup.of(GuestFacts.of(history()), config, d("2026-06-12"));
        assertThat(r.revenue().get(ChargeCategory.FNB).byCurrency()).containsEntry("THB", new java.math.BigDecimal("1060.00"));
        assertThat(r.posTicketsPostedToRoom()).isEqualTo(2);
        assertThat(r.totalRevenueBase().amount()).isEqualByComparingTo("9640.00");
    }

    @Test
    void shouldListTheLapsedGuestForAWeMissYouBirthdayThreeYearsLater() {
        List<Fact> facts = history();
        facts.add(new Reservation(returning.property(), returning.confirmationNumber(), returning.arrival(),
                returning.departure(), "DLX", "1208", "BAR", returning.rateAmount(), "THB", StayStatus.CHECKED_OUT, "CTRIP", 1, 0));
        GuestFacts all = GuestFacts.of(facts);

        StayRollup onBirthday = StayRollup.of(all, config, d("2029-09-14"));
        Segments seg = Segments.of(onBirthday, yu, null, null, config, d("2029-09-14"));
        assertThat(seg.lifecycle()).isEqualTo(Segments.Lifecycle.LAPSED);
        assertThat(seg.missYouBirthday()).isTrue();

        RecognitionCard card = RecognitionCards.build(yu, all, GuestNotes.NONE, null, config, d("2029-09-14"));
        assertThat(card.lapsed()).isTrue();
        assertThat(card.birthdayToday()).isTrue();
        assertThat(card.stayNumber()).isEqualTo(2);
        assertThat(card.lastStay()).isEqualTo(d("2026-06-12"));
        assertThat(card.toText()).startsWith("Mr. Yu (于先生) · 2nd stay · last stay Jun 2026 · lapsed").endsWith("birthday today");

        // a day short of 36 months after the last departure he is not lapsed yet
        StayRollup before = StayRollup.of(all, config, d("2029-06-14"));
        assertThat(Segments.of(before, yu, null, null, config, d("2029-06-14")).lapsed()).isFalse();
        assertThat(Segments.of(StayRollup.of(all, config, d("2029-06-15")), yu, null, null, config, d("2029-06-15")).lapsed()).isTrue();
    }
}

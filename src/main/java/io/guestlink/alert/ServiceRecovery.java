package io.guestlink.alert;

import io.guestlink.memory.Amounts;
import io.guestlink.memory.GuestFacts;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How much went wrong for a guest during the current stay, in the base currency: folio adjustments and reversals
 * (negative lines other than payments and tax: a payment is a credit, not a correction, and a tax reversal only
 * follows the charge it corrects) plus POS voids and negative lines (|quantity x price| of each such item, or the
 * ticket's negative total when it has no items) on tickets of the stay's property from arrival to departure.
 * Amounts in a currency without a configured rate are left out, as guest memory does.
 *
 * @param total         the stay's adjustments in the base currency (zero when no stay is current)
 * @param fromThisEvent the triggering POS ticket itself carries a void or negative line (so an alert on it is news)
 */
public record ServiceRecovery(BigDecimal total, boolean fromThisEvent) {
    public static final ServiceRecovery NONE = new ServiceRecovery(BigDecimal.ZERO, false);
    private static final Set<StayStatus> NOT_A_STAY = Set.of(StayStatus.CANCELLED, StayStatus.NO_SHOW);

    /**
     * @param ticketNumber the POS ticket the triggering event closed, or null
     */
    public static ServiceRecovery of(GuestFacts facts, String property, LocalDate asOf, String ticketNumber,
                                     MemoryConfig config) {
        Optional<Reservation> stay = facts.reservations().stream()
                .filter(r -> r.arrival() != null && r.departure() != null
                        && (r.status() == null || !NOT_A_STAY.contains(r.status())) && (property == null || property.equals(r.property()))
                        && !asOf.isBefore(r.arrival()) && !asOf.isAfter(r.departure()))
                .max(Comparator.comparing(Reservation::arrival));
        boolean fromThisEvent = false;
        if (stay.isEmpty()) return NONE;
        Reservation s = stay.get();
        Amounts sum = Amounts.NONE;
        for (FolioLine l : facts.folioLines()) {
            if (!ofStay(l, s) || l.amount() == null || l.amount().signum() >= 0) continue;
            if (l.category() == ChargeCategory.PAYMENT || l.category() == ChargeCategory.TAX) continue;
            sum = sum.plus(l.currency(), l.amount().negate());
        }
        for (PosTicket t : facts.tickets()) {
            if (!Objects.equals(t.property(), s.property())) continue;
            LocalDate day = t.closed() != null ? t.closed().toLocalDate() : t.opened() != null ? t.opened().toLocalDate() : null;
            if (day == null || day.isBefore(s.arrival()) || day.isAfter(s.departure())) continue;
            BigDecimal negative = negativeLines(t);
            if (negative.signum() == 0) continue;
            sum = sum.plus(t.currency(), negative);
            if (ticketNumber != null && ticketNumber.equals(t.ticketNumber())) fromThisEvent = true;
        }
        return new ServiceRecovery(sum.inBase(config).amount(), fromThisEvent);
    }

    private static boolean ofStay(FolioLine l, Reservation s) {
        if (l.reservationRef() != null) return l.reservationRef().equals(s.confirmationNumber());
        return l.businessDate() != null && Objects.equals(l.property(), s.property())
                && !l.businessDate().isBefore(s.arrival()) && !l.businessDate().isAfter(s.departure());
    }

    /** The ticket's voids and negative lines as a positive amount. */
    static BigDecimal negativeLines(PosTicket t) {
        BigDecimal sum = BigDecimal.ZERO;
        for (PosItem i : t.items()) {
            if (i.quantity() == null || i.price() == null) continue;
            BigDecimal value = i.quantity().multiply(i.price());
            if (value.signum() < 0) sum = sum.add(value.negate());
        }
        if (t.items().isEmpty() && t.total() != null && t.total().signum() < 0) sum = t.total().negate();
        return sum;
    }
}

package io.guestlink.memory;

import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.time.LocalDate;

/**
 * When a stay the PMS left in house counts as departed: a PMS that never sends the check-out (a lost message, a
 * manual check-out, an interface down that day) would keep the guest in house for ever, and an in-house guest is
 * never lapsed. A stay still in house more than {@code days} days after its departure, on the property's business
 * date, is closed as checked out on its departure date: the guest left, as booked, and nobody told us.
 *
 * <p>With a grace of 2, a stay departing on the 18th is closed on the business date of the 21st (the 19th and 20th
 * are the grace). A grace of 0 closes it the day after its departure.
 *
 * @param days whole days after the departure date before the stay is closed (0 or more)
 */
public record CheckoutGrace(int days) {
    public CheckoutGrace {
        if (days < 0) throw new IllegalArgumentException("a check-out grace is 0 or more days, not " + days);
    }

    /** On {@code businessDate}, stays in house that departed before this date are overdue. */
    public LocalDate departedBefore(LocalDate businessDate) {
        return businessDate.minusDays(days);
    }

    /** Whether the stay is still in house past its departure and the grace on the business date. */
    public boolean overdue(Reservation stay, LocalDate businessDate) {
        return stay.status() == StayStatus.IN_HOUSE && stay.departure() != null
                && stay.departure().isBefore(departedBefore(businessDate));
    }

    /** The stay as departed: checked out on its departure date; every other value as the PMS sent it. */
    public Reservation departed(Reservation stay) {
        if (!overdueShape(stay)) throw new IllegalArgumentException("only a stay in house with a departure date can be closed");
        return new Reservation(stay.property(), stay.confirmationNumber(), stay.arrival(), stay.departure(), stay.roomType(),
                stay.roomNumber(), stay.rateCode(), stay.rateAmount(), stay.currency(), StayStatus.CHECKED_OUT, stay.channel(),
                stay.adults(), stay.children(), stay.complaints());
    }

    /**
     * What the journal says about the closed version: that GuestLink inferred it, from what, and that the system
     * named never sent it. No personal value: the confirmation number is the PMS's, not the guest's.
     */
    public String note(String system, Reservation stay, LocalDate businessDate) {
        return "check-out inferred by GuestLink, not sent by " + system + ": stay " + stay.confirmationNumber()
                + (stay.property() == null ? "" : " at " + stay.property()) + " was still in house on business date "
                + businessDate + ", more than " + days + " day" + (days == 1 ? "" : "s") + " after its departure "
                + stay.departure() + "; closed as checked out on " + stay.departure();
    }

    private static boolean overdueShape(Reservation stay) {
        return stay.status() == StayStatus.IN_HOUSE && stay.departure() != null;
    }
}

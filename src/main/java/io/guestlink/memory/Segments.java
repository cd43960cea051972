package io.guestlink.memory;

import io.guestlink.model.GuestProfile;
import io.guestlink.model.Reservation;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Optional;

/**
 * Which lists a guest belongs on, as of a date: lifecycle, VIP, special dates this stay or today, RFM and lifetime
 * value. All thresholds come from {@link MemoryConfig}.
 *
 * <ul>
 *   <li>Lifecycle: {@code PROSPECT} never stayed; {@code LAPSED} not in house and the last departure is at least
 *       {@code lapsedAfterMonths} before {@code asOf}; otherwise {@code FIRST_TIMER} (1 stay) or {@code REPEAT}.</li>
 *   <li>Birthday / anniversary this stay: the date's month and day falls on a day from arrival to departure, both
 *       included (the guest is in the hotel on the departure morning). A stay over New Year checks both years.
 *       February 29 is celebrated on February 28 in non-leap years, as most hotels and legal conventions do.</li>
 *   <li>RFM: see {@link MemoryConfig.RfmEdges}; null for a guest who never stayed. Monetary is the lifetime value.</li>
 *   <li>Lifetime value: the revenue of the configured categories (net of reversals and refunds, POS tickets not
 *       posted to a room included) in the base currency; currencies with no rate are listed, not guessed.</li>
 * </ul>
 *
 * @param stay the stay special dates are checked against: the given one, else the in-house stay, else null
 */
public record Segments(Lifecycle lifecycle, boolean vip, String vipCode, StayRef stay, LocalDate birthdayThisStay,
                       boolean birthdayToday, LocalDate anniversaryThisStay, boolean anniversaryToday, Rfm rfm,
                       BaseAmount lifetimeValue) {

    public enum Lifecycle { PROSPECT, FIRST_TIMER, REPEAT, LAPSED }

    /** Scores 1..5 each; {@link #code()} is the usual "545" form. */
    public record Rfm(int recency, int frequency, int monetary) {
        public String code() {
            return "" + recency + frequency + monetary;
        }
    }

    public boolean lapsed() {
        return lifecycle == Lifecycle.LAPSED;
    }

    /** The "we miss you" birthday list: lapsed, and it is their birthday. Consent and language are the sender's job. */
    public boolean missYouBirthday() {
        return lapsed() && birthdayToday;
    }

    /**
     * @param stay        the arriving or current reservation, or null to use the in-house stay if any
     * @param anniversary the wedding (or other) anniversary when the PMS has one, else null
     */
    public static Segments of(StayRollup rollup, GuestProfile profile, LocalDate anniversary, Reservation stay,
                              MemoryConfig config, LocalDate asOf) {
        Lifecycle lifecycle = lifecycle(rollup.stays(), rollup.inHouse() ? null : rollup.lastDeparture(), config, asOf);

        StayRef current = stay != null && stay.arrival() != null && stay.departure() != null
                && !stay.departure().isBefore(stay.arrival()) ? StayRef.of(stay)
                : rollup.history().stream().filter(s -> s.status() == io.guestlink.model.StayStatus.IN_HOUSE)
                .reduce((a, b) -> b).orElse(null);
        LocalDate birth = profile == null ? null : profile.birthDate();
        LocalDate birthdayThisStay = current == null ? null : occursBetween(birth, current.arrival(), current.departure()).orElse(null);
        LocalDate anniversaryThisStay = current == null ? null : occursBetween(anniversary, current.arrival(), current.departure()).orElse(null);

        BaseAmount ltv = rollup.revenueInBase(config.lifetimeValueCategories(), config);
        Rfm rfm = rollup.stays() == 0 ? null : new Rfm(config.rfm().recency(rollup.daysSinceLastStay()),
                config.rfm().frequency(rollup.stays()), config.rfm().monetary(ltv.amount()));
        String vipCode = profile == null ? null : profile.vipCode();
        return new Segments(lifecycle, config.isVip(vipCode), vipCode, current, birthdayThisStay,
                occursBetween(birth, asOf, asOf).isPresent(), anniversaryThisStay, occursBetween(anniversary, asOf, asOf).isPresent(),
                rfm, ltv);
    }

    /**
     * The day from {@code from} to {@code to} (both included) on which the yearly date of {@code date} falls, if any.
     * Feb 29 falls on Feb 28 in non-leap years. Dates in the future of {@code from} (a birth date after the stay) never fall.
     */
    public static Optional<LocalDate> occursBetween(LocalDate date, LocalDate from, LocalDate to) {
        if (date == null || from == null || to == null || to.isBefore(from) || date.isAfter(to)) return Optional.empty();
        MonthDay md = MonthDay.from(date);
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            LocalDate d = md.atYear(year); // atYear maps Feb 29 to Feb 28 in a non-leap year
            if (!d.isBefore(from) && !d.isAfter(to)) return Optional.of(d);
        }
        return Optional.empty();
    }

    /**
     * The lifecycle rule, shared with the stored segments ({@link SegmentRow}): never stayed is a prospect; a guest
     * not in house whose last stay ended {@code lapsedAfterMonths} or more before {@code asOf} is lapsed; otherwise a
     * first-timer (one stay) or repeat guest.
     *
     * @param lastDepartureIfOut the last departure, or null while in house
     */
    static Lifecycle lifecycle(int stays, LocalDate lastDepartureIfOut, MemoryConfig config, LocalDate asOf) {
        if (stays == 0) return Lifecycle.PROSPECT;
        if (lastDepartureIfOut != null && !config.lapsedOn(lastDepartureIfOut).isAfter(asOf)) return Lifecycle.LAPSED;
        return stays == 1 ? Lifecycle.FIRST_TIMER : Lifecycle.REPEAT;
    }
}

package io.guestlink.memory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A guest's segments at one property, or at all of them ({@code property = "*"}), as the store keeps them for lists
 * ("every lapsed guest with a birthday this week"). Nothing stored depends on the day it was computed: what changes
 * with time alone (lapsed, recency) is derived from dates when a list is read ({@link #lifecycle(LocalDate)},
 * {@link #recency}), with the same rules as the card's {@link Segments}.
 *
 * @param lifecycle     PROSPECT (no stay), FIRST_TIMER (1) or REPEAT; LAPSED is decided on reading, from lapsedOn
 * @param lastDeparture the latest departure of a stay, null when none
 * @param lapsedOn      the day the guest counts as lapsed ({@code lapsedAfterMonths} after the last departure);
 *                      null while in house or with no stay
 * @param frequency     RFM frequency score from the stays (1..5), null with no stay
 * @param monetary      RFM monetary score from the lifetime value (1..5), null with no stay
 * @param lifetimeValue the configured revenue categories in the base currency; {@code lifetimeValueComplete} is
 *                      false when some amounts had no rate and are left out
 * @param vip           the profile's VIP code makes a VIP (config {@code vipCodes})
 * @param birthday      month × 100 + day of the birth date (1231), null when unknown
 */
public record SegmentRow(String property, Segments.Lifecycle lifecycle, int stays, LocalDate lastDeparture,
                         boolean inHouse, LocalDate lapsedOn, Integer frequency, Integer monetary,
                         BigDecimal lifetimeValue, boolean lifetimeValueComplete, boolean vip, Integer birthday) {

    /** The rows of one guest: one for all properties, then one per property the guest has facts at. */
    public static List<SegmentRow> of(MemorySummary summary, LocalDate birthDate, String vipCode, MemoryConfig config) {
        List<SegmentRow> out = new ArrayList<>();
        for (Map.Entry<String, Tally> e : summary.withAll().entrySet())
            out.add(of(e.getKey(), e.getValue(), birthDate, vipCode, config));
        out.sort(java.util.Comparator.comparing((SegmentRow r) -> !r.property().equals(MemoryConfig.ANY)).thenComparing(SegmentRow::property));
        return out;
    }

    static SegmentRow of(String property, Tally t, LocalDate birthDate, String vipCode, MemoryConfig config) {
        boolean inHouse = t.inHouse() > 0;
        Segments.Lifecycle lifecycle = t.stays() == 0 ? Segments.Lifecycle.PROSPECT
                : t.stays() == 1 ? Segments.Lifecycle.FIRST_TIMER : Segments.Lifecycle.REPEAT;
        BaseAmount ltv = t.revenueInBase(config.lifetimeValueCategories(), config);
        boolean stayed = t.stays() > 0;
        return new SegmentRow(property, lifecycle, t.stays(), t.lastDeparture(), inHouse,
                stayed && !inHouse ? config.lapsedOn(t.lastDeparture()) : null,
                stayed ? config.rfm().frequency(t.stays()) : null, stayed ? config.rfm().monetary(ltv.amount()) : null,
                ltv.amount(), ltv.complete(), config.isVip(vipCode), birthDate == null ? null : monthDay(MonthDay.from(birthDate)));
    }

    static int monthDay(MonthDay md) {
        return md.getMonthValue() * 100 + md.getDayOfMonth();
    }

    /** The lifecycle on a day: LAPSED from {@code lapsedOn} on (the card's rule, {@link Segments}). */
    public Segments.Lifecycle lifecycle(LocalDate asOf) {
        return lapsedOn != null && !lapsedOn.isAfter(asOf) ? Segments.Lifecycle.LAPSED : lifecycle;
    }

    /** The RFM recency score on a day (5 while in house); null with no stay. */
    public Integer recency(LocalDate asOf, MemoryConfig config) {
        if (stays == 0) return null;
        return config.rfm().recency(inHouse ? 0 : Math.max(0, ChronoUnit.DAYS.between(lastDeparture, asOf)));
    }

    /**
     * The birthdays ({@link #birthday} values) celebrated on the {@code days} days from {@code from} on: a February 29
     * birthday is celebrated on February 28 in a year without one, as {@link Segments#occursBetween} does.
     */
    public static List<Integer> birthdaysWithin(LocalDate from, int days) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            LocalDate d = from.plusDays(i);
            if (!out.contains(monthDay(MonthDay.from(d)))) out.add(monthDay(MonthDay.from(d)));
            if (d.getMonthValue() == 2 && d.getDayOfMonth() == 28 && !d.isLeapYear() && !out.contains(229)) out.add(229);
            if (out.size() >= 366) break;
        }
        return out;
    }
}

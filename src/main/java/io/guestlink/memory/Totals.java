package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;

import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;

/**
 * A guest's stays and spend at one property (or all), as the store shows them: the {@link StayRollup} figures that do
 * not depend on the day they are read (days since the last stay and the next arrival do; readers derive them).
 */
public record Totals(int stays, long nights, int cancellations, int noShows, boolean inHouse, LocalDate firstStay,
                     StayRef lastStay, LocalDate lastDeparture, Map<ChargeCategory, Amounts> revenue, Amounts totalRevenue,
                     BaseAmount totalRevenueBase, Amounts averageDailyRate, BaseAmount averageDailyRateBase, int posTickets,
                     int posTicketsPostedToRoom, SortedMap<DataIssue.Kind, Integer> issues) {

    public Totals {
        revenue = new java.util.TreeMap<>(revenue);
    }

    public static Totals of(Tally t, MemoryConfig config) {
        Amounts total = t.totalRevenue();
        return new Totals(t.stays(), t.nights(), t.cancellations(), t.noShows(), t.inHouse() > 0, t.firstArrival(),
                t.lastStay(), t.lastDeparture(), t.revenueByCategory(), total, total.inBase(config), t.averageDailyRate(),
                t.averageDailyRateBase(config), t.tickets(), t.postedToRoom(), t.issues());
    }

    /** Per property, with all properties together under {@code "*"}. */
    public static Map<String, Totals> of(MemorySummary summary, MemoryConfig config) {
        java.util.TreeMap<String, Totals> out = new java.util.TreeMap<>();
        summary.withAll().forEach((p, t) -> out.put(p, of(t, config)));
        return out;
    }
}

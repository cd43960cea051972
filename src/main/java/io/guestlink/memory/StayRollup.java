package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.Fact;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A guest's stays and spend, computed from their {@link GuestFacts} as of a date. It is a pure function of the
 * facts (recomputed, never patched), so the incremental state equals the rebuild by construction.
 *
 * <p>Definitions:
 * <ul>
 *   <li>A <b>stay</b> is a checked-out or in-house reservation with arrival on or before departure. Booked,
 *       waitlisted, cancelled and no-show reservations are not stays; cancellations and no-shows are counted.</li>
 *   <li><b>Nights</b>: departure minus arrival; a day use is a stay of 0 nights.</li>
 *   <li><b>Next arrival</b>: the earliest booked reservation arriving on or after {@code asOf}.</li>
 *   <li><b>Days since last stay</b>: 0 while in house, else from the latest departure to {@code asOf} (never
 *       negative); null when the guest never stayed.</li>
 *   <li><b>Revenue</b> by category from folio lines (room, F&amp;B, minibar, spa, other; tax and payments are not
 *       revenue; a line with no category is other). Reversals and allowances are negative lines and net out.
 *       POS tickets add to their outlet's category only when <em>not</em> settled to a room: a room-settled ticket
 *       is already a folio line and would otherwise count twice. A ticket's spend is its total (refunds are
 *       negative and net out), else the sum of its items.</li>
 *   <li><b>Average daily rate</b> per currency: the reservation rate weighted by nights over stays with nights and
 *       a rate; in the base currency over the stays whose currency has a rate. Taken from the reservation rather
 *       than the folio because an in-house guest has no complete folio yet.</li>
 * </ul>
 * Bad input is excluded and reported in {@link #issues()}, sorted: see {@link DataIssue.Kind}.
 */
public record StayRollup(
        LocalDate asOf,
        int stays,
        long nights,
        int cancellations,
        int noShows,
        LocalDate firstStay,
        LocalDate lastStay,
        LocalDate lastDeparture,
        LocalDate nextArrival,
        Long daysSinceLastStay,
        boolean inHouse,
        List<StayRef> history,
        Map<ChargeCategory, Amounts> revenue,
        Amounts totalRevenue,
        BaseAmount totalRevenueBase,
        Amounts averageDailyRate,
        BaseAmount averageDailyRateBase,
        int posTickets,
        int posTicketsPostedToRoom,
        List<DataIssue> issues) {

    public StayRollup {
        history = List.copyOf(history);
        revenue = Map.copyOf(revenue);
        issues = List.copyOf(issues);
    }

    public static StayRollup of(GuestFacts facts, MemoryConfig config, LocalDate asOf) {
        // the counts are the tally's, the same definitions the store keeps up to date record by record
        Tally all = MemorySummary.of(facts, config).all();
        TreeSet<DataIssue> issues = new TreeSet<>();
        List<StayRef> stays = new ArrayList<>();
        LocalDate next = null;
        for (Reservation r : facts.reservations()) {
            if (Tally.isStay(r)) stays.add(StayRef.of(r));
            if (r.status() == StayStatus.BOOKED && r.arrival() != null && r.departure() != null && !r.departure().isBefore(r.arrival())
                    && !r.arrival().isBefore(asOf) && (next == null || r.arrival().isBefore(next)))
                next = r.arrival();
        }
        stays.sort(Tally.STAY_ORDER);
        for (Fact f : facts.reservations()) issues.addAll(Tally.issues(f, config));
        for (Fact f : facts.tickets()) issues.addAll(Tally.issues(f, config));

        Long daysSince = all.lastDeparture() == null ? null
                : all.inHouse() > 0 ? 0L : Math.max(0, ChronoUnit.DAYS.between(all.lastDeparture(), asOf));
        Amounts total = all.totalRevenue();
        BaseAmount totalBase = total.inBase(config);
        BaseAmount adrBase = all.averageDailyRateBase(config);
        for (String c : totalBase.unconverted())
            issues.add(new DataIssue(DataIssue.Kind.NO_RATE, c, "amounts in " + c + " are not in base totals"));
        for (String c : adrBase.unconverted())
            issues.add(new DataIssue(DataIssue.Kind.NO_RATE, c, "amounts in " + c + " are not in base totals"));

        return new StayRollup(asOf, all.stays(), all.nights(), all.cancellations(), all.noShows(), all.firstArrival(),
                all.lastStay() == null ? null : all.lastStay().arrival(), all.lastDeparture(), next, daysSince,
                all.inHouse() > 0, stays, all.revenueByCategory(), total, totalBase, all.averageDailyRate(), adrBase,
                all.tickets(), all.postedToRoom(), new ArrayList<>(issues));
    }

    /** Revenue of some categories in the base currency (the lifetime value uses its configured categories). */
    public BaseAmount revenueInBase(java.util.Set<ChargeCategory> categories, MemoryConfig config) {
        return revenue.entrySet().stream().filter(e -> categories.contains(e.getKey())).map(Map.Entry::getValue)
                .reduce(Amounts.NONE, Amounts::plus).inBase(config);
    }

    /** The stays that ended on or before a date: the guest's past as seen from an arrival on that date. */
    public List<StayRef> staysBefore(LocalDate arrival) {
        return history.stream().filter(s -> s.arrival().isBefore(arrival) && !s.departure().isAfter(arrival)).toList();
    }
}

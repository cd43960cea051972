package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        TreeSet<DataIssue> issues = new TreeSet<>();
        List<StayRef> stays = new ArrayList<>();
        List<Reservation> stayReservations = new ArrayList<>();
        int cancellations = 0, noShows = 0;
        LocalDate next = null;
        for (Reservation r : facts.reservations()) {
            String ref = GuestFacts.key(r);
            StayStatus s = r.status();
            if (s == StayStatus.CANCELLED) cancellations++;
            if (s == StayStatus.NO_SHOW) noShows++;
            if (r.arrival() == null || r.departure() == null) {
                issues.add(new DataIssue(DataIssue.Kind.MISSING_DATES, ref, "arrival " + r.arrival() + ", departure " + r.departure()));
                continue;
            }
            if (r.departure().isBefore(r.arrival())) {
                issues.add(new DataIssue(DataIssue.Kind.DEPARTURE_BEFORE_ARRIVAL, ref,
                        "arrival " + r.arrival() + ", departure " + r.departure() + ": not counted"));
                continue;
            }
            if (s == StayStatus.CHECKED_OUT || s == StayStatus.IN_HOUSE) {
                stays.add(StayRef.of(r));
                stayReservations.add(r);
            }
            if (s == StayStatus.BOOKED && !r.arrival().isBefore(asOf) && (next == null || r.arrival().isBefore(next)))
                next = r.arrival();
        }
        stays.sort(Comparator.comparing(StayRef::arrival).thenComparing(StayRef::departure)
                .thenComparing(StayRef::property).thenComparing(StayRef::confirmationNumber));

        long nights = stays.stream().mapToLong(StayRef::nights).sum();
        boolean inHouse = stays.stream().anyMatch(x -> x.status() == StayStatus.IN_HOUSE);
        LocalDate first = stays.isEmpty() ? null : stays.get(0).arrival();
        LocalDate last = stays.isEmpty() ? null : stays.get(stays.size() - 1).arrival();
        LocalDate lastDeparture = stays.stream().map(StayRef::departure).max(Comparator.naturalOrder()).orElse(null);
        Long daysSince = lastDeparture == null ? null
                : inHouse ? 0L : Math.max(0, ChronoUnit.DAYS.between(lastDeparture, asOf));

        EnumMap<ChargeCategory, Amounts> revenue = new EnumMap<>(ChargeCategory.class);
        for (FolioLine l : facts.folioLines()) {
            ChargeCategory c = l.category() == null ? ChargeCategory.OTHER : l.category();
            if (MemoryConfig.REVENUE.contains(c)) revenue.merge(c, Amounts.of(l.currency(), l.amount()), Amounts::plus);
        }
        int posted = 0;
        for (PosTicket t : facts.tickets()) {
            String ref = GuestFacts.key(t);
            if (t.items().isEmpty())
                issues.add(new DataIssue(DataIssue.Kind.TICKET_WITHOUT_ITEMS, ref, "a visit; spend is the ticket total"));
            if (t.opened() == null)
                issues.add(new DataIssue(DataIssue.Kind.TICKET_WITHOUT_TIME, ref, "not used for usual table or order"));
            for (TicketLines.NetItem i : TicketLines.netItems(t))
                if (i.quantity().signum() < 0)
                    issues.add(new DataIssue(DataIssue.Kind.VOID_EXCEEDS_ORDER, ref, "'" + i.name() + "' nets to " + i.quantity()));
            if (config.postedToRoom(t.settlement())) {
                posted++;
                continue;
            }
            BigDecimal spend = TicketLines.spend(t);
            if (spend.signum() < 0) issues.add(new DataIssue(DataIssue.Kind.REFUND, ref, "spend " + spend + ": nets out"));
            revenue.merge(config.posCategory(t.outlet()), Amounts.of(t.currency(), spend), Amounts::plus);
        }
        Amounts total = revenue.values().stream().reduce(Amounts.NONE, Amounts::plus);
        BaseAmount totalBase = total.inBase(config);
        for (String c : totalBase.unconverted())
            issues.add(new DataIssue(DataIssue.Kind.NO_RATE, c, "amounts in " + c + " are not in base totals"));

        // ADR: rate × nights and nights, per currency
        TreeMap<String, BigDecimal> roomNightValue = new TreeMap<>();
        TreeMap<String, Long> roomNights = new TreeMap<>();
        for (Reservation r : stayReservations) {
            long n = ChronoUnit.DAYS.between(r.arrival(), r.departure());
            if (n == 0 || r.rateAmount() == null) continue;
            String cur = Amounts.currencyOf(r.currency());
            roomNightValue.merge(cur, r.rateAmount().multiply(BigDecimal.valueOf(n)), BigDecimal::add);
            roomNights.merge(cur, n, Long::sum);
        }
        TreeMap<String, BigDecimal> adr = new TreeMap<>();
        roomNightValue.forEach((c, v) -> adr.put(c, v.divide(BigDecimal.valueOf(roomNights.get(c)), 2, RoundingMode.HALF_EVEN)));
        BaseAmount adrBase = adrInBase(roomNightValue, roomNights, config);
        for (String c : adrBase.unconverted())
            issues.add(new DataIssue(DataIssue.Kind.NO_RATE, c, "amounts in " + c + " are not in base totals"));

        return new StayRollup(asOf, stays.size(), nights, cancellations, noShows, first, last, lastDeparture, next,
                daysSince, inHouse, stays, revenue, total, totalBase, new Amounts(adr), adrBase, facts.tickets().size(),
                posted, new ArrayList<>(issues));
    }

    private static BaseAmount adrInBase(Map<String, BigDecimal> value, Map<String, Long> nights, MemoryConfig config) {
        BigDecimal sum = BigDecimal.ZERO;
        long n = 0;
        TreeSet<String> unconverted = new TreeSet<>();
        for (var e : value.entrySet()) {
            BaseAmount b = Amounts.of(e.getKey(), e.getValue()).inBase(config);
            if (!b.complete()) {
                unconverted.addAll(b.unconverted());
                continue;
            }
            sum = sum.add(e.getValue().multiply(e.getKey().equals(config.baseCurrency()) ? BigDecimal.ONE : config.rates().get(e.getKey())));
            n += nights.get(e.getKey());
        }
        BigDecimal adr = n == 0 ? BigDecimal.ZERO.setScale(2) : sum.divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_EVEN);
        return new BaseAmount(config.baseCurrency(), adr, unconverted);
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

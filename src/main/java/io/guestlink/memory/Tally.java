package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The stay and spend counts of some facts (one property's, or all of a guest's), kept so that adding a fact costs the
 * same whatever came before: {@code Tally.of(a).plus(Tally.of(b))} is the tally of both, in any order and grouping.
 * This is where the definitions of {@link StayRollup} live, so a roll-up computed from all facts and one kept up to
 * date fact by fact count the same way.
 *
 * <p>{@link #minus} undoes a fact whose tally has no stay (a ticket or folio line replaced by its next version);
 * first and last stay are minimum and maximum and cannot be undone, so removing a stay is refused and the caller
 * recounts from all facts. Amounts are exact and kept in a canonical scale (trailing zeros dropped, at least two
 * decimals), and every sum carries the number of facts in it, so a sum whose facts were all undone disappears as if
 * they had never come: a tally kept up to date equals the tally of the same facts counted at once, value for value.
 *
 * @param reservations reservations counted (any status); with folioLines and tickets, whether the tally is empty
 * @param stays        checked-out and in-house reservations with arrival on or before departure
 * @param inHouse      of the stays, those in house
 * @param lastStay     the latest stay by arrival, then departure, property and confirmation number
 * @param revenue      category to currency to sum, net of reversals and refunds (see {@link StayRollup})
 * @param roomRates    currency to rate × nights of the stays with nights and a rate, for the average daily rate
 * @param issues       how many facts showed each kind of data issue ({@link DataIssue}; NO_RATE is derived)
 */
public record Tally(int reservations, int folioLines, int tickets, int stays, long nights, int inHouse,
                    int cancellations, int noShows, LocalDate firstArrival, StayRef lastStay, LocalDate lastDeparture,
                    SortedMap<ChargeCategory, SortedMap<String, Sum>> revenue, SortedMap<String, RoomNights> roomRates,
                    int postedToRoom, SortedMap<DataIssue.Kind, Integer> issues) {

    public static final Tally EMPTY = new Tally(0, 0, 0, 0, 0, 0, 0, 0, null, null, null, new TreeMap<>(), new TreeMap<>(),
            0, new TreeMap<>());

    /** The later of two stays: by arrival, departure, property, confirmation number. */
    static final Comparator<StayRef> STAY_ORDER = Comparator.comparing(StayRef::arrival).thenComparing(StayRef::departure)
            .thenComparing(s -> String.valueOf(s.property())).thenComparing(StayRef::confirmationNumber);

    /** An exact sum and how many facts are in it. */
    public record Sum(BigDecimal amount, int facts) {
        public Sum {
            amount = canonical(amount);
        }

        Sum plus(Sum o, int sign) {
            return new Sum(sign > 0 ? amount.add(o.amount) : amount.subtract(o.amount), facts + sign * o.facts);
        }
    }

    /** Rate × nights and nights of the stays in one currency. */
    public record RoomNights(BigDecimal value, long nights, int stays) {
        public RoomNights {
            value = canonical(value);
        }

        RoomNights plus(RoomNights o) {
            return new RoomNights(value.add(o.value), nights + o.nights, stays + o.stays);
        }
    }

    public Tally {
        revenue = Collections.unmodifiableSortedMap(copy(revenue));
        roomRates = Collections.unmodifiableSortedMap(new TreeMap<>(roomRates));
        issues = Collections.unmodifiableSortedMap(new TreeMap<>(issues));
    }

    private static SortedMap<ChargeCategory, SortedMap<String, Sum>> copy(Map<ChargeCategory, ? extends Map<String, Sum>> m) {
        TreeMap<ChargeCategory, SortedMap<String, Sum>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
        return out;
    }

    /** One value per number: 530 and 530.00 are both 530.00, 1.005 stays 1.005. */
    static BigDecimal canonical(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 2 ? s.setScale(2, RoundingMode.UNNECESSARY) : s;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return reservations == 0 && folioLines == 0 && tickets == 0;
    }

    // ---- one fact --------------------------------------------------------------------------------------------

    /** The tally of one (joined) fact. */
    public static Tally of(Fact fact, MemoryConfig config) {
        Builder b = new Builder();
        if (fact instanceof Reservation r) b.reservation(r);
        else if (fact instanceof FolioLine l) b.folioLine(l);
        else if (fact instanceof PosTicket t) b.ticket(t, config);
        else throw new IllegalArgumentException("unknown fact " + fact.getClass().getSimpleName());
        for (DataIssue i : issues(fact, config)) b.issues.merge(i.kind(), 1, Integer::sum);
        return b.build();
    }

    /** The data issues one fact shows, with their details (the roll-up lists them; the tally counts them). */
    static Set<DataIssue> issues(Fact fact, MemoryConfig config) {
        Set<DataIssue> out = new TreeSet<>();
        if (fact instanceof Reservation r) {
            String ref = GuestFacts.key(r);
            if (r.arrival() == null || r.departure() == null)
                out.add(new DataIssue(DataIssue.Kind.MISSING_DATES, ref, "arrival " + r.arrival() + ", departure " + r.departure()));
            else if (r.departure().isBefore(r.arrival()))
                out.add(new DataIssue(DataIssue.Kind.DEPARTURE_BEFORE_ARRIVAL, ref,
                        "arrival " + r.arrival() + ", departure " + r.departure() + ": not counted"));
        } else if (fact instanceof PosTicket t) {
            String ref = GuestFacts.key(t);
            if (t.items().isEmpty())
                out.add(new DataIssue(DataIssue.Kind.TICKET_WITHOUT_ITEMS, ref, "a visit; spend is the ticket total"));
            if (t.opened() == null)
                out.add(new DataIssue(DataIssue.Kind.TICKET_WITHOUT_TIME, ref, "not used for usual table or order"));
            for (TicketLines.NetItem i : TicketLines.netItems(t))
                if (i.quantity().signum() < 0)
                    out.add(new DataIssue(DataIssue.Kind.VOID_EXCEEDS_ORDER, ref, "'" + i.name() + "' nets to " + i.quantity()));
            if (!config.postedToRoom(t.settlement())) {
                BigDecimal spend = TicketLines.spend(t);
                if (spend.signum() < 0) out.add(new DataIssue(DataIssue.Kind.REFUND, ref, "spend " + spend + ": nets out"));
            }
        }
        return out;
    }

    /** Whether a reservation is a stay: checked out or in house, with arrival on or before departure. */
    static boolean isStay(Reservation r) {
        return (r.status() == StayStatus.CHECKED_OUT || r.status() == StayStatus.IN_HOUSE) && r.arrival() != null
                && r.departure() != null && !r.departure().isBefore(r.arrival());
    }

    // ---- algebra ---------------------------------------------------------------------------------------------

    public Tally plus(Tally o) {
        return combine(o, 1);
    }

    /**
     * This tally without a fact's; empty when that fact was a stay (first and last stay cannot be undone) or was
     * never counted here (the caller then recounts from all facts).
     */
    public Optional<Tally> minus(Tally o) {
        if (o.stays > 0) return Optional.empty();
        return Optional.ofNullable(combine(o, -1));
    }

    /** Null when undoing something never counted. */
    private Tally combine(Tally o, int sign) {
        TreeMap<ChargeCategory, SortedMap<String, Sum>> rev = new TreeMap<>();
        revenue.forEach((k, v) -> rev.put(k, new TreeMap<>(v)));
        for (var byCategory : o.revenue.entrySet()) {
            for (var e : byCategory.getValue().entrySet()) {
                SortedMap<String, Sum> m = rev.computeIfAbsent(byCategory.getKey(), k -> new TreeMap<>());
                Sum now = m.containsKey(e.getKey()) ? m.get(e.getKey()).plus(e.getValue(), sign) : sign > 0 ? e.getValue() : null;
                if (now == null || now.facts() < 0) return null;
                if (now.facts() == 0) m.remove(e.getKey());
                else m.put(e.getKey(), now);
                if (m.isEmpty()) rev.remove(byCategory.getKey());
            }
        }
        TreeMap<String, RoomNights> rates = new TreeMap<>(roomRates);
        if (sign > 0) o.roomRates.forEach((c, r) -> rates.merge(c, r, RoomNights::plus));
        TreeMap<DataIssue.Kind, Integer> iss = new TreeMap<>(issues);
        for (var e : o.issues.entrySet()) {
            int now = iss.getOrDefault(e.getKey(), 0) + sign * e.getValue();
            if (now < 0) return null;
            if (now == 0) iss.remove(e.getKey());
            else iss.put(e.getKey(), now);
        }
        int res = reservations + sign * o.reservations, lines = folioLines + sign * o.folioLines, tix = tickets + sign * o.tickets;
        if (res < 0 || lines < 0 || tix < 0 || cancellations + sign * o.cancellations < 0 || noShows + sign * o.noShows < 0
                || postedToRoom + sign * o.postedToRoom < 0) return null;
        return new Tally(res, lines, tix, stays + sign * o.stays, nights + sign * o.nights, inHouse + sign * o.inHouse,
                cancellations + sign * o.cancellations, noShows + sign * o.noShows, min(firstArrival, o.firstArrival),
                later(lastStay, o.lastStay), max(lastDeparture, o.lastDeparture), rev, rates,
                postedToRoom + sign * o.postedToRoom, iss);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static StayRef later(StayRef a, StayRef b) {
        return a == null ? b : b == null ? a : STAY_ORDER.compare(a, b) >= 0 ? a : b;
    }

    // ---- what it says ----------------------------------------------------------------------------------------

    /** Revenue per category, each in its currencies. */
    public Map<ChargeCategory, Amounts> revenueByCategory() {
        EnumMap<ChargeCategory, Amounts> out = new EnumMap<>(ChargeCategory.class);
        revenue.forEach((category, byCurrency) -> {
            TreeMap<String, BigDecimal> m = new TreeMap<>();
            byCurrency.forEach((c, s) -> m.put(c, s.amount()));
            out.put(category, new Amounts(m));
        });
        return out;
    }

    public Amounts totalRevenue() {
        return revenueByCategory().values().stream().reduce(Amounts.NONE, Amounts::plus);
    }

    /** Revenue of some categories in the base currency (the lifetime value uses its configured categories). */
    public BaseAmount revenueInBase(Set<ChargeCategory> categories, MemoryConfig config) {
        return revenueByCategory().entrySet().stream().filter(e -> categories.contains(e.getKey())).map(Map.Entry::getValue)
                .reduce(Amounts.NONE, Amounts::plus).inBase(config);
    }

    /** Average daily rate per currency: rate × nights over nights, 2 decimals. */
    public Amounts averageDailyRate() {
        TreeMap<String, BigDecimal> adr = new TreeMap<>();
        roomRates.forEach((c, r) -> adr.put(c, r.value().divide(BigDecimal.valueOf(r.nights()), 2, RoundingMode.HALF_EVEN)));
        return new Amounts(adr);
    }

    /** Average daily rate in the base currency over the stays whose currency has a rate; the others are listed. */
    public BaseAmount averageDailyRateBase(MemoryConfig config) {
        BigDecimal sum = BigDecimal.ZERO;
        long n = 0;
        TreeSet<String> unconverted = new TreeSet<>();
        for (var e : roomRates.entrySet()) {
            BaseAmount b = Amounts.of(e.getKey(), e.getValue().value()).inBase(config);
            if (!b.complete()) {
                unconverted.addAll(b.unconverted());
                continue;
            }
            sum = sum.add(e.getValue().value().multiply(e.getKey().equals(config.baseCurrency()) ? BigDecimal.ONE : config.rates().get(e.getKey())));
            n += e.getValue().nights();
        }
        BigDecimal adr = n == 0 ? BigDecimal.ZERO.setScale(2) : sum.divide(BigDecimal.valueOf(n), 2, RoundingMode.HALF_EVEN);
        return new BaseAmount(config.baseCurrency(), adr, unconverted);
    }

    // ---- counting one fact -------------------------------------------------------------------------------------

    private static final class Builder {
        int reservations, folioLines, tickets, stays, inHouse, cancellations, noShows, posted;
        long nights;
        LocalDate first, lastDeparture;
        StayRef last;
        final TreeMap<ChargeCategory, SortedMap<String, Sum>> revenue = new TreeMap<>();
        final TreeMap<String, RoomNights> rates = new TreeMap<>();
        final TreeMap<DataIssue.Kind, Integer> issues = new TreeMap<>();

        void reservation(Reservation r) {
            reservations = 1;
            if (r.status() == StayStatus.CANCELLED) cancellations = 1;
            if (r.status() == StayStatus.NO_SHOW) noShows = 1;
            if (!isStay(r)) return;
            stays = 1;
            long n = ChronoUnit.DAYS.between(r.arrival(), r.departure());
            nights = n;
            if (r.status() == StayStatus.IN_HOUSE) inHouse = 1;
            first = r.arrival();
            last = StayRef.of(r);
            lastDeparture = r.departure();
            // ADR from the reservation rather than the folio: an in-house guest has no complete folio yet
            if (n > 0 && r.rateAmount() != null)
                rates.put(Amounts.currencyOf(r.currency()), new RoomNights(r.rateAmount().multiply(BigDecimal.valueOf(n)), n, 1));
        }

        void folioLine(FolioLine l) {
            folioLines = 1;
            ChargeCategory c = l.category() == null ? ChargeCategory.OTHER : l.category();
            if (MemoryConfig.REVENUE.contains(c) && l.amount() != null) add(c, l.currency(), l.amount());
        }

        void ticket(PosTicket t, MemoryConfig config) {
            tickets = 1;
            // a ticket settled to a room is already a folio line: counted there, not twice
            if (config.postedToRoom(t.settlement())) posted = 1;
            else add(config.posCategory(t.outlet()), t.currency(), TicketLines.spend(t));
        }

        void add(ChargeCategory c, String currency, BigDecimal amount) {
            revenue.computeIfAbsent(c, k -> new TreeMap<>()).put(Amounts.currencyOf(currency), new Sum(amount, 1));
        }

        Tally build() {
            return new Tally(reservations, folioLines, tickets, stays, nights, inHouse, cancellations, noShows, first, last,
                    lastDeparture, revenue, rates, posted, issues);
        }
    }
}

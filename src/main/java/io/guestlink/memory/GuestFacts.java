package io.guestlink.memory;

import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;

/**
 * The canonical facts of one guest profile, deduplicated by natural key: what every memory value is computed from.
 *
 * <p>Invariant: {@link #with} and {@link #merge} form a join — commutative, associative and idempotent — so the
 * facts a profile holds, and everything computed from them, do not depend on the order records land in, on
 * re-deliveries, or on whether they were added one by one or all at once. That is what lets the incremental state
 * equal a full rebuild, and a profile merge be {@code a.merge(b)} and an unmerge a recomputation from each side's facts.
 *
 * <ul>
 *   <li>Reservations: one per property and confirmation number. Two versions of one reservation keep the one
 *       further along its lifecycle (booked &lt; in-house &lt; cancelled/no-show &lt; checked-out), then the greater
 *       by text; the store is expected to pass current versions, this rule only makes a conflict deterministic.</li>
 *   <li>Folio lines: one per property, folio and line number; a line with no number is keyed by its whole value,
 *       so a re-delivered file collapses but two identical postings with no line numbers also collapse.</li>
 *   <li>POS tickets: one per property, outlet and ticket number. Versions are joined: a feed with one row per item
 *       delivers one PosTicket per item, and their items are united by item line number.</li>
 * </ul>
 * Not validated here: dates, amounts, currencies — the computations report those ({@link DataIssue}).
 */
public final class GuestFacts {

    public static final GuestFacts EMPTY = new GuestFacts(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    private final SortedMap<String, Reservation> reservations;
    private final SortedMap<String, FolioLine> folioLines;
    private final SortedMap<String, PosTicket> tickets;

    private GuestFacts(TreeMap<String, Reservation> reservations, TreeMap<String, FolioLine> folioLines,
                       TreeMap<String, PosTicket> tickets) {
        this.reservations = Collections.unmodifiableSortedMap(reservations);
        this.folioLines = Collections.unmodifiableSortedMap(folioLines);
        this.tickets = Collections.unmodifiableSortedMap(tickets);
    }

    /** All facts at once (the full rebuild). */
    public static GuestFacts of(Collection<? extends Fact> facts) {
        TreeMap<String, Reservation> r = new TreeMap<>();
        TreeMap<String, FolioLine> f = new TreeMap<>();
        TreeMap<String, PosTicket> t = new TreeMap<>();
        for (Fact fact : facts) put(r, f, t, fact);
        return new GuestFacts(r, f, t);
    }

    /** The store's shape: the profile's reservations, folio lines and tickets as three lists. */
    public static GuestFacts of(List<Reservation> reservations, List<FolioLine> folioLines, List<PosTicket> tickets) {
        List<Fact> all = new ArrayList<>();
        all.addAll(reservations);
        all.addAll(folioLines);
        all.addAll(tickets);
        return of(all);
    }

    /** This profile's facts plus one more record (the incremental update); cost is linear in this profile's facts. */
    public GuestFacts with(Fact fact) {
        TreeMap<String, Reservation> r = new TreeMap<>(reservations);
        TreeMap<String, FolioLine> f = new TreeMap<>(folioLines);
        TreeMap<String, PosTicket> t = new TreeMap<>(tickets);
        put(r, f, t, fact);
        return new GuestFacts(r, f, t);
    }

    /** The facts of two profiles merged into one. */
    public GuestFacts merge(GuestFacts other) {
        TreeMap<String, Reservation> r = new TreeMap<>(reservations);
        TreeMap<String, FolioLine> f = new TreeMap<>(folioLines);
        TreeMap<String, PosTicket> t = new TreeMap<>(tickets);
        other.all().forEach(fact -> put(r, f, t, fact));
        return new GuestFacts(r, f, t);
    }

    /** Only the facts of one property, for per-property roll-ups. */
    public GuestFacts forProperty(String property) {
        return of(all().filter(fact -> Objects.equals(fact.property(), property)).toList());
    }

    /** These facts without one reservation (the stay that is arriving now, when describing the guest's past). */
    public GuestFacts without(Reservation r) {
        TreeMap<String, Reservation> rs = new TreeMap<>(reservations);
        rs.remove(key(r));
        return new GuestFacts(rs, new TreeMap<>(folioLines), new TreeMap<>(tickets));
    }

    /** The fact these facts hold under the natural key of {@code fact} (all its versions joined), or null. */
    public Fact joined(Fact fact) {
        if (fact instanceof Reservation r) return reservations.get(key(r));
        if (fact instanceof FolioLine l) return folioLines.get(key(l));
        if (fact instanceof PosTicket t) return tickets.get(key(t));
        throw new IllegalArgumentException("unknown fact " + fact.getClass().getSimpleName());
    }

    /** The natural key of a fact: records with the same key are versions of one fact and are joined. */
    public static String keyOf(Fact fact) {
        if (fact instanceof Reservation r) return key(r);
        if (fact instanceof FolioLine l) return key(l);
        if (fact instanceof PosTicket t) return key(t);
        throw new IllegalArgumentException("unknown fact " + fact.getClass().getSimpleName());
    }

    public Collection<Reservation> reservations() {
        return reservations.values();
    }

    public Collection<FolioLine> folioLines() {
        return folioLines.values();
    }

    public Collection<PosTicket> tickets() {
        return tickets.values();
    }

    public int size() {
        return reservations.size() + folioLines.size() + tickets.size();
    }

    private Stream<Fact> all() {
        return Stream.of(reservations.values(), folioLines.values(), tickets.values()).flatMap(Collection::stream);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GuestFacts g && reservations.equals(g.reservations) && folioLines.equals(g.folioLines)
                && tickets.equals(g.tickets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reservations, folioLines, tickets);
    }

    @Override
    public String toString() {
        return "GuestFacts[" + reservations.size() + " reservations, " + folioLines.size() + " folio lines, "
                + tickets.size() + " tickets]";
    }

    // ---- keys and joins ----------------------------------------------------------------------------------------

    static String key(Reservation r) {
        return r.property() + " res " + r.confirmationNumber();
    }

    static String key(FolioLine l) {
        String line = l.lineNumber() == null || l.lineNumber().isBlank() ? "=" + l : l.lineNumber();
        return l.property() + " folio " + l.folioNumber() + " " + line;
    }

    static String key(PosTicket t) {
        return t.property() + " " + t.outlet() + " #" + t.ticketNumber();
    }

    private static void put(Map<String, Reservation> r, Map<String, FolioLine> f, Map<String, PosTicket> t, Fact fact) {
        // Java 17: no pattern switch; Fact is sealed to these three
        if (fact instanceof Reservation res) r.merge(key(res), res, GuestFacts::laterReservation);
        else if (fact instanceof FolioLine line) f.merge(key(line), line, greaterByText());
        else if (fact instanceof PosTicket ticket) t.merge(key(ticket), normalise(ticket), GuestFacts::joinTickets);
        else throw new IllegalArgumentException("unknown fact " + fact.getClass().getSimpleName());
    }

    private static int lifecycle(StayStatus s) {
        if (s == null) return 0;
        return switch (s) {
            case BOOKED, WAITLIST -> 1;
            case IN_HOUSE -> 2;
            case CANCELLED, NO_SHOW -> 3;
            case CHECKED_OUT -> 4;
        };
    }

    private static Reservation laterReservation(Reservation a, Reservation b) {
        Comparator<Reservation> order = Comparator.<Reservation>comparingInt(x -> lifecycle(x.status()))
                .thenComparing(Object::toString);
        return order.compare(a, b) >= 0 ? a : b;
    }

    private static <T> BinaryOperator<T> greaterByText() {
        return (a, b) -> a.toString().compareTo(b.toString()) >= 0 ? a : b;
    }

    /** Header: the version with more known fields, then the greater by text; items: the union by line. */
    private static PosTicket joinTickets(PosTicket a, PosTicket b) {
        Comparator<PosTicket> order = Comparator.<PosTicket>comparingInt(GuestFacts::known)
                .thenComparing(x -> withItems(x, List.of()).toString());
        PosTicket header = order.compare(a, b) >= 0 ? a : b;
        TreeMap<String, PosItem> items = itemsByKey(a);
        itemsByKey(b).forEach((k, i) -> items.merge(k, i, greaterByText()));
        return withItems(header, List.copyOf(items.values()));
    }

    /** A ticket with its items in key order, so a ticket's value does not depend on the order its rows came in. */
    private static PosTicket normalise(PosTicket t) {
        return withItems(t, List.copyOf(itemsByKey(t).values()));
    }

    /**
     * Items keyed by line number (zero-padded so 10 sorts after 9). An item with no line number is keyed by its
     * value and its occurrence on the ticket: a re-delivered ticket collapses, two identical coffees stay two.
     */
    private static TreeMap<String, PosItem> itemsByKey(PosTicket t) {
        TreeMap<String, PosItem> m = new TreeMap<>();
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (PosItem i : t.items()) {
            String key;
            if (i.line() != null && i.line().matches("\\d{1,9}")) key = String.format("%09d", Integer.parseInt(i.line()));
            else if (i.line() != null && !i.line().isBlank()) key = i.line();
            else {
                String v = i.toString();
                key = "~" + v + "#" + seen.merge(v, 1, Integer::sum);
            }
            m.merge(key, i, greaterByText());
        }
        return m;
    }

    private static int known(PosTicket t) {
        return (int) Stream.of(t.table(), t.covers(), t.opened(), t.closed(), t.roomNumber(), t.memberNumber(),
                t.guestName(), t.settlement(), t.total(), t.currency()).filter(Objects::nonNull).count();
    }

    private static PosTicket withItems(PosTicket t, List<PosItem> items) {
        return new PosTicket(t.property(), t.outlet(), t.ticketNumber(), t.table(), t.covers(), t.opened(), t.closed(),
                items, t.roomNumber(), t.memberNumber(), t.guestName(), t.settlement(), t.total(), t.currency());
    }
}

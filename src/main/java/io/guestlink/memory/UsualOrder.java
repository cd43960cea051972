package io.guestlink.memory;

import io.guestlink.model.PosTicket;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The guest's habit in one outlet and meal period: the table they sit at most often and the items they order, with
 * the tickets that show it.
 *
 * <p>The rule (config {@code usualOrder}; defaults 2 visits, half, 365 days):
 * <ul>
 *   <li>A visit is a ticket with an open time; its meal period is decided by that local wall-clock time in the
 *       property's zone ({@link MemoryConfig#periodOf}). Tickets in no period (a 00:20 ticket at an outlet with no
 *       late-night period) and tickets with no time are not habits and are left out.</li>
 *   <li>Each visit weighs {@code 0.5^(age/halfLifeDays)}, age in days from the visit's local date to {@code asOf}.</li>
 *   <li>A table is usual when it was used on at least {@code minVisits} visits and on at least {@code minShare} of
 *       the weighted visits of that outlet and period; the heaviest such table wins (ties: the smaller name).</li>
 *   <li>An item is usual when it was ordered (net of voids) on at least {@code minVisits} visits and on at least
 *       {@code minShare} of the weighted visits on which anything was ordered. Every usual item is part of the
 *       usual order, heaviest first: "the items they order most often together".</li>
 *   <li>A ticket with no items counts as a visit for the table (the guest sat there) but not for the order.</li>
 * </ul>
 * One visit is never a habit while {@code minVisits} is 2 or more.
 *
 * @param visits           visits in this outlet and period
 * @param table            the usual table, or null when no table meets the rule
 * @param items            the usual order, heaviest first; empty when no item meets the rule
 * @param wholeOrderVisits visits on which every usual item was ordered together
 * @param evidence         the visits showing the usual table or an usual item, oldest first
 */
public record UsualOrder(String property, String outlet, String period, int visits, String table, int tableVisits,
                         double tableShare, List<UsualItem> items, int wholeOrderVisits, List<Evidence> evidence) {

    public UsualOrder {
        items = List.copyOf(items);
        evidence = List.copyOf(evidence);
    }

    /** An item of the usual order: its name as last written, on how many visits, and its weighted share. */
    public record UsualItem(String name, int visits, double share) {
    }

    /** A ticket behind a habit: its number, local open time and table. */
    public record Evidence(String ticketNumber, LocalDateTime opened, String table) {
    }

    public List<String> itemNames() {
        return items.stream().map(UsualItem::name).toList();
    }

    /** The habits per outlet and meal period, sorted by property, outlet and period start; only periods with one. */
    public static List<UsualOrder> of(GuestFacts facts, MemoryConfig config, LocalDate asOf) {
        record Group(String property, String outlet, MealPeriod period) {
        }
        Map<Group, List<PosTicket>> groups = new TreeMap<>(Comparator.comparing((Group g) -> String.valueOf(g.property()))
                .thenComparing(g -> String.valueOf(g.outlet())).thenComparing(g -> g.period().from())
                .thenComparing(g -> g.period().name()));
        for (PosTicket t : facts.tickets()) {
            Optional<MealPeriod> p = config.periodOf(t.property(), t.outlet(), t.opened());
            p.ifPresent(mp -> groups.computeIfAbsent(new Group(t.property(), t.outlet(), mp), g -> new ArrayList<>()).add(t));
        }
        List<UsualOrder> out = new ArrayList<>();
        groups.forEach((g, tickets) -> habit(g.property(), g.outlet(), g.period().name(), tickets, config.usualOrder(), asOf)
                .ifPresent(out::add));
        return List.copyOf(out);
    }

    private static Optional<UsualOrder> habit(String property, String outlet, String period, List<PosTicket> tickets,
                                              MemoryConfig.UsualOrderRule rule, LocalDate asOf) {
        // oldest first, so evidence reads as a history and "as last written" is the last one seen
        tickets = tickets.stream().sorted(Comparator.comparing(PosTicket::opened).thenComparing(PosTicket::ticketNumber)).toList();
        if (tickets.size() < rule.minVisits()) return Optional.empty();
        double all = 0, withOrder = 0;
        Map<String, double[]> tableWeight = new TreeMap<>();
        Map<String, Integer> tableCount = new HashMap<>();
        Map<String, double[]> itemWeight = new TreeMap<>();
        Map<String, Integer> itemCount = new HashMap<>();
        Map<String, String> itemName = new HashMap<>();
        for (PosTicket t : tickets) {
            double w = rule.weight(ChronoUnit.DAYS.between(t.opened().toLocalDate(), asOf));
            all += w;
            String table = table(t);
            if (table != null) {
                tableWeight.computeIfAbsent(table, k -> new double[1])[0] += w;
                tableCount.merge(table, 1, Integer::sum);
            }
            List<TicketLines.NetItem> ordered = TicketLines.ordered(t);
            if (!ordered.isEmpty()) withOrder += w;
            for (TicketLines.NetItem i : ordered) {
                itemWeight.computeIfAbsent(i.key(), k -> new double[1])[0] += w;
                itemCount.merge(i.key(), 1, Integer::sum);
                itemName.put(i.key(), i.name());
            }
        }
        final double allW = all, orderW = withOrder;
        String usualTable = null;
        double tableShare = 0;
        for (var e : tableWeight.entrySet()) {
            double share = e.getValue()[0] / allW;
            if (tableCount.get(e.getKey()) >= rule.minVisits() && meets(share, rule) && share > tableShare) {
                usualTable = e.getKey();
                tableShare = share;
            }
        }
        List<UsualItem> items = itemWeight.entrySet().stream()
                .filter(e -> itemCount.get(e.getKey()) >= rule.minVisits() && meets(e.getValue()[0] / orderW, rule))
                .map(e -> new UsualItem(itemName.get(e.getKey()), itemCount.get(e.getKey()), e.getValue()[0] / orderW))
                .sorted(Comparator.comparingDouble(UsualItem::share).reversed().thenComparing(UsualItem::name))
                .toList();
        if (usualTable == null && items.isEmpty()) return Optional.empty();

        Set<String> usualKeys = new HashSet<>();
        items.forEach(i -> usualKeys.add(TicketLines.itemKey(i.name())));
        int whole = 0;
        List<Evidence> evidence = new ArrayList<>();
        for (PosTicket t : tickets) {
            Set<String> keys = new HashSet<>();
            TicketLines.ordered(t).forEach(i -> keys.add(i.key()));
            if (!usualKeys.isEmpty() && keys.containsAll(usualKeys)) whole++;
            boolean atTable = usualTable != null && usualTable.equals(table(t));
            if (atTable || keys.stream().anyMatch(usualKeys::contains))
                evidence.add(new Evidence(t.ticketNumber(), t.opened(), t.table()));
        }
        return Optional.of(new UsualOrder(property, outlet, period, tickets.size(), usualTable,
                usualTable == null ? 0 : tableCount.get(usualTable), tableShare, items, whole, evidence));
    }

    /** Shares are sums of weights, so compare with a tolerance: exactly half must meet a rule of half. */
    private static boolean meets(double share, MemoryConfig.UsualOrderRule rule) {
        return share >= rule.minShare() - 1e-9;
    }

    /** Table codes compared trimmed and upper-case ("w2 " is W2); blank is no table. */
    private static String table(PosTicket t) {
        return t.table() == null || t.table().isBlank() ? null : t.table().trim().toUpperCase(Locale.ROOT);
    }
}

package io.guestlink.memory;

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
 * <p>The rule (config {@code usualOrder}; defaults 2 visits, half, 365 days, the latest 30 visits):
 * <ul>
 *   <li>A visit is a ticket with an open time; its meal period is decided by that local wall-clock time in the
 *       property's zone ({@link MemoryConfig#periodOf}). Tickets in no period (a 00:20 ticket at an outlet with no
 *       late-night period) and tickets with no time are not habits and are left out.</li>
 *   <li>Only the latest {@code window} visits of the outlet and period count ({@link VisitWindow}).</li>
 *   <li>Each visit weighs {@code 0.5^(age/halfLifeDays)}, age in days from the visit's local date to the latest
 *       visit's: shares are ratios of weights, so this is the same as counting age from today, and a stored habit does
 *       not depend on the day it was computed.</li>
 *   <li>A table is usual when it was used on at least {@code minVisits} visits and on at least {@code minShare} of
 *       the weighted visits of that outlet and period; the heaviest such table wins (ties: the smaller name).</li>
 *   <li>An item is usual when it was ordered (net of voids) on at least {@code minVisits} visits and on at least
 *       {@code minShare} of the weighted visits on which anything was ordered. Every usual item is part of the
 *       usual order, heaviest first: "the items they order most often together".</li>
 *   <li>A ticket with no items counts as a visit for the table (the guest sat there) but not for the order.</li>
 * </ul>
 * One visit is never a habit while {@code minVisits} is 2 or more.
 *
 * @param visits           visits in this outlet and period that count (at most the window)
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
    public static List<UsualOrder> of(GuestFacts facts, MemoryConfig config) {
        MemorySummary.Builder windows = new MemorySummary.Builder(config);
        facts.tickets().forEach(windows::visit);
        return of(windows.windows(), config.usualOrder());
    }

    /** The habits of kept visit windows ({@link MemorySummary}): the same rule, so both give the same answer. */
    public static List<UsualOrder> of(List<VisitWindow> windows, MemoryConfig.UsualOrderRule rule) {
        List<UsualOrder> out = new ArrayList<>();
        windows.stream().sorted(VisitWindow.ORDER).forEach(w -> habit(w, rule).ifPresent(out::add));
        return List.copyOf(out);
    }

    private static Optional<UsualOrder> habit(VisitWindow window, MemoryConfig.UsualOrderRule rule) {
        // oldest first, so evidence reads as a history and "as last written" is the last one seen
        List<Visit> visits = window.visits().stream().sorted(Visit.ORDER).toList();
        int from = Math.max(0, visits.size() - rule.window());
        visits = visits.subList(from, visits.size());
        if (visits.size() < rule.minVisits()) return Optional.empty();
        // weights relative to the latest visit: shares are ratios, so this equals weighting from any later day, and
        // the stored habit does not change with the day it was computed on
        LocalDate latest = visits.get(visits.size() - 1).opened().toLocalDate();
        double all = 0, withOrder = 0;
        Map<String, double[]> tableWeight = new TreeMap<>();
        Map<String, Integer> tableCount = new HashMap<>();
        Map<String, double[]> itemWeight = new TreeMap<>();
        Map<String, Integer> itemCount = new HashMap<>();
        Map<String, String> itemName = new HashMap<>();
        for (Visit v : visits) {
            double w = rule.weight(ChronoUnit.DAYS.between(v.opened().toLocalDate(), latest));
            all += w;
            String table = table(v.table());
            if (table != null) {
                tableWeight.computeIfAbsent(table, k -> new double[1])[0] += w;
                tableCount.merge(table, 1, Integer::sum);
            }
            if (!v.ordered().isEmpty()) withOrder += w;
            for (String name : v.ordered()) {
                String key = TicketLines.itemKey(name);
                itemWeight.computeIfAbsent(key, k -> new double[1])[0] += w;
                itemCount.merge(key, 1, Integer::sum);
                itemName.put(key, name);
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
        for (Visit v : visits) {
            Set<String> keys = new HashSet<>();
            v.ordered().forEach(n -> keys.add(TicketLines.itemKey(n)));
            if (!usualKeys.isEmpty() && keys.containsAll(usualKeys)) whole++;
            boolean atTable = usualTable != null && usualTable.equals(table(v.table()));
            if (atTable || keys.stream().anyMatch(usualKeys::contains))
                evidence.add(new Evidence(v.ticketNumber(), v.opened(), v.table()));
        }
        return Optional.of(new UsualOrder(window.property(), window.outlet(), window.period(), visits.size(), usualTable,
                usualTable == null ? 0 : tableCount.get(usualTable), tableShare, items, whole, evidence));
    }

    /** Shares are sums of weights, so compare with a tolerance: exactly half must meet a rule of half. */
    private static boolean meets(double share, MemoryConfig.UsualOrderRule rule) {
        return share >= rule.minShare() - 1e-9;
    }

    /** Table codes compared trimmed and upper-case ("w2 " is W2); blank is no table. */
    private static String table(String table) {
        return table == null || table.isBlank() ? null : table.trim().toUpperCase(Locale.ROOT);
    }
}

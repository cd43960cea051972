package io.guestlink.memory;

import io.guestlink.model.Fact;
import io.guestlink.model.PosTicket;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the store keeps of a guest's facts so that one more record costs the same whatever the guest's history: a
 * {@link Tally} per property and the latest visits per outlet and meal period ({@link VisitWindow}). Its size is
 * bounded by the number of properties, outlets and meal periods and {@code usualOrder.window}, never by the number
 * of stays.
 *
 * <p>Invariant: for the same joined facts (one per natural key, {@link GuestFacts}) and configuration, a summary
 * built at once ({@link #of}) and one kept up to date fact by fact ({@link #plus}, {@link #replace}) are equal, so
 * the incremental state equals a rebuild. {@link #replace} is the one step that can refuse (a stay's dates changed,
 * a ticket moved in time): the caller then builds the summary from all facts.
 *
 * @param properties property code ({@code ""} when a fact names none) to the tally of its facts
 * @param windows    latest visits per property, outlet and meal period, in {@link VisitWindow#ORDER}
 */
public record MemorySummary(SortedMap<String, Tally> properties, List<VisitWindow> windows) {

    public static final MemorySummary EMPTY = new MemorySummary(new TreeMap<>(), List.of());

    public MemorySummary {
        properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
        windows = windows.stream().sorted(VisitWindow.ORDER).toList();
    }

    /** The summary of all of a guest's facts (the full rebuild). */
    public static MemorySummary of(GuestFacts facts, MemoryConfig config) {
        Builder b = new Builder(config);
        facts.reservations().forEach(b::add);
        facts.folioLines().forEach(b::add);
        facts.tickets().forEach(b::add);
        return b.build();
    }

    /** This summary with one more fact, whose natural key it did not hold. */
    public MemorySummary plus(Fact fact, MemoryConfig config) {
        Builder b = new Builder(config, this);
        b.add(fact);
        return b.build();
    }

    /**
     * This summary with a fact replaced by its new version (the joined fact of a natural key it holds, after one more
     * record of that key landed: a POS ticket's next item row). Empty when that cannot be done exactly: the old
     * version was a stay, or the ticket's outlet, meal period or time changed.
     */
    public Optional<MemorySummary> replace(Fact old, Fact now, MemoryConfig config) {
        Objects.requireNonNull(old, "old");
        String property = property(old);
        if (!property.equals(property(now))) return Optional.empty();
        Tally t = properties.getOrDefault(property, Tally.EMPTY);
        Optional<Tally> without = t.minus(Tally.of(old, config));
        if (without.isEmpty()) return Optional.empty();
        TreeMap<String, Tally> props = new TreeMap<>(properties);
        props.put(property, without.get().plus(Tally.of(now, config)));
        List<VisitWindow> ws = windows;
        if (old instanceof PosTicket o && now instanceof PosTicket n) {
            Optional<MealPeriod> po = config.periodOf(o.property(), o.outlet(), o.opened());
            Optional<MealPeriod> pn = config.periodOf(n.property(), n.outlet(), n.opened());
            if (!po.equals(pn)) return Optional.empty();
            if (po.isPresent()) {
                ws = new ArrayList<>(windows);
                for (int i = 0; i < ws.size(); i++) {
                    if (!ws.get(i).sameGroup(o.property(), o.outlet(), po.get())) continue;
                    Optional<VisitWindow> w = ws.get(i).replace(Visit.of(o), Visit.of(n));
                    if (w.isEmpty()) return Optional.empty();
                    ws.set(i, w.get());
                }
            }
        }
        return Optional.of(new MemorySummary(props, ws));
    }

    /** All properties together. */
    public Tally all() {
        return properties.values().stream().reduce(Tally.EMPTY, Tally::plus);
    }

    /** The usual table and order per outlet and meal period. */
    public List<UsualOrder> usualOrders(MemoryConfig config) {
        return UsualOrder.of(windows, config.usualOrder());
    }

    static String property(Fact f) {
        return f.property() == null ? "" : f.property();
    }

    /** Adds facts to a summary; also what {@link UsualOrder#of(GuestFacts, MemoryConfig)} groups tickets with. */
    static final class Builder {
        private final MemoryConfig config;
        private final TreeMap<String, Tally> properties;
        private final List<VisitWindow> windows;

        Builder(MemoryConfig config) {
            this(config, EMPTY);
        }

        Builder(MemoryConfig config, MemorySummary from) {
            this.config = config;
            this.properties = new TreeMap<>(from.properties);
            this.windows = new ArrayList<>(from.windows);
        }

        void add(Fact fact) {
            properties.merge(property(fact), Tally.of(fact, config), Tally::plus);
            if (fact instanceof PosTicket t) visit(t);
        }

        /** A ticket with an open time in one of its outlet's meal periods joins that period's window. */
        void visit(PosTicket t) {
            Optional<MealPeriod> p = config.periodOf(t.property(), t.outlet(), t.opened());
            if (p.isEmpty()) return;
            int size = config.usualOrder().window();
            for (int i = 0; i < windows.size(); i++) {
                if (windows.get(i).sameGroup(t.property(), t.outlet(), p.get())) {
                    windows.set(i, windows.get(i).plus(Visit.of(t), size));
                    return;
                }
            }
            windows.add(new VisitWindow(t.property(), t.outlet(), p.get().name(), p.get().from(), List.of())
                    .plus(Visit.of(t), size));
        }

        List<VisitWindow> windows() {
            return List.copyOf(windows);
        }

        MemorySummary build() {
            return new MemorySummary(properties, windows);
        }
    }

    /** Property to tally, for readers that want per-property figures with the all-properties one under {@code "*"}. */
    public Map<String, Tally> withAll() {
        TreeMap<String, Tally> out = new TreeMap<>(properties);
        out.put(MemoryConfig.ANY, all());
        return out;
    }
}

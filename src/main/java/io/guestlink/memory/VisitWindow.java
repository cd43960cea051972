package io.guestlink.memory;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest visits of a guest to one outlet in one meal period, at most {@code usualOrder.window} of them, oldest
 * first: everything the usual table and order of that outlet and period are computed from.
 *
 * <p>Invariant: the visits are the greatest {@code window} of all the guest's visits there by {@link Visit#ORDER},
 * whatever order they were added in, so a window kept up to date visit by visit equals one built from all tickets.
 */
public record VisitWindow(String property, String outlet, String period, LocalTime periodFrom, List<Visit> visits) {

    /** Windows sort by property, outlet, then period start, the order habits are listed in. */
    public static final Comparator<VisitWindow> ORDER = Comparator.comparing((VisitWindow w) -> String.valueOf(w.property()))
            .thenComparing(w -> String.valueOf(w.outlet())).thenComparing(VisitWindow::periodFrom).thenComparing(VisitWindow::period);

    public VisitWindow {
        visits = List.copyOf(visits);
    }

    boolean sameGroup(String property, String outlet, MealPeriod p) {
        return Objects.equals(this.property, property) && Objects.equals(this.outlet, outlet) && period.equals(p.name())
                && periodFrom.equals(p.from());
    }

    /** This window with one more visit; the oldest drops out past {@code size}. */
    VisitWindow plus(Visit v, int size) {
        List<Visit> out = new ArrayList<>(visits);
        int at = Collections.binarySearch(out, v, Visit.ORDER);
        if (at >= 0) out.set(at, v); // the same ticket again: the later version replaces it
        else out.add(-at - 1, v);
        while (out.size() > size) out.remove(0);
        return new VisitWindow(property, outlet, period, periodFrom, out);
    }

    /**
     * This window with a ticket's visit replaced by its new version (a ticket whose items arrived on several rows).
     * Both versions have the same place in {@link Visit#ORDER}: when the old one is not in the window, older than all
     * it holds, the new one is not either. Empty when the place differs (the caller recomputes from all facts).
     */
    Optional<VisitWindow> replace(Visit old, Visit now) {
        if (Visit.ORDER.compare(old, now) != 0) return Optional.empty();
        int at = Collections.binarySearch(visits, old, Visit.ORDER);
        if (at < 0) return Optional.of(this);
        List<Visit> out = new ArrayList<>(visits);
        out.set(at, now);
        return Optional.of(new VisitWindow(property, outlet, period, periodFrom, out));
    }
}

package io.guestlink.memory;

import java.time.LocalTime;

/**
 * A named service period of an outlet, in the property's local wall-clock time: {@code [from, to)}. When {@code to}
 * is not after {@code from} the period wraps midnight (late night 22:00–02:00 holds 23:10 and 00:20), so a ticket
 * opened just after midnight belongs to the period that wraps over it, or to no period at all.
 */
public record MealPeriod(String name, LocalTime from, LocalTime to) {

    public MealPeriod {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("meal period name is empty");
        if (from == null || to == null) throw new IllegalArgumentException("meal period '" + name + "' needs from and to");
        if (from.equals(to)) throw new IllegalArgumentException("meal period '" + name + "' is empty (" + from + "–" + to + ")");
    }

    public boolean wrapsMidnight() {
        return to.isBefore(from);
    }

    /** True when the local time falls in {@code [from, to)}, across midnight for a wrapping period. */
    public boolean contains(LocalTime t) {
        return wrapsMidnight() ? !t.isBefore(from) || t.isBefore(to) : !t.isBefore(from) && t.isBefore(to);
    }
}

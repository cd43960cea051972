package io.guestlink.alert;

import io.guestlink.event.GuestEventType;

import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** What makes a rule look: guest events of some types, or a daily time at each property. */
public sealed interface Trigger {

    /** Stored guest events of these types (the fast path right after intake, the sweep for any it missed). */
    record OnEvents(Set<GuestEventType> types) implements Trigger {
        public OnEvents {
            if (types.isEmpty()) throw new IllegalArgumentException("on: needs at least one event type");
            types = Set.copyOf(EnumSet.copyOf(types));
        }
    }

    /**
     * Once per property and business date, at the local time {@code at} (or the property's own time in
     * {@code atProperty}) on that business date, in the property's time zone; with no time (null), as soon as the
     * property's business date is that date (right after the night audit, or at local midnight for a clock day).
     */
    record Daily(LocalTime at, Map<String, LocalTime> atProperty, Population population) implements Trigger {
        public Daily {
            atProperty = Map.copyOf(atProperty);
        }

        /** The local time the rule runs at at the property; null: as soon as the business date begins. */
        public LocalTime at(String property) {
            return property != null && atProperty.containsKey(property) ? atProperty.get(property) : at;
        }
    }
}

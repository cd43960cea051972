package io.guestlink.memory;

import java.time.LocalDate;
import java.util.List;

/**
 * What the hotel knows about a guest besides facts, as the store holds it today: preference strings ("high floor",
 * "feather-free pillow"), allergies, and an anniversary date (may be null). Typed, sourced preferences with
 * last-seen dates are a later step of issue 5.
 */
public record GuestNotes(List<String> preferences, List<String> allergies, LocalDate anniversary) {
    public static final GuestNotes NONE = new GuestNotes(List.of(), List.of(), null);

    public GuestNotes {
        preferences = preferences == null ? List.of() : preferences.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).distinct().toList();
        allergies = allergies == null ? List.of() : allergies.stream().filter(s -> s != null && !s.isBlank()).map(String::trim).distinct().toList();
    }
}

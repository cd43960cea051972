package io.guestlink.identity.names;

import java.util.List;

/**
 * What {@link NameNormaliser} makes of a name: the readings worth comparing, most likely first, or none and the
 * reason the name identifies nobody ("placeholder: GUEST", "only honorifics"...). Exactly one of the two is set.
 */
public record NameResult(List<ComparableName> readings, String unusableReason) {
    public NameResult {
        readings = readings == null ? List.of() : List.copyOf(readings);
        if (readings.isEmpty() == (unusableReason == null)) {
            throw new IllegalArgumentException("a name has readings or a reason it has none, not both or neither");
        }
    }

    static NameResult of(List<ComparableName> readings) {
        return new NameResult(readings, null);
    }

    static NameResult unusable(String reason) {
        return new NameResult(List.of(), reason);
    }

    public boolean usable() {
        return unusableReason == null;
    }

    /** The most likely reading; null when the name is unusable. */
    public ComparableName primary() {
        return readings.isEmpty() ? null : readings.get(0);
    }
}

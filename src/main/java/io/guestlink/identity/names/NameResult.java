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

    /**
     * The most likely reading and, where a compound surname split after its first syllable was rejoined from it
     * (SHANG/GUAN NA: SHANGGUAN/NA; HOU FANG/XIA: XIAHOU/FANG), that reading too: what a name a source split into
     * family and given name is compared as (its swapped reading is not, the source said which part is which).
     */
    public List<ComparableName> primaryAndRejoined() {
        ComparableName p = primary();
        if (p == null) return List.of();
        String straight = (p.family() + p.given()).replace(" ", ""), swapped = (p.given() + p.family()).replace(" ", "");
        List<ComparableName> out = new java.util.ArrayList<>(List.of(p));
        for (ComparableName r : readings) {
            if (r.family().equals(p.family()) || r.family().equals(p.given())) continue;
            String letters = (r.family() + r.given()).replace(" ", "");
            if (letters.equals(straight) || letters.equals(swapped)) out.add(r);
        }
        return out;
    }

    /** The most likely reading; null when the name is unusable. */
    public ComparableName primary() {
        return readings.isEmpty() ? null : readings.get(0);
    }
}

package io.guestlink.model;

/**
 * One source row after mapping: its source reference, the guest it names (may be null, e.g. a folio line that only
 * points to a reservation), the source's own key for that guest (may be null), and the fact (null for guest-profile
 * feeds).
 */
public record CanonicalRecord(SourceRef ref, String guestKey, GuestProfile guest, Fact fact) {
    public CanonicalRecord {
        java.util.Objects.requireNonNull(ref, "ref");
    }
}

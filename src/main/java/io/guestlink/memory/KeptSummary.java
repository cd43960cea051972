package io.guestlink.memory;

/**
 * A profile's stored summary (what its next record is applied to) and the fingerprint of the configuration it was
 * computed under ({@link MemoryConfig#fingerprint}).
 */
public record KeptSummary(MemorySummary summary, String configHash) {
}

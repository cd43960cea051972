package io.guestlink.model;

import java.util.Objects;

/**
 * Where a record came from: the source system (as named in its feed configuration), the kind of record,
 * and the record's key in that system. Two rows with the same SourceRef are versions of one record.
 */
public record SourceRef(String system, RecordKind kind, String key) {
    public SourceRef {
        Objects.requireNonNull(kind, "kind");
        if (system == null || system.isBlank()) throw new IllegalArgumentException("source system is empty");
        if (key == null || key.isBlank()) throw new IllegalArgumentException("source key is empty");
    }

    /** Stable text form, used as the identity key of a source guest: {@code OPERA:guest-profile:12345}. */
    public String asText() {
        return system + ":" + kind.configName() + ":" + key;
    }
}

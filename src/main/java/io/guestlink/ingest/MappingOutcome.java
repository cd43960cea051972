package io.guestlink.ingest;

import io.guestlink.model.CanonicalRecord;

/** What mapping made of one raw record. */
public sealed interface MappingOutcome {
    record Mapped(CanonicalRecord record) implements MappingOutcome {
    }

    /** @param value the offending value, shortened, and masked for contact and document fields */
    record Rejected(String field, String value, String reason) implements MappingOutcome {
    }

    record Skipped() implements MappingOutcome {
    }
}

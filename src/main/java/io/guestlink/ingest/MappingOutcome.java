package io.guestlink.ingest;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.FieldFlag;

import java.util.List;

/** What mapping made of one raw record. */
public sealed interface MappingOutcome {
    /** @param flags values of the row kept only as evidence or left out, each with its field ({@link FieldFlag}) */
    record Mapped(CanonicalRecord record, List<FieldFlag> flags) implements MappingOutcome {
        public Mapped {
            flags = flags == null ? List.of() : List.copyOf(flags);
        }

        public Mapped(CanonicalRecord record) {
            this(record, List.of());
        }
    }

    /** @param value the offending value, shortened, and masked for contact and document fields */
    record Rejected(String field, String value, String reason) implements MappingOutcome {
    }

    record Skipped() implements MappingOutcome {
    }
}

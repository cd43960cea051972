package io.guestlink.memory;

import io.guestlink.model.Fact;

/** One source record's fact and the profile the record belongs to, as guest memory reads it back from the store. */
public record RecordedFact(long recordId, long profileId, Fact fact) {
}

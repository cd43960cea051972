package io.guestlink.memory;

/**
 * One request waiting for the memory worker (a memory_queue row), written in the transaction that changed the
 * profile. What changed decides what it costs:
 * <ul>
 *   <li>{@link Reason#RECORD}: a new source record with a fact; applied to the profile's summary, at a cost that does
 *       not grow with the guest's history;</li>
 *   <li>{@link Reason#PROFILE}: the golden row changed (birth date, VIP code) with no new fact;</li>
 *   <li>{@link Reason#RECOMPUTE}: an updated record, a merge or an unmerge: the profile is recomputed from all the
 *       facts of its cluster.</li>
 * </ul>
 *
 * @param id        the request's own id (what a worker holds and deletes when done)
 * @param profileId the profile it was queued for (maybe merged away since)
 * @param recordId  the source record, set for {@link Reason#RECORD}
 */
public record MemoryRequest(long id, long profileId, Long recordId, Reason reason) {

    public enum Reason { RECORD, PROFILE, RECOMPUTE }
}

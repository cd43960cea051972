package io.guestlink.identity.match;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * What {@link IncrementalLinker} asks of the profile store (Duke's {@code Database}, in hotel words): the stored
 * blocking index, the clusters as they stand, and what is known about their members. Every call is answered inside the
 * caller's unit of work, so what the linker reads and what it reports through {@link LinkListener} commit together.
 */
public interface CandidateSource {

    /**
     * Each profile's comparable record as its own source records describe it now (not those of profiles merged into
     * it): one for every profile asked, empty when its sources say nothing comparable.
     */
    Map<Long, PersonRecord> fromSources(Collection<Long> profiles);

    /** Replaces each profile's blocking keys (hashed) and comparable record with these. */
    void index(Map<Long, Set<String>> keys, Map<Long, PersonRecord> records);

    /**
     * The profiles holding each key, at most {@code atMost} per key (a key held by more is then known to be too common
     * without reading all its holders).
     */
    Map<String, List<Long>> holders(Set<String> keys, int atMost);

    /** The live profile (cluster root) of each profile: itself when not merged. */
    Map<Long, Long> roots(Collection<Long> profiles);

    /**
     * The live profile each of these profiles is merged into; a profile that is not merged (its own live profile) is
     * left out, which a store can answer from its few merged profiles rather than from all of them. By default from
     * {@link #roots}.
     */
    default Map<Long, Long> mergedInto(Collection<Long> profiles) {
        Map<Long, Long> out = new java.util.HashMap<>(roots(profiles));
        out.entrySet().removeIf(e -> e.getKey().equals(e.getValue()));
        return out;
    }

    /** The members of each live profile, itself first. */
    Map<Long, List<Long>> members(Collection<Long> roots);

    /** The comparable records stored for these profiles; a profile never indexed has none. */
    Map<Long, PersonRecord> records(Collection<Long> profiles);

    /** The pairs a person or an unmerge declared to be two people, among those touching any of these profiles. */
    Set<ProfilePair> distinctPairs(Collection<Long> profiles);

    /**
     * How many persons hold each e-mail and phone of these records, and, for term frequency, each of their names
     * (counted under {@link IncrementalLinker#nameKey}) with the population counted from; a source that cannot count
     * names answers population 0 (names then keep their configured weight).
     */
    ValueFrequency frequency(Collection<PersonRecord> records);

    /**
     * Like {@link #frequency(Collection)}, counting each value's holders as the distinct live profiles that
     * {@code live} maps their current live profile to: the linker passes the merges it has decided in this unit of
     * work, so a value held by two profiles it has just merged counts one person, as it would had they been merged in
     * an earlier round (the counts must not depend on where rounds begin). By default the plain counts.
     */
    default ValueFrequency frequency(Collection<PersonRecord> records, LongUnaryOperator live) {
        return frequency(records);
    }

    /**
     * Each of these profiles' candidates as {@link #keepCandidates} kept them, for a second pass over the same
     * profiles with nothing indexed since; null when any of them is not kept (then they are found again). By default
     * nothing is kept.
     */
    default Map<Long, List<Long>> candidatesKept(Set<Long> profiles) {
        return null;
    }

    /**
     * Keeps each profile's candidates as the linker found them (every profile of {@code profiles}; one with none has an
     * empty list): blocking keys, their holders and stable keys change only with indexing, so neither do they.
     */
    default void keepCandidates(Set<Long> profiles, Map<Long, List<Long>> candidates) {
    }

    /**
     * For each profile a key that does not depend on when, in which batch or by which node it was created, for
     * ordering candidates and decisions (the store uses the profile's smallest identity key, which comes from its
     * source records). By default the id itself, zero-padded, for stores whose ids are given in a fixed order.
     */
    default Map<Long, String> stableKeys(Collection<Long> profiles) {
        Map<Long, String> out = new java.util.HashMap<>();
        for (long id : profiles) out.put(id, String.format(java.util.Locale.ROOT, "%019d", id));
        return out;
    }
}

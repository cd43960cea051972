package io.guestlink.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deterministic identity resolution for one batch of records: exact keys only (see {@link IdentityKeys}).
 * Starts from what the store already knows about the batch's keys; new profiles get negative temporary ids that the
 * store replaces when it inserts them. When one record's keys lead to two profiles, the two are one person: the
 * younger profile is merged into the older one (lowest id) and the merge is reported with its evidence, never by
 * rewriting the absorbed profile's keys, so it can be undone.
 */
public final class DeterministicResolver {
    /** A merge decided in this batch. {@code sharedKeyTypes} is the evidence (EMAIL, PHONE...), never the values. */
    public record Merge(long survivor, long absorbed, Set<String> sharedKeyTypes) {
    }

    /**
     * The outcome for one record: its home profile (the owner of its strongest known key, or a new one), and the keys
     * it added to that profile. A record stays with its home profile even when that profile is merged into another,
     * so an unmerge moves its stays, folios and tickets back with it.
     */
    public record Resolution(long profileId, boolean newProfile, List<String> addedKeys) {
    }

    private final Map<String, Long> keyOwner;
    private final Map<Long, Long> mergedInto;
    private final List<Merge> merges = new ArrayList<>();
    private long nextTemp = -1;

    /**
     * @param knownKeys  identity key to owning profile, for the keys this batch will ask about
     * @param mergedInto for those profiles that are merged, the profile they now belong to
     */
    public DeterministicResolver(Map<String, Long> knownKeys, Map<Long, Long> mergedInto) {
        this.keyOwner = new HashMap<>(knownKeys);
        this.mergedInto = new HashMap<>(mergedInto);
    }

    public Resolution resolve(List<String> keys) {
        Set<Long> found = new TreeSet<>(); // sorted: temporary (negative) ids last after reversing below
        Map<Long, Set<String>> evidence = new HashMap<>();
        List<String> added = new ArrayList<>();
        Long home = null;
        for (String key : keys) {
            Long owner = keyOwner.get(key);
            if (owner == null) {
                added.add(key);
                continue;
            }
            if (home == null) home = owner;
            long live = live(owner);
            found.add(live);
            evidence.computeIfAbsent(live, x -> new LinkedHashSet<>()).add(IdentityKeys.type(key));
        }
        boolean created = found.isEmpty();
        long survivor = created ? nextTemp-- : oldest(found);
        for (long other : found) {
            if (other == survivor) continue;
            Set<String> shared = new LinkedHashSet<>(evidence.getOrDefault(survivor, Set.of()));
            shared.addAll(evidence.getOrDefault(other, Set.of()));
            mergedInto.put(other, survivor);
            mergedInto.replaceAll((p, into) -> into == other ? survivor : into);
            merges.add(new Merge(survivor, other, shared));
        }
        long own = home == null ? survivor : home;
        for (String key : added) keyOwner.put(key, own);
        return new Resolution(own, created, added);
    }

    /** Existing profiles (positive ids) are older than this batch's new ones; among each group the lowest id wins. */
    private static long oldest(Set<Long> ids) {
        return ids.stream().filter(i -> i > 0).min(Long::compare)
                .orElseGet(() -> ids.stream().max(Long::compare).orElseThrow());
    }

    public long live(long profile) {
        Long into = mergedInto.get(profile);
        int hops = 0;
        long p = profile;
        while (into != null && hops++ < 64) {
            p = into;
            into = mergedInto.get(p);
        }
        return p;
    }

    public List<Merge> merges() {
        return List.copyOf(merges);
    }
}

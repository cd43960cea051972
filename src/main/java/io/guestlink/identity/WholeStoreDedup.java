package io.guestlink.identity;

import io.guestlink.identity.match.Decision;
import io.guestlink.identity.match.Deduplicator;
import io.guestlink.identity.match.IncrementalLinker;
import io.guestlink.identity.match.LinkListener;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.match.ProfilePair;
import io.guestlink.model.GuestProfile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deduplicates every live profile against every other through blocking (never all pairs), after a threshold change or
 * a first bulk load: existing merges stay (each cluster is compared as one person), pairs declared distinct stay
 * apart, names alone never merge. Decisions go to a {@link LinkListener}; the younger cluster joins the older one.
 */
public final class WholeStoreDedup {
    private final MatchModel model;
    private final PersonRecords persons;

    public WholeStoreDedup(MatchModel model, PersonRecords persons) {
        this.model = model;
        this.persons = persons;
    }

    /**
     * What a run did.
     *
     * @param affected the live profiles that absorbed another and are still live (their golden rows must be recomputed)
     */
    public record Outcome(int profiles, long candidatePairs, int merges, int reviews, int refusedDistinct, Set<Long> affected) {
        public Outcome {
            affected = java.util.Collections.unmodifiableSet(new HashSet<>(affected));
        }
    }

    /**
     * @param clusters every live profile with its members (itself included)
     * @param guests   the guests each profile's own source records describe
     * @param distinct every pair declared to be two people
     */
    public Outcome run(Map<Long, List<Long>> clusters, Map<Long, List<GuestProfile>> guests, Set<ProfilePair> distinct,
                       LinkListener listener) {
        LocalDate today = LocalDate.now();
        List<PersonRecord> records = new ArrayList<>(clusters.size());
        for (var e : clusters.entrySet()) {
            List<GuestProfile> all = new ArrayList<>();
            for (long m : e.getValue()) all.addAll(guests.getOrDefault(m, List.of()));
            records.add(persons.of(String.valueOf(e.getKey()), all, today));
        }
        Deduplicator.Result result = new Deduplicator(model).run(records);
        Map<Long, List<Long>> live = new HashMap<>();
        clusters.forEach((k, v) -> live.put(k, new ArrayList<>(v)));
        Map<Long, Long> root = new HashMap<>();
        int merged = 0;
        int refused = 0;
        Set<Long> affected = new HashSet<>();
        for (Deduplicator.Merge m : result.merges()) {
            if (IncrementalLinker.namesAloneNeverMerge(m.result()).decision() != Decision.MERGE) {
                listener.review(Long.parseLong(m.a()), Long.parseLong(m.b()), m.result());
                continue;
            }
            long a = find(root, Long.parseLong(m.a()));
            long b = find(root, Long.parseLong(m.b()));
            if (a == b) continue;
            if (distinctClusters(distinct, live, a, b)) {
                refused++;
                continue;
            }
            long survivor = Math.min(a, b);
            long absorbed = Math.max(a, b);
            listener.merged(survivor, absorbed, m.result());
            root.put(absorbed, survivor);
            live.get(survivor).addAll(live.remove(absorbed));
            affected.remove(absorbed);
            affected.add(survivor);
            merged++;
        }
        int reviews = 0;
        for (Deduplicator.ReviewPair r : result.reviews()) {
            long a = find(root, Long.parseLong(r.a()));
            long b = find(root, Long.parseLong(r.b()));
            if (a == b || distinctClusters(distinct, live, a, b)) continue;
            listener.review(a, b, r.result());
            reviews++;
        }
        return new Outcome(records.size(), result.candidatePairs(), merged, reviews, refused, affected);
    }

    private static boolean distinctClusters(Set<ProfilePair> distinct, Map<Long, List<Long>> live, long a, long b) {
        if (distinct.isEmpty()) return false;
        for (long x : live.get(a)) for (long y : live.get(b)) if (distinct.contains(ProfilePair.of(x, y))) return true;
        return false;
    }

    private static long find(Map<Long, Long> root, long id) {
        long cur = id;
        for (int i = 0; i < 64; i++) {
            Long next = root.get(cur);
            if (next == null) return cur;
            cur = next;
        }
        return cur;
    }
}

package io.guestlink.store;

import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.match.Deduplicator;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.model.GuestProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a person does with identity: look at merges and their evidence, undo one, work the review queue, and
 * deduplicate the whole store in one pass (after a threshold change or a first bulk load). Each action is one
 * transaction, and recomputes the golden rows it touches.
 */
public final class IdentityDesk {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityDesk.class);

    private final Database db;
    private final GoldenRecords golden;
    private final MatchModel model;
    private final PersonRecords persons;

    public IdentityDesk(Database db, GoldenRecords golden, MatchModel model, PersonRecords persons) {
        this.db = db;
        this.golden = golden;
        this.model = model;
        this.persons = persons;
    }

    /** Every merge that touched the profile's cluster, oldest first, undone ones included. */
    public List<MergeWrites.Merge> merges(long profileId) {
        return read(c -> {
            long live = GoldenRecords.live(c, List.of(profileId)).getOrDefault(profileId, profileId);
            List<Long> members = GoldenRecords.members(c, List.of(live)).get(live);
            Set<Long> ids = new LinkedHashSet<>(members);
            ids.add(profileId);
            List<MergeWrites.Merge> out = new ArrayList<>();
            for (MergeWrites.Merge m : MergeWrites.list(c, "")) {
                if (ids.contains(m.survivor()) || ids.contains(m.absorbed())) out.add(m);
            }
            return out;
        });
    }

    /** Undoes a merge: both profiles come back with their own records, keys and facts; they are not merged again. */
    public void unmerge(long mergeId, String by) {
        write(c -> {
            long[] live = MergeWrites.unmerge(c, mergeId, by);
            golden.recompute(c, new LinkedHashSet<>(List.of(live[0], live[1])));
            LOG.info("merge {} undone: profiles {} and {} are two people again", mergeId, live[0], live[1]);
            return null;
        });
    }

    public List<MergeWrites.Review> openReviews(int limit) {
        return read(c -> MergeWrites.reviews(c, "OPEN", limit));
    }

    /** A person's decision on a possible duplicate: the same person (merge) or two people (never proposed again). */
    public void decide(long reviewId, boolean samePerson, String by) {
        write(c -> {
            MergeWrites.Review r = MergeWrites.review(c, reviewId);
            if (!"OPEN".equals(r.status())) throw new IllegalArgumentException("possible duplicate " + reviewId + " is already " + r.status());
            if (samePerson) {
                Map<Long, Long> live = GoldenRecords.live(c, List.of(r.profileA(), r.profileB()));
                long a = live.get(r.profileA());
                long b = live.get(r.profileB());
                if (a != b) {
                    MergeWrites.merge(c, Math.min(a, b), Math.max(a, b), "review", r.score(), null, r.evidence(), by);
                    golden.recompute(c, Set.of(Math.min(a, b)));
                }
                MergeWrites.decided(c, reviewId, "MERGED", by);
            } else {
                MergeWrites.declareDistinct(c, r.profileA(), r.profileB(), "review " + reviewId + (by == null ? "" : " by " + by));
                MergeWrites.decided(c, reviewId, "DISTINCT", by);
            }
            return null;
        });
    }

    /** What a whole-store deduplication did. */
    public record DedupSummary(int profiles, long candidatePairs, int merges, int reviews, int refusedDistinct, long millis) {
        @Override
        public String toString() {
            return profiles + " live profiles, " + candidatePairs + " candidate pairs, " + merges + " merged, " + reviews
                    + " queued for review, " + refusedDistinct + " not merged (declared distinct) in " + millis + " ms";
        }
    }

    /**
     * Deduplicates every live profile against every other through blocking (never all pairs), with the current model
     * and thresholds. Existing merges stay; pairs declared distinct stay apart.
     */
    public DedupSummary dedupAll() {
        long started = System.currentTimeMillis();
        return write(c -> {
            Map<Long, List<Long>> clusters = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, COALESCE(merged_into, id) FROM guest_profile");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) clusters.computeIfAbsent(rs.getLong(2), x -> new ArrayList<>()).add(rs.getLong(1));
            }
            Map<Long, List<GuestProfile>> guests = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_id, payload FROM source_record WHERE profile_id IS NOT NULL "
                    + "AND record_kind IN ('RESERVATION', 'GUEST_PROFILE')"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    GuestProfile g = GoldenRecords.guest(rs.getString(2));
                    if (g != null) guests.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>()).add(g);
                }
            }
            LocalDate today = LocalDate.now();
            List<PersonRecord> records = new ArrayList<>(clusters.size());
            for (var e : clusters.entrySet()) {
                List<GuestProfile> all = new ArrayList<>();
                for (long m : e.getValue()) all.addAll(guests.getOrDefault(m, List.of()));
                records.add(persons.of(String.valueOf(e.getKey()), all, today));
            }
            Deduplicator.Result result = new Deduplicator(model).run(records);
            Set<String> distinct = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_a, profile_b FROM distinct_pair"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) distinct.add(rs.getLong(1) + ":" + rs.getLong(2));
            }
            Map<Long, List<Long>> live = new HashMap<>();
            clusters.forEach((k, v) -> live.put(k, new ArrayList<>(v)));
            Map<Long, Long> root = new HashMap<>();
            int merged = 0;
            int refused = 0;
            Set<Long> affected = new HashSet<>();
            for (Deduplicator.Merge m : result.merges()) {
                if (ProbabilisticLinker.namesAloneNeverMerge(m.result()).decision() != io.guestlink.identity.match.Decision.MERGE) {
                    MergeWrites.queueReview(c, Long.parseLong(m.a()), Long.parseLong(m.b()), m.result().score(),
                            Payloads.json(m.result().evidence()));
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
                MergeWrites.merge(c, survivor, absorbed, "dedup", m.result().score(), model.config().autoMerge(),
                        Payloads.json(m.result().evidence()), "dedup");
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
                MergeWrites.queueReview(c, a, b, r.result().score(), Payloads.json(r.result().evidence()));
                reviews++;
            }
            golden.recompute(c, affected);
            return new DedupSummary(records.size(), result.candidatePairs(), merged, reviews, refused,
                    System.currentTimeMillis() - started);
        });
    }

    private static boolean distinctClusters(Set<String> distinct, Map<Long, List<Long>> live, long a, long b) {
        if (distinct.isEmpty()) return false;
        for (long x : live.get(a)) for (long y : live.get(b)) if (distinct.contains(Math.min(x, y) + ":" + Math.max(x, y))) return true;
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

    private interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T read(Read<T> tx) {
        try (Connection c = db.connection()) {
            return tx.run(c);
        } catch (SQLException e) {
            throw new StoreException("identity query failed", e);
        }
    }

    private <T> T write(Tx.Work<T> work) {
        return Tx.run(db, "identity change", work);
    }
}

package io.guestlink.store;

import io.guestlink.identity.match.MatchResult;
import io.guestlink.identity.match.ProfilePair;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which profiles are one guest: merges with their evidence, undoing one, and pairs declared to be two people (see
 * {@link MergeWrites} for how a merge is kept so that it can be undone exactly). Every method runs in the caller's
 * unit of work.
 */
public final class Merges {
    private Merges() {
    }

    /** The two live profiles an undone merge leaves, whose golden rows must be recomputed. */
    public record Unmerged(long survivor, long restored) {
    }

    /** Every merge that touched the profile's cluster, oldest first, undone ones included. */
    public static List<MergeWrites.Merge> ofCluster(Transaction tx, long profileId) {
        return tx.sql("reading merges", c -> {
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

    /** Undoes a merge: both profiles come back with their own records, keys and facts, declared distinct. */
    public static Unmerged undo(Transaction tx, long mergeId, String by) {
        return tx.sql("undoing a merge", c -> {
            long[] live = MergeWrites.unmerge(c, mergeId, by);
            return new Unmerged(live[0], live[1]);
        });
    }

    /**
     * Merges live profile {@code absorbed} into live profile {@code survivor}, keeping the evidence.
     *
     * @param rule      what decided it ("review", "dedup"), stored with the merge
     * @param threshold the score threshold that was reached, null when a person decided
     * @param by        who decided, stored with the merge
     */
    public static void merge(Transaction tx, long survivor, long absorbed, String rule, double score, Double threshold,
                             String evidenceJson, String by) {
        tx.sql("merging profiles", c -> MergeWrites.merge(c, survivor, absorbed, rule, score, threshold, evidenceJson, by));
    }

    /** Like {@link #merge(Transaction, long, long, String, double, Double, String, String)}, the evidence a match result's. */
    public static void merge(Transaction tx, long survivor, long absorbed, String rule, MatchResult result, Double threshold,
                             String by) {
        merge(tx, survivor, absorbed, rule, result.score(), threshold, Payloads.json(result.evidence()), by);
    }

    /** Declares two profiles two people: they are never merged again. */
    public static void declareDistinct(Transaction tx, long a, long b, String reason) {
        tx.sql("declaring profiles distinct", c -> {
            MergeWrites.declareDistinct(c, a, b, reason);
            return null;
        });
    }

    /** Every pair declared to be two people. */
    public static Set<ProfilePair> distinctPairs(Transaction tx) {
        return tx.sql("reading distinct pairs", c -> {
            Set<ProfilePair> distinct = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_a, profile_b FROM distinct_pair"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) distinct.add(ProfilePair.of(rs.getLong(1), rs.getLong(2)));
            }
            return distinct;
        });
    }
}

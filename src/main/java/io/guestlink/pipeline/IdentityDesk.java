package io.guestlink.pipeline;

import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.match.LinkListener;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.match.MatchResult;
import io.guestlink.identity.WholeStoreDedup;
import io.guestlink.store.AuditTrail;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.MergeWrites;
import io.guestlink.store.GuestClusters;
import io.guestlink.store.Merges;
import io.guestlink.store.ReviewQueue;
import io.guestlink.store.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        return db.inTransaction("identity query", tx -> Merges.ofCluster(tx, profileId));
    }

    /** Undoes a merge: both profiles come back with their own records, keys and facts; they are not merged again. */
    public void unmerge(long mergeId, String by) {
        db.inTransaction("identity change", tx -> {
            Merges.Unmerged live = Merges.undo(tx, mergeId, by);
            golden.recompute(tx, new LinkedHashSet<>(List.of(live.survivor(), live.restored())));
            AuditTrail.record(tx, actor(by), "UNMERGE", live.survivor(), "merge " + mergeId,
                    "profiles " + live.survivor() + " and " + live.restored() + " apart");
            LOG.info("merge {} undone: profiles {} and {} are two people again", mergeId, live.survivor(), live.restored());
            return null;
        });
    }

    /** Who the audit trail names: the person given, else the command line (which may name nobody). */
    private static String actor(String by) {
        return by == null || by.isBlank() ? "cli" : by;
    }

    public List<MergeWrites.Review> openReviews(int limit) {
        return openReviews(0, limit);
    }

    /** A page of the open reviews, strongest first. */
    public List<MergeWrites.Review> openReviews(int offset, int limit) {
        return db.inTransaction("identity query", tx -> ReviewQueue.open(tx, offset, limit));
    }

    /** A person's decision on a possible duplicate: the same person (merge) or two people (never proposed again). */
    public void decide(long reviewId, boolean samePerson, String by) {
        db.inTransaction("identity change", tx -> {
            MergeWrites.Review r = ReviewQueue.get(tx, reviewId);
            if (!"OPEN".equals(r.status())) throw new IllegalArgumentException("possible duplicate " + reviewId + " is already " + r.status());
            if (samePerson) {
                Map<Long, Long> live = GuestClusters.liveOf(tx, List.of(r.profileA(), r.profileB()));
                long a = live.get(r.profileA());
                long b = live.get(r.profileB());
                if (a != b) {
                    Merges.merge(tx, Math.min(a, b), Math.max(a, b), "review", r.score(), null, r.evidence(), by);
                    golden.recompute(tx, Set.of(Math.min(a, b)));
                }
            } else {
                Merges.declareDistinct(tx, r.profileA(), r.profileB(), "review " + reviewId + (by == null ? "" : " by " + by));
            }
            ReviewQueue.decided(tx, reviewId, samePerson, by);
            AuditTrail.record(tx, actor(by), "DECIDE", r.profileA(), "review " + reviewId,
                    (samePerson ? "same: " : "distinct: ") + r.profileA() + " and " + r.profileB());
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
        return db.inTransaction("identity change", tx -> {
            WholeStoreDedup.Outcome o = new WholeStoreDedup(model, persons).run(GuestClusters.everyCluster(tx),
                    GoldenRecords.everyProfilesGuests(tx), Merges.distinctPairs(tx), recorded(tx));
            golden.recompute(tx, o.affected());
            return new DedupSummary(o.profiles(), o.candidatePairs(), o.merges(), o.reviews(), o.refusedDistinct(),
                    System.currentTimeMillis() - started);
        });
    }

    /** A whole-store pass's decisions, written as they come. */
    private LinkListener recorded(Transaction tx) {
        return new LinkListener() {
            @Override
            public void merged(long survivor, long absorbed, MatchResult result) {
                Merges.merge(tx, survivor, absorbed, "dedup", result, model.config().autoMerge(), "dedup");
            }

            @Override
            public void review(long a, long b, MatchResult result) {
                ReviewQueue.queue(tx, a, b, result);
            }
        };
    }
}

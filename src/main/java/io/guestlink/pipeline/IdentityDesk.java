package io.guestlink.pipeline;

import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.match.LinkListener;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.match.LabelledEstimate;
import io.guestlink.identity.match.MatchResult;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.match.ReviewRanking;
import io.guestlink.identity.match.ReviewReason;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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

    /**
     * One pair of the review queue as a person works it.
     *
     * @param rank        its place in the queue (1 = first)
     * @param group       the guest it is shown under, with that guest's open pairs
     * @param reason      why it was not merged: the match model's rule (null for a pair queued before it was kept)
     * @param reasonKind  the kind of that reason, as the totals count it
     * @param probability p, the chance it is one guest; {@code value} what deciding it is worth ({@link ReviewRanking})
     * @param unblocks    the queue's other pairs touching either guest
     * @param evidence    the field-by-field comparison as stored (JSON: field, level, weight, masked note)
     */
    public record ReviewItem(long id, int rank, Group group, long profileA, long profileB, ReviewQueue.Side a,
                             ReviewQueue.Side b, double score, String reason, String reasonKind, double probability,
                             double value, int unblocks, String evidence, String status) {
    }

    /** The guest a pair is grouped under: its live profile, display name and how many open pairs touch it there. */
    public record Group(long guest, String displayName, int open) {
    }

    /**
     * A page of the review queue in the order to work it.
     *
     * @param total    pairs waiting for a person (open, the two sides still two guests): what the review-queue alert counts
     * @param byReason the total per kind of reason, most first
     * @param guests   groups (guests with open pairs they are shown under)
     */
    public record ReviewPage(long total, Map<String, Long> byReason, int guests, List<ReviewItem> items, int offset, int limit,
                             boolean more) {
    }

    /** The review queue ranked by what a decision is worth, grouped per guest (docs/identity.md, "The review queue"). */
    public ReviewPage reviewQueue(int offset, int limit) {
        return db.inTransaction("identity query", tx -> {
            double review = model.config().review(), autoMerge = model.config().autoMerge();
            List<ReviewRanking.OpenPair> open = new ArrayList<>();
            for (MergeWrites.OpenRow r : ReviewQueue.waiting(tx))
                open.add(new ReviewRanking.OpenPair(r.id(), r.profileA(), r.profileB(), r.guestA(), r.guestB(), r.score(),
                        ReviewReason.kind(r.reason(), r.score(), autoMerge)));
            List<ReviewRanking.Group> groups = ReviewRanking.rank(open, review, autoMerge);
            List<ReviewRanking.Ranked> ranked = ReviewRanking.inOrder(groups);
            Map<String, Long> byReason = new LinkedHashMap<>();
            open.stream().collect(Collectors.groupingBy(ReviewRanking.OpenPair::reasonKind, Collectors.counting())).entrySet()
                    .stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> byReason.put(e.getKey(), e.getValue()));
            Map<Long, Integer> groupSize = new HashMap<>();
            for (ReviewRanking.Group g : groups) groupSize.put(g.guest(), g.pairs().size());
            int from = Math.min(offset, ranked.size()), to = Math.min(ranked.size(), from + limit);
            List<ReviewRanking.Ranked> page = ranked.subList(from, to);
            Set<Long> ids = new LinkedHashSet<>(), profiles = new LinkedHashSet<>();
            for (ReviewRanking.Ranked r : page) {
                ids.add(r.pair().id());
                profiles.addAll(List.of(r.pair().profileA(), r.pair().profileB(), r.group()));
            }
            Map<Long, MergeWrites.Review> rows = ReviewQueue.get(tx, ids);
            Map<Long, ReviewQueue.Side> sides = ReviewQueue.sides(tx, profiles);
            List<ReviewItem> items = new ArrayList<>();
            for (int i = 0; i < page.size(); i++) {
                ReviewRanking.Ranked r = page.get(i);
                MergeWrites.Review row = rows.get(r.pair().id());
                ReviewQueue.Side group = sides.get(r.group());
                items.add(new ReviewItem(r.pair().id(), from + i + 1, new Group(r.group(), group == null ? null : group.displayName(),
                        groupSize.get(r.group())), r.pair().profileA(), r.pair().profileB(), sides.get(r.pair().profileA()),
                        sides.get(r.pair().profileB()), r.pair().score(), row.reason(), r.pair().reasonKind(), round(r.probability()),
                        round(r.value()), r.unblocks(), row.evidence(), row.status()));
            }
            return new ReviewPage(open.size(), byReason, groups.size(), items, offset, limit, to < ranked.size());
        });
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
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
                ReviewQueue.decided(tx, reviewId, true, by);
                ReviewQueue.closeMergedAnyway(tx); // other pairs between the two guests are settled by this one
            } else {
                Merges.declareDistinct(tx, r.profileA(), r.profileB(), "review " + reviewId + (by == null ? "" : " by " + by));
                ReviewQueue.decided(tx, reviewId, false, by);
            }
            AuditTrail.record(tx, actor(by), "DECIDE", r.profileA(), "review " + reviewId,
                    (samePerson ? "same: " : "distinct: ") + r.profileA() + " and " + r.profileB());
            return null;
        });
    }

    /**
     * The match model re-estimated from the pairs people decided ({@link LabelledEstimate}), and what it would change
     * for the open pairs and the decided ones. Reads only: nothing is applied; the caller writes the model to a file
     * when a person asks, and it is used once {@code model:} of config/identity.yaml names it.
     *
     * @param priorPairs how many decided pairs of each kind the current model counts as
     */
    public LabelledEstimate.Report reestimate(double priorPairs) {
        return db.inTransaction("identity query", tx -> {
            List<ReviewQueue.Labelled> labelled = ReviewQueue.labelled(tx);
            List<MergeWrites.OpenRow> open = ReviewQueue.waiting(tx);
            Set<Long> profiles = new LinkedHashSet<>(), guests = new LinkedHashSet<>();
            for (ReviewQueue.Labelled l : labelled) profiles.addAll(List.of(l.profileA(), l.profileB()));
            for (MergeWrites.OpenRow r : open) guests.addAll(List.of(r.guestA(), r.guestB()));
            ReviewQueue.Records records = ReviewQueue.records(tx, persons, profiles, guests);
            List<LabelledEstimate.DecidedPair> decided = new ArrayList<>();
            for (ReviewQueue.Labelled l : labelled) {
                PersonRecord a = records.profiles().get(l.profileA()), b = records.profiles().get(l.profileB());
                if (a != null && b != null) decided.add(new LabelledEstimate.DecidedPair(a, b, l.same()));
            }
            List<PersonRecord[]> pairs = new ArrayList<>();
            for (MergeWrites.OpenRow r : open)
                pairs.add(new PersonRecord[]{records.guests().get(r.guestA()), records.guests().get(r.guestB())});
            return LabelledEstimate.report(model, decided, pairs, records.frequency(), priorPairs);
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
            ReviewQueue.closeMergedAnyway(tx); // pairs the pass joined wait for nobody
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

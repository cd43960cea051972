package io.guestlink.store;

import io.guestlink.identity.match.MatchResult;

import java.util.List;

/**
 * Possible duplicates waiting for a person (possible_duplicate): a pair scored between review and auto-merge, or one
 * that reached auto-merge on names alone. Every method runs in the caller's unit of work.
 */
public final class ReviewQueue {
    private ReviewQueue() {
    }

    /** The open pairs, strongest first, at most {@code limit}. */
    public static List<MergeWrites.Review> open(Transaction tx, int limit) {
        return open(tx, 0, limit);
    }

    /** The open pairs, strongest first, {@code limit} of them after the first {@code offset} (a page). */
    public static List<MergeWrites.Review> open(Transaction tx, int offset, int limit) {
        return tx.sql("reading the review queue", c -> MergeWrites.reviews(c, "OPEN", offset, limit));
    }

    public static MergeWrites.Review get(Transaction tx, long reviewId) {
        return tx.sql("reading a possible duplicate", c -> MergeWrites.review(c, reviewId));
    }

    /** Queues a pair (once: a pair already queued or decided is left as it is). */
    public static void queue(Transaction tx, long a, long b, MatchResult result) {
        tx.sql("queueing a possible duplicate", c -> {
            MergeWrites.queueReview(c, a, b, result.score(), Payloads.json(result.evidence()));
            return null;
        });
    }

    /** Records a person's decision: the same person (MERGED) or two people (DISTINCT). */
    public static void decided(Transaction tx, long reviewId, boolean samePerson, String by) {
        tx.sql("recording a review decision", c -> {
            MergeWrites.decided(c, reviewId, samePerson ? "MERGED" : "DISTINCT", by);
            return null;
        });
    }
}

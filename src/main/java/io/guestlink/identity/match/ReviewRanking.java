package io.guestlink.identity.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a person works the review queue: the decisions worth most first, all open pairs of one guest
 * together (docs/identity.md, "The review queue", explains the formula).
 * <ul>
 *   <li><b>p</b>, the chance the pair is one guest: 1 / (1 + 2^(mid - score)), with {@code mid} the middle of the
 *       review band ((review + autoMerge) / 2): a score in bits is a log2 likelihood ratio, so each bit above the
 *       middle doubles the odds. A pair that reached auto-merge and was held back by a rule (names alone, household
 *       only) is taken at the middle: the rule says its score cannot be trusted (on held-out data 122 of 310 such
 *       pairs were two people, close to an even bet).</li>
 *   <li><b>what a decision settles</b>: H(p), the binary entropy in bits (1 at the middle of the band, near 0 at its
 *       edges, where the model is nearly sure), times 1 + p·k, where k is the number of the queue's other pairs that
 *       touch either guest: a "same" (chance p) joins the two guests, and their other pairs are scored again against
 *       the joined guest, with more evidence, by the identity worker (many close by themselves).</li>
 * </ul>
 * value = H(p) × (1 + p·k). Each pair is grouped under the side with more open pairs (ties: the lower guest id);
 * groups are ordered by their best pair's value, pairs within a group by value; ties by id, so the order is stable.
 */
public final class ReviewRanking {

    /** An open pair as ranking needs it: its two profiles, their live guests, score and the kind of its reason. */
    public record OpenPair(long id, long profileA, long profileB, long guestA, long guestB, double score, String reasonKind) {
    }

    /**
     * A pair with its place in the queue.
     *
     * @param group       the guest it is shown under
     * @param probability p, the chance it is one guest
     * @param unblocks    k, the other open pairs touching either guest
     * @param value       H(p) × (1 + p·k)
     */
    public record Ranked(OpenPair pair, long group, double probability, int unblocks, double value) {
    }

    /** One guest's open pairs, best first; {@code value} is the best pair's. */
    public record Group(long guest, List<Ranked> pairs, double value) {
        public Group {
            pairs = List.copyOf(pairs);
        }
    }

    private ReviewRanking() {
    }

    /** The chance a pair is one guest (see the class comment). */
    public static double probability(double score, String reasonKind, double review, double autoMerge) {
        double mid = (review + autoMerge) / 2;
        double s = ReviewReason.REVIEW_BAND.equals(reasonKind) ? score : mid;
        return 1 / (1 + Math.pow(2, mid - s));
    }

    /** Binary entropy in bits: how much a person's answer tells when the model says p. */
    static double entropy(double p) {
        if (p <= 0 || p >= 1) return 0;
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }

    public static double value(double p, int unblocks) {
        return entropy(p) * (1 + p * unblocks);
    }

    /** The queue in the order to work it. */
    public static List<Group> rank(List<OpenPair> open, double review, double autoMerge) {
        Map<Long, Integer> perGuest = new HashMap<>();
        for (OpenPair p : open) {
            perGuest.merge(p.guestA(), 1, Integer::sum);
            if (p.guestB() != p.guestA()) perGuest.merge(p.guestB(), 1, Integer::sum);
        }
        Map<Long, List<Ranked>> groups = new LinkedHashMap<>();
        for (OpenPair p : open) {
            int a = perGuest.get(p.guestA()), b = perGuest.get(p.guestB());
            long group = a > b || a == b && p.guestA() <= p.guestB() ? p.guestA() : p.guestB();
            int k = (a - 1) + (p.guestB() == p.guestA() ? 0 : b - 1);
            double prob = probability(p.score(), p.reasonKind(), review, autoMerge);
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(new Ranked(p, group, prob, k, value(prob, k)));
        }
        Comparator<Ranked> best = Comparator.comparingDouble(Ranked::value).reversed()
                .thenComparingLong(r -> r.pair().id());
        List<Group> out = new ArrayList<>();
        groups.forEach((guest, pairs) -> {
            pairs.sort(best);
            out.add(new Group(guest, pairs, pairs.get(0).value()));
        });
        out.sort(Comparator.comparingDouble(Group::value).reversed().thenComparingLong(Group::guest));
        return out;
    }

    /** The ranked pairs in queue order, group after group. */
    public static List<Ranked> inOrder(List<Group> groups) {
        List<Ranked> out = new ArrayList<>();
        for (Group g : groups) out.addAll(g.pairs());
        return out;
    }
}

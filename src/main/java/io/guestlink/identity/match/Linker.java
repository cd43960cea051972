package io.guestlink.identity.match;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Record linkage between two sources (e.g. a partner's guest list against ours): candidates come only from keys the
 * two sides share (never all left x right), are scored, and MERGE pairs become links. With {@code oneToOne} (both
 * sources are free of duplicates, as FEBRL dataset4a/4b are) each record takes part in at most one link: links are
 * taken strongest first and a record already linked is skipped, so a near-twin on the other side cannot steal a
 * second link. Frequencies of shared values are counted over both sources together.
 */
public final class Linker {

    public record Link(String left, String right, MatchResult result) {
    }

    public record Result(List<Link> links, List<Link> reviews, long candidatePairs, long droppedBlocks) {
    }

    private final MatchModel model;
    private final boolean oneToOne;

    public Linker(MatchModel model, boolean oneToOne) {
        this.model = model;
        this.oneToOne = oneToOne;
    }

    public Result link(List<PersonRecord> left, List<PersonRecord> right) {
        boolean parallel = left.size() + right.size() > 10_000;
        List<PreparedRecord> l = Deduplicator.prepare(left, parallel), r = Deduplicator.prepare(right, parallel);
        List<PersonRecord> both = new ArrayList<>(left);
        both.addAll(right);
        ValueFrequency frequency = ValueFrequency.count(both);
        Blocking.Candidates candidates = Blocking.crossPairs(l, r, model.config().maxBlockSize());
        long[] pairs = candidates.pairs();
        double[] scores = new double[pairs.length];
        byte[] decisions = new byte[pairs.length];
        IntStream range = IntStream.range(0, pairs.length);
        (parallel ? range.parallel() : range).forEach(k -> {
            PreparedRecord a = l.get(Blocking.Candidates.first(pairs[k])), b = r.get(Blocking.Candidates.second(pairs[k]));
            MatchModel.Eval e = model.quick(a, b, frequency);
            decisions[k] = (byte) e.decision.ordinal();
            scores[k] = e.score;
        });
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < pairs.length; k++) if (decisions[k] != Decision.DIFFERENT.ordinal()) order.add(k);
        order.sort((x, y) -> Double.compare(scores[y], scores[x]));
        Set<Integer> linkedLeft = new HashSet<>(), linkedRight = new HashSet<>();
        List<Link> links = new ArrayList<>(), reviews = new ArrayList<>();
        for (int k : order) {
            int i = Blocking.Candidates.first(pairs[k]), j = Blocking.Candidates.second(pairs[k]);
            boolean taken = oneToOne && (linkedLeft.contains(i) || linkedRight.contains(j));
            if (decisions[k] == Decision.MERGE.ordinal() && !taken) {
                links.add(new Link(left.get(i).id(), right.get(j).id(), model.score(l.get(i), r.get(j), frequency)));
                linkedLeft.add(i);
                linkedRight.add(j);
            } else if (!taken) {
                reviews.add(new Link(left.get(i).id(), right.get(j).id(), model.score(l.get(i), r.get(j), frequency)));
            }
        }
        return new Result(List.copyOf(links), List.copyOf(reviews), pairs.length, candidates.droppedBlocks());
    }
}

package io.guestlink.identity.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * In-memory deduplication of one batch (the batch command and the benchmark): records -> blocking index ->
 * candidate pairs (each once) -> score -> clusters by union-find over MERGE pairs.
 *
 * <p><b>Chaining guard.</b> Union-find is transitive: A=B and B=C put A and C together even if A and C are plainly
 * different people (a father and son sharing name, address and phone, each close to a sloppy third record). So MERGE
 * pairs are applied strongest first, and joining two clusters requires that no member of one is DIFFERENT with a
 * hard conflict (birth date, document or gender DIFFERENT, and the pair scoring below review) from any member of
 * the other. A refused merge becomes a review pair with the rule "chaining guard". Checking members costs
 * |A| x |B| comparisons; clusters of real guests are small, and a join that would need more than
 * {@value #MAX_GUARD_COMPARISONS} checks is refused outright (a cluster that large is itself a sign of trouble).
 *
 * <p><b>Holders are persons.</b> How many persons share an e-mail, phone or document decides its weight (over
 * {@code maxHolders} it weighs nothing). A first pass can only count records, and a guest's own records, each with his
 * passport, would make it look shared by as many persons; so once the first pass has clustered, the holders are
 * counted again as clusters, the pairs holding a value whose count fell are scored again (and merges the chaining
 * guard refused are checked again), and their merges applied, until no count changes.
 */
public final class Deduplicator {

    static final int MAX_GUARD_COMPARISONS = 2_500;

    /** A merge and its stored evidence. */
    public record Merge(String a, String b, MatchResult result) {
    }

    /**
     * A possible-duplicate pair for review, with its score and the reason it was not merged. The full evidence is
     * computed on demand by {@link #result()}: a million profiles yield millions of review pairs and building every
     * field note up front would cost gigabytes, while a person opens only some of them.
     */
    public record ReviewPair(String a, String b, double score, String reason, Supplier<MatchResult> explain) {
        /** Score, decision REVIEW, evidence of every field and the rule (the chaining guard's, when it refused a merge). */
        public MatchResult result() {
            MatchResult r = explain.get();
            return reason.startsWith("chaining guard") ? new MatchResult(r.score(), Decision.REVIEW, r.evidence(), reason) : r;
        }
    }

    /**
     * @param clusters        clusters of two or more record ids (records in no cluster stay on their own)
     * @param merges          the merges applied, strongest first, each with its evidence
     * @param reviews         possible duplicates not merged (REVIEW scores and merges refused by the chaining guard)
     * @param candidatePairs  pairs scored
     * @param droppedBlocks   blocking keys dropped for exceeding maxBlockSize
     */
    public record Result(List<List<String>> clusters, List<Merge> merges, List<ReviewPair> reviews, long candidatePairs,
                         long droppedBlocks, int records) {
    }

    private final MatchModel model;

    public Deduplicator(MatchModel model) {
        this.model = model;
    }

    public Result run(List<PersonRecord> records) {
        boolean parallel = records.size() > 10_000;
        List<PreparedRecord> prepared = prepare(records, parallel);
        ValueFrequency frequency = ValueFrequency.count(records);
        final ValueFrequency perRecord = frequency;
        Blocking.Candidates candidates = Blocking.candidatePairs(prepared, model.config().maxBlockSize());
        long[] pairs = candidates.pairs();

        // score every candidate once; keep MERGE and REVIEW pairs with their score
        double[] scores = new double[pairs.length];
        byte[] decisions = new byte[pairs.length];
        String[] reasons = new String[pairs.length];
        score(IntStream.range(0, pairs.length), parallel, prepared, pairs, frequency, scores, decisions, reasons);
        List<Integer> mergeIdx = new ArrayList<>();
        for (int k = 0; k < pairs.length; k++) if (decisions[k] == Decision.MERGE.ordinal()) mergeIdx.add(k);

        int n = records.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        int[][] members = new int[n][];
        int[] sizes = new int[n];
        List<Merge> merges = new ArrayList<>();
        Map<Integer, String> refused = new LinkedHashMap<>(); // pair -> the chaining guard's veto, the latest round's
        Clustering clustering = new Clustering(records, prepared, pairs, scores, parent, members, sizes, merges, refused);
        clustering.apply(mergeIdx, frequency);

        // Holders are persons: a first pass counts a shared e-mail, phone or document once per record, so a guest's
        // own six records holding his passport make it look shared by six persons (weighing nothing above maxHolders).
        // Counted again over the clusters just made, such values weigh what they should; the pairs holding one are
        // scored again and their new merges applied, until no count changes (as the service counts holders as the
        // profiles they are after the merges decided so far).
        for (int round = 0; round < MAX_RECOUNTS; round++) {
            ValueFrequency persons = ValueFrequency.count(records, i -> find(parent, i), perRecord);
            boolean[] holdsRecounted = new boolean[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                holdsRecounted[i] = recounted(records.get(i), frequency, persons);
                any |= holdsRecounted[i];
            }
            if (!any) break;
            // pairs still apart that share a value counted again: below autoMerge before, or merges the chaining
            // guard refused (its checks too weighed the values as shared by many)
            final ValueFrequency before = frequency;
            List<Integer> again = IntStream.range(0, pairs.length).filter(k -> {
                int i = Blocking.Candidates.first(pairs[k]), j = Blocking.Candidates.second(pairs[k]);
                return holdsRecounted[i] && holdsRecounted[j] && (refused.containsKey(k)
                        || sharesRecounted(records.get(i), records.get(j), before, persons)) && find(parent, i) != find(parent, j);
            }).boxed().toList();
            frequency = persons;
            score(again.stream().mapToInt(Integer::intValue), parallel, prepared, pairs, frequency, scores, decisions, reasons);
            List<Integer> newMerges = new ArrayList<>();
            for (int k : again) {
                if (decisions[k] == Decision.MERGE.ordinal()) newMerges.add(k);
                else refused.remove(k); // a refused merge now scored below autoMerge is an ordinary pair again
            }
            if (newMerges.isEmpty()) break;
            clustering.apply(newMerges, frequency);
        }

        List<ReviewPair> reviews = new ArrayList<>();
        final ValueFrequency counted = frequency;
        refused.forEach((k, veto) -> {
            int i = Blocking.Candidates.first(pairs[k]), j = Blocking.Candidates.second(pairs[k]);
            if (find(parent, i) != find(parent, j)) reviews.add(review(records, prepared, counted, i, j, scores[k], veto));
        });
        for (int k = 0; k < pairs.length; k++) {
            if (decisions[k] != Decision.REVIEW.ordinal()) continue;
            int i = Blocking.Candidates.first(pairs[k]), j = Blocking.Candidates.second(pairs[k]);
            if (find(parent, i) == find(parent, j)) continue; // already merged through stronger pairs
            if (model.nothingToGoOn(model.quick(prepared.get(i), prepared.get(j), frequency), frequency)) continue; // no question
            reviews.add(review(records, prepared, frequency, i, j, scores[k], reasons[k]));
        }
        List<List<String>> clusters = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            if (parent[r] != r || sizes[r] < 2) continue;
            List<String> c = new ArrayList<>(sizes[r]);
            for (int x = 0; x < sizes[r]; x++) c.add(records.get(members[r][x]).id());
            clusters.add(List.copyOf(c));
        }
        return new Result(List.copyOf(clusters), List.copyOf(merges), List.copyOf(reviews), pairs.length,
                candidates.droppedBlocks(), n);
    }

    /** Rounds of counting holders again over the clusters; one or two change anything in practice. */
    static final int MAX_RECOUNTS = 3;

    private void score(IntStream which, boolean parallel, List<PreparedRecord> prepared, long[] pairs, ValueFrequency frequency,
                       double[] scores, byte[] decisions, String[] reasons) {
        (parallel ? which.parallel() : which).forEach(k -> {
            PreparedRecord a = prepared.get(Blocking.Candidates.first(pairs[k]));
            PreparedRecord b = prepared.get(Blocking.Candidates.second(pairs[k]));
            MatchModel.Eval e = model.quick(a, b, frequency);
            decisions[k] = (byte) e.decision.ordinal();
            scores[k] = e.score;
            reasons[k] = e.decision == Decision.REVIEW ? e.reason : null;
        });
    }

    /** Whether the two records share an e-mail, phone or document that fewer persons hold than records did. */
    private static boolean sharesRecounted(PersonRecord a, PersonRecord b, ValueFrequency before, ValueFrequency after) {
        for (String v : a.emails())
            if (b.emails().contains(v) && after.holders("email", v) < before.holders("email", v)) return true;
        for (String v : a.phones())
            if (b.phones().contains(v) && after.holders("phone", v) < before.holders("phone", v)) return true;
        for (String v : a.documents()) {
            String h = PersonRecord.documentHash(v);
            if (after.holders("document", h) >= before.holders("document", h)) continue;
            for (String w : b.documents()) if (PersonRecord.documentHash(w).equals(h)) return true;
        }
        return false;
    }

    /** Whether the record holds an e-mail, phone or document that fewer persons hold than records did. */
    private static boolean recounted(PersonRecord r, ValueFrequency before, ValueFrequency after) {
        for (String v : r.emails()) if (after.holders("email", v) < before.holders("email", v)) return true;
        for (String v : r.phones()) if (after.holders("phone", v) < before.holders("phone", v)) return true;
        for (String v : r.documents()) {
            String h = PersonRecord.documentHash(v);
            if (after.holders("document", h) < before.holders("document", h)) return true;
        }
        return false;
    }

    /** Union-find over MERGE pairs with the chaining guard; the state lives in the caller's arrays. */
    private final class Clustering {
        private final List<PersonRecord> records;
        private final List<PreparedRecord> prepared;
        private final long[] pairs;
        private final double[] scores;
        private final int[] parent;
        private final int[][] members;
        private final int[] sizes;
        private final List<Merge> merges;
        private final Map<Integer, String> refused;

        Clustering(List<PersonRecord> records, List<PreparedRecord> prepared, long[] pairs, double[] scores, int[] parent,
                   int[][] members, int[] sizes, List<Merge> merges, Map<Integer, String> refused) {
            this.records = records;
            this.prepared = prepared;
            this.pairs = pairs;
            this.scores = scores;
            this.parent = parent;
            this.members = members;
            this.sizes = sizes;
            this.merges = merges;
            this.refused = refused;
        }

        void apply(List<Integer> mergeIdx, ValueFrequency frequency) {
            // strongest first; equal scores in the order of the records' ids, not of the input: the chaining guard makes
            // the order matter, and the same records must give the same clusters however they were read
            mergeIdx.sort((x, y) -> {
                int c = Double.compare(scores[y], scores[x]);
                return c != 0 ? c : comparePairs(records, pairs[x], pairs[y]);
            });
            for (int k : mergeIdx) {
                int i = Blocking.Candidates.first(pairs[k]), j = Blocking.Candidates.second(pairs[k]);
                int ri = find(parent, i), rj = find(parent, j);
                if (ri == rj) continue;
                int[] mi = members(members, sizes, ri), mj = members(members, sizes, rj);
                int si = Math.max(1, sizes[ri]), sj = Math.max(1, sizes[rj]);
                String veto = guard(prepared, frequency, mi, si, mj, sj);
                if (veto != null) {
                    refused.put(k, "chaining guard: " + veto);
                    continue;
                }
                merges.add(new Merge(records.get(i).id(), records.get(j).id(), model.score(prepared.get(i), prepared.get(j), frequency)));
                // union by size: the smaller member list is appended to the larger
                int big = si >= sj ? ri : rj, small = big == ri ? rj : ri;
                int[] mb = big == ri ? mi : mj, ms = big == ri ? mj : mi;
                int sb = big == ri ? si : sj, ss = big == ri ? sj : si;
                int[] joined = Arrays.copyOf(mb, sb + ss);
                System.arraycopy(ms, 0, joined, sb, ss);
                parent[small] = big;
                members[big] = joined;
                sizes[big] = sb + ss;
                members[small] = null;
            }
        }
    }

    /** Two pairs in the order of their ids: the smaller id of each first, then the larger. */
    private static int comparePairs(List<PersonRecord> records, long p, long q) {
        String p1 = records.get(Blocking.Candidates.first(p)).id(), p2 = records.get(Blocking.Candidates.second(p)).id();
        String q1 = records.get(Blocking.Candidates.first(q)).id(), q2 = records.get(Blocking.Candidates.second(q)).id();
        boolean pOrdered = p1.compareTo(p2) <= 0, qOrdered = q1.compareTo(q2) <= 0;
        int c = (pOrdered ? p1 : p2).compareTo(qOrdered ? q1 : q2);
        return c != 0 ? c : (pOrdered ? p2 : p1).compareTo(qOrdered ? q2 : q1);
    }

    private ReviewPair review(List<PersonRecord> records, List<PreparedRecord> prepared, ValueFrequency frequency, int i, int j,
                              double score, String reason) {
        PreparedRecord a = prepared.get(i), b = prepared.get(j);
        return new ReviewPair(records.get(i).id(), records.get(j).id(), score, reason, () -> model.score(a, b, frequency));
    }

    /** Returns why the two clusters must not be joined, or null. */
    private String guard(List<PreparedRecord> prepared, ValueFrequency frequency, int[] a, int sa, int[] b, int sb) {
        if (sa == 1 && sb == 1) { // the MERGE pair itself is the only comparison; two ID cards still never merge
            String never = CannotLink.between(prepared.get(a[0]).record, prepared.get(b[0]).record);
            return never == null ? null : prepared.get(a[0]).record.id() + " and " + prepared.get(b[0]).record.id() + ": " + never;
        }
        if ((long) sa * sb > MAX_GUARD_COMPARISONS) return "clusters of " + sa + " and " + sb + " too large to verify";
        for (int x = 0; x < sa; x++) {
            for (int y = 0; y < sb; y++) {
                PreparedRecord p = prepared.get(a[x]), q = prepared.get(b[y]);
                if (model.hardConflict(p, q, frequency))
                    return p.record.id() + " and " + q.record.id() + " conflict (birth date, document or gender)";
                String never = CannotLink.between(p.record, q.record);
                if (never != null) return p.record.id() + " and " + q.record.id() + ": " + never;
            }
        }
        return null;
    }

    private static int[] members(int[][] members, int[] sizes, int root) {
        if (members[root] == null) {
            members[root] = new int[]{root};
            sizes[root] = 1;
        }
        return members[root];
    }

    static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    static List<PreparedRecord> prepare(List<PersonRecord> records, boolean parallel) {
        PreparedRecord[] out = new PreparedRecord[records.size()];
        IntStream range = IntStream.range(0, records.size());
        (parallel ? range.parallel() : range).forEach(i -> out[i] = PreparedRecord.of(records.get(i)));
        return Arrays.asList(out);
    }
}

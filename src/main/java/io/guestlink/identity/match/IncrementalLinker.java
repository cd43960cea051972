package io.guestlink.identity.match;

import org.apache.commons.codec.digest.DigestUtils;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Incremental probabilistic identity resolution of the profiles a batch touched: each gets its blocking keys (stored
 * hashed, indexed), finds its candidates through those keys only (a key shared by more profiles than the configured
 * block size is skipped, so work per record stays bounded however large the store grows), and is scored against them
 * cluster to cluster. At or above auto-merge the younger profile is merged into the older one; between review and
 * auto-merge the pair is queued for a person. Pairs declared distinct are never merged again.
 * <p>
 * The store is reached only through the two ports: {@link CandidateSource} answers, {@link LinkListener} hears each
 * merge as it is decided (later pairs of the batch see the merged clusters) and the reviews still open at the end.
 */
public final class IncrementalLinker {
    /** Candidates scored per arriving profile, those sharing the most blocking keys with it. */
    public static final int MAX_CANDIDATES = 10;

    private final MatchModel model;

    public IncrementalLinker(MatchModel model) {
        this.model = model;
    }

    public MatchModel model() {
        return model;
    }

    /** A blocking key as the candidate source keeps it: hashed, because keys hold e-mails and phones. */
    public static String storedKey(String blockingKey) {
        return DigestUtils.sha1Hex(blockingKey);
    }

    /** The stored (hashed) key a source counts the holders of a name under: field {@code family} (canonical) or {@code given}. */
    public static String nameKey(String field, String value) {
        return storedNameKey(ValueFrequency.nameKey(field, value));
    }

    /** The stored (hashed) name keys of a record ({@link #nameKey}). */
    public static Set<String> nameKeys(PersonRecord p) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : ValueFrequency.nameKeys(p)) out.add(storedNameKey(k));
        return out;
    }

    /** The stored (hashed) keys counting who holds a given name with a gender stated ({@link ValueFrequency#genderKeys}). */
    public static Set<String> genderKeys(PersonRecord p) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : ValueFrequency.genderKeys(p)) out.add(storedNameKey(k));
        return out;
    }

    /** The stored (hashed) keys counting who wrote a name and birth date in Han ({@link ValueFrequency#writingKeys}). */
    public static Set<String> writingKeys(PersonRecord p) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : ValueFrequency.writingKeys(p)) out.add(storedNameKey(k));
        return out;
    }

    /**
     * Name keys hashed before: the same few thousand names (WANG, SMITH, JOHN) are hashed for every record of every
     * round that counts them, a tenth of a linking round's time in the JVM. Bounded, emptied when full: a name key is
     * a name, never a contact or document.
     */
    private static final Map<String, String> HASHED_NAMES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int HASHED_NAMES_KEPT = 100_000;

    private static String storedNameKey(String key) {
        String h = HASHED_NAMES.get(key);
        if (h != null) return h;
        if (HASHED_NAMES.size() >= HASHED_NAMES_KEPT) HASHED_NAMES.clear();
        h = storedKey(key);
        HASHED_NAMES.put(key, h);
        return h;
    }

    /**
     * Indexes the profiles a batch touched and links them.
     *
     * @return the live profiles that absorbed another in this batch (their golden rows must be recomputed)
     */
    public Set<Long> link(Set<Long> touched, CandidateSource source, LinkListener listener) {
        if (touched.isEmpty()) return Set.of();
        return decide(index(touched, source), source, listener, false);
    }

    /**
     * Stores each profile's blocking keys and comparable record, as its sources describe it now, without deciding
     * anything: the identity worker indexes everything queued before it decides any of it, so a profile's candidates
     * are the same whichever round it is decided in.
     *
     * @return the comparable records indexed
     */
    public Map<Long, PersonRecord> index(Set<Long> touched, CandidateSource source) {
        Map<Long, PersonRecord> own = source.fromSources(touched);
        Map<Long, PersonRecord> ownPerson = new LinkedHashMap<>();
        for (long id : new TreeSet<>(touched)) ownPerson.put(id, own.getOrDefault(id, nothingKnown(id)));
        // the name keys too, so the store can count a name's holders (term frequency) and who wrote a name in Han;
        // never candidates
        Map<Long, Set<String>> indexed = new LinkedHashMap<>();
        keysOf(ownPerson).forEach((id, keys) -> {
            Set<String> all = new LinkedHashSet<>(keys);
            all.addAll(nameKeys(ownPerson.get(id)));
            all.addAll(writingKeys(ownPerson.get(id)));
            all.addAll(genderKeys(ownPerson.get(id)));
            indexed.put(id, all);
        });
        source.index(indexed, ownPerson);
        return ownPerson;
    }

    /**
     * Links profiles {@link #index indexed} earlier (any not indexed yet are indexed now), from their stored records.
     *
     * @return the live profiles that absorbed another (their golden rows must be recomputed)
     */
    public Set<Long> linkIndexed(Set<Long> touched, CandidateSource source, LinkListener listener) {
        return linkIndexed(touched, source, listener, false);
    }

    /**
     * The first of the two passes alone: only the merges a document, e-mail or phone vouches for, no reviews. The
     * identity worker runs it over its whole queue, round after round, before it decides anything else, so every
     * guest is joined with its own records before any of them is weighed on a name and birth date alone, whichever
     * round either falls in (a profile decided early would otherwise meet a namesake's bare profile before that
     * namesake met its own passport or e-mail).
     *
     * @return the live profiles that absorbed another (their golden rows must be recomputed)
     */
    public Set<Long> mergeVouched(Set<Long> touched, CandidateSource source, LinkListener listener) {
        return linkIndexed(touched, source, listener, true);
    }

    private Set<Long> linkIndexed(Set<Long> touched, CandidateSource source, LinkListener listener, boolean vouchedOnly) {
        if (touched.isEmpty()) return Set.of();
        Map<Long, PersonRecord> ownPerson = new HashMap<>(source.records(touched));
        ownPerson.keySet().retainAll(touched);
        Set<Long> missing = new TreeSet<>(touched);
        missing.removeAll(ownPerson.keySet());
        if (!missing.isEmpty()) ownPerson.putAll(index(missing, source));
        return decide(ownPerson, source, listener, vouchedOnly);
    }

    private static Map<Long, Set<String>> keysOf(Map<Long, PersonRecord> persons) {
        Map<Long, Set<String>> keysOf = new LinkedHashMap<>();
        persons.forEach((id, p) -> {
            Set<String> keys = new LinkedHashSet<>();
            for (String k : Blocking.keys(p)) keys.add(storedKey(k));
            keysOf.put(id, keys);
        });
        return keysOf;
    }

    /**
     * The decisions, one profile after another in the order of their stable keys (source keys, not ids or arrival),
     * each against its candidates in the order of shared blocking keys and then stable keys; every merge is seen by
     * the decisions after it. The same profiles, index and clusters therefore give the same decisions however the
     * queue was cut into rounds: the worker hands rounds over in the same order.
     */
    private Set<Long> decide(Map<Long, PersonRecord> ownPerson, CandidateSource source, LinkListener listener, boolean vouchedOnly) {
        return decide(ownPerson, ordered(ownPerson, source), Map.of(), source, listener, vouchedOnly);
    }

    /**
     * What deciding indexed profiles reads that no decision changes: their own records, their candidates in the
     * canonical order and the candidates' records (blocking keys, stable keys and comparable records change only when
     * profiles are indexed). The identity worker reads the next round's while it decides the current one, on another
     * connection, so the database's reading and the JVM's scoring overlap.
     */
    public record ReadAhead(Set<Long> touched, Map<Long, PersonRecord> own, Map<Long, List<Long>> candidates,
                            Map<Long, PersonRecord> records) {
    }

    /** The {@link ReadAhead} of profiles indexed before; null when some are not indexed (then decided as usual). */
    public ReadAhead readAhead(Set<Long> touched, CandidateSource source) {
        Map<Long, PersonRecord> own = new HashMap<>(source.records(touched));
        own.keySet().retainAll(touched);
        if (own.size() < touched.size()) return null;
        Map<Long, List<Long>> candidates = ordered(own, source);
        Set<Long> others = new HashSet<>();
        candidates.values().forEach(others::addAll);
        others.removeAll(own.keySet());
        return new ReadAhead(Set.copyOf(touched), own, candidates, source.records(others));
    }

    /** As {@link #linkIndexed(Set, CandidateSource, LinkListener)}, from what was read ahead for these profiles. */
    public Set<Long> linkIndexed(Set<Long> touched, CandidateSource source, LinkListener listener, ReadAhead ahead) {
        return linkIndexed(touched, source, listener, ahead, false);
    }

    /** As {@link #mergeVouched(Set, CandidateSource, LinkListener)}, from what was read ahead for these profiles. */
    public Set<Long> mergeVouched(Set<Long> touched, CandidateSource source, LinkListener listener, ReadAhead ahead) {
        return linkIndexed(touched, source, listener, ahead, true);
    }

    private Set<Long> linkIndexed(Set<Long> touched, CandidateSource source, LinkListener listener, ReadAhead ahead, boolean vouchedOnly) {
        if (ahead == null || !ahead.touched().containsAll(touched)) return linkIndexed(touched, source, listener, vouchedOnly);
        if (touched.isEmpty()) return Set.of();
        // another node may have claimed part of the round: a profile's candidates do not depend on the others'
        Map<Long, PersonRecord> own = new HashMap<>(ahead.own());
        own.keySet().retainAll(touched);
        Map<Long, List<Long>> candidates = new LinkedHashMap<>();
        ahead.candidates().forEach((id, list) -> {
            if (touched.contains(id)) candidates.put(id, list);
        });
        return decide(own, candidates, ahead.records(), source, listener, vouchedOnly);
    }

    /**
     * Each profile's candidates, the profiles in the canonical order (see {@link #decide}); empty when none has any.
     * The lists a first pass found are kept by the source for the second (each pass reads each round once).
     */
    private Map<Long, List<Long>> ordered(Map<Long, PersonRecord> ownPerson, CandidateSource source) {
        Map<Long, List<Long>> kept = source.candidatesKept(ownPerson.keySet());
        if (kept != null) return inDecisionOrder(kept, source);
        Map<Long, List<Long>> found = found(ownPerson, source);
        source.keepCandidates(ownPerson.keySet(), found);
        return found;
    }

    /** Kept candidate lists, the profiles with any in the canonical order: that of {@link #found}'s. */
    private static Map<Long, List<Long>> inDecisionOrder(Map<Long, List<Long>> kept, CandidateSource source) {
        List<Long> deciding = new ArrayList<>();
        kept.forEach((id, list) -> {
            if (!list.isEmpty()) deciding.add(id);
        });
        if (deciding.isEmpty()) return Map.of();
        Map<Long, List<Long>> out = new LinkedHashMap<>();
        for (long id : canonicalOrder(deciding, source.stableKeys(deciding))) out.put(id, kept.get(id));
        return out;
    }

    private Map<Long, List<Long>> found(Map<Long, PersonRecord> ownPerson, CandidateSource source) {
        Map<Long, List<Ranked>> ranked = candidates(source, keysOf(ownPerson));
        if (ranked.isEmpty()) return Map.of();
        Set<Long> sortable = new HashSet<>(ownPerson.keySet());
        ranked.values().forEach(list -> list.forEach(r -> sortable.add(r.id())));
        Map<Long, String> stable = source.stableKeys(sortable);
        // each profile's place in the canonical order (stable key, then id), ranked once: the candidate lists and the
        // decision order then compare two ints, not two long keys looked up in a map for every comparison
        List<Long> inOrder = canonicalOrder(sortable, stable);
        Map<Long, Integer> rank = new HashMap<>(inOrder.size() * 2);
        for (int i = 0; i < inOrder.size(); i++) rank.put(inOrder.get(i), i);
        Map<Long, List<Long>> candidates = new TreeMap<>(Comparator.comparingInt(rank::get));
        ranked.forEach((id, list) -> {
            // most shared keys first, then the canonical order: one primitive sort of (shared descending, rank) packed
            // in a long (a profile has a few dozen keys, ranks fit 31 bits)
            long[] order = new long[list.size()];
            for (int i = 0; i < order.length; i++)
                order[i] = (long) (Integer.MAX_VALUE - list.get(i).shared()) << 32 | rank.get(list.get(i).id());
            java.util.Arrays.sort(order);
            List<Long> best = new ArrayList<>(Math.min(MAX_CANDIDATES, order.length));
            for (int i = 0; i < order.length && i < MAX_CANDIDATES; i++) best.add(inOrder.get((int) order[i]));
            candidates.put(id, best);
        });
        return new LinkedHashMap<>(candidates);
    }

    /**
     * @param candidates each profile's candidates, in the order the profiles are decided
     * @param known      comparable records read already (a read-ahead), stored ones
     */
    private Set<Long> decide(Map<Long, PersonRecord> ownPerson, Map<Long, List<Long>> candidates, Map<Long, PersonRecord> known,
                             CandidateSource source, LinkListener listener, boolean vouchedOnly) {
        if (candidates.isEmpty()) return Set.of();
        Set<Long> involved = new HashSet<>(ownPerson.keySet());
        candidates.values().forEach(involved::addAll);

        // clusters as they stand, updated as this batch merges
        Map<Long, Long> root = new HashMap<>(source.mergedInto(involved)); // a profile not in it is its own
        Set<Long> roots = new HashSet<>();
        for (long p : involved) roots.add(find(root, p));
        Map<Long, List<Long>> members = new HashMap<>();
        source.members(roots).forEach((r, m) -> members.put(r, new ArrayList<>(m)));
        Set<Long> everyone = new HashSet<>();
        members.values().forEach(everyone::addAll);
        // each member's comparable record: stored ones (small rows), else built from its sources (never linked yet)
        Set<Long> toRead = new HashSet<>(everyone);
        toRead.removeAll(ownPerson.keySet()); // read by the caller already
        toRead.removeAll(known.keySet());
        Map<Long, PersonRecord> memberPerson = new HashMap<>(source.records(toRead));
        for (long m : everyone) {
            PersonRecord r = known.get(m);
            if (r != null) memberPerson.put(m, r);
        }
        memberPerson.putAll(ownPerson);
        Set<Long> missing = new HashSet<>(everyone);
        missing.removeAll(memberPerson.keySet());
        if (!missing.isEmpty()) {
            Map<Long, PersonRecord> fromSources = source.fromSources(missing);
            for (long m : missing) memberPerson.put(m, fromSources.getOrDefault(m, nothingKnown(m)));
        }
        Set<ProfilePair> distinct = source.distinctPairs(everyone);
        // holders counted as the persons they are after the merges decided so far in this batch
        ValueFrequency frequency = source.frequency(memberPerson.values(), p -> find(root, p));

        Map<Long, PreparedRecord> clusterPerson = new HashMap<>(); // prepared once per cluster, not per pair
        // each cluster's record before preparing: the first pass asks only whether two share an identifier, and most
        // pairs do not, so most clusters are never prepared there (preparing the names is the costly part)
        Map<Long, PersonRecord> clusterRecord = new HashMap<>();
        Set<Long> affected = new LinkedHashSet<>();
        List<Review> reviews = new ArrayList<>();
        int merges = 0;
        // two passes over all the profiles: first only the merges a document, e-mail or phone vouches for, then
        // everything. Every guest then joins its own records before any profile is weighed on its name and birth
        // date against a namesake, so that weaker merge is judged against all either guest holds (its ID card, its
        // passport, its Han writing) and not against one bare profile: the namesake's own passport may come through a
        // profile decided later. Both passes follow the canonical order: the decisions stay the same however the
        // queue is cut into rounds (the identity worker runs the first pass over its whole queue first: mergeVouched)
        //
        // Most pairs are different people: their score and decision come without the evidence's notes, and the
        // first pass's figures serve the second when no merge came between (nothing they depend on changed)
        Map<Long, MatchModel.Eval[]> firstPasses = new HashMap<>();
        Map<Long, int[]> mergesAtFirstPasses = new HashMap<>();
        for (int pass = 0; pass < (vouchedOnly ? 1 : 2); pass++) for (var e : candidates.entrySet()) {
            List<Long> others = e.getValue();
            MatchModel.Eval[] firstPass = firstPasses.computeIfAbsent(e.getKey(), k -> new MatchModel.Eval[others.size()]);
            int[] mergesAtFirstPass = mergesAtFirstPasses.computeIfAbsent(e.getKey(), k -> new int[others.size()]);
            for (int i = 0; i < others.size(); i++) {
                long a = find(root, e.getKey());
                long b = find(root, others.get(i));
                if (a == b || isDistinct(distinct, members, a, b)) continue;
                if (pass == 0 && !model.sharesIdentifier(clusterRecord.computeIfAbsent(a, r -> cluster(r, members, memberPerson)),
                        clusterRecord.computeIfAbsent(b, r -> cluster(r, members, memberPerson))))
                    continue; // nothing that could vouch for a merge
                PreparedRecord pa = clusterPerson.computeIfAbsent(a, r -> prepared(r, members, memberPerson, clusterRecord));
                PreparedRecord pb = clusterPerson.computeIfAbsent(b, r -> prepared(r, members, memberPerson, clusterRecord));
                MatchModel.Eval quick = pass == 1 && firstPass[i] != null && mergesAtFirstPass[i] == merges
                        ? firstPass[i] : model.quick(pa, pb, frequency);
                if (pass == 0) {
                    firstPass[i] = quick;
                    mergesAtFirstPass[i] = merges;
                }
                if (quick.decision == Decision.DIFFERENT || (pass == 0 && quick.decision != Decision.MERGE)) continue;
                // below auto-merge, a pair with nothing to go on is not filed (below): its evidence need not be written
                if (quick.decision != Decision.MERGE && model.nothingToGoOn(quick, frequency)) continue;
                // the pair's score, then what the joined guest would hold (two ID cards: a chain through a profile
                // without one would otherwise join two cardholders)
                MatchResult result = CannotLink.apply(namesAloneNeverMerge(model.score(pa, pb, frequency)),
                        pa.record(), pb.record(), model.config().autoMerge());
                if (pass == 0 && !(result.decision() == Decision.MERGE && vouched(result))) continue;
                if (result.decision() == Decision.MERGE && !vouched(result)) result = ambiguous(result, e.getValue(), a, b, pa, pb,
                        root, members, memberPerson, clusterPerson, distinct, frequency);
                if (result.decision() == Decision.MERGE) {
                    merges++;
                    long survivor = Math.min(a, b); // the younger profile joins the older one
                    long absorbed = Math.max(a, b);
                    listener.merged(survivor, absorbed, result);
                    root.replaceAll((p, r) -> r == absorbed ? survivor : r);
                    root.put(absorbed, survivor);
                    members.computeIfAbsent(survivor, x -> new ArrayList<>(List.of(survivor)))
                            .addAll(members.getOrDefault(absorbed, List.of(absorbed)));
                    members.remove(absorbed);
                    clusterPerson.remove(survivor);
                    clusterPerson.remove(absorbed);
                    clusterRecord.remove(survivor);
                    clusterRecord.remove(absorbed);
                    affected.add(survivor);
                } else if (result.decision() == Decision.REVIEW) {
                    reviews.add(new Review(a, b, result));
                }
            }
        }
        // a pair queued before a later merge in this batch joined its two sides is no longer a question
        for (Review r : reviews) {
            if (find(root, r.a()) != find(root, r.b())) listener.review(r.a(), r.b(), r.result());
        }
        return affected;
    }

    /**
     * A merge that nothing but names and dates vouch for, checked against the profile's other candidates: when the
     * profile {@code a} fits another guest as well who is not guest {@code b} (two ID cards, another gender: their pair
     * does not merge), or {@code b} is vouched to be a guest {@code a} can never be one with (a document, e-mail or
     * phone joins {@code b} to a holder of another ID card), the names and birth date cannot say which guest
     * {@code a} is: a person decides. The result unchanged otherwise.
     */
    private MatchResult ambiguous(MatchResult result, List<Long> candidates, long a, long b, PreparedRecord pa, PreparedRecord pb,
                                  Map<Long, Long> root, Map<Long, List<Long>> members, Map<Long, PersonRecord> memberPerson,
                                  Map<Long, PreparedRecord> clusterPerson, Set<ProfilePair> distinct, ValueFrequency frequency) {
        for (long third : candidates) {
            long c = find(root, third);
            if (c == a || c == b || isDistinct(distinct, members, a, c)) continue;
            PreparedRecord pc = clusterPerson.computeIfAbsent(c, r -> prepared(r, members, memberPerson, Map.of()));
            // two guests a person declared different are not one, whatever their pair scores
            MatchResult bc = isDistinct(distinct, members, b, c) ? null : decided(pb, pc, frequency);
            boolean bcMerge = bc != null && bc.decision() == Decision.MERGE;
            boolean fitsBoth = !bcMerge && decided(pa, pc, frequency).decision() == Decision.MERGE;
            boolean excluded = bcMerge && vouched(bc) && CannotLink.between(pa.record(), pc.record()) != null;
            if (!fitsBoth && !excluded) continue;
            return new MatchResult(result.score(), Decision.REVIEW, result.evidence(), String.format(Locale.ROOT,
                    "score %.2f >= autoMerge %.2f but %s: review", result.score(), model.config().autoMerge(), fitsBoth
                            ? "it fits another guest as well, who is not this one, on names and birth date alone"
                            : "this guest's own documents or contacts join it to a guest it cannot be one with"));
        }
        return result;
    }

    /** A pair's decision as linking applies it: the score, names alone never merge, what the joined guest would hold. */
    private MatchResult decided(PreparedRecord x, PreparedRecord y, ValueFrequency frequency) {
        return CannotLink.apply(namesAloneNeverMerge(model.score(x, y, frequency)), x.record(), y.record(), model.config().autoMerge());
    }

    private record Review(long a, long b, MatchResult result) {
    }

    /** These profiles in the canonical order: stable key, then id. */
    private static List<Long> canonicalOrder(Collection<Long> ids, Map<Long, String> stable) {
        Stable[] keyed = new Stable[ids.size()];
        int n = 0;
        for (long id : ids) keyed[n++] = new Stable(stable.getOrDefault(id, ""), id);
        java.util.Arrays.sort(keyed); // the keys looked up once, not twice per comparison
        List<Long> out = new ArrayList<>(keyed.length);
        for (Stable k : keyed) out.add(k.id());
        return out;
    }

    /** A profile's place in the canonical order: its stable key, then its id. */
    private record Stable(String key, long id) implements Comparable<Stable> {
        @Override
        public int compareTo(Stable o) {
            int c = key.compareTo(o.key);
            return c != 0 ? c : Long.compare(id, o.id);
        }
    }

    /** A candidate and how many blocking keys it shares with the profile. */
    private record Ranked(long id, int shared) {
    }

    /**
     * Each profile's possible candidates with the number of blocking keys they share; keys held by more than the
     * block size are skipped. The caller keeps the {@link #MAX_CANDIDATES} sharing the most, ties by stable key.
     */
    private Map<Long, List<Ranked>> candidates(CandidateSource source, Map<Long, Set<String>> keysOf) {
        Set<String> allKeys = new HashSet<>();
        keysOf.values().forEach(allKeys::addAll);
        int maxBlock = model.config().maxBlockSize();
        Map<String, List<Long>> holders = allKeys.isEmpty() ? Map.of() : source.holders(allKeys, maxBlock + 1);
        Map<Long, List<Ranked>> candidates = new HashMap<>();
        keysOf.forEach((id, keys) -> {
            Map<Long, Integer> shared = new HashMap<>();
            for (String k : keys) {
                List<Long> h = holders.getOrDefault(k, List.of());
                if (h.size() > maxBlock) continue; // too common to tell anyone apart (a family name + a birth year)
                for (long other : h) if (other != id) shared.merge(other, 1, Integer::sum);
            }
            if (shared.isEmpty()) return;
            // only those that can reach the first MAX_CANDIDATES need a stable key: all sharing at least as many keys
            // as the MAX_CANDIDATES-th best
            List<Integer> counts = new ArrayList<>(shared.values());
            counts.sort(Comparator.reverseOrder());
            int cutoff = counts.get(Math.min(MAX_CANDIDATES, counts.size()) - 1);
            List<Ranked> list = new ArrayList<>();
            shared.forEach((other, n) -> {
                if (n >= cutoff) list.add(new Ranked(other, n));
            });
            candidates.put(id, list);
        });
        return candidates;
    }

    /**
     * A name, however rare, is not a person: a pair that reaches auto-merge on names alone (no birth date, contact or
     * document agreeing) goes to review instead. Guests with common names and nothing else on file (walk-ins, POS
     * member records) would otherwise be merged by their names.
     */
    public static MatchResult namesAloneNeverMerge(MatchResult r) {
        if (r.decision() != Decision.MERGE) return r;
        for (var f : r.evidence()) {
            if (!f.field().equals("given") && !f.field().equals("family") && f.weight() > 0) return r;
        }
        return new MatchResult(r.score(), Decision.REVIEW, r.evidence(), "names alone never merge: " + r.rule());
    }

    /** Whether a document, e-mail or phone adds weight to a result: a merge that rests on more than names and dates. */
    private static boolean vouched(MatchResult r) {
        for (var f : r.evidence()) {
            if ((f.field().equals("document") || f.field().equals("email") || f.field().equals("phone")) && f.weight() > 0) return true;
        }
        return false;
    }

    private static long find(Map<Long, Long> root, long id) {
        Long r = root.get(id);
        long cur = r == null ? id : r;
        for (int i = 0; i < 64; i++) {
            Long next = root.get(cur);
            if (next == null || next == cur) return cur;
            cur = next;
        }
        return cur;
    }

    private static boolean isDistinct(Set<ProfilePair> distinct, Map<Long, List<Long>> members, long a, long b) {
        if (distinct.isEmpty()) return false;
        for (long x : members.getOrDefault(a, List.of(a))) {
            for (long y : members.getOrDefault(b, List.of(b))) {
                if (distinct.contains(ProfilePair.of(x, y))) return true;
            }
        }
        return false;
    }

    /** A cluster's comparable record: every member's names, contacts and documents; the birth date most members give. */
    private static PersonRecord cluster(long rootId, Map<Long, List<Long>> members, Map<Long, PersonRecord> memberPerson) {
        List<PersonRecord> parts = new ArrayList<>();
        for (long m : members.getOrDefault(rootId, List.of(rootId))) {
            PersonRecord p = memberPerson.get(m);
            if (p != null) parts.add(p);
        }
        return PersonParts.union(String.valueOf(rootId), parts);
    }

    /** A cluster prepared for comparison, with every birth date its members give (compared by the best-agreeing one). */
    private static PreparedRecord prepared(long rootId, Map<Long, List<Long>> members, Map<Long, PersonRecord> memberPerson,
                                           Map<Long, PersonRecord> clusterRecord) {
        Set<java.time.LocalDate> dates = new TreeSet<>();
        for (long m : members.getOrDefault(rootId, List.of(rootId))) {
            PersonRecord p = memberPerson.get(m);
            if (p != null && p.birthDate() != null) dates.add(p.birthDate());
        }
        PersonRecord union = clusterRecord.get(rootId);
        return PreparedRecord.of(union != null ? union : cluster(rootId, members, memberPerson), dates);
    }

    private static PersonRecord nothingKnown(long id) {
        return new PersonParts().record(String.valueOf(id));
    }
}

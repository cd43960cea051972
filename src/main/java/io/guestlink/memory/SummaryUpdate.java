package io.guestlink.memory;

import io.guestlink.model.Fact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the queued requests of some live profiles ({@link MemoryRequest}) change their kept summaries: the memory
 * worker's decisions, with the store behind a port ({@link SourceRecords}).
 *
 * <p>A new record ({@code RECORD}) is applied to the profile's kept {@link MemorySummary}: its natural key's other
 * versions in the cluster are looked up, the old joined fact's share is taken out and the new one's put in, so its
 * cost does not grow with the guest's history. The profile is recomputed from every fact of its cluster instead when
 * it has no summary yet, its summary was computed under another configuration (fingerprint), a request asks for it
 * ({@code RECOMPUTE}: an updated record, a merge, an unmerge), a landed record has moved to another cluster since, or
 * the summary refuses the change (a stay's new version). A {@code PROFILE} request changes no summary: the profile's
 * rows are written again with its golden values.
 *
 * <p>Why the incremental state equals a rebuild: the invariant is that a profile's summary counts exactly the facts of
 * its cluster that have no RECORD request waiting. The caller reads the requests and the facts at one moment (one
 * snapshot), and a record still waiting with another worker is left out of both the old and the new version of its
 * key. {@link #recompute} computes a summary from the same facts with the same code.
 */
public final class SummaryUpdate {
    private final MemoryConfig config;
    private final String fingerprint;

    public SummaryUpdate(MemoryConfig config) {
        this.config = config;
        this.fingerprint = config.fingerprint();
    }

    /** The fingerprint of this update's configuration, kept beside each summary it writes. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The source records the update reads facts from (the store; a list in tests). */
    public interface SourceRecords {
        /** The records with these ids that hold a fact. */
        Map<Long, RecordedFact> byId(Collection<Long> recordIds);

        /**
         * The ids of records of these profiles whose fact may share a natural key with one of {@code facts} (more is
         * fine: the update compares the keys).
         */
        Set<Long> sameKeyCandidates(Collection<Fact> facts, Set<Long> profiles);

        /** Every record with a fact of these profiles. */
        List<RecordedFact> ofProfiles(Collection<Long> profiles);
    }

    /**
     * The requests of a round, per live profile (root of its cluster): the requests this worker holds, the records it
     * applies, the records another worker holds (in neither version of their key here: that worker applies them),
     * the roots a request asks to recompute.
     */
    public record Claim(Set<Long> held, Map<Long, Set<Long>> landed, Set<Long> waiting, Set<Long> recompute) {
    }

    /**
     * Sorts the requests of some clusters.
     *
     * @param held     the ids of the requests this worker holds
     * @param requests every request of the clusters' profiles, held or not
     * @param rootOf   the live root of each member profile; a request of a profile not in it is left alone
     */
    public static Claim claim(Set<Long> held, Collection<MemoryRequest> requests, Map<Long, Long> rootOf) {
        Map<Long, Set<Long>> landed = new TreeMap<>();
        Set<Long> waiting = new HashSet<>();
        Set<Long> recompute = new TreeSet<>();
        for (MemoryRequest r : requests) {
            Long root = rootOf.get(r.profileId());
            if (root == null) continue;
            if (r.reason() == MemoryRequest.Reason.RECOMPUTE) recompute.add(root);
            else if (r.reason() == MemoryRequest.Reason.RECORD && r.recordId() != null) {
                if (held.contains(r.id())) landed.computeIfAbsent(root, k -> new LinkedHashSet<>()).add(r.recordId());
                else waiting.add(r.recordId());
            }
        }
        return new Claim(held, landed, waiting, recompute);
    }

    /** The records queued and not yet applied (none held): what a rebuild leaves to the worker. */
    public static Set<Long> waiting(Collection<MemoryRequest> requests) {
        Set<Long> out = new HashSet<>();
        for (MemoryRequest r : requests)
            if (r.reason() == MemoryRequest.Reason.RECORD && r.recordId() != null) out.add(r.recordId());
        return out;
    }

    /** The live root of each member profile. */
    public static Map<Long, Long> rootOf(Map<Long, List<Long>> members) {
        Map<Long, Long> out = new HashMap<>();
        members.forEach((root, ms) -> ms.forEach(m -> out.put(m, root)));
        return out;
    }

    /**
     * What a round computed.
     *
     * @param summaries  the new summary of every live root
     * @param records    records applied to kept summaries
     * @param recomputed the roots recomputed from all their facts (the others were brought up to date from their summary)
     */
    public record Result(Map<Long, MemorySummary> summaries, int records, Set<Long> recomputed) {
    }

    /**
     * The new summaries of these live roots after the claimed requests.
     *
     * @param members each root's cluster (the root and the profiles merged into it)
     * @param kept    the kept summaries of the roots that have one
     */
    public Result update(Collection<Long> roots, Map<Long, List<Long>> members, Map<Long, KeptSummary> kept, Claim claim,
                         SourceRecords records) {
        Set<Long> recompute = new TreeSet<>(claim.recompute());
        Map<Long, Set<Long>> deltas = new TreeMap<>();
        for (long root : roots) {
            KeptSummary k = kept.get(root);
            if (k == null || !fingerprint.equals(k.configHash()) || recompute.contains(root)) recompute.add(root);
            else deltas.put(root, claim.landed().getOrDefault(root, Set.of()));
        }
        Map<Long, MemorySummary> summaries = new TreeMap<>();
        int applied = apply(deltas, kept, members, claim.waiting(), recompute, summaries, records);
        Set<Long> full = new TreeSet<>(recompute);
        full.retainAll(roots);
        summaries.putAll(recompute(full, members, claim.waiting(), records));
        return new Result(summaries, applied, full);
    }

    /**
     * Applies each root's landed records to its kept summary; a root whose summary refuses a change goes to
     * {@code recompute}. Returns the number of records applied.
     */
    private int apply(Map<Long, Set<Long>> deltas, Map<Long, KeptSummary> kept, Map<Long, List<Long>> members,
                      Set<Long> waiting, Set<Long> recompute, Map<Long, MemorySummary> summaries, SourceRecords records) {
        Set<Long> newIds = new LinkedHashSet<>();
        deltas.values().forEach(newIds::addAll);
        Map<Long, RecordedFact> facts = new HashMap<>(records.byId(newIds));
        Set<Long> clusterMembers = new HashSet<>();
        deltas.keySet().forEach(root -> clusterMembers.addAll(members.get(root)));
        Set<Long> candidates = new LinkedHashSet<>(records.sameKeyCandidates(
                newIds.stream().filter(facts::containsKey).map(id -> facts.get(id).fact()).toList(), clusterMembers));
        candidates.removeAll(facts.keySet());
        facts.putAll(records.byId(candidates));

        // each root is given only its own cluster's records: apply() leaves the others out anyway, and looking at every
        // record of the round for every root cost a natural key per record and root
        Map<Long, Long> rootOf = rootOf(members);
        Map<Long, Map<Long, RecordedFact>> ofRoot = new HashMap<>();
        facts.forEach((id, f) -> {
            Long root = rootOf.get(f.profileId());
            if (root != null) ofRoot.computeIfAbsent(root, k -> new HashMap<>()).put(id, f);
        });
        int applied = 0;
        for (var e : deltas.entrySet()) {
            long root = e.getKey();
            Optional<MemorySummary> summary = apply(kept.get(root).summary(), e.getValue(), members.get(root),
                    ofRoot.getOrDefault(root, Map.of()), waiting);
            if (summary.isPresent()) {
                summaries.put(root, summary.get());
                applied += e.getValue().size();
            } else recompute.add(root);
        }
        return applied;
    }

    /**
     * One cluster's kept summary with its landed records applied; empty when it must be recomputed from all its facts
     * instead (a landed record is no longer in the cluster, or the summary refuses a change).
     *
     * @param landed  the ids of the records this worker applies
     * @param cluster the profiles of the cluster
     * @param read    the landed records and the other versions of their natural keys (records of other clusters and
     *                other keys may be among them)
     * @param waiting records another worker applies: counted in neither version of their key
     */
    public Optional<MemorySummary> apply(MemorySummary kept, Set<Long> landed, Collection<Long> cluster,
                                         Map<Long, RecordedFact> read, Set<Long> waiting) {
        Set<Long> inCluster = new HashSet<>(cluster);
        // the versions of each natural key a landed record touches, in this cluster
        Map<String, List<RecordedFact>> byKey = new TreeMap<>();
        for (long id : landed) {
            RecordedFact s = read.get(id);
            if (s == null || !inCluster.contains(s.profileId())) return Optional.empty(); // moved since: recompute
            byKey.put(GuestFacts.keyOf(s.fact()), new ArrayList<>());
        }
        for (RecordedFact s : read.values()) {
            if (!inCluster.contains(s.profileId()) || waiting.contains(s.recordId())) continue;
            List<RecordedFact> versions = byKey.get(GuestFacts.keyOf(s.fact()));
            if (versions != null) versions.add(s);
        }
        MemorySummary summary = kept;
        for (var versions : byKey.values()) {
            List<Fact> before = versions.stream().filter(s -> !landed.contains(s.recordId())).map(RecordedFact::fact).toList();
            List<Fact> after = versions.stream().map(RecordedFact::fact).toList();
            Fact now = joined(after);
            Fact old = before.isEmpty() ? null : joined(before);
            if (old == null) summary = summary.plus(now, config);
            else if (!old.equals(now)) {
                Optional<MemorySummary> replaced = summary.replace(old, now, config);
                if (replaced.isEmpty()) return Optional.empty();
                summary = replaced.get();
            }
        }
        return Optional.of(summary);
    }

    private static Fact joined(List<Fact> versions) {
        return GuestFacts.of(versions).joined(versions.get(0));
    }

    /** Summaries from every fact of each root's cluster, leaving out records another worker has yet to apply. */
    public Map<Long, MemorySummary> recompute(Set<Long> roots, Map<Long, List<Long>> members, Set<Long> waiting,
                                              SourceRecords records) {
        Map<Long, MemorySummary> out = new TreeMap<>();
        if (roots.isEmpty()) return out;
        Map<Long, Long> rootOf = new HashMap<>();
        for (long root : roots) members.get(root).forEach(m -> rootOf.put(m, root));
        Map<Long, List<Fact>> facts = new HashMap<>();
        for (RecordedFact s : records.ofProfiles(rootOf.keySet()))
            if (!waiting.contains(s.recordId())) facts.computeIfAbsent(rootOf.get(s.profileId()), k -> new ArrayList<>()).add(s.fact());
        for (long root : roots) out.put(root, MemorySummary.of(GuestFacts.of(facts.getOrDefault(root, List.of())), config));
        return out;
    }
}

package io.guestlink.store;

import io.guestlink.identity.match.CandidateSource;
import io.guestlink.identity.match.CannotLink;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.match.PersonParts;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.match.ProfilePair;
import io.guestlink.identity.match.ReviewSettlement;
import io.guestlink.identity.match.ValueFrequency;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pairs of the review queue that a later record settles, closed in the identity worker's transaction right after the
 * linker ({@link ProbabilisticLinker#link}), among the open pairs touching the guests this round linked: pairs whose
 * sides became one guest (an exact key, an auto-merge) are closed as merged; the others are scored again
 * ({@link ReviewSettlement}) and merged, closed as distinct or brought up to date, except those the linker scored a
 * moment ago. Closed pairs name {@link MergeWrites#SYSTEM} and the reason. Only these guests' pairs are read, so the
 * cost follows the round, not the size of the queue (the whole queue is swept by a person's decision and by dedup;
 * a pair merged anyway elsewhere is never counted as waiting, see {@link ReviewQueue#total}).
 */
final class ReviewSettling {
    static final String MERGED_ANYWAY = "merged anyway: the two profiles became one guest after the pair was queued";

    private ReviewSettling() {
    }

    /**
     * @param touched  the profiles this round linked (they gained evidence)
     * @param affected the live profiles that absorbed another in this round
     * @return {@code affected} and the guests that absorbed another here (their golden rows must be recomputed)
     */
    static Set<Long> settle(Connection c, Set<Long> touched, Set<Long> affected, List<MergeWrites.Pending> justScored,
                            CandidateSource reads, MatchModel model) throws SQLException {
        Set<Long> out = new LinkedHashSet<>(affected);
        if (touched.isEmpty()) return out;
        Set<Long> ids = new HashSet<>(touched);
        ids.addAll(affected);
        Set<Long> everyone = new HashSet<>();
        reads.members(new HashSet<>(reads.roots(ids).values())).values().forEach(everyone::addAll);
        List<MergeWrites.Review> touching = MergeWrites.openTouching(c, everyone);
        if (touching.isEmpty()) return out;
        Set<Long> sides = new HashSet<>();
        for (MergeWrites.Review r : touching) {
            sides.add(r.profileA());
            sides.add(r.profileB());
        }
        Map<Long, Long> guest = new HashMap<>(reads.roots(sides));
        // the guest pairs the linker scored a moment ago with the same evidence need no second score
        // (their stored score, evidence and reason are brought up to date from it)
        Map<ProfilePair, MergeWrites.Pending> scored = new HashMap<>();
        for (MergeWrites.Pending p : justScored) scored.put(new ProfilePair(p.lo(), p.hi()), p);
        List<MergeWrites.Review> open = new ArrayList<>();
        for (MergeWrites.Review r : touching) {
            Long a = guest.get(r.profileA()), b = guest.get(r.profileB());
            if (a == null || b == null) continue; // erased meanwhile
            MergeWrites.Pending now = scored.get(ProfilePair.of(a, b));
            if (a.equals(b)) MergeWrites.settled(c, r.id(), "MERGED", MERGED_ANYWAY);
            else if (now == null) open.add(r);
            else if (Math.abs(now.score() - r.score()) > 1e-9) MergeWrites.rescored(c, r.id(), now.score(), now.evidenceJson(), now.reason());
        }
        if (open.isEmpty()) return out;
        Map<Long, List<Long>> members = new HashMap<>();
        reads.members(new HashSet<>(guest.values())).forEach((g, m) -> members.put(g, new ArrayList<>(m)));
        Set<Long> all = new HashSet<>();
        members.values().forEach(all::addAll);
        Set<ProfilePair> distinct = reads.distinctPairs(all);
        Map<Long, PersonRecord> record = new HashMap<>(ReviewSettlement.guests(reads, new HashSet<>(guest.values())));
        ValueFrequency frequency = reads.frequency(record.values());
        boolean merged = false;
        for (MergeWrites.Review r : open) { // by id: the same queue settles the same way whatever the timing
            Long a = guest.get(r.profileA()), b = guest.get(r.profileB());
            if (a == null || b == null || a.equals(b)) continue; // erased, or one guest already (closed below)
            if (declaredDistinct(distinct, members.get(a), members.get(b))) {
                MergeWrites.settled(c, r.id(), "DISTINCT", "declared distinct: two of their profiles were declared different people");
                continue;
            }
            ReviewSettlement.Outcome o = ReviewSettlement.of(CannotLink.apply(model.score(record.get(a), record.get(b), frequency),
                    record.get(a), record.get(b), model.config().autoMerge()));
            String evidence = Payloads.json(o.result().evidence());
            switch (o.action()) {
                case MERGE -> {
                    long survivor = Math.min(a, b), absorbed = Math.max(a, b);
                    MergeWrites.merge(c, survivor, absorbed, "probabilistic", o.result().score(), model.config().autoMerge(),
                            evidence, MergeWrites.SYSTEM);
                    MergeWrites.settled(c, r.id(), "MERGED", o.reason());
                    guest.replaceAll((p, g) -> g == absorbed ? survivor : g);
                    members.get(survivor).addAll(members.remove(absorbed));
                    out.remove(absorbed);
                    record.put(survivor, PersonParts.union(String.valueOf(survivor), List.of(record.get(survivor), record.get(absorbed))));
                    out.add(survivor);
                    merged = true;
                }
                case CLOSE_DISTINCT -> MergeWrites.settled(c, r.id(), "DISTINCT", o.reason());
                case KEEP -> {
                    if (Math.abs(o.result().score() - r.score()) > 1e-9 || !java.util.Objects.equals(o.result().rule(), r.reason()))
                        MergeWrites.rescored(c, r.id(), o.result().score(), evidence, o.result().rule());
                }
            }
        }
        if (merged) { // other pairs between the guests joined here
            for (MergeWrites.Review r : touching) {
                Long a = guest.get(r.profileA()), b = guest.get(r.profileB());
                if (a != null && a.equals(b)) MergeWrites.settled(c, r.id(), "MERGED", MERGED_ANYWAY);
            }
        }
        return out;
    }

    private static boolean declaredDistinct(Set<ProfilePair> distinct, List<Long> a, List<Long> b) {
        if (distinct.isEmpty()) return false;
        for (long x : a) for (long y : b) if (distinct.contains(ProfilePair.of(x, y))) return true;
        return false;
    }
}

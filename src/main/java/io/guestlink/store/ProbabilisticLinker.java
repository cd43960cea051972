package io.guestlink.store;

import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.Survivorship;
import io.guestlink.identity.match.Blocking;
import io.guestlink.identity.match.Decision;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.match.MatchResult;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.match.ValueFrequency;
import io.guestlink.model.GuestProfile;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Incremental probabilistic identity resolution, run inside each batch's transaction after the exact keys: the
 * profiles the batch touched get their blocking keys (stored, indexed), find their candidates through those keys only
 * (a key shared by more profiles than the configured block size is skipped, so work per record stays bounded however
 * large the store grows), and are scored against them cluster to cluster. At or above auto-merge the younger profile
 * is merged into the older one with its evidence; between review and auto-merge the pair is queued for a person.
 * Pairs a person or an unmerge declared distinct are never merged again.
 */
public final class ProbabilisticLinker implements BatchWriter.ProfileLinker {
    private static final Logger LOG = LoggerFactory.getLogger(ProbabilisticLinker.class);

    /** Candidates scored per arriving profile, those sharing the most blocking keys with it. */
    static final int MAX_CANDIDATES = 10;

    private final MatchModel model;
    private final PersonRecords persons;

    public ProbabilisticLinker(MatchModel model, PersonRecords persons) {
        this.model = model;
        this.persons = persons;
    }

    public MatchModel model() {
        return model;
    }

    @Override
    public Set<Long> link(Connection c, Set<Long> touched) throws SQLException {
        if (touched.isEmpty()) return Set.of();
        LocalDate today = LocalDate.now();
        Map<Long, List<Survivorship.Contribution>> own = GoldenRecords.contributions(c, touched);
        Map<Long, Set<String>> keysOf = new LinkedHashMap<>();
        Map<Long, PersonRecord> ownPerson = new LinkedHashMap<>();
        for (long id : new TreeSet<>(touched)) {
            PersonRecord p = persons.of(String.valueOf(id), guests(own.getOrDefault(id, List.of())), today);
            ownPerson.put(id, p);
            Set<String> keys = new LinkedHashSet<>();
            for (String k : Blocking.keys(p)) keys.add(DigestUtils.sha1Hex(k)); // stored hashed: keys hold e-mails and phones
            keysOf.put(id, keys);
        }
        replaceBlocks(c, keysOf);
        ProfileMatches.write(c, ownPerson);

        Set<String> allKeys = new HashSet<>();
        keysOf.values().forEach(allKeys::addAll);
        int maxBlock = model.config().maxBlockSize();
        Map<String, List<Long>> holders = holders(c, allKeys, maxBlock);
        Map<Long, Set<Long>> candidates = new LinkedHashMap<>();
        Set<Long> involved = new HashSet<>(touched);
        keysOf.forEach((id, keys) -> {
            Map<Long, Integer> shared = new HashMap<>();
            for (String k : keys) {
                List<Long> h = holders.getOrDefault(k, List.of());
                if (h.size() > maxBlock) continue; // too common to tell anyone apart (a family name + a birth year)
                for (long other : h) if (other != id) shared.merge(other, 1, Integer::sum);
            }
            // the profiles sharing the most keys first: work per record stays bounded by MAX_CANDIDATES
            List<Long> best = shared.entrySet().stream()
                    .sorted(Map.Entry.<Long, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_CANDIDATES).map(Map.Entry::getKey).toList();
            if (!best.isEmpty()) {
                candidates.put(id, new LinkedHashSet<>(best));
                involved.addAll(best);
            }
        });
        if (candidates.isEmpty()) return Set.of();

        // clusters as they stand, updated as this batch merges
        Map<Long, Long> root = new HashMap<>(GoldenRecords.live(c, involved));
        Map<Long, List<Long>> members = GoldenRecords.members(c, new HashSet<>(root.values()));
        Set<Long> everyone = new HashSet<>();
        members.values().forEach(everyone::addAll);
        // each member's comparable record: stored ones (small rows), else built from its sources (never linked yet)
        Map<Long, PersonRecord> memberPerson = new HashMap<>(ProfileMatches.read(c, everyone));
        memberPerson.putAll(ownPerson);
        Set<Long> missing = new HashSet<>(everyone);
        missing.removeAll(memberPerson.keySet());
        if (!missing.isEmpty()) {
            Map<Long, List<Survivorship.Contribution>> cs = GoldenRecords.contributions(c, missing);
            for (long m : missing) memberPerson.put(m, persons.of(String.valueOf(m), guests(cs.getOrDefault(m, List.of())), today));
        }
        Set<String> distinct = MergeWrites.distinctPairs(c, everyone);
        Map<Long, PersonRecord> clusterPerson = new HashMap<>();
        Set<Long> affected = new LinkedHashSet<>();
        List<MergeWrites.Pending> reviews = new ArrayList<>();
        Set<String> contactKeys = new HashSet<>();
        for (PersonRecord p : memberPerson.values()) {
            p.emails().forEach(e -> contactKeys.add("EMAIL:" + e));
            p.phones().forEach(ph -> contactKeys.add("PHONE:" + ph));
        }
        ValueFrequency frequency = frequency(ContactWrites.holders(c, contactKeys));

        for (var e : candidates.entrySet()) {
            for (long other : e.getValue()) {
                long a = find(root, e.getKey());
                long b = find(root, other);
                if (a == b || isDistinct(distinct, members, a, b)) continue;
                PersonRecord pa = clusterPerson.computeIfAbsent(a, r -> cluster(r, members, memberPerson));
                PersonRecord pb = clusterPerson.computeIfAbsent(b, r -> cluster(r, members, memberPerson));
                MatchResult result = namesAloneNeverMerge(model.score(pa, pb, frequency));
                if (result.decision() == Decision.MERGE) {
                    long survivor = Math.min(a, b);
                    long absorbed = Math.max(a, b);
                    MergeWrites.merge(c, survivor, absorbed, "probabilistic", result.score(), model.config().autoMerge(),
                            Payloads.json(result.evidence()), "auto");
                    LOG.info("profile {} merged into {}: score {} >= {}", absorbed, survivor,
                            String.format(java.util.Locale.ROOT, "%.1f", result.score()), model.config().autoMerge());
                    root.replaceAll((p, r) -> r == absorbed ? survivor : r);
                    root.put(absorbed, survivor);
                    members.computeIfAbsent(survivor, x -> new ArrayList<>()).addAll(members.getOrDefault(absorbed, List.of(absorbed)));
                    members.remove(absorbed);
                    clusterPerson.remove(survivor);
                    clusterPerson.remove(absorbed);
                    affected.add(survivor);
                } else if (result.decision() == Decision.REVIEW) {
                    reviews.add(MergeWrites.Pending.of(a, b, result.score(), Payloads.json(result.evidence())));
                }
            }
        }
        // a pair queued before a later merge in this batch joined its two sides is no longer a question
        reviews.removeIf(r -> find(root, r.lo()) == find(root, r.hi()));
        MergeWrites.queueReviews(c, reviews);
        return affected;
    }

    /** The profiles among these that have no blocking keys yet, i.e. were never linked. */
    static Set<Long> neverLinked(Connection c, Set<Long> profiles) throws SQLException {
        Set<Long> out = new HashSet<>(profiles);
        Sql.in(c, "SELECT DISTINCT profile_id FROM profile_block WHERE profile_id", List.of(), profiles, rs -> out.remove(rs.getLong(1)));
        return out;
    }

    /**
     * A name, however rare, is not a person: a pair that reaches auto-merge on names alone (no birth date, contact or
     * document agreeing) goes to review instead. Guests with common names and nothing else on file (walk-ins, POS
     * member records) would otherwise be merged by their names.
     */
    static MatchResult namesAloneNeverMerge(MatchResult r) {
        if (r.decision() != Decision.MERGE) return r;
        for (var f : r.evidence()) {
            if (!f.field().equals("given") && !f.field().equals("family") && f.weight() > 0) return r;
        }
        return new MatchResult(r.score(), Decision.REVIEW, r.evidence(), "names alone never merge: " + r.rule());
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

    private static boolean isDistinct(Set<String> distinct, Map<Long, List<Long>> members, long a, long b) {
        if (distinct.isEmpty()) return false;
        for (long x : members.getOrDefault(a, List.of(a))) {
            for (long y : members.getOrDefault(b, List.of(b))) {
                if (distinct.contains(Math.min(x, y) + ":" + Math.max(x, y))) return true;
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
        return PersonRecords.union(String.valueOf(rootId), parts);
    }

    private static List<GuestProfile> guests(Collection<Survivorship.Contribution> cs) {
        List<GuestProfile> out = new ArrayList<>(cs.size());
        for (Survivorship.Contribution x : cs) out.add(x.guest());
        return out;
    }

    /** How many profiles hold each e-mail and phone (documents are unique keys: one holder). */
    private static ValueFrequency frequency(Map<String, Integer> counts) {
        return (field, value) -> switch (field) {
            case "email" -> counts.getOrDefault("EMAIL:" + value, 0);
            case "phone" -> counts.getOrDefault("PHONE:" + value, 0);
            default -> 0;
        };
    }

    /**
     * The profiles holding each key, at most {@code maxBlock + 1} per key: a key held by thousands (a common surname
     * and a birth year in a large store) costs the same as a rare one, so work per record stays bounded as the store
     * grows. PostgreSQL reads each key's first rows through a lateral LIMIT; H2 (embedded, small stores) reads all.
     */
    private static Map<String, List<Long>> holders(Connection c, Set<String> keys, int maxBlock) throws SQLException {
        Map<String, List<Long>> out = new HashMap<>();
        if (keys.isEmpty()) return out;
        if (Sql.isPostgres(c)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT k.key, b.profile_id FROM unnest(?::varchar[]) AS k(key) "
                    + "CROSS JOIN LATERAL (SELECT profile_id FROM profile_block WHERE block_key = k.key LIMIT ?) b")) {
                ps.setArray(1, c.createArrayOf("varchar", keys.toArray()));
                ps.setInt(2, maxBlock + 1);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
            return out;
        }
        Sql.in(c, "SELECT block_key, profile_id FROM profile_block WHERE block_key", List.of(), keys,
                rs -> out.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(rs.getLong(2)));
        return out;
    }

    private static void replaceBlocks(Connection c, Map<Long, Set<String>> keysOf) throws SQLException {
        if (Sql.isPostgres(c)) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM profile_block WHERE profile_id = ANY(?)")) {
                del.setArray(1, c.createArrayOf("bigint", keysOf.keySet().toArray()));
                del.executeUpdate();
            }
        } else try (PreparedStatement del = c.prepareStatement("DELETE FROM profile_block WHERE profile_id = ?")) {
            for (long id : keysOf.keySet()) {
                del.setLong(1, id);
                del.addBatch();
            }
            del.executeBatch();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO profile_block (block_key, profile_id) VALUES (?, ?)")) {
            int n = 0;
            for (var e : keysOf.entrySet()) {
                for (String k : e.getValue()) {
                    ins.setString(1, k);
                    ins.setLong(2, e.getKey());
                    ins.addBatch();
                    n++;
                }
            }
            if (n > 0) ins.executeBatch();
        }
    }
}

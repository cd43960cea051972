package io.guestlink.store;

import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.Survivorship;
import io.guestlink.identity.IdentityKeys;
import io.guestlink.identity.match.CandidateSource;
import io.guestlink.identity.match.IncrementalLinker;
import io.guestlink.identity.match.LinkListener;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.match.MatchResult;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.match.ProfilePair;
import io.guestlink.identity.match.ValueFrequency;
import io.guestlink.model.GuestProfile;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * The store side of {@link IncrementalLinker}, run inside each batch's transaction after the exact keys: its ports
 * answered from profile_block (blocking keys), profile_match (comparable records), guest_profile (clusters),
 * distinct_pair and profile_contact; its merges and reviews written with their evidence.
 */
public final class ProbabilisticLinker implements BatchWriter.ProfileLinker {
    private static final Logger LOG = LoggerFactory.getLogger(ProbabilisticLinker.class);

    private final IncrementalLinker linker;
    private final PersonRecords persons;
    private final NameCounts counts = new NameCounts();

    /**
     * Name counts and the population, kept between the rounds of the identity worker's decisions: it indexes its whole
     * queue before it decides, so nothing it reads here changes until something is indexed again, which clears them
     * (the worker's next drain, an arriving guest linked at once). Counted once per drain instead of once per round:
     * they were about a sixth of linking's database time. Another node's indexing, or an erasure, shows from the next
     * drain on.
     */
    static final class NameCounts {
        final Map<String, Integer> names = new java.util.concurrent.ConcurrentHashMap<>();
        /**
         * Blocking keys found held by more than the block size: skipped as candidates, yet each round that met one
         * read its first rows again (a common surname and birth year is met by hundreds of profiles a drain)
         */
        final Set<String> tooCommon = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /**
         * Blocking keys' holders as read (fewer than the block size): nothing in the deciding changes them, and a key
         * of a family name and birth year is met again round after round (a third of linking's database time went to
         * reading them again). Kept as arrays up to {@link #HOLDERS_KEPT} profiles in all (32 MB), then read as before.
         */
        final Map<String, long[]> holders = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong holdersKept = new java.util.concurrent.atomic.AtomicLong();
        /**
         * Profiles' stable keys: made from their source records' keys, which nothing in a drain's deciding changes (a
         * merge moves no identity key), yet every round read them again for its candidates, tens of thousands of rows
         */
        final Map<Long, String> stable = new java.util.concurrent.ConcurrentHashMap<>();
        /**
         * The profiles holding each e-mail and phone (profile_contact rows: a merge moves none, only indexing adds
         * them), up to {@link #CONTACTS_KEPT} keys. Who those profiles are now is read each round, as the round's own
         * roots; the join of contacts to profiles, read again for every round, was a quarter of linking's database
         * time at full scale.
         */
        final Map<String, long[]> contactHolders = new java.util.concurrent.ConcurrentHashMap<>();
        /**
         * Each profile's candidates in the order the linker ranked them (blocking keys, their holders and stable keys:
         * nothing a decision changes), found by the first pass over the queue and taken again by the second; up to
         * {@link #HOLDERS_KEPT} candidates in all.
         */
        final Map<Long, long[]> candidates = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong candidatesKept = new java.util.concurrent.atomic.AtomicLong();
        /**
         * Profiles' comparable records (profile_match rows: only indexing writes them, a merge moves none), as parsed,
         * up to {@link #RECORDS_KEPT}. Each pass reads every round's candidates' records, and a profile is a candidate
         * in a dozen rounds: a full night read 1.9 million rows for 140,000 profiles, and parsing them was a fifth of
         * the worker's JVM time.
         */
        final Map<Long, PersonRecord> records = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicLong recordsKept = new java.util.concurrent.atomic.AtomicLong();
        volatile long population = -1;
        /** Counts each clearing, i.e. each indexing: what was read before another generation may be stale. */
        final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

        /**
         * Under the same lock as the reads that keep something ({@link Reads#keep}), so that nothing read in one
         * generation is kept after the next has begun (the read-ahead keeps from its own thread).
         */
        synchronized void clear() {
            generation.incrementAndGet();
            names.clear();
            stable.clear();
            tooCommon.clear();
            holders.clear();
            holdersKept.set(0);
            contactHolders.clear();
            candidates.clear();
            candidatesKept.set(0);
            records.clear();
            recordsKept.set(0);
            population = -1;
        }
    }

    public ProbabilisticLinker(MatchModel model, PersonRecords persons) {
        this.linker = new IncrementalLinker(model);
        this.persons = persons;
    }

    public MatchModel model() {
        return linker.model();
    }

    @Override
    public Set<Long> link(Connection c, Set<Long> touched) throws SQLException {
        return decide(c, touched, false);
    }

    @Override
    public void index(Connection c, Set<Long> profiles) throws SQLException {
        counts.clear();
        try {
            WriteCosts.time("linking: indexed (reads and JVM included)", profiles.size(),
                    () -> linker.index(profiles, new Reads(c, persons, LocalDate.now())));
        } catch (Failed e) {
            throw e.getCause();
        }
    }

    @Override
    public void drained() {
        counts.clear();
    }

    @Override
    public Set<Long> linkIndexed(Connection c, Set<Long> touched) throws SQLException {
        return decide(c, touched, true, null);
    }

    /** What was read ahead, and the index generation it was read in (indexing since makes it stale). */
    private record Ahead(IncrementalLinker.ReadAhead read, long generation) implements BatchWriter.ProfileLinker.ReadAhead {
    }

    @Override
    public BatchWriter.ProfileLinker.ReadAhead readAhead(Connection c, Set<Long> profiles) throws SQLException {
        long generation = counts.generation.get();
        try {
            IncrementalLinker.ReadAhead read = WriteCosts.time("linking: read ahead (on its own connection)", profiles.size(),
                    () -> linker.readAhead(profiles, new Reads(c, persons, LocalDate.now(), counts)));
            return read == null ? null : new Ahead(read, generation);
        } catch (Failed e) {
            throw e.getCause();
        }
    }

    @Override
    public Set<Long> linkIndexed(Connection c, Set<Long> touched, BatchWriter.ProfileLinker.ReadAhead ahead) throws SQLException {
        return decide(c, touched, true, fresh(ahead));
    }

    /** What was read ahead, unless something was indexed since (an arriving guest linked at once): then read again. */
    private IncrementalLinker.ReadAhead fresh(BatchWriter.ProfileLinker.ReadAhead ahead) {
        return ahead instanceof Ahead a && a.generation() == counts.generation.get() ? a.read() : null;
    }

    @Override
    public Set<Long> mergeVouched(Connection c, Set<Long> touched, BatchWriter.ProfileLinker.ReadAhead ahead) throws SQLException {
        Writes writes = new Writes(linker.model().config().autoMerge());
        try {
            Set<Long> affected = WriteCosts.time("linking: vouched merges decided (reads included)", touched.size(),
                    () -> linker.mergeVouched(touched, new Reads(c, persons, LocalDate.now(), counts), writes, fresh(ahead)));
            WriteCosts.time("linking: merges and reviews written", writes.merges.size(),
                    () -> MergeWrites.mergeAll(c, writes.merges, "probabilistic", writes.autoMerge, "auto"));
            return affected;
        } catch (Failed e) {
            throw e.getCause();
        }
    }

    private Set<Long> decide(Connection c, Set<Long> touched, boolean indexed) throws SQLException {
        return decide(c, touched, indexed, null);
    }

    private Set<Long> decide(Connection c, Set<Long> touched, boolean indexed, IncrementalLinker.ReadAhead ahead) throws SQLException {
        Writes writes = new Writes(linker.model().config().autoMerge());
        if (!indexed) counts.clear(); // linking at once indexes the profiles first: their names count from now on
        try {
            Reads reads = new Reads(c, persons, LocalDate.now(), indexed ? counts : null);
            Set<Long> affected = WriteCosts.time("linking: decided (reads included)", touched.size(),
                    () -> indexed ? linker.linkIndexed(touched, reads, writes, ahead) : linker.link(touched, reads, writes));
            // nothing the linker reads is read again after its first decision: the round's merges go in one batch
            WriteCosts.time("linking: merges and reviews written", writes.merges.size() + writes.reviews.size(), () -> {
                MergeWrites.mergeAll(c, writes.merges, "probabilistic", writes.autoMerge, "auto");
                MergeWrites.queueReviews(c, writes.reviews);
            });
            // review pairs a later record settles: closed here, in the same transaction (ReviewSettling), reading the
            // live profiles again: the merges just written changed them
            return WriteCosts.time("linking: review pairs settled", touched.size(),
                    () -> ReviewSettling.settle(c, touched, affected, writes.reviews, reads.afterWrites(), linker.model()));
        } catch (Failed e) {
            throw e.getCause();
        }
    }

    /**
     * Each profile's stable key: its smallest identity key (SRC, IDDOC, MEMBER or REC: all made from its source
     * records, so the same file gives the same keys whatever its batches, timing or generated ids); a profile with
     * none (only absorbed keys elsewhere) gets one after all keyed profiles, by id.
     */
    static Map<Long, String> stableKeys(Connection c, Collection<Long> profiles) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        if (profiles.isEmpty()) return out;
        // the smallest key per profile in the database: a profile holds a dozen keys, only one is wanted. On PostgreSQL
        // by code point (COLLATE "C"), the order Java's compareTo gave and H2 keeps, not the database's locale order
        String smallest = Sql.isPostgres(c) ? "min(identity_key COLLATE \"C\")" : "min(identity_key)";
        Sql.in(c, "SELECT profile_id, " + smallest + " FROM profile_key WHERE profile_id", List.of(), profiles, "GROUP BY profile_id",
                rs -> out.put(rs.getLong(1), rs.getString(2)));
        for (long id : profiles) if (!out.containsKey(id)) out.put(id, String.format(java.util.Locale.ROOT, "\uffff%019d", id));
        return out;
    }

    /** The profiles among these that have no blocking keys yet, i.e. were never linked. */
    static Set<Long> neverLinked(Connection c, Set<Long> profiles) throws SQLException {
        Set<Long> out = new HashSet<>(profiles);
        Sql.in(c, "SELECT DISTINCT profile_id FROM profile_block WHERE profile_id", List.of(), profiles, rs -> out.remove(rs.getLong(1)));
        return out;
    }

    /** An SQLException carried through the ports, which know nothing of SQL, back to {@link #link}. */
    private static final class Failed extends RuntimeException {
        Failed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    /**
     * As {@link #sql(Query)}, its wall time summed under {@code step} in {@link WriteCosts} (the nightly-import benchmark
     * prints where linking's time goes from it; the read-ahead's reads run beside the worker's and are summed too).
     */
    private static <T> T sql(String step, Query<T> q) {
        return sql(() -> WriteCosts.time(step, 0, q::run));
    }

    private static <T> T sql(Query<T> q) {
        try {
            return q.run();
        } catch (SQLException e) {
            throw new Failed(e);
        }
    }

    /** The candidate source on one transaction's connection. */
    record Reads(Connection c, PersonRecords persons, LocalDate today, NameCounts kept, Map<Long, Long> rootsRead, long generation)
            implements CandidateSource {
        /** Counting afresh each time (the review desk, an arriving guest, the index pass). */
        Reads(Connection c, PersonRecords persons, LocalDate today) {
            this(c, persons, today, null);
        }

        /**
         * @param kept what the drain keeps (null: everything read afresh); the live profiles read in this unit of work
         *             are remembered in it too, since nothing changes them before its merges are written at its end
         */
        Reads(Connection c, PersonRecords persons, LocalDate today, NameCounts kept) {
            this(c, persons, today, kept, new HashMap<>(), kept == null ? 0 : kept.generation.get());
        }

        @Override
        public Map<Long, List<Long>> candidatesKept(Set<Long> profiles) {
            if (kept == null || kept.generation.get() != generation) return null;
            Map<Long, List<Long>> out = new HashMap<>();
            for (long p : profiles) {
                long[] found = kept.candidates.get(p);
                if (found == null) return null;
                out.put(p, java.util.Arrays.stream(found).boxed().toList());
            }
            return out;
        }

        @Override
        public void keepCandidates(Set<Long> profiles, Map<Long, List<Long>> found) {
            if (kept == null) return;
            keep(() -> {
                long n = 0;
                for (List<Long> l : found.values()) n += l.size();
                if (kept.candidatesKept.addAndGet(n) > HOLDERS_KEPT) return;
                for (long p : profiles) {
                    List<Long> l = found.get(p);
                    kept.candidates.put(p, l == null ? NO_CANDIDATES : l.stream().mapToLong(Long::longValue).toArray());
                }
            });
        }

        /**
         * Keeps what this unit of work read, unless an indexing cleared what is kept since it began (what it read may
         * be stale then): checked and kept under the lock {@link NameCounts#clear} takes.
         */
        private void keep(Runnable keeping) {
            synchronized (kept) {
                if (kept.generation.get() == generation) keeping.run();
            }
        }

        /** The same reads for after this unit of work wrote merges: the live profiles it remembered are stale. */
        Reads afterWrites() {
            return new Reads(c, persons, today, kept);
        }

        @Override
        public Map<Long, PersonRecord> fromSources(Collection<Long> profiles) {
            Map<Long, List<Survivorship.Contribution>> cs = sql("linking: guests from source records", () -> GoldenRecords.contributions(c, profiles));
            Map<Long, PersonRecord> out = new HashMap<>();
            for (long id : profiles) out.put(id, persons.of(String.valueOf(id), guests(cs.getOrDefault(id, List.of())), today));
            return out;
        }

        private static List<GuestProfile> guests(List<Survivorship.Contribution> cs) {
            List<GuestProfile> out = new ArrayList<>(cs.size());
            for (Survivorship.Contribution x : cs) out.add(x.guest());
            return out;
        }

        @Override
        public void index(Map<Long, Set<String>> keys, Map<Long, PersonRecord> records) {
            sql("linking: index (blocking keys, comparable records)", () -> {
                replaceBlocks(c, keys);
                ProfileMatches.write(c, records);
                return null;
            });
        }

        @Override
        public Map<String, List<Long>> holders(Set<String> keys, int atMost) {
            if (kept == null) return sql("linking: blocking-key holders", () -> ProbabilisticLinker.holders(c, keys, atMost));
            Set<String> unknown = new HashSet<>();
            Map<String, List<Long>> known = new HashMap<>();
            for (String k : keys) {
                long[] h = kept.holders.get(k);
                // a key known to be too common: as many "holders" as asked for, which is all the caller looks at
                if (kept.tooCommon.contains(k)) known.put(k, java.util.Collections.nCopies(atMost, -1L));
                else if (h != null && h.length < atMost) known.put(k, java.util.Arrays.stream(h).boxed().toList());
                else unknown.add(k);
            }
            Map<String, List<Long>> out = sql("linking: blocking-key holders", () -> ProbabilisticLinker.holders(c, unknown, atMost));
            for (String k : unknown) {
                List<Long> h = out.getOrDefault(k, List.of());
                if (h.size() >= atMost) kept.tooCommon.add(k);
                else if (kept.holdersKept.addAndGet(h.size()) <= HOLDERS_KEPT)
                    kept.holders.put(k, h.stream().mapToLong(Long::longValue).toArray());
            }
            out.putAll(known);
            return out;
        }

        @Override
        public Map<Long, Long> roots(Collection<Long> profiles) {
            return sql("linking: live profiles", () -> GoldenRecords.live(c, profiles));
        }

        @Override
        public Map<Long, Long> mergedInto(Collection<Long> profiles) {
            Map<Long, Long> out = sql("linking: live profiles", () -> GoldenRecords.mergedInto(c, profiles));
            for (long p : profiles) rootsRead.put(p, out.getOrDefault(p, p));
            return out;
        }

        @Override
        public Map<Long, List<Long>> members(Collection<Long> roots) {
            return sql("linking: cluster members", () -> GoldenRecords.members(c, roots));
        }

        @Override
        public Map<Long, PersonRecord> records(Collection<Long> profiles) {
            if (kept == null || kept.generation.get() != generation)
                return sql("linking: comparable records", () -> ProfileMatches.read(c, profiles));
            Map<Long, PersonRecord> out = new HashMap<>();
            List<Long> unknown = new ArrayList<>();
            for (long p : profiles) {
                PersonRecord r = kept.records.get(p);
                if (r != null) out.put(p, r);
                else unknown.add(p);
            }
            Map<Long, PersonRecord> read = sql("linking: comparable records", () -> ProfileMatches.read(c, unknown));
            keep(() -> {
                if (kept.recordsKept.get() >= RECORDS_KEPT) return;
                read.forEach((p, r) -> {
                    if (kept.records.putIfAbsent(p, r) == null) kept.recordsKept.incrementAndGet();
                });
            });
            out.putAll(read);
            return out;
        }

        @Override
        public Set<ProfilePair> distinctPairs(Collection<Long> profiles) {
            Set<ProfilePair> out = new HashSet<>();
            for (String p : sql("linking: distinct pairs", () -> MergeWrites.distinctPairs(c, profiles))) {
                int colon = p.indexOf(':');
                out.add(new ProfilePair(Long.parseLong(p.substring(0, colon)), Long.parseLong(p.substring(colon + 1))));
            }
            return out;
        }

        /**
         * How many profiles hold each e-mail and phone (documents are unique keys: one holder), and each name (term
         * frequency, from the name keys beside the blocking keys) out of how many profiles. Below
         * {@link #MIN_POPULATION} profiles the population is reported as unknown: a share taken from a few hundred
         * guests says more about that sample than about the name.
         */
        @Override
        public ValueFrequency frequency(Collection<PersonRecord> records) {
            return frequency(records, p -> p);
        }

        @Override
        public ValueFrequency frequency(Collection<PersonRecord> records, LongUnaryOperator live) {
            // a contact's holders are asked for only where two compared guests share it, so on two of these records:
            // those are read at once, any other when asked (a contact on one record alone is most of them)
            Map<String, Integer> onRecords = new HashMap<>();
            Set<String> nameKeys = new HashSet<>(), writingKeys = new HashSet<>(), genderKeys = new HashSet<>();
            for (PersonRecord p : records) {
                p.emails().forEach(e -> onRecords.merge(IdentityKeys.contactKey("email", e), 1, Integer::sum));
                p.phones().forEach(ph -> onRecords.merge(IdentityKeys.contactKey("phone", ph), 1, Integer::sum));
                nameKeys.addAll(IncrementalLinker.nameKeys(p));
                writingKeys.addAll(IncrementalLinker.writingKeys(p));
                for (var n : p.names()) if (!n.given().isBlank()) for (String f : List.of(ValueFrequency.GIVEN_MEN, ValueFrequency.GIVEN_WOMEN))
                    genderKeys.add(IncrementalLinker.nameKey(f, n.given().strip()));
            }
            Set<String> contactKeys = new HashSet<>();
            onRecords.forEach((k, n) -> {
                if (n >= 2) contactKeys.add(k);
            });
            Map<String, Set<Long>> holders = new HashMap<>(contactHolders(contactKeys));
            long population = kept != null && kept.population >= 0 ? kept.population : sql("linking: population", () -> population(c));
            if (kept != null) kept.population = population;
            Map<String, Integer> names = population < MIN_POPULATION ? Map.of()
                    : counted(nameKeys, (int) Math.max(MIN_POPULATION, population / 20));
            long known = population < MIN_POPULATION ? 0 : population;
            // who wrote a name and birth date in Han: a count of a few, meaningful in a store of any size
            Map<String, Integer> writings = counted(writingKeys, WRITING_HOLDERS);
            // who holds a given name as a man or a woman: read only where the population is known, like names
            Map<String, Integer> genders = population < MIN_POPULATION ? Map.of()
                    : counted(genderKeys, (int) Math.max(MIN_POPULATION, population / 20));
            // a name's count by its plain key: the stored key is a SHA-1 of it, and the candidate loop asks for the same
            // few names thousands of times a round (hashing them each time was a tenth of linking's time in the JVM)
            Map<String, Integer> byName = new HashMap<>();
            return new ValueFrequency() {
                @Override
                public int holders(String field, String value) {
                    return switch (field) {
                        case "email", "phone" -> {
                            // persons, not profiles: merges decided earlier in the round count (see CandidateSource)
                            String key = IdentityKeys.contactKey(field, value);
                            Set<Long> h = holders.get(key);
                            if (h == null && !contactKeys.contains(key)) {
                                h = contactHolders(Set.of(key)).getOrDefault(key, Set.of());
                                holders.put(key, h);
                            }
                            if (h == null) yield 0;
                            Set<Long> persons = new HashSet<>();
                            for (long p : h) persons.add(live.applyAsLong(p));
                            yield persons.size();
                        }
                        // source profiles indexed (profile_block), whatever merges: the same wherever rounds begin
                        case "family", "given" -> byName.computeIfAbsent(field + '\u0000' + value,
                                k -> names.getOrDefault(IncrementalLinker.nameKey(field, value), 0));
                        case ValueFrequency.GIVEN_MEN, ValueFrequency.GIVEN_WOMEN -> byName.computeIfAbsent(field + '\u0000' + value,
                                k -> genders.getOrDefault(IncrementalLinker.nameKey(field, value), 0));
                        case ValueFrequency.HAN_READING, ValueFrequency.HAN_WRITING -> byName.computeIfAbsent(field + '\u0000' + value,
                                k -> writings.getOrDefault(IncrementalLinker.nameKey(field, value), 0));
                        default -> 0;
                    };
                }

                @Override
                public long population() {
                    return known;
                }
            };
        }

        /**
         * The live profiles holding each contact key, as stored now: read joined to guest_profile when nothing is kept;
         * otherwise the holding profiles kept in the drain (read once) and their live profiles from this unit of work's
         * roots, reading only the few not among them.
         */
        private Map<String, Set<Long>> contactHolders(Set<String> contactKeys) {
            if (kept == null) return sql("linking: contact holders", () -> ContactWrites.holderProfiles(c, contactKeys));
            Map<String, long[]> byKey = keptOrRead(kept.contactHolders, contactKeys, unknown -> {
                Map<String, long[]> fresh = new HashMap<>();
                sql("linking: contact holders", () -> ContactWrites.holdingProfiles(c, unknown)).forEach((k, ids) -> fresh.put(k, ids.stream().mapToLong(Long::longValue).toArray()));
                for (String k : unknown) fresh.putIfAbsent(k, new long[0]);
                // past the cap the keys are still answered, from what was just read, but no longer kept
                return fresh;
            }, CONTACTS_KEPT);
            Set<Long> unknownRoots = new HashSet<>();
            for (long[] ids : byKey.values()) for (long id : ids) if (!rootsRead.containsKey(id)) unknownRoots.add(id);
            if (!unknownRoots.isEmpty()) mergedInto(unknownRoots);
            Map<String, Set<Long>> out = new HashMap<>();
            byKey.forEach((k, ids) -> {
                if (ids.length == 0) return;
                Set<Long> live = new HashSet<>();
                for (long id : ids) live.add(rootsRead.get(id));
                out.put(k, live);
            });
            return out;
        }

        /** Each key's holders, up to {@code atMost}: those counted before in this drain from what was kept. */
        private Map<String, Integer> counted(Set<String> keys, int atMost) {
            if (kept == null) return sql("linking: name counts", () -> nameHolders(c, keys, atMost));
            // a name nobody holds yet counts 0, and is kept as such
            return keptOrRead(kept.names, keys, unknown -> {
                Map<String, Integer> fresh = sql("linking: name counts", () -> nameHolders(c, unknown, atMost));
                for (String k : unknown) fresh.putIfAbsent(k, 0);
                return fresh;
            });
        }

        @Override
        public Map<Long, String> stableKeys(Collection<Long> profiles) {
            if (kept == null) return sql("linking: stable keys", () -> ProbabilisticLinker.stableKeys(c, profiles));
            return keptOrRead(kept.stable, profiles, unknown -> sql("linking: stable keys", () -> ProbabilisticLinker.stableKeys(c, unknown)));
        }
    }

    /** The values kept for these keys, the others read (once, all together) and kept from now on. */
    private static <K, V> Map<K, V> keptOrRead(Map<K, V> kept, Collection<K> keys, java.util.function.Function<Set<K>, Map<K, V>> read) {
        return keptOrRead(kept, keys, read, Integer.MAX_VALUE);
    }

    /** As {@link #keptOrRead(Map, Collection, java.util.function.Function)}, keeping at most {@code keepAtMost} keys. */
    private static <K, V> Map<K, V> keptOrRead(Map<K, V> kept, Collection<K> keys, java.util.function.Function<Set<K>, Map<K, V>> read,
                                               int keepAtMost) {
        Map<K, V> out = new HashMap<>();
        Set<K> unknown = new HashSet<>();
        for (K k : keys) {
            V v = kept.get(k);
            if (v == null) unknown.add(k);
            else out.put(k, v);
        }
        if (unknown.isEmpty()) return out;
        Map<K, V> fresh = read.apply(unknown);
        if (kept.size() < keepAtMost) kept.putAll(fresh);
        out.putAll(fresh);
        return out;
    }

    /**
     * Merges and reviews collected in their order and written in batches at the end of the round (the linker keeps the
     * merged clusters itself, so later pairs of the round see them).
     */
    private static final class Writes implements LinkListener {
        private final double autoMerge;
        final List<MergeWrites.Decided> merges = new ArrayList<>();
        final List<MergeWrites.Pending> reviews = new ArrayList<>();

        Writes(double autoMerge) {
            this.autoMerge = autoMerge;
        }

        @Override
        public void merged(long survivor, long absorbed, MatchResult result) {
            merges.add(new MergeWrites.Decided(survivor, absorbed, result.score(), Payloads.json(result.evidence())));
            LOG.info("profile {} merged into {}: score {} >= {}", absorbed, survivor,
                    String.format(java.util.Locale.ROOT, "%.1f", result.score()), autoMerge);
        }

        @Override
        public void review(long a, long b, MatchResult result) {
            reviews.add(MergeWrites.Pending.of(a, b, result.score(), Payloads.json(result.evidence()), result.rule()));
        }
    }

    /**
     * The profiles holding each key, at most {@code atMost} per key: a key held by thousands (a common surname and a
     * birth year in a large store) costs the same as a rare one, so work per record stays bounded as the store grows.
     * PostgreSQL reads each key's first rows through a lateral LIMIT; H2 (embedded, small stores) reads all.
     */
    private static Map<String, List<Long>> holders(Connection c, Set<String> keys, int atMost) throws SQLException {
        Map<String, List<Long>> out = new HashMap<>();
        if (keys.isEmpty()) return out;
        if (Sql.isPostgres(c)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT k.key, b.profile_id FROM unnest(?::varchar[]) AS k(key) "
                    + "CROSS JOIN LATERAL (SELECT profile_id FROM profile_block WHERE block_key = k.key LIMIT ?) b")) {
                ps.setArray(1, c.createArrayOf("varchar", keys.toArray()));
                ps.setInt(2, atMost);
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

    private static final long[] NO_CANDIDATES = new long[0];

    /** Blocking-key holders kept per drain, in all (see {@link NameCounts#holders}); candidates likewise. */
    static final long HOLDERS_KEPT = 4_000_000;

    /**
     * Contact keys whose holding profiles are kept per drain (see {@link NameCounts#contactHolders}): about 160 bytes
     * each, 80 MB at most; a night of 140,000 guests holds about 280,000.
     */
    static final int CONTACTS_KEPT = 500_000;

    /**
     * Comparable records kept per drain (see {@link NameCounts#records}): 612 bytes each as parsed (measured on a full
     * night's records), about 95 MB at most beside linking's own 100 MB after collection; a night of 140,000 guests
     * fits whole.
     */
    static final long RECORDS_KEPT = 150_000;

    /** Holders of a Han writing key counted at most: only whether two counts differ matters. */
    static final int WRITING_HOLDERS = 100;

    /** Fewer indexed profiles than this and names keep their configured weight (no term frequency). */
    static final int MIN_POPULATION = 1000;

    /**
     * The profiles indexed for matching (profile_match). On PostgreSQL the planner's estimate once it exceeds 50,000
     * rows (counting a million rows per batch would cost more than the batch; a share needs no exact count).
     */
    private static long population(Connection c) throws SQLException {
        if (Sql.isPostgres(c)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = 'profile_match'::regclass");
                 java.sql.ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) > 50_000) return rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM profile_match"); java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * How many profiles hold each name key, counted up to {@code atMost}: past one in twenty profiles a name's weight
     * is already near nothing, and counting every WANG of a million-profile store would cost more than the batch.
     */
    private static Map<String, Integer> nameHolders(Connection c, Set<String> keys, int atMost) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        if (keys.isEmpty()) return out;
        if (Sql.isPostgres(c)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT k.key, (SELECT count(*) FROM (SELECT 1 FROM profile_block b "
                    + "WHERE b.block_key = k.key LIMIT ?) x) FROM unnest(?::varchar[]) AS k(key)")) {
                ps.setInt(1, atMost);
                ps.setArray(2, c.createArrayOf("varchar", keys.toArray()));
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        }
        Sql.in(c, "SELECT block_key FROM profile_block WHERE block_key", List.of(), keys, rs -> out.merge(rs.getString(1), 1, Integer::sum));
        return out;
    }

    private static void replaceBlocks(Connection c, Map<Long, Set<String>> keysOf) throws SQLException {
        Sql.deleteIn(c, "profile_block", "profile_id", keysOf.keySet());
        // COPY on PostgreSQL: a profile has a dozen or more keys, and single-row inserts were most of linking's database time
        try (TableRows rows = new TableRows(c, "profile_block", "block_key, profile_id")) {
            for (var e : keysOf.entrySet()) for (String k : e.getValue()) rows.add(k, e.getKey());
            rows.flush();
        }
    }
}

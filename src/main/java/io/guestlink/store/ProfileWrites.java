package io.guestlink.store;

import io.guestlink.model.FieldLimit;
import io.guestlink.identity.DeterministicResolver;
import io.guestlink.identity.IdentityKeys;
import io.guestlink.model.Masking;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.PersonName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Links the guests of a batch of records to golden profiles by exact identity keys, creating, merging and updating
 * profiles as needed. Golden fields follow "most recent non-empty value wins" until survivorship rules arrive with
 * probabilistic identity.
 */
final class ProfileWrites {
    /**
     * @param recordId the id the record is (or will be, in this transaction) stored under
     * @param seen     its updated_at as written
     */
    record Item(CanonicalRecord record, String hash, long recordId, OffsetDateTime seen) {
    }

    interface Sink {
        void profileOf(int itemIndex, long profileId);
    }

    private ProfileWrites() {
    }

    /** How often a batch re-resolves after other writers took its new keys first or a deadlock chose it. */
    static final int MAX_ATTEMPTS = 5;

    /**
     * Resolves the items' guests to profiles. Returns the profiles this call created that no merge of it touched: all
     * their sources are among the items, so they are inserted with their golden row as {@code golden} computes it,
     * and the steps after it (contacts, consent, golden row, linking queue) need not look anything up for them.
     */
    static Set<Long> resolve(Connection c, IdBlocks ids, List<Item> items, GoldenRecords golden, Sink sink) throws SQLException {
        List<List<String>> keysPerItem = new ArrayList<>(items.size());
        Set<String> allKeys = new HashSet<>();
        for (Item it : items) {
            List<String> keys = IdentityKeys.of(it.record());
            keysPerItem.add(keys);
            allKeys.addAll(keys);
        }
        Set<Long> created = new HashSet<>();
        if (allKeys.isEmpty()) return created;
        if (!Sql.isPostgres(c)) {
            attempt(c, ids, items, keysPerItem, allKeys, golden, sink, false, created);
            return created;
        }
        // Several nodes share a PostgreSQL store, and BatchWriter's lock holds only within one JVM: two batches may
        // both find a new guest key unknown and both create a profile for it. The key insert lets the first commit win
        // (ON CONFLICT DO NOTHING waits for it); the loser rolls back to here and resolves again, now seeing the
        // winner's keys (READ COMMITTED: every statement reads what is committed when it starts).
        for (int attempt = 1; ; attempt++) {
            Savepoint before = c.setSavepoint();
            boolean done;
            created.clear(); // what a rolled-back attempt created is gone
            try {
                done = attempt(c, ids, items, keysPerItem, allKeys, golden, sink, true, created);
            } catch (SQLException e) {
                if (!DEADLOCK.equals(e.getSQLState()) || attempt >= MAX_ATTEMPTS) throw e;
                done = false;
            }
            if (done) {
                c.releaseSavepoint(before);
                return created;
            }
            c.rollback(before);
            if (attempt >= MAX_ATTEMPTS) {
                throw new SQLException("identity keys of this batch were taken by concurrent writers " + MAX_ATTEMPTS
                        + " times in a row", "40001");
            }
        }
    }

    private static final String DEADLOCK = "40P01";

    /** One resolution; false (PostgreSQL only) when a concurrent writer took one of the new keys first. */
    private static boolean attempt(Connection c, IdBlocks ids, List<Item> items, List<List<String>> keysPerItem,
                                   Set<String> allKeys, GoldenRecords goldenRecords, Sink sink, boolean postgres,
                                   Set<Long> created) throws SQLException {
        Map<String, Long> known = new HashMap<>();
        Map<Long, Long> merged = new HashMap<>();
        // two index look-ups rather than a join: with a join, a planner on stale statistics hashes all profiles
        Sql.in(c, "SELECT identity_key, profile_id FROM profile_key WHERE identity_key", List.of(), allKeys,
                rs -> known.put(rs.getString(1), rs.getLong(2)));
        if (!known.isEmpty()) {
            Sql.in(c, "SELECT id, merged_into FROM guest_profile WHERE merged_into IS NOT NULL AND id", List.of(),
                    new java.util.HashSet<>(known.values()), rs -> merged.put(rs.getLong(1), rs.getLong(2)));
        }
        DeterministicResolver resolver = new DeterministicResolver(known, merged);
        DeterministicResolver.Resolution[] res = new DeterministicResolver.Resolution[items.size()];
        for (int i = 0; i < items.size(); i++) {
            if (!keysPerItem.get(i).isEmpty()) res[i] = resolver.resolve(keysPerItem.get(i));
        }

        // golden values per live profile, most recent record last: the first values of a new profile. An existing
        // profile is patched only from records that do not describe the guest (a name on a POS ticket): the ones that
        // do are recomputed from all its sources by survivorship in the same transaction (GoldenRecords)
        Map<Long, Golden> golden = new LinkedHashMap<>();
        Map<Long, Golden> patch = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (res[i] == null || items.get(i).record().guest() == null) continue;
            GuestProfile g = items.get(i).record().guest();
            long live = resolver.live(res[i].profileId());
            golden.computeIfAbsent(live, x -> new Golden()).overlay(g);
            if (!GoldenRecords.DESCRIBES_GUEST.contains(items.get(i).record().ref().kind()))
                patch.computeIfAbsent(live, x -> new Golden()).overlay(g);
        }
        OffsetDateTime now = ImportJournal.now();
        // a profile created here that no merge touches has no source but these items: its golden row is final now
        Set<Long> merging = new HashSet<>();
        for (var m : resolver.merges()) {
            merging.add(m.survivor());
            merging.add(m.absorbed());
        }
        Map<Long, List<io.guestlink.identity.Survivorship.Contribution>> freshSources = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (res[i] == null || it.record().guest() == null || merging.contains(res[i].profileId())
                    || !GoldenRecords.DESCRIBES_GUEST.contains(it.record().ref().kind())) continue;
            freshSources.computeIfAbsent(res[i].profileId(), x -> new ArrayList<>()).add(new io.guestlink.identity.Survivorship.Contribution(
                    it.recordId(), it.record().ref().system(), it.seen().toInstant(), it.record().guest()));
        }
        Map<Long, Long> real = insertNewProfiles(c, ids, res, golden, resolver, now, freshSources, goldenRecords);
        for (var e : real.entrySet()) if (!merging.contains(e.getKey())) created.add(e.getValue());
        recordMerges(c, resolver.merges(), real, now);
        updateExisting(c, patch, real, now);
        if (postgres) {
            if (!insertKeysOnConflict(c, items, res, real, now)) return false;
            insertNamesOnConflict(c, items, res, real);
        } else {
            insertKeys(c, items, res, real, now);
            insertNames(c, items, res, real);
        }
        for (int i = 0; i < items.size(); i++) if (res[i] != null) sink.profileOf(i, real.getOrDefault(res[i].profileId(), res[i].profileId()));
        return true;
    }

    /**
     * @param freshSources the sources of the new profiles no merge touches: these are inserted with their golden row
     *                     (survivorship, provenance); the others with the batch's values, recomputed after the merge
     */
    private static Map<Long, Long> insertNewProfiles(Connection c, IdBlocks ids, DeterministicResolver.Resolution[] res,
                                                     Map<Long, Golden> golden, DeterministicResolver resolver,
                                                     OffsetDateTime now,
                                                     Map<Long, List<io.guestlink.identity.Survivorship.Contribution>> freshSources,
                                                     GoldenRecords goldenRecords) throws SQLException {
        List<Long> temps = new ArrayList<>();
        for (var r : res) if (r != null && r.newProfile()) temps.add(r.profileId());
        Map<Long, Long> real = new HashMap<>();
        if (temps.isEmpty()) return real;
        long[] fresh = ids.take(c, temps.size());
        // COPY on PostgreSQL: most guests of a first load are new
        try (TableRows rows = new TableRows(c, "guest_profile", "id, display_name, birth_date, gender, nationality, language, "
                + "vip_code, provenance, created_at, updated_at")) {
            for (int i = 0; i < temps.size(); i++) {
                long t = temps.get(i);
                real.put(t, fresh[i]);
                List<io.guestlink.identity.Survivorship.Contribution> sources = freshSources.get(t);
                if (sources != null) {
                    Object[] g = goldenRecords.row(fresh[i], GoldenRecords.oldestFirst(sources), List.of(), now);
                    rows.add(fresh[i], g[1], g[2], g[3], g[4], g[5], g[6], g[7], now, now);
                    continue;
                }
                Golden g = golden.getOrDefault(resolver.live(t), new Golden());
                rows.add(fresh[i], Sql.checked(g.name, FieldLimit.GUEST_NAME), g.birth, Sql.checked(g.gender, FieldLimit.GENDER),
                        Sql.checked(g.nationality, FieldLimit.NATIONALITY), Sql.checked(g.language, FieldLimit.LANGUAGE),
                        Sql.checked(g.vip, FieldLimit.VIP), null, now, now);
            }
            rows.flush();
        }
        return real;
    }

    private static void recordMerges(Connection c, List<DeterministicResolver.Merge> merges, Map<Long, Long> real,
                                     OffsetDateTime now) throws SQLException {
        if (merges.isEmpty()) return;
        try (PreparedStatement point = c.prepareStatement("UPDATE guest_profile SET merged_into = ?, updated_at = ? "
                + "WHERE id = ? OR merged_into = ?");
             PreparedStatement log = c.prepareStatement("INSERT INTO profile_merge (survivor_id, absorbed_id, rule, "
                     + "evidence, merged_at) VALUES (?,?,?,?,?)")) {
            for (var m : merges) {
                long survivor = real.getOrDefault(m.survivor(), m.survivor());
                long absorbed = real.getOrDefault(m.absorbed(), m.absorbed());
                point.setLong(1, survivor);
                point.setObject(2, now);
                point.setLong(3, absorbed);
                point.setLong(4, absorbed);
                point.addBatch();
                log.setLong(1, survivor);
                log.setLong(2, absorbed);
                log.setString(3, "exact-key");
                log.setString(4, "one record carries keys of both profiles: " + String.join(", ", m.sharedKeyTypes()));
                log.setObject(5, now);
                log.addBatch();
            }
            point.executeBatch();
            log.executeBatch();
        }
        // who an arriving or in-house guest is may have changed: the alert rules look at their stays again
        List<Long> changed = new ArrayList<>();
        for (var m : merges) changed.add(real.getOrDefault(m.survivor(), m.survivor()));
        AlertRechecks.queue(c, changed);
    }

    private static void updateExisting(Connection c, Map<Long, Golden> golden, Map<Long, Long> real,
                                       OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE guest_profile SET display_name = COALESCE(?, display_name), "
                + "birth_date = COALESCE(?, birth_date), gender = COALESCE(?, gender), nationality = COALESCE(?, nationality), "
                + "language = COALESCE(?, language), vip_code = COALESCE(?, vip_code), updated_at = ? WHERE id = ?")) {
            int n = 0;
            // ascending ids: two writers updating the same profiles lock them in one order, so never each other
            for (var e : new java.util.TreeMap<>(golden).entrySet()) {
                if (e.getKey() < 0) continue; // new this batch: inserted with these values already
                e.getValue().bind(ps, 1);
                ps.setObject(7, now);
                ps.setLong(8, e.getKey());
                ps.addBatch();
                n++;
            }
            if (n > 0) ps.executeBatch();
        }
    }

    private static void insertKeys(Connection c, List<Item> items, DeterministicResolver.Resolution[] res,
                                   Map<Long, Long> real, OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_key (identity_key, key_type, profile_id, "
                + "display_value, first_seen) VALUES (?,?,?,?,?)")) {
            int n = 0;
            for (int i = 0; i < items.size(); i++) {
                if (res[i] == null) continue;
                for (String key : res[i].addedKeys()) {
                    ps.setString(1, key);
                    ps.setString(2, IdentityKeys.type(key));
                    ps.setLong(3, real.getOrDefault(res[i].profileId(), res[i].profileId()));
                    Sql.setShown(ps, 4, display(key, items.get(i).record()), 500);
                    ps.setObject(5, now);
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) ps.executeBatch();
        }
    }

    private static void insertNames(Connection c, List<Item> items, DeterministicResolver.Resolution[] res,
                                    Map<Long, Long> real) throws SQLException {
        Map<Long, List<PersonName>> wanted = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            GuestProfile g = items.get(i).record().guest();
            if (res[i] == null || g == null) continue;
            long p = real.getOrDefault(res[i].profileId(), res[i].profileId());
            for (PersonName n : g.names()) wanted.computeIfAbsent(p, x -> new ArrayList<>()).add(n);
        }
        if (wanted.isEmpty()) return;
        Set<Long> created = new HashSet<>(real.values());
        Set<String> have = new HashSet<>();
        Sql.in(c, "SELECT profile_id, full_name FROM profile_name WHERE profile_id", List.of(), wanted.keySet(),
                rs -> have.add(rs.getLong(1) + "\u0000" + rs.getString(2)));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_name (profile_id, full_name, family_name, "
                + "given_name, title, script) VALUES (?,?,?,?,?,?)")) {
            int n = 0;
            for (var e : wanted.entrySet()) {
                for (PersonName name : e.getValue()) {
                    if (!have.add(e.getKey() + "\u0000" + name.full())) continue;
                    if (!created.contains(e.getKey())) InHouseChanges.changing(); // an existing guest, maybe in house
                    ps.setLong(1, e.getKey());
                    Sql.setString(ps, 2, name.full(), FieldLimit.GUEST_NAME);
                    Sql.setString(ps, 3, name.family(), FieldLimit.FAMILY_NAME);
                    Sql.setString(ps, 4, name.given(), FieldLimit.GIVEN_NAME);
                    Sql.setString(ps, 5, name.title(), FieldLimit.TITLE);
                    Sql.setString(ps, 6, name.script(), 32, "profile_name.script");
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) ps.executeBatch();
        }
    }

    /**
     * PostgreSQL: the batch's new keys as one statement of arrays. Returns false when a key is already held by a
     * writer that committed first (or is committing: the insert waits for it), so the batch must resolve again.
     * Keys are inserted in key order, so two writers with overlapping keys wait for each other instead of deadlocking.
     */
    private static boolean insertKeysOnConflict(Connection c, List<Item> items, DeterministicResolver.Resolution[] res,
                                                Map<Long, Long> real, OffsetDateTime now) throws SQLException {
        List<String> keys = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<Long> profiles = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (res[i] == null) continue;
            for (String key : res[i].addedKeys()) {
                keys.add(key);
                types.add(IdentityKeys.type(key));
                profiles.add(real.getOrDefault(res[i].profileId(), res[i].profileId()));
                shown.add(Sql.shown(display(key, items.get(i).record()), 500));
            }
        }
        if (keys.isEmpty()) return true;
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_key (identity_key, key_type, profile_id, "
                + "display_value, first_seen) SELECT k, t, p, d, ? FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], "
                + "?::varchar[]) AS u(k, t, p, d) ORDER BY k ON CONFLICT (identity_key) DO NOTHING RETURNING identity_key")) {
            ps.setObject(1, now);
            ps.setArray(2, c.createArrayOf("varchar", keys.toArray()));
            ps.setArray(3, c.createArrayOf("varchar", types.toArray()));
            ps.setArray(4, c.createArrayOf("bigint", profiles.toArray()));
            ps.setArray(5, c.createArrayOf("varchar", shown.toArray()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) inserted.add(rs.getString(1));
            }
        }
        return inserted.containsAll(keys);
    }

    /**
     * PostgreSQL: names the profiles do not have yet, as one statement of arrays; ON CONFLICT replaces the look-up of
     * the names they have, and a name another writer adds meanwhile is simply kept. Duplicates within the batch are
     * dropped here first, the first one kept, as on H2.
     */
    private static void insertNamesOnConflict(Connection c, List<Item> items, DeterministicResolver.Resolution[] res,
                                              Map<Long, Long> real) throws SQLException {
        Set<String> seen = new HashSet<>();
        List<Long> profiles = new ArrayList<>();
        List<String> full = new ArrayList<>();
        List<String> family = new ArrayList<>();
        List<String> given = new ArrayList<>();
        List<String> title = new ArrayList<>();
        List<String> script = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            GuestProfile g = items.get(i).record().guest();
            if (res[i] == null || g == null) continue;
            long p = real.getOrDefault(res[i].profileId(), res[i].profileId());
            for (PersonName name : g.names()) {
                if (!seen.add(p + "\u0000" + name.full())) continue;
                profiles.add(p);
                full.add(Sql.checked(name.full(), FieldLimit.GUEST_NAME));
                family.add(Sql.checked(name.family(), FieldLimit.FAMILY_NAME));
                given.add(Sql.checked(name.given(), FieldLimit.GIVEN_NAME));
                title.add(Sql.checked(name.title(), FieldLimit.TITLE));
                script.add(name.script()); // derived: a Unicode script's name, well inside 32
            }
        }
        if (profiles.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_name (profile_id, full_name, family_name, "
                + "given_name, title, script) SELECT * FROM unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], "
                + "?::varchar[], ?::varchar[]) AS u(p, f, fa, gi, ti, sc) ORDER BY p, f "
                + "ON CONFLICT (profile_id, full_name) DO NOTHING RETURNING profile_id")) {
            ps.setArray(1, c.createArrayOf("bigint", profiles.toArray()));
            ps.setArray(2, c.createArrayOf("varchar", full.toArray()));
            ps.setArray(3, c.createArrayOf("varchar", family.toArray()));
            ps.setArray(4, c.createArrayOf("varchar", given.toArray()));
            ps.setArray(5, c.createArrayOf("varchar", title.toArray()));
            ps.setArray(6, c.createArrayOf("varchar", script.toArray()));
            Set<Long> created = new HashSet<>(real.values());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                // a name added to an existing guest, maybe one in house
                while (rs.next()) if (!created.contains(rs.getLong(1))) InHouseChanges.changing();
            }
        }
    }

    /** What a person may see of a key: never a full e-mail, phone or document number. */
    static String display(String key, CanonicalRecord r) {
        String type = IdentityKeys.type(key);
        String value = key.substring(type.length() + 1);
        return switch (type) {
            case "EMAIL" -> Masking.email(value);
            case "PHONE" -> Masking.phone(value);
            case "IDDOC" -> r.guest() == null ? "****" : r.guest().idDocuments().stream()
                    .filter(d -> key.endsWith(d.keyedHash())).map(IdDocument::masked).findFirst().orElse("****");
            default -> value;
        };
    }

    /** The golden single-valued fields, filled from the records of one batch in order. */
    private static final class Golden {
        String name;
        java.time.LocalDate birth;
        String gender;
        String nationality;
        String language;
        String vip;

        void overlay(GuestProfile g) {
            if (!g.names().isEmpty()) name = g.displayName();
            if (g.birthDate() != null) birth = g.birthDate();
            if (g.gender() != null) gender = g.gender();
            if (g.nationality() != null) nationality = g.nationality();
            if (g.language() != null) language = g.language();
            if (g.vipCode() != null) vip = g.vipCode();
        }

        void bind(PreparedStatement ps, int at) throws SQLException {
            Sql.setString(ps, at, name, FieldLimit.GUEST_NAME);
            Sql.setDate(ps, at + 1, birth);
            Sql.setString(ps, at + 2, gender, FieldLimit.GENDER);
            Sql.setString(ps, at + 3, nationality, FieldLimit.NATIONALITY);
            Sql.setString(ps, at + 4, language, FieldLimit.LANGUAGE);
            Sql.setString(ps, at + 5, vip, FieldLimit.VIP);
        }
    }
}

package io.guestlink.store;

import io.guestlink.identity.DeterministicResolver;
import io.guestlink.identity.IdentityKeys;
import io.guestlink.identity.Masking;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.PersonName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
    record Item(CanonicalRecord record, String hash) {
    }

    interface Sink {
        void profileOf(int itemIndex, long profileId);
    }

    private ProfileWrites() {
    }

    static void resolve(Connection c, IdBlocks ids, List<Item> items, Sink sink) throws SQLException {
        List<List<String>> keysPerItem = new ArrayList<>(items.size());
        Set<String> allKeys = new HashSet<>();
        for (Item it : items) {
            List<String> keys = IdentityKeys.of(it.record());
            keysPerItem.add(keys);
            allKeys.addAll(keys);
        }
        if (allKeys.isEmpty()) return;
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

        // golden values per live profile, most recent record last
        Map<Long, GuestProfile> latest = new LinkedHashMap<>();
        Map<Long, Golden> golden = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            if (res[i] == null || items.get(i).record().guest() == null) continue;
            GuestProfile g = items.get(i).record().guest();
            golden.computeIfAbsent(resolver.live(res[i].profileId()), x -> new Golden()).overlay(g);
            latest.put(res[i].profileId(), g);
        }
        OffsetDateTime now = ImportJournal.now();
        Map<Long, Long> real = insertNewProfiles(c, ids, res, golden, resolver, now);
        recordMerges(c, resolver.merges(), real, now);
        updateExisting(c, golden, real, now);
        insertKeys(c, items, res, real, now);
        insertNames(c, items, res, real);
        for (int i = 0; i < items.size(); i++) if (res[i] != null) sink.profileOf(i, real.getOrDefault(res[i].profileId(), res[i].profileId()));
    }

    private static Map<Long, Long> insertNewProfiles(Connection c, IdBlocks ids, DeterministicResolver.Resolution[] res,
                                                     Map<Long, Golden> golden, DeterministicResolver resolver,
                                                     OffsetDateTime now) throws SQLException {
        List<Long> temps = new ArrayList<>();
        for (var r : res) if (r != null && r.newProfile()) temps.add(r.profileId());
        Map<Long, Long> real = new HashMap<>();
        if (temps.isEmpty()) return real;
        long[] fresh = ids.take(c, temps.size());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO guest_profile (id, display_name, birth_date, gender, "
                + "nationality, language, vip_code, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < temps.size(); i++) {
                long t = temps.get(i);
                real.put(t, fresh[i]);
                ps.setLong(1, fresh[i]);
                golden.getOrDefault(resolver.live(t), new Golden()).bind(ps, 2);
                ps.setObject(8, now);
                ps.setObject(9, now);
                ps.addBatch();
            }
            ps.executeBatch();
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
    }

    private static void updateExisting(Connection c, Map<Long, Golden> golden, Map<Long, Long> real,
                                       OffsetDateTime now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE guest_profile SET display_name = COALESCE(?, display_name), "
                + "birth_date = COALESCE(?, birth_date), gender = COALESCE(?, gender), nationality = COALESCE(?, nationality), "
                + "language = COALESCE(?, language), vip_code = COALESCE(?, vip_code), updated_at = ? WHERE id = ?")) {
            int n = 0;
            for (var e : golden.entrySet()) {
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
                    Sql.setString(ps, 4, display(key, items.get(i).record()), 500);
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
        Set<String> have = new HashSet<>();
        Sql.in(c, "SELECT profile_id, full_name FROM profile_name WHERE profile_id", List.of(), wanted.keySet(),
                rs -> have.add(rs.getLong(1) + "\u0000" + rs.getString(2)));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_name (profile_id, full_name, family_name, "
                + "given_name, title, script) VALUES (?,?,?,?,?,?)")) {
            int n = 0;
            for (var e : wanted.entrySet()) {
                for (PersonName name : e.getValue()) {
                    String full = name.full().length() > 1000 ? name.full().substring(0, 1000) : name.full();
                    if (!have.add(e.getKey() + "\u0000" + full)) continue;
                    ps.setLong(1, e.getKey());
                    ps.setString(2, full);
                    Sql.setString(ps, 3, name.family(), 500);
                    Sql.setString(ps, 4, name.given(), 500);
                    Sql.setString(ps, 5, name.title(), 64);
                    Sql.setString(ps, 6, name.script(), 32);
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) ps.executeBatch();
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
            Sql.setString(ps, at, name, 1000);
            Sql.setDate(ps, at + 1, birth);
            Sql.setString(ps, at + 2, gender, 8);
            Sql.setString(ps, at + 3, nationality, 8);
            Sql.setString(ps, at + 4, language, 16);
            Sql.setString(ps, at + 5, vip, 32);
        }
    }
}

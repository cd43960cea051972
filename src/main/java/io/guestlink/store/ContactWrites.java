package io.guestlink.store;

import io.guestlink.identity.IdentityKeys;
import io.guestlink.model.Masking;
import io.guestlink.model.GuestProfile;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** E-mails and phones of each profile, which several profiles may share (see V4__identity_resolution.sql). */
final class ContactWrites {
    private ContactWrites() {
    }

    /**
     * Adds the contacts each guest carries to its home profile, once; returns the profiles that gained one.
     *
     * @param fresh profiles created in this transaction: they hold no contact yet, so theirs are not looked up
     */
    static Set<Long> add(Connection c, Map<Long, List<GuestProfile>> guestsByProfile, Set<Long> fresh) throws SQLException {
        Map<Long, Set<String>> wanted = new LinkedHashMap<>();
        guestsByProfile.forEach((p, guests) -> {
            for (GuestProfile g : guests) {
                List<String> contacts = IdentityKeys.contacts(g);
                if (!contacts.isEmpty()) wanted.computeIfAbsent(p, x -> new LinkedHashSet<>()).addAll(contacts);
            }
        });
        Set<Long> gained = new HashSet<>();
        if (wanted.isEmpty()) return gained;
        Set<String> have = new HashSet<>();
        Set<Long> stored = new HashSet<>(wanted.keySet());
        stored.removeAll(fresh);
        Sql.in(c, "SELECT profile_id, contact_key FROM profile_contact WHERE profile_id", List.of(), stored,
                rs -> have.add(rs.getLong(1) + "\u0000" + rs.getString(2)));
        OffsetDateTime now = ImportJournal.now();
        try (TableRows rows = new TableRows(c, "profile_contact", "contact_key, key_type, profile_id, display_value, first_seen")) {
            for (var e : wanted.entrySet()) {
                for (String key : e.getValue()) {
                    if (!have.add(e.getKey() + "\u0000" + key)) continue;
                    String type = IdentityKeys.type(key);
                    String value = key.substring(type.length() + 1);
                    rows.add(key, type, e.getKey(), Sql.shown(type.endsWith("EMAIL") ? Masking.email(value) : Masking.phone(value), 500), now);
                    gained.add(e.getKey());
                }
            }
            rows.flush();
        }
        return gained;
    }

    /** The profiles (not their live ones) holding each of these contact keys: what no merge changes. */
    static Map<String, List<Long>> holdingProfiles(Connection c, Set<String> contactKeys) throws SQLException {
        Map<String, List<Long>> out = new java.util.HashMap<>();
        if (contactKeys.isEmpty()) return out;
        Sql.in(c, "SELECT contact_key, profile_id FROM profile_contact WHERE contact_key", List.of(), contactKeys,
                rs -> out.computeIfAbsent(rs.getString(1), x -> new java.util.ArrayList<>()).add(rs.getLong(2)));
        return out;
    }

    /** The live profiles (persons: duplicates already merged count once) holding each of the contact keys. */
    static Map<String, Set<Long>> holderProfiles(Connection c, Set<String> contactKeys) throws SQLException {
        Map<String, Set<Long>> persons = new java.util.HashMap<>();
        if (contactKeys.isEmpty()) return persons;
        // rows, not GROUP BY ... HAVING: the IN must reach the index, not filter a grouping of the whole table
        Sql.in(c, "SELECT k.contact_key, COALESCE(p.merged_into, p.id) FROM profile_contact k JOIN guest_profile p "
                + "ON p.id = k.profile_id WHERE k.contact_key", List.of(), contactKeys,
                rs -> persons.computeIfAbsent(rs.getString(1), x -> new HashSet<>()).add(rs.getLong(2)));
        return persons;
    }
}

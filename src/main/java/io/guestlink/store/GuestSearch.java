package io.guestlink.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Guest look-ups for people at a terminal: which live profiles hold a key (name keys, contacts, identity keys, a
 * confirmation number), and the short summary a result list shows. Every answer follows merges to the live profile.
 * Values are always bound as parameters, never written into the SQL.
 */
public final class GuestSearch {
    private GuestSearch() {
    }

    /** One line of a result list. */
    public record Summary(long id, String displayName, LocalDate birthDate, String nationality, String vip) {
    }

    /** A contact of a profile's cluster: its type, the normalised value and the masked form the store keeps. */
    public record Contact(String type, String value, String masked) {
    }

    /**
     * Live profiles whose own records gave one of these blocking keys (identity resolution's profile_block). A common
     * name's key is held by thousands of profiles: each is its own live profile unless it was merged, so only the
     * merged ones are looked up, in the small index of merged profiles (V3's guest_profile_merged on PostgreSQL), not
     * every one through the primary key and its row (a million profiles: 78 buffers instead of 26,629 for the
     * commonest name, see docs/benchmarks.md).
     */
    public static Set<Long> byBlockKeys(Transaction tx, Collection<String> keys) {
        Set<Long> out = new TreeSet<>();
        tx.sql("searching guests by name", c -> {
            Sql.in(c, "SELECT DISTINCT COALESCE(m.merged_into, b.profile_id) FROM profile_block b LEFT JOIN guest_profile m "
                    + "ON m.id = b.profile_id AND m.merged_into IS NOT NULL WHERE b.block_key", List.of(), keys,
                    rs -> out.add(rs.getLong(1)));
            return null;
        });
        return out;
    }

    /** Live profiles holding an e-mail or phone ({@code EMAIL:...}, {@code PHONE:+...}); several may share one. */
    public static Set<Long> byContact(Transaction tx, String contactKey) {
        return ids(tx, "searching guests by contact", "SELECT DISTINCT COALESCE(p.merged_into, p.id) FROM profile_contact k "
                + "JOIN guest_profile p ON p.id = k.profile_id WHERE k.contact_key = ?", contactKey);
    }

    /** The live profile holding an identity key ({@code MEMBER:...}, {@code SRC:...}). */
    public static Set<Long> byIdentityKey(Transaction tx, String identityKey) {
        return ids(tx, "searching guests by identity key", "SELECT COALESCE(p.merged_into, p.id) FROM profile_key k "
                + "JOIN guest_profile p ON p.id = k.profile_id WHERE k.identity_key = ?", identityKey);
    }

    /** Live profiles with a stay under this confirmation number (several properties may reuse one). */
    public static Set<Long> byConfirmation(Transaction tx, String confirmationNo) {
        return ids(tx, "searching guests by confirmation number", "SELECT DISTINCT COALESCE(p.merged_into, p.id) FROM stay s "
                + "JOIN guest_profile p ON p.id = s.profile_id WHERE s.confirmation_no = ?", confirmationNo);
    }

    /** The live profile a profile id leads to (itself, or the one it was merged into). */
    public static Set<Long> byProfileId(Transaction tx, long id) {
        return ids(tx, "searching guests by profile id", "SELECT COALESCE(merged_into, id) FROM guest_profile WHERE id = ?", id);
    }

    /** Summaries of these profiles, in the order given. */
    public static List<Summary> summaries(Transaction tx, List<Long> ids) {
        Map<Long, Summary> byId = new LinkedHashMap<>();
        tx.sql("reading guest summaries", c -> {
            Sql.in(c, "SELECT id, display_name, birth_date, nationality, vip_code FROM guest_profile WHERE id", List.of(),
                    ids, rs -> byId.put(rs.getLong(1), new Summary(rs.getLong(1), rs.getString(2),
                            rs.getObject(3, LocalDate.class), rs.getString(4), rs.getString(5))));
            return null;
        });
        List<Summary> out = new ArrayList<>();
        for (long id : ids) if (byId.containsKey(id)) out.add(byId.get(id));
        return out;
    }

    /** Every e-mail and phone of a live profile and the profiles merged into it. */
    public static List<Contact> contacts(Transaction tx, long liveId) {
        return tx.sql("reading a guest's contacts", c -> {
            List<Contact> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT k.key_type, k.contact_key, k.display_value "
                    + "FROM profile_contact k JOIN guest_profile p ON p.id = k.profile_id "
                    + "WHERE p.id = ? OR p.merged_into = ? ORDER BY 1, 2")) {
                ps.setLong(1, liveId);
                ps.setLong(2, liveId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(2);
                        out.add(new Contact(rs.getString(1), key.substring(key.indexOf(':') + 1), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    private static Set<Long> ids(Transaction tx, String what, String sql, Object value) {
        return tx.sql(what, c -> {
            Set<Long> out = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }
}

package io.guestlink.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Read side of the profile store: a golden profile with everything linked to it, following merges. */
public final class ProfileQueries {
    private final Database db;

    public ProfileQueries(Database db) {
        this.db = db;
    }

    public record Name(String full, String family, String given, String title, String script) {
    }

    public record Key(String type, String shown) {
    }

    public record Stay(String property, String confirmationNumber, LocalDate arrival, LocalDate departure, String roomNumber,
                       String status, BigDecimal rate, String currency) {
    }

    public record Ticket(String outlet, String ticketNumber, String table, String opened, List<String> items) {
    }

    public record ProfileView(long id, String displayName, LocalDate birthDate, String gender, String nationality,
                              String language, String vip, List<Long> mergedProfiles, List<Name> names, List<Key> keys,
                              List<Stay> stays, BigDecimal folioTotal, List<Ticket> tickets) {
    }

    /** The live profile a key leads to ({@code EMAIL:a@b.c}, {@code SRC:OPERA:123}...), if any. */
    public Optional<Long> byKey(String identityKey) {
        Optional<Long> byKey = single("SELECT COALESCE(p.merged_into, p.id) FROM profile_key k JOIN guest_profile p "
                + "ON p.id = k.profile_id WHERE k.identity_key = ?", identityKey);
        if (byKey.isPresent()) return byKey;
        // e-mails and phones may be shared: the oldest live profile holding the value
        return single("SELECT COALESCE(p.merged_into, p.id) FROM profile_contact k JOIN guest_profile p "
                + "ON p.id = k.profile_id WHERE k.contact_key = ? ORDER BY COALESCE(p.merged_into, p.id)", identityKey);
    }

    public Optional<Long> bySourceRecord(String system, String kind, String key) {
        return single("SELECT COALESCE(p.merged_into, p.id) FROM source_record r JOIN guest_profile p ON p.id = r.profile_id "
                + "WHERE r.system = ? AND r.record_kind = ? AND r.source_key = ?", system, kind, key);
    }

    public long countLiveProfiles() {
        return single("SELECT COUNT(*) FROM guest_profile WHERE merged_into IS NULL").orElse(0L);
    }

    public long count(String table) {
        if (!table.matches("[a-z_]+")) throw new IllegalArgumentException(table);
        return single("SELECT COUNT(*) FROM " + table).orElse(0L);
    }

    public Optional<ProfileView> profile(long requestedId) {
        try (Connection c = db.connection()) {
            Long live = first(c, "SELECT COALESCE(merged_into, id) FROM guest_profile WHERE id = ?", requestedId);
            if (live == null) return Optional.empty();
            List<Long> members = new ArrayList<>();
            members.add(live);
            list(c, "SELECT id FROM guest_profile WHERE merged_into = ? ORDER BY id", rs -> members.add(rs.getLong(1)), live);
            String in = " IN (" + "?,".repeat(members.size() - 1) + "?)";
            Object[] ids = members.toArray();
            List<Name> names = new ArrayList<>();
            list(c, "SELECT full_name, family_name, given_name, title, script FROM profile_name WHERE profile_id" + in
                    + " ORDER BY full_name", rs -> names.add(new Name(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getString(4), rs.getString(5))), ids);
            List<Key> keys = new ArrayList<>();
            list(c, "SELECT key_type, display_value FROM profile_key WHERE profile_id" + in + " UNION "
                            + "SELECT key_type, display_value FROM profile_contact WHERE profile_id" + in + " ORDER BY 1, 2",
                    rs -> keys.add(new Key(rs.getString(1), rs.getString(2))), concat(ids, ids));
            List<Stay> stays = new ArrayList<>();
            list(c, "SELECT property, confirmation_no, arrival, departure, room_no, status, rate_amount, currency FROM stay "
                    + "WHERE profile_id" + in + " ORDER BY arrival", rs -> stays.add(new Stay(rs.getString(1), rs.getString(2),
                    rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class), rs.getString(5), rs.getString(6),
                    rs.getBigDecimal(7), rs.getString(8))), ids);
            BigDecimal[] folio = {BigDecimal.ZERO};
            list(c, "SELECT COALESCE(SUM(amount), 0) FROM folio_line WHERE category <> 'PAYMENT' AND profile_id" + in,
                    rs -> folio[0] = rs.getBigDecimal(1), ids);
            List<Ticket> tickets = new ArrayList<>();
            list(c, "SELECT t.outlet, t.ticket_no, t.table_no, t.opened_at, i.name FROM pos_ticket t LEFT JOIN pos_item i "
                    + "ON i.source_record_id = t.source_record_id WHERE t.profile_id" + in
                    + " ORDER BY t.opened_at, t.ticket_no, i.position", rs -> {
                String no = rs.getString(2);
                Ticket last = tickets.isEmpty() ? null : tickets.get(tickets.size() - 1);
                if (last == null || !last.ticketNumber().equals(no) || !java.util.Objects.equals(last.outlet(), rs.getString(1))) {
                    last = new Ticket(rs.getString(1), no, rs.getString(3), String.valueOf(rs.getObject(4)), new ArrayList<>());
                    tickets.add(last);
                }
                if (rs.getString(5) != null) last.items().add(rs.getString(5));
            }, ids);
            Object[] head = new Object[7];
            list(c, "SELECT display_name, birth_date, gender, nationality, language, vip_code FROM guest_profile WHERE id = ?",
                    rs -> {
                        for (int i = 0; i < 6; i++) head[i] = rs.getObject(i + 1);
                    }, live);
            return Optional.of(new ProfileView(live, (String) head[0],
                    head[1] == null ? null : ((java.sql.Date) head[1]).toLocalDate(), (String) head[2], (String) head[3],
                    (String) head[4], (String) head[5], members.subList(1, members.size()), names, keys, stays, folio[0], tickets));
        } catch (SQLException e) {
            throw new StoreException("cannot read profile " + requestedId, e);
        }
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private static void list(Connection c, String sql, Row row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) row.read(rs);
            }
        }
    }

    private static Long first(Connection c, String sql, Object... args) throws SQLException {
        Long[] out = {null};
        list(c, sql, rs -> {
            if (out[0] == null) out[0] = rs.getLong(1);
        }, args);
        return out[0];
    }

    private Optional<Long> single(String sql, Object... args) {
        try (Connection c = db.connection()) {
            return Optional.ofNullable(first(c, sql, args));
        } catch (SQLException e) {
            throw new StoreException("query failed", e);
        }
    }
}

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

    /** One folio line as the API lists it. */
    public record FolioLine(String property, String folioNumber, String lineNumber, String reservation, LocalDate businessDate,
                            String transactionCode, String description, String category, BigDecimal amount, String currency) {
    }

    /** A page of a profile's stays (its merged profiles' included), by arrival; empty when there is no such profile. */
    public Optional<List<Stay>> stays(long requestedId, int offset, int limit) {
        return page(requestedId, "SELECT property, confirmation_no, arrival, departure, room_no, status, rate_amount, currency "
                + "FROM stay WHERE profile_id IN (%s) ORDER BY arrival, confirmation_no OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
                offset, limit, rs -> new Stay(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getObject(4, LocalDate.class), rs.getString(5), rs.getString(6), rs.getBigDecimal(7), rs.getString(8)));
    }

    /** A page of a profile's folio lines, by business date. */
    public Optional<List<FolioLine>> folioLines(long requestedId, int offset, int limit) {
        return page(requestedId, "SELECT property, folio_no, line_no, reservation_ref, business_date, trx_code, description, "
                + "category, amount, currency FROM folio_line WHERE profile_id IN (%s) ORDER BY business_date, folio_no, "
                + "line_no, source_record_id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", offset, limit,
                rs -> new FolioLine(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getBigDecimal(9), rs.getString(10)));
    }

    /** A page of a profile's POS tickets with their items, by opening time. */
    public Optional<List<Ticket>> tickets(long requestedId, int offset, int limit) {
        List<Long> records = new ArrayList<>();
        Optional<List<Ticket>> heads = page(requestedId, "SELECT outlet, ticket_no, table_no, opened_at, source_record_id "
                + "FROM pos_ticket WHERE profile_id IN (%s) ORDER BY opened_at, ticket_no, source_record_id "
                + "OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", offset, limit, rs -> {
            records.add(rs.getLong(5));
            return new Ticket(rs.getString(1), rs.getString(2), rs.getString(3), String.valueOf(rs.getObject(4)), new ArrayList<>());
        });
        if (heads.isEmpty() || records.isEmpty()) return heads;
        try (Connection c = db.connection()) {
            java.util.Map<Long, List<String>> items = new java.util.HashMap<>();
            list(c, "SELECT source_record_id, name FROM pos_item WHERE source_record_id IN (" + "?,".repeat(records.size() - 1)
                    + "?) ORDER BY source_record_id, position", rs -> items.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                    .add(rs.getString(2)), records.toArray());
            for (int i = 0; i < records.size(); i++) heads.get().get(i).items().addAll(items.getOrDefault(records.get(i), List.of()));
        } catch (SQLException e) {
            throw new StoreException("cannot read the tickets' items of profile " + requestedId, e);
        }
        return heads;
    }

    private interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The live profile and the profiles merged into it, then one page of the query over them. */
    private <T> Optional<List<T>> page(long requestedId, String sqlWithIds, int offset, int limit, Mapper<T> mapper) {
        try (Connection c = db.connection()) {
            Long live = first(c, "SELECT COALESCE(merged_into, id) FROM guest_profile WHERE id = ?", requestedId);
            if (live == null) return Optional.empty();
            List<Object> args = new ArrayList<>();
            args.add(live);
            list(c, "SELECT id FROM guest_profile WHERE merged_into = ? ORDER BY id", rs -> args.add(rs.getLong(1)), live);
            String in = "?,".repeat(args.size() - 1) + "?";
            args.add(offset);
            args.add(limit);
            List<T> out = new ArrayList<>();
            list(c, sqlWithIds.formatted(in), rs -> out.add(mapper.map(rs)), args.toArray());
            return Optional.of(out);
        } catch (SQLException e) {
            throw new StoreException("cannot read the history of profile " + requestedId, e);
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

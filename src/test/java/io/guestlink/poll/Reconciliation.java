package io.guestlink.poll;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the legacy reservation table with the profile store: every legacy row (res_id) must be in source_record
 * exactly once for its system and kind RESERVATION, and its stay must carry the row's latest status (through the
 * feed's code table), room and rate. Both sides are streamed in res_id order and merged, so a million rows take no
 * memory.
 */
public final class Reconciliation {
    /** One difference: the legacy row's res_id, the field that differs and the two values. */
    public record Difference(String resId, String field, String legacy, String store) {
        @Override
        public String toString() {
            return "res_id " + resId + ": " + field + " legacy=" + legacy + " store=" + store;
        }
    }

    /** Stop listing after this many differences (the count of the rest is reported as one more difference). */
    public static final int MAX_LISTED = 200;

    private Reconciliation() {
    }

    private record Row(long key, String status, String room, BigDecimal rate, boolean hasStay) {
    }

    /**
     * @param legacy     a connection to the legacy database
     * @param store      a connection to the profile store
     * @param system     the feed's system (LEGACYPMS)
     * @param statusCodes the feed's status code table (legacy code to canonical status)
     * @return the differences; empty when the store holds every legacy row once with its current values
     */
    public static List<Difference> compare(Connection legacy, Connection store, String system, Map<String, String> statusCodes)
            throws SQLException {
        List<Difference> out = new ArrayList<>();
        long[] more = {0};
        boolean legacyAuto = legacy.getAutoCommit();
        boolean storeAuto = store.getAutoCommit();
        legacy.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
        store.setAutoCommit(false);
        try (Statement ls = legacy.createStatement();
             PreparedStatement ss = store.prepareStatement("SELECT r.source_key, s.status, s.room_no, s.rate_amount, s.source_record_id "
                     + "FROM source_record r LEFT JOIN stay s ON s.source_record_id = r.id "
                     + "WHERE r.system = ? AND r.record_kind = 'RESERVATION' ORDER BY CAST(r.source_key AS BIGINT), r.id")) {
            ls.setFetchSize(5000);
            ss.setFetchSize(5000);
            ss.setString(1, system);
            try (ResultSet l = ls.executeQuery("SELECT res_id, status, room_no, rate_amount FROM reservation ORDER BY res_id");
                 ResultSet s = ss.executeQuery()) {
                Row a = next(l, true);
                Row b = next(s, false);
                Long lastStoreKey = null;
                while (a != null || b != null) {
                    if (b != null && lastStoreKey != null && b.key() == lastStoreKey) {
                        add(out, more, new Difference(String.valueOf(b.key()), "source_record", "1", "more than once"));
                        b = next(s, false);
                        continue;
                    }
                    if (b == null || (a != null && a.key() < b.key())) {
                        add(out, more, new Difference(String.valueOf(a.key()), "source_record", "present", "missing"));
                        a = next(l, true);
                    } else if (a == null || b.key() < a.key()) {
                        add(out, more, new Difference(String.valueOf(b.key()), "source_record", "missing", "present"));
                        lastStoreKey = b.key();
                        b = next(s, false);
                    } else {
                        String id = String.valueOf(a.key());
                        if (!b.hasStay()) {
                            add(out, more, new Difference(id, "stay", "present", "missing"));
                        } else {
                            String expected = a.status() == null ? null : statusCodes.getOrDefault(a.status(), a.status());
                            if (!Objects.equals(expected, b.status())) add(out, more, new Difference(id, "status", expected, b.status()));
                            if (!Objects.equals(a.room(), b.room())) add(out, more, new Difference(id, "room_no", a.room(), b.room()));
                            if (!sameAmount(a.rate(), b.rate()))
                                add(out, more, new Difference(id, "rate_amount", plain(a.rate()), plain(b.rate())));
                        }
                        lastStoreKey = b.key();
                        a = next(l, true);
                        b = next(s, false);
                    }
                }
            }
        } finally {
            legacy.rollback();
            store.rollback();
            legacy.setAutoCommit(legacyAuto);
            store.setAutoCommit(storeAuto);
        }
        if (more[0] > 0) out.add(new Difference("*", "more differences", null, String.valueOf(more[0])));
        return out;
    }

    private static Row next(ResultSet rs, boolean legacy) throws SQLException {
        if (!rs.next()) return null;
        long key = legacy ? rs.getLong(1) : Long.parseLong(rs.getString(1).strip());
        return new Row(key, rs.getString(2), rs.getString(3), rs.getBigDecimal(4), legacy || rs.getObject(5) != null);
    }

    private static void add(List<Difference> out, long[] more, Difference d) {
        if (out.size() < MAX_LISTED) out.add(d);
        else more[0]++;
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static String plain(BigDecimal d) {
        return d == null ? null : d.toPlainString();
    }
}

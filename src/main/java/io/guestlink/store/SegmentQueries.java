package io.guestlink.store;

import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.SegmentRow;
import io.guestlink.memory.Segments;
import io.guestlink.model.ConsentPurpose;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads profile_segment: counts per property, lifecycle and RFM score, and lists of guests ("every lapsed guest with
 * a birthday this week"). What changes with time alone is decided here, as of the day asked, with the rules of
 * {@link SegmentRow}: LAPSED from {@code lapsed_on} on, RFM recency from {@code last_departure}.
 */
public final class SegmentQueries {
    private final Database db;
    private final MemoryConfig config;

    public SegmentQueries(Database db, MemoryConfig config) {
        this.db = db;
        this.config = config;
    }

    /** The guests of one property ({@code "*"}: all) by lifecycle, VIP, lifetime value and RFM score (1..5 each). */
    public record Counts(String property, long guests, long prospects, long firstTimers, long repeats, long lapsed, long vip,
                         BigDecimal lifetimeValue, Map<Integer, Long> recency, Map<Integer, Long> frequency,
                         Map<Integer, Long> monetary) {
    }

    /**
     * Who to list: null fields do not filter. With a {@code consent} purpose (a list for marketing by e-mail, SMS...)
     * only guests whose latest consent statement for it is a "yes" are listed: the rest are left out.
     */
    public record Filter(String property, Segments.Lifecycle lifecycle, Boolean vip, Integer birthdayWithinDays,
                         ConsentPurpose consent) {
        public Filter(String property, Segments.Lifecycle lifecycle, Boolean vip, Integer birthdayWithinDays) {
            this(property, lifecycle, vip, birthdayWithinDays, null);
        }
    }

    /** One listed guest as of the day asked; {@code rfm} is the "545" code, null when the guest never stayed. */
    public record Listed(long profileId, String name, String property, Segments.Lifecycle lifecycle, int stays,
                         LocalDate lastDeparture, LocalDate lapsedOn, Integer birthday, boolean vip, String rfm,
                         BigDecimal lifetimeValue) {
    }

    public List<Counts> counts(LocalDate asOf) {
        String lapsed = "(lapsed_on IS NOT NULL AND lapsed_on <= ?)";
        Map<String, Counts> out = new TreeMap<>(Comparator.comparing((String p) -> !p.equals(MemoryConfig.ANY)).thenComparing(p -> p));
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT property, COUNT(*), "
                    + "SUM(CASE WHEN lifecycle = 'PROSPECT' THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN lifecycle = 'FIRST_TIMER' AND NOT " + lapsed + " THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN lifecycle = 'REPEAT' AND NOT " + lapsed + " THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN " + lapsed + " THEN 1 ELSE 0 END), SUM(CASE WHEN vip THEN 1 ELSE 0 END), "
                    + "SUM(lifetime_value) FROM profile_segment GROUP BY property")) {
                for (int i = 1; i <= 3; i++) ps.setObject(i, asOf);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next())
                        out.put(rs.getString(1), new Counts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getBigDecimal(8), new TreeMap<>(), new TreeMap<>(),
                                new TreeMap<>()));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT property, r, frequency, monetary, COUNT(*) FROM (SELECT property, "
                    + recencyCase() + " AS r, frequency, monetary FROM profile_segment WHERE stays > 0) x "
                    + "GROUP BY property, r, frequency, monetary")) {
                bindRecency(ps, 1, asOf);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Counts k = out.get(rs.getString(1));
                        long n = rs.getLong(5);
                        k.recency().merge(rs.getInt(2), n, Long::sum);
                        k.frequency().merge(rs.getInt(3), n, Long::sum);
                        k.monetary().merge(rs.getInt(4), n, Long::sum);
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count segments", e);
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The guests matching a filter as of a day, at most {@code limit}: by upcoming birthday when filtering on
     * birthdays, else by profile id. Served by the indexes (property, birthday, lapsed_on) and (property, lapsed_on).
     */
    public List<Listed> list(Filter f, LocalDate asOf, int limit) {
        String property = f.property() == null ? MemoryConfig.ANY : f.property();
        StringBuilder sql = new StringBuilder("SELECT s.profile_id, g.display_name, s.property, s.lifecycle, s.stays, "
                + "s.last_departure, s.in_house, s.lapsed_on, s.birthday, s.vip, s.frequency, s.monetary, s.lifetime_value "
                + "FROM profile_segment s JOIN guest_profile g ON g.id = s.profile_id WHERE s.property = ?");
        List<Object> args = new ArrayList<>(List.of(property));
        if (f.lifecycle() == Segments.Lifecycle.LAPSED) {
            sql.append(" AND s.lapsed_on <= ?");
            args.add(asOf);
        } else if (f.lifecycle() != null) {
            sql.append(" AND s.lifecycle = ? AND (s.lapsed_on IS NULL OR s.lapsed_on > ?)");
            args.add(f.lifecycle().name());
            args.add(asOf);
        }
        if (Boolean.TRUE.equals(f.vip())) sql.append(" AND s.vip");
        if (f.consent() != null) {
            sql.append(" AND ").append(ConsentRecords.allowsSql("s.profile_id"));
            args.add(f.consent().name());
        }
        List<Integer> birthdays = f.birthdayWithinDays() == null ? null : SegmentRow.birthdaysWithin(asOf, f.birthdayWithinDays());
        if (birthdays != null) {
            sql.append(" AND s.birthday IN (").append("?,".repeat(birthdays.size() - 1)).append("?)");
            args.addAll(birthdays);
        } else {
            sql.append(" ORDER BY s.profile_id LIMIT ").append(limit);
        }
        List<Listed> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SegmentRow row = new SegmentRow(rs.getString(3), Segments.Lifecycle.valueOf(rs.getString(4)), rs.getInt(5),
                            rs.getObject(6, LocalDate.class), rs.getBoolean(7), rs.getObject(8, LocalDate.class),
                            (Integer) rs.getObject(11, Integer.class), (Integer) rs.getObject(12, Integer.class),
                            rs.getBigDecimal(13), true, rs.getBoolean(10), (Integer) rs.getObject(9, Integer.class));
                    Integer r = row.recency(asOf, config);
                    out.add(new Listed(rs.getLong(1), rs.getString(2), row.property(), row.lifecycle(asOf), row.stays(),
                            row.lastDeparture(), row.lapsedOn(), row.birthday(), row.vip(),
                            r == null ? null : "" + r + row.frequency() + row.monetary(), row.lifetimeValue()));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list segment " + f, e);
        }
        if (birthdays != null) {
            out.sort(Comparator.comparingInt((Listed l) -> birthdays.indexOf(l.birthday())).thenComparingLong(Listed::profileId));
            if (out.size() > limit) return List.copyOf(out.subList(0, limit));
        }
        return out;
    }

    /** RFM recency as of a day from last_departure, the rule of {@link MemoryConfig.RfmEdges#recency}. */
    private String recencyCase() {
        StringBuilder sb = new StringBuilder("CASE WHEN in_house THEN 5");
        for (int i = 0; i < config.rfm().recencyDays().size(); i++) sb.append(" WHEN last_departure >= ? THEN ").append(5 - i);
        return sb.append(" ELSE 1 END").toString();
    }

    private void bindRecency(PreparedStatement ps, int from, LocalDate asOf) throws SQLException {
        List<Long> edges = config.rfm().recencyDays();
        for (int i = 0; i < edges.size(); i++) ps.setObject(from + i, asOf.minusDays(edges.get(i)));
    }
}

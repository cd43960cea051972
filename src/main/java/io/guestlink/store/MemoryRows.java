package io.guestlink.store;

import io.guestlink.model.FieldLimit;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.memory.KeptSummary;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.MemorySummary;
import io.guestlink.memory.SegmentRow;
import io.guestlink.memory.Totals;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * profile_memory and profile_segment rows: each live profile's summary (what the next record is applied to), the
 * views readers use (totals per property, usual orders) and its segment rows, all written from one
 * {@link MemorySummary} by the same code whether it was kept up to date or rebuilt.
 */
public final class MemoryRows {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemoryRows.class);
    private static final ObjectReader SUMMARY = Payloads.JSON.readerFor(MemorySummary.class);

    private MemoryRows() {
    }

    /** What a live profile's memory is written from: its summary and the golden values segments use. */
    record Memory(long profileId, MemorySummary summary, LocalDate birthDate, String vipCode) {
    }

    /** The kept summaries of these live profiles; a profile with none (or none readable) is left out. */
    public static Map<Long, KeptSummary> kept(Transaction tx, Collection<Long> profiles) {
        return tx.sql("guest memory read", c -> kept(c, profiles));
    }

    private static Map<Long, KeptSummary> kept(Connection c, Collection<Long> profiles) throws SQLException {
        Map<Long, KeptSummary> out = new HashMap<>();
        Sql.in(c, "SELECT profile_id, summary_json, config_hash FROM profile_memory WHERE profile_id", List.of(), profiles, rs -> {
            String json = rs.getString(2);
            if (json == null) return; // written before V8: recomputed in full
            try {
                out.put(rs.getLong(1), new KeptSummary(SUMMARY.readValue(json), rs.getString(3)));
            } catch (IOException e) {
                // written by another version of the summary: the profile is recomputed from its facts, as when absent
                LOG.debug("memory summary of profile {} not readable ({}): recomputed", rs.getLong(1), e.getMessage());
            }
        });
        return out;
    }

    /**
     * Writes the memory and segment rows of these live profiles from their summaries, with their golden birth date
     * and VIP code read again, replacing what they had.
     *
     * @param configHash the fingerprint of {@code config}, kept beside each summary
     */
    public static void write(Transaction tx, Map<Long, MemorySummary> summaries, MemoryConfig config, String configHash,
                             LocalDate asOf) {
        tx.sql("guest memory write", c -> {
            Map<Long, Object[]> golden = golden(c, summaries.keySet());
            List<Memory> rows = new ArrayList<>();
            summaries.forEach((root, s) -> {
                Object[] g = golden.getOrDefault(root, new Object[2]);
                rows.add(new Memory(root, s, (LocalDate) g[0], (String) g[1]));
            });
            write(c, rows, config, configHash, asOf);
            return null;
        });
    }

    /** The golden birth date and VIP code of live profiles: {birthDate, vipCode}. */
    private static Map<Long, Object[]> golden(Connection c, Collection<Long> profiles) throws SQLException {
        Map<Long, Object[]> out = new HashMap<>();
        Sql.in(c, "SELECT id, birth_date, vip_code FROM guest_profile WHERE id", List.of(), profiles,
                rs -> out.put(rs.getLong(1), new Object[] {rs.getObject(2, LocalDate.class), rs.getString(3)}));
        return out;
    }

    /** Replaces the memory and segment rows of these profiles. */
    private static void write(Connection c, List<Memory> memories, MemoryConfig config, String configHash, LocalDate asOf)
            throws SQLException {
        if (memories.isEmpty()) return;
        delete(c, memories.stream().map(Memory::profileId).toList());
        OffsetDateTime now = ImportJournal.now();
        // COPY on PostgreSQL (one JDBC batch elsewhere): a night's memory work writes tens of thousands of these rows
        try (TableRows m = new TableRows(c, "profile_memory", "profile_id, rollup_json, usual_json, summary_json, config_hash, "
                + "as_of, computed_at");
             TableRows s = new TableRows(c, "profile_segment", "profile_id, property, lifecycle, stays, last_departure, "
                     + "in_house, lapsed_on, frequency, monetary, lifetime_value, ltv_complete, vip, birthday")) {
            for (Memory mem : memories) {
                m.add(mem.profileId(), Payloads.json(Totals.of(mem.summary(), config)), Payloads.json(mem.summary().usualOrders(config)),
                        Payloads.json(mem.summary()), configHash, asOf, now);
                for (SegmentRow r : SegmentRow.of(mem.summary(), mem.birthDate(), mem.vipCode(), config)) {
                    s.add(mem.profileId(), Sql.checked(r.property(), FieldLimit.PROPERTY), r.lifecycle().name(), r.stays(),
                            r.lastDeparture(), r.inHouse(), r.lapsedOn(), r.frequency(), r.monetary(), r.lifetimeValue(),
                            r.lifetimeValueComplete(), r.vip(), r.birthday());
                }
            }
            m.flush();
            s.flush();
        }
    }

    /** Deletes the memory and segment rows of these profiles (merged away). */
    public static void delete(Transaction tx, Collection<Long> profiles) {
        tx.sql("guest memory delete", c -> {
            delete(c, profiles);
            return null;
        });
    }

    /** Deletes the memory and segment rows of these profiles (merged away, or about to be rewritten). */
    private static void delete(Connection c, Collection<Long> profiles) throws SQLException {
        if (profiles.isEmpty()) return;
        for (String table : List.of("profile_memory", "profile_segment")) {
            if (Sql.isPostgres(c)) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE profile_id = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("bigint", profiles.toArray()));
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE profile_id = ?")) {
                    for (long id : profiles) {
                        ps.setLong(1, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
    }

    /** Deletes the memory and segment rows of every profile that is not live (merged away since), before a rebuild. */
    public static void deleteNotLive(Transaction tx) {
        tx.sql("guest memory rebuild", c -> {
            for (String table : List.of("profile_memory", "profile_segment")) {
                // NOT EXISTS, not NOT IN: PostgreSQL hashes a NOT IN list only when it fits in work_mem, and a million
                // live ids do not; it would then scan guest_profile once per memory row
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " m WHERE NOT EXISTS (SELECT 1 FROM "
                        + "guest_profile g WHERE g.id = m.profile_id AND g.merged_into IS NULL)")) {
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** The stored memory of a live profile: totals JSON and usual-order JSON, or null. */
    public static String[] stored(Transaction tx, long profileId) {
        return tx.sql("guest memory read", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT rollup_json, usual_json FROM profile_memory WHERE profile_id = ?")) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
                }
            }
        });
    }
}

package io.guestlink.store;

import io.guestlink.memory.GuestFacts;
import io.guestlink.memory.StayRollup;
import io.guestlink.memory.UsualOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps profile_memory up to date: the profiles whose facts changed (memory_queue, filled in the import's and the
 * merge's transaction) are recomputed from their cluster's facts, a few hundred per transaction; a profile merged away
 * loses its row to its survivor. {@link #rebuildAll} recomputes every live profile the same way, so a rebuild and the
 * incremental state are equal by construction (one computation, two triggers).
 */
public final class MemoryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWorker.class);

    private final Database db;
    private final GuestMemoryReader reader;
    private final Clock clock;
    private final int perTransaction;

    public MemoryWorker(Database db, GuestMemoryReader reader, Clock clock, int perTransaction) {
        this.db = db;
        this.reader = reader;
        this.clock = clock;
        this.perTransaction = perTransaction;
    }

    /** Recomputes everything queued; returns the number of queued profiles handled. */
    public int drain() {
        int total = 0;
        while (true) {
            int n = inTransaction(c -> {
                Map<Long, Long> rows = IdentityWorker.take(c, "memory_queue", perTransaction);
                if (rows.isEmpty()) return 0;
                Set<Long> ids = new LinkedHashSet<>(rows.values());
                Map<Long, Long> live = GoldenRecords.live(c, ids);
                Set<Long> roots = new LinkedHashSet<>(live.values());
                for (long id : ids) if (!roots.contains(id)) delete(c, id); // merged away: its survivor holds the memory
                for (long root : roots) compute(c, root);
                IdentityWorker.done(c, "memory_queue", rows.keySet());
                return rows.size();
            });
            total += n;
            if (n < perTransaction) break;
        }
        if (total > 0) LOG.info("guest memory: {} profiles recomputed", total);
        return total;
    }

    /** Recomputes every live profile (after a configuration change, or to check the incremental state). */
    public int rebuildAll() {
        List<Long> roots = inTransaction(c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM guest_profile WHERE merged_into IS NULL ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM profile_memory WHERE profile_id NOT IN "
                    + "(SELECT id FROM guest_profile WHERE merged_into IS NULL)")) {
                ps.executeUpdate();
            }
            return out;
        });
        for (int from = 0; from < roots.size(); from += perTransaction) {
            List<Long> part = roots.subList(from, Math.min(roots.size(), from + perTransaction));
            inTransaction(c -> {
                for (long root : part) compute(c, root);
                return part.size();
            });
        }
        LOG.info("guest memory rebuilt for {} live profiles", roots.size());
        return roots.size();
    }

    /** The stored memory of a live profile: roll-up JSON and usual-order JSON, or null. */
    public String[] stored(long profileId) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT rollup_json, usual_json FROM profile_memory WHERE profile_id = ?")) {
                ps.setLong(1, profileId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
                }
            }
        });
    }

    private void compute(Connection c, long root) throws SQLException {
        var cluster = GuestMemoryReader.load(c, root).orElse(null);
        delete(c, root);
        if (cluster == null) return;
        LocalDate asOf = LocalDate.now(clock);
        GuestFacts facts = GuestFacts.of(cluster.facts());
        StayRollup rollup = StayRollup.of(facts, reader.config(), asOf);
        List<UsualOrder> usual = UsualOrder.of(facts, reader.config(), asOf);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_memory (profile_id, rollup_json, usual_json, as_of, "
                + "computed_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, root);
            ps.setString(2, Payloads.json(rollup));
            ps.setString(3, Payloads.json(usual));
            ps.setObject(4, asOf);
            ps.setObject(5, ImportJournal.now());
            ps.executeUpdate();
        }
    }

    private static void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM profile_memory WHERE profile_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private <T> T inTransaction(Tx.Work<T> work) {
        return Tx.run(db, "guest memory update", work);
    }
}

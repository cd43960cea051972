package io.guestlink.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A guest's cluster: the live profile (not merged into another) and the profiles merged into it. Whatever was
 * recorded on any of them belongs to the live one, which holds the guest's memory.
 */
public final class GuestClusters {
    private GuestClusters() {
    }

    /** The live profile of each id (itself when not merged); an id with no profile is left out. */
    public static Map<Long, Long> liveOf(Transaction tx, Collection<Long> ids) {
        return tx.sql("live profiles", c -> GoldenRecords.live(c, ids));
    }

    /** The members of each live profile (itself first), for the given live profile ids. */
    public static Map<Long, List<Long>> members(Transaction tx, Collection<Long> liveIds) {
        return tx.sql("profile clusters", c -> GoldenRecords.members(c, liveIds));
    }

    /** Every profile, by the live profile it belongs to (a live profile among its own members). */
    public static Map<Long, List<Long>> everyCluster(Transaction tx) {
        return tx.sql("profile clusters", c -> {
            Map<Long, List<Long>> clusters = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, COALESCE(merged_into, id) FROM guest_profile");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) clusters.computeIfAbsent(rs.getLong(2), x -> new ArrayList<>()).add(rs.getLong(1));
            }
            return clusters;
        });
    }

    /** Every live profile's id, in order. */
    public static List<Long> allLive(Transaction tx) {
        return tx.sql("live profiles", c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM guest_profile WHERE merged_into IS NULL ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        });
    }
}

package io.guestlink.store;

import io.guestlink.identity.names.ComparableName;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.model.PosTicket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The third way a POS ticket reaches a guest, after the room charge and the member number: the name the cashier wrote
 * ("YU/MING", "Mr Yu Ming"). It links the ticket to the one guest in house at that property on the ticket's day whose
 * name reads the same (family and given name, either order, titles ignored, other scripts through their Latin
 * reading). A name that matches nobody, or two guests in house (namesakes), leaves the ticket unlinked: a wrong
 * "usual order" is worse than none.
 */
final class TicketNames {
    /** Stays longer than this are not searched for a name on a ticket (the look-up is bounded by arrival date). */
    static final int LONGEST_STAY_DAYS = 60;

    /**
     * How long the guests in house are kept when nothing written here changed them: another node writing to the same
     * store does not move this JVM's {@link InHouseChanges}, so its arrivals are seen after at most this long.
     */
    static final long KEEP_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    /** At most this many property-days kept: a night's file holds one or two days of each property's outlets. */
    private static final int KEPT_DAYS = 64;

    private final NameNormaliser names;
    /** property + day -> the guests in house then, as read at a count of {@link InHouseChanges}; the writer's lock guards it */
    private final Map<String, InHouse> kept = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, InHouse> eldest) {
            return size() > KEPT_DAYS;
        }
    };

    private record InHouse(long changes, long readAt, Map<ComparableName, Set<Long>> guests) {
    }

    TicketNames(NameNormaliser names) {
        this.names = names;
    }

    /** A ticket still without a guest and what to do when its name finds one. */
    record Ticket(PosTicket ticket, LongConsumer link) {
    }

    /** Called by the batch writer, under its lock. */
    void link(Connection c, List<Ticket> tickets) throws SQLException {
        for (Ticket t : tickets) {
            PosTicket p = t.ticket();
            if (p.guestName() == null || p.guestName().isBlank() || p.property() == null || p.opened() == null) continue;
            List<ComparableName> readings = names.normalise(null, null, p.guestName()).readings();
            if (readings.isEmpty()) continue; // "WALK IN", "GUEST": identifies nobody
            LocalDate day = p.opened().toLocalDate();
            Map<ComparableName, Set<Long>> guests = inHouse(c, p.property(), day);
            Set<Long> found = new HashSet<>();
            for (ComparableName n : readings) found.addAll(guests.getOrDefault(n.latin(), Set.of()));
            if (found.size() == 1) t.link().accept(found.iterator().next());
        }
    }

    /** The guests in house, kept from an earlier batch while no write here changed them and they are recent. */
    private Map<ComparableName, Set<Long>> inHouse(Connection c, String property, LocalDate day) {
        String key = property + "\u0000" + day;
        long changes = InHouseChanges.current(); // before reading: a change committed meanwhile moves it past this
        long now = System.nanoTime();
        InHouse known = kept.get(key);
        if (known != null && known.changes() == changes && now - known.readAt() < KEEP_NANOS) return known.guests();
        Map<ComparableName, Set<Long>> guests = guestsInHouse(c, property, day);
        kept.put(key, new InHouse(changes, now, guests));
        return guests;
    }

    private Map<ComparableName, Set<Long>> guestsInHouse(Connection c, String property, LocalDate day) {
        Map<Long, Set<String>> fullNames = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.profile_id, n.full_name, n.family_name, n.given_name "
                + "FROM stay s JOIN profile_name n ON n.profile_id = s.profile_id WHERE s.property = ? AND s.arrival >= ? "
                + "AND s.arrival <= ? AND (s.departure IS NULL OR s.departure >= ?) AND s.status <> 'CANCELLED' "
                + "AND s.status <> 'NO_SHOW'")) {
            ps.setString(1, property);
            ps.setObject(2, day.minusDays(LONGEST_STAY_DAYS));
            ps.setObject(3, day);
            ps.setObject(4, day);
            Map<ComparableName, Set<Long>> out = new HashMap<>();
            Map<Long, Long> live = new HashMap<>();
            Map<Long, List<ComparableName>> byProfile = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long profile = rs.getLong(1);
                    if (!fullNames.computeIfAbsent(profile, k -> new HashSet<>()).add(rs.getString(2))) continue;
                    byProfile.computeIfAbsent(profile, k -> new java.util.ArrayList<>())
                            .addAll(names.normalise(rs.getString(3), rs.getString(4), rs.getString(2)).readings().stream()
                                    .map(ComparableName::latin).toList()); // a ticket's Latin name finds a guest written in Han
                }
            }
            if (byProfile.isEmpty()) return out;
            live.putAll(GoldenRecords.live(c, byProfile.keySet()));
            for (var e : byProfile.entrySet()) {
                long guest = live.getOrDefault(e.getKey(), e.getKey());
                for (ComparableName n : e.getValue()) out.computeIfAbsent(n, k -> new HashSet<>()).add(guest);
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the guests in house at " + property + " on " + day, e);
        }
    }
}

package io.guestlink.store;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the console's front-of-house pages read and the console's notes need: a property's arrivals and in-house board
 * for a day, the guest in house in a room, the identity key that ties the console's notes to a profile, and the notes
 * staff wrote on a guest (source records of system {@value #CONSOLE}) with who wrote them and when.
 */
public final class FrontOfHouse {
    /** The source system of what staff write on a guest in the console. */
    public static final String CONSOLE = "console";

    private FrontOfHouse() {
    }

    /** One stay on the board: the live profile and its name, the stay's room, dates and status. */
    public record BoardRow(long profileId, String displayName, String vip, String confirmation, String room,
                           LocalDate arrival, LocalDate departure, String status) {
    }

    /** A note staff wrote: its id (the source key), the record as stored, its version, who (the run's name) and when. */
    public record StoredNote(String id, GuestProfile guest, int version, String writtenBy, Instant at) {
    }

    /**
     * The stays at a property that arrive on {@code day} (booked) or are in house on it, one row per stay
     * (confirmation number), in house first, then by room.
     */
    public static List<BoardRow> board(Transaction tx, String property, LocalDate day) {
        return tx.sql("reading the arrivals board", c -> {
            Map<String, BoardRow> byStay = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT l.id, l.display_name, l.vip_code, s.confirmation_no, "
                    + "s.room_no, s.arrival, s.departure, s.status FROM stay s JOIN guest_profile p ON p.id = s.profile_id "
                    + "JOIN guest_profile l ON l.id = COALESCE(p.merged_into, p.id) WHERE s.property = ? AND "
                    + "((s.status = 'BOOKED' AND s.arrival = ?) OR (s.status = 'IN_HOUSE' AND (s.arrival IS NULL OR s.arrival <= ?) "
                    + "AND (s.departure IS NULL OR s.departure >= ?))) ORDER BY s.source_record_id DESC")) {
                ps.setString(1, property);
                ps.setObject(2, day);
                ps.setObject(3, day);
                ps.setObject(4, day);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        BoardRow r = new BoardRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class), rs.getString(8));
                        // the same stay from two systems (a PMS export and its check-in message): in house wins
                        BoardRow before = byStay.get(r.confirmation());
                        if (before == null || ("IN_HOUSE".equals(r.status()) && !"IN_HOUSE".equals(before.status())))
                            byStay.put(r.confirmation(), r);
                    }
                }
            }
            List<BoardRow> out = new ArrayList<>(byStay.values());
            out.sort(java.util.Comparator.comparing((BoardRow r) -> !"IN_HOUSE".equals(r.status()))
                    .thenComparing(BoardRow::room, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
            return out;
        });
    }

    /** The live profiles in house in a room of a property on a day. */
    public static Set<Long> inRoom(Transaction tx, String property, String room, LocalDate day) {
        return tx.sql("searching guests by room", c -> {
            Set<Long> out = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT COALESCE(p.merged_into, p.id) FROM stay s "
                    + "JOIN guest_profile p ON p.id = s.profile_id WHERE s.property = ? AND s.room_no = ? AND s.status = 'IN_HOUSE' "
                    + "AND (s.arrival IS NULL OR s.arrival <= ?) AND (s.departure IS NULL OR s.departure >= ?)")) {
                ps.setString(1, property);
                ps.setString(2, room);
                ps.setObject(3, day);
                ps.setObject(4, day);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    /**
     * The console's own guest key for a profile ({@code SRC:console:P<id>}), bound to it unless it is already: notes
     * staff write on the profile carry it, so the import path links them to that profile like any source's record
     * to its guest (and a merge or an unmerge moves them with it).
     */
    public static String consoleKey(Transaction tx, long profileId) {
        String guestKey = "P" + profileId;
        String key = "SRC:" + CONSOLE + ":" + guestKey;
        tx.sql("binding the console's key of a profile", c -> {
            try (PreparedStatement find = c.prepareStatement("SELECT 1 FROM profile_key WHERE identity_key = ?")) {
                find.setString(1, key);
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_key (identity_key, key_type, profile_id, "
                    + "display_value, first_seen) VALUES (?,?,?,?,?)")) {
                ps.setString(1, key);
                ps.setString(2, "SRC");
                ps.setLong(3, profileId);
                ps.setString(4, key);
                ps.setObject(5, OffsetDateTime.now(java.time.ZoneOffset.UTC));
                ps.executeUpdate();
            }
            return null;
        });
        return guestKey;
    }

    /** One console note by its id (source key), if it exists. */
    public static java.util.Optional<StoredNote> note(Transaction tx, String id) {
        List<StoredNote> found = notes(tx, "sr.source_key = ?", List.of(id));
        return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(found.get(0));
    }

    /** The notes staff wrote on a live profile and the profiles merged into it, newest first. */
    public static List<StoredNote> notesOf(Transaction tx, long liveProfileId) {
        return notes(tx, "(p.id = ? OR p.merged_into = ?)", List.of(liveProfileId, liveProfileId));
    }

    private static List<StoredNote> notes(Transaction tx, String where, List<Object> args) {
        return tx.sql("reading staff notes", c -> {
            List<StoredNote> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT sr.source_key, sr.payload, sr.version, f.file_name, sr.updated_at "
                    + "FROM source_record sr JOIN guest_profile p ON p.id = sr.profile_id LEFT JOIN import_file f ON f.id = sr.file_id "
                    + "WHERE sr.system = '" + CONSOLE + "' AND " + where + " ORDER BY sr.updated_at DESC, sr.id DESC")) {
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        CanonicalRecord r = Payloads.READER.readValue(rs.getString(2), CanonicalRecord.class);
                        OffsetDateTime at = rs.getObject(5, OffsetDateTime.class);
                        out.add(new StoredNote(rs.getString(1), r.guest(), rs.getInt(3), rs.getString(4),
                                at == null ? null : at.toInstant()));
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new java.sql.SQLException("a console note's stored payload is not a record: " + e.getOriginalMessage(), e);
                }
            }
            return out;
        });
    }
}

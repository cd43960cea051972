package io.guestlink.store;

import io.guestlink.model.FieldLimit;
import io.guestlink.identity.Survivorship;
import io.guestlink.model.GuestProfile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Golden profile rows recomputed from their sources: for a live profile, every source record of every profile merged
 * into it, through the survivorship rules. Recomputing (rather than patching) is what lets an unmerge give both
 * profiles back exactly as their sources describe them.
 */
public final class GoldenRecords {
    /** Record kinds whose guest describes the person (a name on a POS ticket only echoes them). */
    static final Set<io.guestlink.model.RecordKind> DESCRIBES_GUEST = Set.of(io.guestlink.model.RecordKind.RESERVATION,
            io.guestlink.model.RecordKind.GUEST_PROFILE);

    // payloads also hold the fact and derived getters (empty, displayName): read only what the records declare
    private static final com.fasterxml.jackson.databind.ObjectReader GUEST = Payloads.JSON.readerFor(GuestOnly.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Survivorship rules;

    public GoldenRecords(Survivorship rules) {
        this.rules = rules;
    }

    /** The members of each live profile (itself first), for the given live profile ids. */
    static Map<Long, List<Long>> members(Connection c, Collection<Long> liveIds) throws SQLException {
        Map<Long, List<Long>> out = new LinkedHashMap<>();
        for (long id : liveIds) out.computeIfAbsent(id, x -> new ArrayList<>()).add(id);
        if (liveIds.isEmpty()) return out;
        if (Sql.isPostgres(c)) {
            // joined to the ids, not filtered by "merged_into = ANY(?)": for that filter PostgreSQL walked the index of
            // every merged profile testing each against the whole list, a cost that grows with the store's merges (177
            // ms a call at 2,651 merges, 13 s of a night's linking); joined, each id is one look-up in
            // guest_profile_absorbed (7 ms)
            Sql.withIds(c, "SELECT g.merged_into, g.id FROM unnest(?::bigint[]) AS r(id) "
                    + "JOIN guest_profile g ON g.merged_into = r.id ORDER BY g.id", liveIds, rs -> out.get(rs.getLong(1)).add(rs.getLong(2)));
            return out;
        }
        Sql.in(c, "SELECT merged_into, id FROM guest_profile WHERE merged_into", List.of(), new LinkedHashSet<>(liveIds),
                rs -> out.get(rs.getLong(1)).add(rs.getLong(2)));
        return out;
    }

    /**
     * The live profile of each of these ids that is merged into another; the others are left out. On PostgreSQL read
     * from the index of merged profiles only (guest_profile_merged), joined to the ids: the look-up of every id in
     * guest_profile was planned as a scan of the whole table, tested against the list (84 ms for 10,000 ids in a store
     * of 29,000 profiles, against 3.5 ms), once or twice per linking round.
     */
    static Map<Long, Long> mergedInto(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        if (Sql.isPostgres(c)) {
            Sql.withIds(c, "SELECT g.id, g.merged_into FROM unnest(?::bigint[]) AS r(id) "
                    + "JOIN guest_profile g ON g.id = r.id AND g.merged_into IS NOT NULL", ids, rs -> out.put(rs.getLong(1), rs.getLong(2)));
            return out;
        }
        Sql.in(c, "SELECT id, merged_into FROM guest_profile WHERE merged_into IS NOT NULL AND id", List.of(), new LinkedHashSet<>(ids),
                rs -> out.put(rs.getLong(1), rs.getLong(2)));
        return out;
    }

    /**
     * The live profile of each id (itself when not merged); ids of no profile are left out. On PostgreSQL the ids are
     * joined to guest_profile: filtered by {@code id = ANY(?)} the statement can be planned as a scan of the whole
     * table testing every row against the list (1,500 ids in a store of 29,000 profiles: 36–50 ms, against 12 ms
     * joined), and linking's closing of settled review pairs, which asks this once a round, took 2.7 s in one
     * full-scale night and 7.9 s in the next.
     */
    static Map<Long, Long> live(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        if (Sql.isPostgres(c)) {
            Sql.withIds(c, "SELECT g.id, COALESCE(g.merged_into, g.id) FROM unnest(?::bigint[]) AS r(id) "
                    + "JOIN guest_profile g ON g.id = r.id", ids, rs -> out.put(rs.getLong(1), rs.getLong(2)));
            return out;
        }
        Sql.in(c, "SELECT id, COALESCE(merged_into, id) FROM guest_profile WHERE id", List.of(), new LinkedHashSet<>(ids),
                rs -> out.put(rs.getLong(1), rs.getLong(2)));
        return out;
    }

    /** Each profile's own source records' guests, oldest first. */
    static Map<Long, List<Survivorship.Contribution>> contributions(Connection c, Collection<Long> profileIds) throws SQLException {
        return contributions(c, profileIds, Map.of());
    }

    /**
     * As {@link #contributions(Connection, Collection)}, with the guests of records the caller has just written in
     * this transaction: those are taken as given, not read back and parsed from their stored payloads again (on
     * PostgreSQL their payloads are not even sent).
     */
    static Map<Long, List<Survivorship.Contribution>> contributions(Connection c, Collection<Long> profileIds,
                                                                   Map<Long, GuestProfile> written) throws SQLException {
        Map<Long, List<Survivorship.Contribution>> out = new HashMap<>();
        if (profileIds.isEmpty()) return out;
        boolean skip = !written.isEmpty() && Sql.isPostgres(c);
        // only records that describe the guest: a profile's folio lines and tickets are never read here. A source is
        // seen when its guest details last changed (guest_seen_at), not when the booking around them last did
        Sql.in(c, "SELECT profile_id, id, system, COALESCE(guest_seen_at, updated_at), " + (skip ? "CASE WHEN id = ANY(?) THEN NULL ELSE payload END" : "payload")
                        + " FROM source_record WHERE record_kind IN ('RESERVATION', 'GUEST_PROFILE') AND profile_id",
                skip ? List.of(c.createArrayOf("bigint", written.keySet().toArray())) : List.of(),
                new LinkedHashSet<>(profileIds), rs -> {
                    GuestProfile known = written.get(rs.getLong(2));
                    GuestProfile g = known != null ? known : guest(rs.getString(5));
                    if (g == null) return;
                    out.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>()).add(new Survivorship.Contribution(rs.getLong(2),
                            rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(), g));
                });
        out.replaceAll((id, l) -> oldestFirst(l));
        return out;
    }

    /** The guests every profile's own source records describe (reservations and guest profiles), for a whole-store pass. */
    public static Map<Long, List<GuestProfile>> everyProfilesGuests(Transaction tx) {
        return tx.sql("reading every profile's guests", c -> {
            Map<Long, List<GuestProfile>> guests = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT profile_id, payload FROM source_record WHERE profile_id IS NOT NULL "
                    + "AND record_kind IN ('RESERVATION', 'GUEST_PROFILE')"); java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    GuestProfile g = guest(rs.getString(2));
                    if (g != null) guests.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>()).add(g);
                }
            }
            return guests;
        });
    }

    /**
     * Applies the corrections (oldest first, so the latest of a field wins) over the survivorship's values: a value
     * replaces the field's, null clears it. Returns the correction that decided each corrected field.
     */
    private static Map<String, GuestRights.Rectification> rectified(Map<String, Survivorship.Value> golden,
                                                                    List<GuestRights.Rectification> fixes) {
        fixes.sort(java.util.Comparator.comparingLong(GuestRights.Rectification::id));
        Map<String, GuestRights.Rectification> decided = new LinkedHashMap<>();
        for (GuestRights.Rectification r : fixes) {
            decided.put(r.field(), r);
            if (r.value() == null) golden.remove(r.field());
            else golden.put(r.field(), new Survivorship.Value(r.field().equals("birthDate") ? java.time.LocalDate.parse(r.value())
                    : r.value(), 0, "privacy", "RECTIFIED"));
        }
        return decided;
    }

    /** Only the guest of a stored payload: the fact beside it is skipped by the parser, never built. */
    private record GuestOnly(GuestProfile guest) {
    }

    static GuestProfile guest(String payload) {
        try {
            return GUEST.<GuestOnly>readValue(payload).guest();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored payload cannot be read back: " + e.getMessage(), e);
        }
    }

    /** Recomputes the golden row of every given live profile (and of nothing else), in the caller's unit of work. */
    public void recompute(Transaction tx, Set<Long> liveIds) {
        tx.sql("recomputing golden profiles", c -> {
            recompute(c, liveIds);
            return null;
        });
    }

    /** Recomputes the golden row of every given live profile (and of nothing else). */
    public void recompute(Connection c, Set<Long> liveIds) throws SQLException {
        recompute(c, liveIds, Map.of());
    }

    /** @param written the guests of source records (by id) written in this transaction, as they were written */
    void recompute(Connection c, Set<Long> liveIds, Map<Long, GuestProfile> written) throws SQLException {
        if (liveIds.isEmpty()) return;
        Map<Long, List<Long>> members = members(c, liveIds);
        Set<Long> all = new LinkedHashSet<>();
        members.values().forEach(all::addAll);
        Map<Long, List<Survivorship.Contribution>> contributions = contributions(c, all, written);
        // a privacy officer's corrections win over every source (GuestRights.rectify), whatever is imported later
        Map<Long, List<GuestRights.Rectification>> corrections = new HashMap<>();
        for (GuestRights.Rectification r : GuestRights.rectifications(c, all))
            corrections.computeIfAbsent(r.profileId(), x -> new ArrayList<>()).add(r);
        OffsetDateTime now = ImportJournal.now();
        boolean postgres = Sql.isPostgres(c);
        // PostgreSQL: the new golden rows COPY into a staging table and one UPDATE ... FROM writes them all; elsewhere
        // one JDBC batch of single-row updates
        if (postgres) TableRows.stage(c, "golden_update", "guest_profile", GOLDEN_COLUMNS);
        try (PreparedStatement ps = postgres ? null : c.prepareStatement("UPDATE guest_profile SET display_name = ?, birth_date = ?, "
                + "gender = ?, nationality = ?, language = ?, vip_code = ?, provenance = ?, updated_at = ? WHERE id = ?");
             TableRows staged = postgres ? new TableRows(c, "golden_update", GOLDEN_COLUMNS) : null) {
            for (var e : members.entrySet()) {
                List<Survivorship.Contribution> cs = new ArrayList<>();
                List<GuestRights.Rectification> fixes = new ArrayList<>();
                for (long m : e.getValue()) {
                    cs.addAll(contributions.getOrDefault(m, List.of()));
                    fixes.addAll(corrections.getOrDefault(m, List.of()));
                }
                if (cs.isEmpty() && fixes.isEmpty()) continue; // a profile without readable sources keeps what it has
                Object[] row = row(e.getKey(), cs, fixes, now);
                if (staged != null) {
                    staged.add(row);
                    continue;
                }
                for (int i = 1; i < row.length; i++) {
                    if (row[i] == null) ps.setNull(i, java.sql.Types.NULL);
                    else ps.setObject(i, row[i]);
                }
                ps.setLong(row.length, e.getKey());
                ps.addBatch();
            }
            if (staged == null) {
                ps.executeBatch();
                return;
            }
            staged.flush();
        }
        try (var s = c.createStatement()) {
            s.executeUpdate("UPDATE guest_profile p SET display_name = g.display_name, birth_date = g.birth_date, gender = g.gender, "
                    + "nationality = g.nationality, language = g.language, vip_code = g.vip_code, provenance = g.provenance, "
                    + "updated_at = g.updated_at FROM golden_update g WHERE p.id = g.id");
        }
    }

    /**
     * The golden row of one profile from its sources (oldest first) and a privacy officer's corrections, in the order
     * of {@code GOLDEN_COLUMNS}: id, display name, birth date, gender, nationality, language, VIP code, provenance
     * (which source and rule gave each field), updated at. A value longer than its column is refused, never cut.
     */
    Object[] row(long id, List<Survivorship.Contribution> cs, List<GuestRights.Rectification> fixes, OffsetDateTime now) {
        Map<String, Survivorship.Value> golden = new LinkedHashMap<>(cs.isEmpty() ? Map.of() : rules.golden(cs));
        Map<String, GuestRights.Rectification> rectified = rectified(golden, new ArrayList<>(fixes));
        Map<String, Object> provenance = new LinkedHashMap<>();
        golden.forEach((field, v) -> provenance.put(field, Map.of("sourceRecordId", v.sourceRecordId(), "system",
                v.system(), "rule", v.rule())));
        rectified.forEach((field, r) -> provenance.put(field, Map.of("rectificationId", r.id(), "system", "privacy",
                "rule", "RECTIFIED", "by", r.actor(), "at", r.at().toInstant().toString(), "reason", r.reason())));
        return new Object[]{id, Sql.checked(Survivorship.text(golden, "displayName"), FieldLimit.GUEST_NAME),
                Survivorship.date(golden, "birthDate"), Sql.checked(Survivorship.text(golden, "gender"), FieldLimit.GENDER),
                Sql.checked(Survivorship.text(golden, "nationality"), FieldLimit.NATIONALITY),
                Sql.checked(Survivorship.text(golden, "language"), FieldLimit.LANGUAGE),
                Sql.checked(Survivorship.text(golden, "vipCode"), FieldLimit.VIP), Payloads.json(provenance), now};
    }

    /** Sources in the order survivorship reads them: oldest first, then by record id. */
    static List<Survivorship.Contribution> oldestFirst(List<Survivorship.Contribution> cs) {
        List<Survivorship.Contribution> sorted = new ArrayList<>(cs);
        sorted.sort(java.util.Comparator.comparing(Survivorship.Contribution::seen).thenComparingLong(Survivorship.Contribution::sourceRecordId));
        return sorted;
    }

    private static final String GOLDEN_COLUMNS = "id, display_name, birth_date, gender, nationality, language, vip_code, "
            + "provenance, updated_at";
}

package io.guestlink.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.model.RecordKind;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SQL of the guest's rights (pipeline/GuestRightsDesk orchestrates): everything held about one guest's cluster
 * (the live profile and every profile merged into it) read as one document, a golden field corrected with its
 * provenance, and the whole cluster erased from every table that holds it. Anonymous counts stay: import runs' row
 * counts, daily runs' alert counts, the erasure's own counts (guest_erasure) and the audit trail's actions.
 */
public final class GuestRights {
    /** Golden fields a privacy officer may correct, as the golden row and its provenance name them. */
    public static final Set<String> RECTIFIABLE = Set.of("displayName", "birthDate", "gender", "nationality", "language", "vipCode");

    /** Columns whose text is JSON: exported as JSON, not as an escaped string. */
    private static final Set<String> JSON_COLUMNS = Set.of("payload", "provenance", "rollup_json", "usual_json", "summary_json",
            "evidence_json", "person");
    private static final int CHUNK = 500;

    private GuestRights() {
    }

    /** A source record of the cluster: what the suppression list will know it by. */
    public record Record(long id, String system, RecordKind kind, String key, String guestKey, List<String> documentHashes) {
    }

    /** What an erasure removes and remembers: the cluster's profiles, records and document hashes. */
    public record Cluster(long live, List<Long> profiles, List<Record> records, Set<String> documentHashes) {
    }

    /** A correction as kept. */
    public record Rectification(long id, long profileId, String field, String value, String reason, String actor,
                                OffsetDateTime at) {
    }

    /** What one erasure removed (anonymous counts). */
    public record Erased(long erasure, int profiles, int records, int journalRows, int events, int alerts, int suppressions) {
    }

    /** The live profile of {@code profileId} (itself when not merged), or null when there is no such profile. */
    public static Long live(Transaction tx, long profileId) {
        return tx.sql("finding profile " + profileId, c -> GoldenRecords.live(c, List.of(profileId)).get(profileId));
    }

    /** The cluster of a live profile: its members, their source records (with guest keys and documents). */
    public static Cluster cluster(Transaction tx, long live) {
        return tx.sql("reading the records of profile " + live, c -> {
            List<Long> profiles = GoldenRecords.members(c, List.of(live)).get(live);
            Set<Long> ids = recordIds(c, profiles);
            List<Record> records = new ArrayList<>();
            Set<String> documents = new LinkedHashSet<>();
            Sql.in(c, "SELECT id, system, record_kind, source_key, payload FROM source_record WHERE id", List.of(), ids, rs -> {
                JsonNode payload = tree(rs.getString(5));
                List<String> docs = new ArrayList<>();
                payload.path("guest").path("idDocuments").forEach(d -> docs.add(d.path("keyedHash").asText()));
                String guestKey = payload.path("guestKey").isTextual() ? payload.path("guestKey").asText() : null;
                records.add(new Record(rs.getLong(1), rs.getString(2), RecordKind.valueOf(rs.getString(3)), rs.getString(4),
                        guestKey, docs));
                documents.addAll(docs);
            });
            Sql.in(c, "SELECT identity_key FROM profile_key WHERE key_type = 'IDDOC' AND profile_id", List.of(), profiles,
                    rs -> documents.add(rs.getString(1).substring("IDDOC:".length())));
            records.sort(java.util.Comparator.comparingLong(Record::id));
            return new Cluster(live, profiles, records, documents);
        });
    }

    /** The cluster's own records and every record whose fact (stay, folio line, ticket) was linked to it. */
    private static Set<Long> recordIds(Connection c, List<Long> profiles) throws SQLException {
        Set<Long> ids = new java.util.TreeSet<>();
        for (String table : List.of("source_record", "stay", "folio_line", "pos_ticket")) {
            String column = table.equals("source_record") ? "id" : "source_record_id";
            Sql.in(c, "SELECT " + column + " FROM " + table + " WHERE profile_id", List.of(), profiles, rs -> ids.add(rs.getLong(1)));
        }
        return ids;
    }

    /**
     * Everything held about the cluster as one document: profiles (golden rows with provenance), names, identity keys,
     * contacts, corrections, every source record with its history and facts, the journal rows that brought them,
     * events, alerts with deliveries and attempts, merges, reviews, memory, segments and the audit trail.
     */
    public static Map<String, Object> export(Transaction tx, long live) {
        Cluster cluster = cluster(tx, live);
        return tx.sql("exporting profile " + live, c -> {
            List<Long> p = cluster.profiles();
            List<Long> r = cluster.records().stream().map(Record::id).toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("profileId", live);
            out.put("exportedAt", ImportJournal.now().toString());
            out.put("profiles", rows(c, "SELECT * FROM guest_profile WHERE id", p));
            out.put("names", rows(c, "SELECT * FROM profile_name WHERE profile_id", p));
            out.put("identityKeys", rows(c, "SELECT * FROM profile_key WHERE profile_id", p));
            out.put("contacts", rows(c, "SELECT * FROM profile_contact WHERE profile_id", p));
            out.put("rectifications", rows(c, "SELECT * FROM profile_rectification WHERE profile_id", p));
            out.put("consent", rows(c, "SELECT * FROM consent_statement WHERE profile_id", p));
            List<Map<String, Object>> records = rows(c, "SELECT * FROM source_record WHERE id", r);
            Map<Object, List<Map<String, Object>>> history = new LinkedHashMap<>();
            for (Map<String, Object> h : rows(c, "SELECT * FROM source_record_history WHERE source_record_id", r)) {
                // earlier versions are kept sealed (RawText): the guest gets them opened
                if (h.get("payload") instanceof String sealed) h.put("payload", tree(tx.rawText().open(sealed)));
                history.computeIfAbsent(h.get("source_record_id"), k -> new ArrayList<>()).add(h);
            }
            for (Map<String, Object> rec : records) rec.put("history", history.getOrDefault(rec.get("id"), List.of()));
            out.put("sourceRecords", records);
            out.put("stays", rows(c, "SELECT * FROM stay WHERE source_record_id", r));
            out.put("folioLines", rows(c, "SELECT * FROM folio_line WHERE source_record_id", r));
            out.put("posTickets", rows(c, "SELECT * FROM pos_ticket WHERE source_record_id", r));
            out.put("posItems", rows(c, "SELECT * FROM pos_item WHERE source_record_id", r));
            List<Map<String, Object>> journal = journalRows(c, cluster);
            for (Map<String, Object> row : journal)
                if (row.get("raw_text") instanceof String sealed) row.put("raw_text", tx.rawText().open(sealed));
            out.put("journalRows", journal);
            List<Map<String, Object>> events = events(c, p, r);
            out.put("events", events);
            List<Map<String, Object>> alerts = rows(c, "SELECT * FROM alert WHERE id", alertIds(c, p, ids(events)));
            List<String> alertIds = alerts.stream().map(a -> (String) a.get("id")).toList();
            Map<Object, List<Map<String, Object>>> deliveries = byAlert(rows(c, "SELECT * FROM alert_delivery WHERE alert_id", alertIds));
            Map<Object, List<Map<String, Object>>> attempts = byAlert(rows(c, "SELECT * FROM alert_attempt WHERE alert_id", alertIds));
            for (Map<String, Object> a : alerts) {
                a.put("deliveries", deliveries.getOrDefault(a.get("id"), List.of()));
                a.put("attempts", attempts.getOrDefault(a.get("id"), List.of()));
            }
            out.put("alerts", alerts);
            out.put("merges", union(rows(c, "SELECT * FROM profile_merge WHERE survivor_id", p),
                    rows(c, "SELECT * FROM profile_merge WHERE absorbed_id", p)));
            out.put("reviews", union(rows(c, "SELECT * FROM possible_duplicate WHERE profile_a", p),
                    rows(c, "SELECT * FROM possible_duplicate WHERE profile_b", p)));
            out.put("memory", rows(c, "SELECT * FROM profile_memory WHERE profile_id", p));
            out.put("segments", rows(c, "SELECT * FROM profile_segment WHERE profile_id", p));
            out.put("audit", rows(c, "SELECT * FROM audit_entry WHERE profile_id", p));
            return out;
        });
    }

    private static List<Map<String, Object>> union(List<Map<String, Object>> a, List<Map<String, Object>> b) {
        Map<Object, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> m : a) byId.put(m.get("id"), m);
        for (Map<String, Object> m : b) byId.putIfAbsent(m.get("id"), m);
        return new ArrayList<>(byId.values());
    }

    private static Map<Object, List<Map<String, Object>>> byAlert(List<Map<String, Object>> rows) {
        Map<Object, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Map<String, Object> m : rows) out.computeIfAbsent(m.get("alert_id"), k -> new ArrayList<>()).add(m);
        return out;
    }

    private static List<Long> ids(List<Map<String, Object>> rows) {
        return rows.stream().map(m -> ((Number) m.get("id")).longValue()).toList();
    }

    /** The cluster's events: about its profiles, or about one of its records. */
    private static List<Map<String, Object>> events(Connection c, List<Long> profiles, List<Long> records) throws SQLException {
        Map<Object, Map<String, Object>> byId = new java.util.TreeMap<>();
        for (Map<String, Object> m : rows(c, "SELECT * FROM guest_event WHERE profile_id", profiles)) byId.put(m.get("id"), m);
        for (Map<String, Object> m : rows(c, "SELECT * FROM guest_event WHERE record_id", records)) byId.put(m.get("id"), m);
        return new ArrayList<>(byId.values());
    }

    private static Set<String> alertIds(Connection c, List<Long> profiles, List<Long> events) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        Sql.in(c, "SELECT id FROM alert WHERE profile_id", List.of(), profiles, rs -> ids.add(rs.getString(1)));
        Sql.in(c, "SELECT id FROM alert WHERE event_id", List.of(), events, rs -> ids.add(rs.getString(1)));
        return ids;
    }

    /** Journal rows of the cluster: those that wrote a version of one of its records, and rejected rows of its keys. */
    private static List<Map<String, Object>> journalRows(Connection c, Cluster cluster) throws SQLException {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        String select = "SELECT f.source_id, f.file_name, r.* FROM import_row r JOIN import_file f ON f.id = r.file_id ";
        for (long[] at : journalPositions(c, cluster)) {
            try (PreparedStatement ps = c.prepareStatement(select + "WHERE r.file_id = ? AND r.line_no = ?")) {
                ps.setLong(1, at[0]);
                ps.setLong(2, at[1]);
                for (Map<String, Object> m : read(ps)) out.put(m.get("file_id") + ":" + m.get("line_no"), m);
            }
        }
        for (String[] key : sourceKeys(c, cluster)) {
            try (PreparedStatement ps = c.prepareStatement(select + "WHERE r.source_key = ? AND f.source_id = ?")) {
                ps.setString(1, key[1]);
                ps.setString(2, key[0]);
                for (Map<String, Object> m : read(ps)) out.put(m.get("file_id") + ":" + m.get("line_no"), m);
            }
        }
        return new ArrayList<>(out.values());
    }

    /** (run, line) of every version of the cluster's records: current and history. */
    private static List<long[]> journalPositions(Connection c, Cluster cluster) throws SQLException {
        List<Long> r = cluster.records().stream().map(Record::id).toList();
        Set<List<Long>> at = new LinkedHashSet<>();
        for (String table : List.of("source_record WHERE id", "source_record_history WHERE source_record_id"))
            Sql.in(c, "SELECT file_id, line_no FROM " + table, List.of(), r, rs -> {
                long file = rs.getLong(1);
                if (!rs.wasNull()) at.add(List.of(file, rs.getLong(2)));
            });
        return at.stream().map(l -> new long[]{l.get(0), l.get(1)}).toList();
    }

    /** (feed, source key) of the cluster's records, for the journal rows that name a key but stored no record. */
    private static List<String[]> sourceKeys(Connection c, Cluster cluster) throws SQLException {
        Set<List<String>> keys = new LinkedHashSet<>();
        Sql.in(c, "SELECT source_id, source_key FROM source_record WHERE id", List.of(),
                cluster.records().stream().map(Record::id).toList(), rs -> keys.add(List.of(rs.getString(1), rs.getString(2))));
        return keys.stream().map(l -> new String[]{l.get(0), l.get(1)}).toList();
    }

    /**
     * Records a correction of one golden field (validated by the caller) in the caller's transaction; the caller then
     * recomputes the golden row, which applies it ({@link GoldenRecords}). Returns its id.
     */
    public static long rectify(Transaction tx, long profileId, String field, String value, String reason, String actor) {
        if (!RECTIFIABLE.contains(field)) throw new IllegalArgumentException("field " + field + " cannot be rectified");
        return tx.sql("recording a correction of profile " + profileId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO profile_rectification (profile_id, field, new_value, "
                    + "reason, actor, at) VALUES (?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, profileId);
                ps.setString(2, field);
                Sql.setString(ps, 3, value, 1000, "profile_rectification.new_value");
                Sql.setString(ps, 4, reason, 500, "profile_rectification.reason");
                Sql.setString(ps, 5, actor, 100, "profile_rectification.actor");
                ps.setObject(6, ImportJournal.now());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** The corrections of these profiles, oldest first (a later one of the same field wins). */
    static List<Rectification> rectifications(Connection c, Collection<Long> profileIds) throws SQLException {
        List<Rectification> out = new ArrayList<>();
        Sql.in(c, "SELECT id, profile_id, field, new_value, reason, actor, at FROM profile_rectification WHERE profile_id",
                List.of(), new LinkedHashSet<>(profileIds), rs -> out.add(new Rectification(rs.getLong(1), rs.getLong(2),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class))));
        out.sort(java.util.Comparator.comparingLong(Rectification::id));
        return out;
    }

    /**
     * Erases the cluster in the caller's transaction: journal rows' raw text, key, value and reason; refused messages
     * that name one of its keys; alerts with their deliveries and attempts; events and their messages' ids; source
     * records with history and facts; identity keys, names, contacts, blocking keys, match rows, queues, memory,
     * segments, reviews, merges, corrections and the profiles. Adds the suppression entries and the erasure row.
     */
    public static Erased erase(Transaction tx, Cluster cluster, String actor, String reason, Collection<Suppressions.Entry> suppress) {
        return tx.sql("erasing profile " + cluster.live(), c -> {
            InHouseChanges.changing(); // the guest's stays and names go
            long erasure = newErasure(c, actor, reason);
            String note = "erased (erasure " + erasure + ")";
            List<Long> p = cluster.profiles();
            List<Long> r = cluster.records().stream().map(Record::id).toList();
            int journal = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE import_row SET raw_text = NULL, bad_value = NULL, "
                    + "source_key = NULL, field = NULL, reason = ? WHERE file_id = ? AND line_no = ?")) {
                for (long[] at : journalPositions(c, cluster)) {
                    ps.setString(1, note);
                    ps.setLong(2, at[0]);
                    ps.setLong(3, at[1]);
                    journal += ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE import_row SET raw_text = NULL, bad_value = NULL, "
                    + "source_key = NULL, field = NULL, reason = ? WHERE source_key = ? AND file_id IN "
                    + "(SELECT id FROM import_file WHERE source_id = ?)")) {
                for (String[] key : sourceKeys(c, cluster)) {
                    ps.setString(1, note);
                    ps.setString(2, key[1]);
                    ps.setString(3, key[0]);
                    journal += ps.executeUpdate();
                }
            }
            refusedMessages(c, tx.rawText(), cluster, note);
            List<Long> events = ids(events(c, p, r));
            Set<String> alerts = alertIds(c, p, events);
            delete(c, "DELETE FROM alert_attempt WHERE alert_id", alerts);
            delete(c, "DELETE FROM alert_delivery WHERE alert_id", alerts);
            int alertCount = delete(c, "DELETE FROM alert WHERE id", alerts);
            delete(c, "DELETE FROM inbound_message WHERE event_id", events);
            int eventCount = delete(c, "DELETE FROM guest_event WHERE id", events);
            for (String table : List.of("pos_item", "pos_ticket", "folio_line", "stay_checkout_inferred", "stay",
                    "source_record_history"))
                delete(c, "DELETE FROM " + table + " WHERE source_record_id", r);
            delete(c, "DELETE FROM memory_queue WHERE source_record_id", r);
            for (String table : List.of("profile_key", "profile_name", "profile_contact", "profile_block", "profile_match",
                    "link_queue", "memory_queue", "profile_memory", "profile_segment", "alert_recheck", "profile_rectification",
                    "consent_statement", "consent_refusal"))
                delete(c, "DELETE FROM " + table + " WHERE profile_id", p);
            for (String column : List.of("profile_a", "profile_b")) {
                delete(c, "DELETE FROM possible_duplicate WHERE " + column, p);
                delete(c, "DELETE FROM distinct_pair WHERE " + column, p);
            }
            delete(c, "DELETE FROM profile_merge WHERE survivor_id", p);
            delete(c, "DELETE FROM profile_merge WHERE absorbed_id", p);
            int records = delete(c, "DELETE FROM source_record WHERE id", r);
            delete(c, "UPDATE guest_profile SET merged_into = NULL WHERE id", p);
            int profiles = delete(c, "DELETE FROM guest_profile WHERE id", p);
            int suppressions = Suppressions.add(c, erasure, suppress);
            try (PreparedStatement ps = c.prepareStatement("UPDATE guest_erasure SET profiles = ?, records = ?, journal_rows = ?, "
                    + "events = ?, alerts = ?, suppressions = ? WHERE id = ?")) {
                ps.setInt(1, profiles);
                ps.setInt(2, records);
                ps.setInt(3, journal);
                ps.setInt(4, eventCount);
                ps.setInt(5, alertCount);
                ps.setInt(6, suppressions);
                ps.setLong(7, erasure);
                ps.executeUpdate();
            }
            return new Erased(erasure, profiles, records, journal, eventCount, alertCount, suppressions);
        });
    }

    private static long newErasure(Connection c, String actor, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO guest_erasure (erased_at, actor, reason, profiles, records, "
                + "journal_rows, events, alerts, suppressions) VALUES (?,?,?,0,0,0,0,0,0)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setObject(1, ImportJournal.now());
            Sql.setString(ps, 2, actor, 100, "guest_erasure.actor");
            Sql.setString(ps, 3, reason, 500, "guest_erasure.reason");
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * A refused message is not linked to a profile (it was never applied): its raw text is cleared when it names one
     * of the cluster's source or guest keys. Keys shorter than 6 characters are not looked for: they would match
     * other messages' text (dates, counts) by chance.
     */
    private static void refusedMessages(Connection c, RawText rawText, Cluster cluster, String note) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        for (Record rec : cluster.records()) {
            if (rec.key() != null && rec.key().length() >= 6) keys.add(rec.key());
            if (rec.guestKey() != null && rec.guestKey().length() >= 6) keys.add(rec.guestKey());
        }
        if (keys.isEmpty()) return;
        // the raw text is sealed (RawText), so the database cannot search it: each kept text is opened here; refused
        // messages are few (they are what a sender got wrong) and retention deletes them after a while
        List<Long> naming = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, raw_text FROM refused_message WHERE raw_text IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String text = rawText.open(rs.getString(2));
                if (text != null && keys.stream().anyMatch(text::contains)) naming.add(rs.getLong(1));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE refused_message SET raw_text = NULL, field = NULL, reason = ? WHERE id = ?")) {
            for (Long id : naming) {
                ps.setString(1, note);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        }
    }

    /** {@code prefix IN (values)} for an UPDATE or DELETE, in chunks; the rows it changed. */
    private static int delete(Connection c, String prefix, Collection<?> values) throws SQLException {
        if (values.isEmpty()) return 0;
        List<?> all = new ArrayList<>(values);
        int n = 0;
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<?> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement(prefix + " IN (" + "?,".repeat(chunk.size() - 1) + "?)")) {
                int i = 1;
                for (Object v : chunk) ps.setObject(i++, v);
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    /** Rows of {@code prefix IN (values)} as column-name maps. */
    private static List<Map<String, Object>> rows(Connection c, String prefix, Collection<?> values) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        Sql.in(c, prefix, List.of(), values, rs -> out.add(row(rs)));
        return out;
    }

    private static List<Map<String, Object>> read(PreparedStatement ps) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(row(rs));
        }
        return out;
    }

    /** One row, columns in lower case; times as ISO text, JSON columns as JSON. */
    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            Object v = rs.getObject(i);
            if (v instanceof java.sql.Timestamp t) v = md.getColumnType(i) == java.sql.Types.TIMESTAMP_WITH_TIMEZONE
                    || md.getColumnTypeName(i).toLowerCase(Locale.ROOT).contains("tz") ? t.toInstant().toString() : t.toLocalDateTime().toString();
            else if (v instanceof java.sql.Date d) v = d.toLocalDate().toString();
            else if (v instanceof java.time.temporal.TemporalAccessor) v = v.toString();
            else if (v instanceof String s && JSON_COLUMNS.contains(name) && !RawText.isSealed(s)) v = tree(s);
            else if (v != null && !(v instanceof Number) && !(v instanceof String) && !(v instanceof Boolean)) v = v.toString();
            if (v instanceof BigDecimal b) v = b;
            m.put(name, v);
        }
        return m;
    }

    private static JsonNode tree(String json) {
        try {
            return Payloads.READER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored JSON value cannot be read back: " + e.getMessage(), e);
        }
    }
}

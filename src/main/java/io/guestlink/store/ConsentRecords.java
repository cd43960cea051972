package io.guestlink.store;

import io.guestlink.model.Consent;
import io.guestlink.model.ConsentPurpose;
import io.guestlink.model.ConsentRefusal;
import io.guestlink.model.ConsentStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Consent statements (consent_statement) and the marketing alerts refused for want of consent (consent_refusal).
 * Statements are only ever added: a guest's consent for a purpose is the latest by {@code stated_at} across every
 * profile of their cluster ({@link Consent}), read here in Java for one guest and in SQL for segment lists.
 */
public final class ConsentRecords {
    /** The system a statement made by a person at the console or API is recorded under. */
    public static final String CONSOLE = "console";

    private ConsentRecords() {
    }

    /** A statement as stored, with who recorded it and when. */
    public record Stored(long id, long profileId, ConsentStatement statement, boolean datedBySource, Long sourceRecordId,
                         Instant recordedAt, String recordedBy) {
    }

    /** What one source record said, to be recorded on its profile. */
    record FromRecord(long profileId, long sourceRecordId, String system, List<ConsentStatement> said, String evidence) {
    }

    /**
     * Records what source records said. A dated statement is added unless the same one (profile, purpose, answer,
     * time, system) is already there, so a file or message delivered twice adds nothing. An undated one (the source
     * gives no time) is dated {@code now}, but only when it changes what the same system last said for that profile
     * and purpose: a system repeating an old "yes" is not a new statement and never outdates another system's "no".
     *
     * @param fresh profiles created in this transaction: they hold no statement yet, so theirs are not looked up
     */
    static void fromRecords(Connection c, List<FromRecord> items, Instant now, Set<Long> fresh) throws SQLException {
        List<FromRecord> said = items.stream().filter(i -> !i.said().isEmpty()).toList();
        if (said.isEmpty()) return;
        Map<String, Boolean> lastBySystem = new HashMap<>();  // profile|purpose|system -> last answer
        Map<String, Instant> lastAt = new HashMap<>();
        Set<String> exact = new java.util.HashSet<>();
        Sql.in(c, "SELECT profile_id, purpose, source_system, granted, stated_at FROM consent_statement WHERE profile_id",
                List.of(), new LinkedHashSet<>(said.stream().map(FromRecord::profileId).filter(p -> !fresh.contains(p)).toList()), rs -> {
                    String k = rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3);
                    Instant at = rs.getObject(5, OffsetDateTime.class).toInstant();
                    exact.add(k + "|" + rs.getBoolean(4) + "|" + at);
                    if (!lastAt.containsKey(k) || !at.isBefore(lastAt.get(k))) {
                        lastAt.put(k, at);
                        lastBySystem.put(k, rs.getBoolean(4));
                    }
                });
        // COPY on PostgreSQL: a night's reservations can each carry several statements
        try (TableRows rows = new TableRows(c, "consent_statement", COLUMNS)) {
            for (FromRecord item : said) {
                for (ConsentStatement s : item.said()) {
                    String k = item.profileId() + "|" + s.purpose().name() + "|" + item.system();
                    boolean dated = s.statedAt() != null;
                    Instant at = dated ? s.statedAt() : now;
                    if (dated ? !exact.add(k + "|" + s.granted() + "|" + at)
                            : Objects.equals(lastBySystem.get(k), s.granted())) continue;
                    lastBySystem.put(k, s.granted());
                    if (!dated) exact.add(k + "|" + s.granted() + "|" + at);
                    String evidence = s.evidence() == null ? item.evidence() : s.evidence() + "; " + item.evidence();
                    ConsentStatement stored = s.at(at, item.system(), bounded(evidence));
                    rows.add(item.profileId(), stored.purpose().name(), stored.granted(), stored.statedAt().atOffset(ZoneOffset.UTC),
                            dated, stored.source(), stored.evidence(), item.sourceRecordId(), now.atOffset(ZoneOffset.UTC), null);
                }
            }
            rows.flush();
        }
    }

    /**
     * Records a statement a person made for a guest (a withdrawal at the desk, a form the privacy officer holds): on
     * the guest's live profile, as {@link #CONSOLE} unless another system is named. Returns it as stored, or empty
     * when there is no such profile.
     */
    public static java.util.Optional<Stored> record(Transaction tx, long profileId, ConsentStatement s, String by) {
        return tx.sql("recording a consent statement", c -> {
            Long live = GoldenRecords.live(c, List.of(profileId)).get(profileId);
            if (live == null) return java.util.Optional.empty();
            Instant now = Instant.now();
            ConsentStatement stored = s.at(s.statedAt() == null ? now : s.statedAt(),
                    s.source() == null ? CONSOLE : s.source(), bounded(s.evidence()));
            try (PreparedStatement ps = insert(c)) {
                bind(ps, live, stored, s.statedAt() != null, null, now, by);
                ps.executeUpdate();
            }
            return java.util.Optional.of(new Stored(0, live, stored, s.statedAt() != null, null, now, by));
        });
    }

    /** Whether a profile of this id exists (merged or live). */
    public static boolean hasProfile(Transaction tx, long profileId) {
        return tx.sql("looking up a profile", c -> GoldenRecords.live(c, List.of(profileId)).containsKey(profileId));
    }

    /** The guest's current consent: the latest statement per purpose across the profiles of their cluster. */
    public static Consent current(Transaction tx, long profileId) {
        return tx.sql("reading consent", c -> current(c, profileId));
    }

    /** Every statement on the guest's cluster, latest first, for the API and an export. */
    public static List<Stored> statements(Transaction tx, long profileId) {
        return tx.sql("reading consent statements", c -> {
            List<Stored> out = new ArrayList<>();
            Sql.in(c, "SELECT id, profile_id, purpose, granted, stated_at, source_system, evidence, dated_by_source, "
                    + "source_record_id, recorded_at, recorded_by FROM consent_statement WHERE profile_id", List.of(), cluster(c, profileId), rs -> {
                ConsentStatement s = new ConsentStatement(ConsentPurpose.valueOf(rs.getString(3)), rs.getBoolean(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6), rs.getString(7));
                out.add(new Stored(rs.getLong(1), rs.getLong(2), s, rs.getBoolean(8), (Long) rs.getObject(9, Long.class),
                        rs.getObject(10, OffsetDateTime.class).toInstant(), rs.getString(11)));
            });
            out.sort(java.util.Comparator.comparing((Stored x) -> x.statement(), Consent.PRECEDENCE).reversed()
                    .thenComparing(Stored::id, java.util.Comparator.reverseOrder()));
            return out;
        });
    }

    static Consent current(Connection c, long profileId) throws SQLException {
        return current(c, cluster(c, profileId));
    }

    /** The current consent of the cluster made of these profiles. */
    static Consent current(Connection c, Collection<Long> members) throws SQLException {
        List<ConsentStatement> all = new ArrayList<>();
        Sql.in(c, "SELECT purpose, granted, stated_at, source_system, evidence FROM consent_statement WHERE profile_id",
                List.of(), new LinkedHashSet<>(members), rs -> all.add(new ConsentStatement(ConsentPurpose.valueOf(rs.getString(1)),
                        rs.getBoolean(2), rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5))));
        return Consent.of(all);
    }

    private static Set<Long> cluster(Connection c, long profileId) throws SQLException {
        Long live = GoldenRecords.live(c, List.of(profileId)).get(profileId);
        if (live == null) return Set.of();
        return new LinkedHashSet<>(GoldenRecords.members(c, List.of(live)).get(live));
    }

    /**
     * SQL that holds when the live profile in {@code profileColumn} has a current "yes" for the purpose bound at its
     * one parameter: a "yes" on some profile of its cluster that no later statement (nor a "no" of the same time) on
     * the cluster outdates. Merged profiles point straight at their live one (merged_into), so the cluster is the live
     * profile and the profiles merged into it.
     */
    static String allowsSql(String profileColumn) {
        String inCluster = " JOIN guest_profile %1$s ON %1$s.id = %2$s.profile_id AND (%1$s.id = " + profileColumn
                + " OR %1$s.merged_into = " + profileColumn + ")";
        return "EXISTS (SELECT 1 FROM consent_statement cy" + inCluster.formatted("py", "cy")
                + " WHERE cy.purpose = ? AND cy.granted AND NOT EXISTS (SELECT 1 FROM consent_statement cn"
                + inCluster.formatted("pn", "cn") + " WHERE cn.purpose = cy.purpose AND (cn.stated_at > cy.stated_at "
                + "OR (cn.stated_at = cy.stated_at AND NOT cn.granted))))";
    }

    // ---- refusals ----------------------------------------------------------------------------------------------

    /** Records refusals not recorded before; returns how many were new. */
    public static int refused(Transaction tx, List<ConsentRefusal> refusals) {
        if (refusals.isEmpty()) return 0;
        return tx.sql("recording " + refusals.size() + " consent refusals", c -> {
            Set<String> known = new java.util.HashSet<>();
            Sql.in(c, "SELECT alert_id, channel FROM consent_refusal WHERE alert_id", List.of(),
                    new LinkedHashSet<>(refusals.stream().map(ConsentRefusal::alertId).toList()),
                    rs -> known.add(rs.getString(1) + "|" + rs.getString(2)));
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO consent_refusal (alert_id, channel, rule_id, audience, "
                    + "property, business_date, profile_id, purposes, refused_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
                for (ConsentRefusal r : refusals) {
                    if (!known.add(r.alertId() + "|" + r.channel())) continue;
                    ps.setString(1, r.alertId());
                    ps.setString(2, r.channel());
                    ps.setString(3, r.rule());
                    ps.setString(4, r.audience());
                    ps.setString(5, r.property());
                    ps.setObject(6, r.businessDate());
                    ps.setLong(7, r.profileId());
                    ps.setString(8, String.join(" ", r.purposes().stream().map(ConsentPurpose::code).toList()));
                    ps.setObject(9, ImportJournal.now());
                    ps.addBatch();
                    n++;
                }
                if (n > 0) ps.executeBatch();
            }
            return n;
        });
    }

    /** How many alerts (or channel deliveries) each rule had refused for want of consent, by rule id. */
    public static Map<String, Long> refusalsByRule(Transaction tx) {
        return tx.sql("counting consent refusals", c -> {
            Map<String, Long> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT rule_id, COUNT(*) FROM consent_refusal GROUP BY rule_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        });
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static final String COLUMNS = "profile_id, purpose, granted, stated_at, dated_by_source, source_system, evidence, "
            + "source_record_id, recorded_at, recorded_by";

    private static PreparedStatement insert(Connection c) throws SQLException {
        return c.prepareStatement("INSERT INTO consent_statement (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?)");
    }

    private static void bind(PreparedStatement ps, long profileId, ConsentStatement s, boolean dated, Long recordId,
                             Instant now, String by) throws SQLException {
        ps.setLong(1, profileId);
        ps.setString(2, s.purpose().name());
        ps.setBoolean(3, s.granted());
        ps.setObject(4, s.statedAt().atOffset(ZoneOffset.UTC));
        ps.setBoolean(5, dated);
        ps.setString(6, s.source());
        ps.setString(7, s.evidence());
        ps.setObject(8, recordId);
        ps.setObject(9, now.atOffset(ZoneOffset.UTC));
        ps.setString(10, by);
    }

    /** Evidence is free text up to the column: longer is refused where it enters (the API, the schema), never cut here. */
    private static String bounded(String evidence) {
        if (evidence != null && evidence.length() > ConsentStatement.MAX_EVIDENCE)
            throw new IllegalArgumentException("consent evidence longer than " + ConsentStatement.MAX_EVIDENCE + " characters");
        return evidence;
    }
}

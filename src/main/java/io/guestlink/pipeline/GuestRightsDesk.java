package io.guestlink.pipeline;

import io.guestlink.identity.SuppressionKeys;
import io.guestlink.model.FieldLimit;
import io.guestlink.store.AuditTrail;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.GuestRights;
import io.guestlink.store.Suppressions;
import io.guestlink.store.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guest's rights, the same for the command line and the HTTP API (privacy officer): export everything held about
 * a guest as one document, correct a golden field with its provenance, and erase the guest from every table, leaving
 * keyed hashes on the suppression list so that the next import or message of the same record, source guest or
 * identity document is journaled SUPPRESSED instead of bringing them back. Every call is audited in its own
 * transaction, so nothing is exported, corrected or erased without its audit row.
 */
public final class GuestRightsDesk {
    private static final Logger LOG = LoggerFactory.getLogger(GuestRightsDesk.class);
    /** Longest reason kept (the audit row carries it beside the field's name). */
    public static final int MAX_REASON = 300;

    private final Database db;
    private final BatchWriter writer;
    private final GoldenRecords golden;
    private final SuppressionKeys keys;

    public GuestRightsDesk(Database db, BatchWriter writer, GoldenRecords golden, SuppressionKeys keys) {
        this.db = db;
        this.writer = writer;
        this.golden = golden;
        this.keys = keys;
    }

    /** A correction as made: the live profile it applies to and the correction's id. */
    public record Rectified(long profile, long rectification, String field, String by) {
    }

    /**
     * Everything held about the guest (a merged id counts as its survivor's cluster) as one document.
     *
     * @throws IllegalArgumentException "no profile N"
     */
    public Map<String, Object> export(long profileId, String by) {
        return db.inTransaction("export of profile " + profileId, tx -> {
            long live = live(tx, profileId);
            Map<String, Object> doc = GuestRights.export(tx, live);
            AuditTrail.record(tx, actor(by), "EXPORT", live, "profile " + live, "everything held, as one JSON document");
            return doc;
        });
    }

    /**
     * Corrects one golden field ({@link GuestRights#RECTIFIABLE}); {@code value} null clears it. The correction wins
     * over every source from now on, and the profile's provenance names it with who, when and why.
     *
     * @throws IllegalArgumentException "no profile N", or a field, value or reason that cannot be kept (named)
     */
    public Rectified rectify(long profileId, String field, String value, String reason, String by) {
        String v = checkValue(field, value);
        String why = checkReason(reason);
        return writer.inIdentityChange("correction of profile " + profileId, tx -> {
            long live = live(tx, profileId);
            long id = GuestRights.rectify(tx, live, field, v, why, actor(by));
            golden.recompute(tx, Set.of(live));
            AuditTrail.record(tx, actor(by), "RECTIFY", live, "rectification " + id, "field " + field + "; reason: " + why);
            LOG.info("profile {}: field {} corrected (rectification {})", live, field, id);
            return new Rectified(live, id, field, actor(by));
        });
    }

    /**
     * Erases the guest's whole cluster and lists its records, source guest keys and documents on the suppression list.
     *
     * @throws IllegalArgumentException "no profile N", or a blank or too long reason
     */
    public GuestRights.Erased erase(long profileId, String reason, String by) {
        String why = checkReason(reason);
        // under the identity lock: no batch links a record to this guest while it is being erased
        return writer.inIdentityChange("erasure of profile " + profileId, tx -> {
            long live = live(tx, profileId);
            GuestRights.Cluster cluster = GuestRights.cluster(tx, live);
            List<Suppressions.Entry> entries = new ArrayList<>();
            for (GuestRights.Record r : cluster.records()) {
                entries.add(entry(keys.record(r.system(), r.kind(), r.key())));
                if (r.guestKey() != null && !r.guestKey().isBlank()) entries.add(entry(keys.guest(r.system(), r.guestKey())));
            }
            for (String d : cluster.documentHashes()) entries.add(entry(keys.document(d)));
            GuestRights.Erased erased = GuestRights.erase(tx, cluster, actor(by), why, entries);
            AuditTrail.record(tx, actor(by), "ERASE", live, "erasure " + erased.erasure(), "reason: " + why);
            LOG.info("profile {} erased (erasure {}): {} profiles, {} records, {} journal rows, {} events, {} alerts; "
                            + "{} suppression hashes added", live, erased.erasure(), erased.profiles(), erased.records(),
                    erased.journalRows(), erased.events(), erased.alerts(), erased.suppressions());
            return erased;
        });
    }

    private static Suppressions.Entry entry(SuppressionKeys.Key k) {
        return new Suppressions.Entry(k.kind().name(), k.hash());
    }

    private static long live(Transaction tx, long profileId) {
        Long live = GuestRights.live(tx, profileId);
        if (live == null) throw new IllegalArgumentException("no profile " + profileId);
        return live;
    }

    /** The value as it will be kept; null clears the field. Errors name the field and the rule, never the value. */
    static String checkValue(String field, String value) {
        if (field == null || !GuestRights.RECTIFIABLE.contains(field))
            throw new IllegalArgumentException("field must be one of " + new java.util.TreeSet<>(GuestRights.RECTIFIABLE));
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        FieldLimit limit = switch (field) {
            case "displayName" -> FieldLimit.GUEST_NAME;
            case "gender" -> FieldLimit.GENDER;
            case "nationality" -> FieldLimit.NATIONALITY;
            case "language" -> FieldLimit.LANGUAGE;
            case "vipCode" -> FieldLimit.VIP;
            default -> null;
        };
        if (limit != null && v.length() > limit.maxLength())
            throw new IllegalArgumentException("value of " + field + " is longer than " + limit.maxLength() + " characters");
        if (field.equals("birthDate")) {
            try {
                LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("value of birthDate must be a date YYYY-MM-DD");
            }
        }
        return v;
    }

    static String checkReason(String reason) {
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("reason is required (the request it answers)");
        String r = reason.strip();
        if (r.length() > MAX_REASON) throw new IllegalArgumentException("reason is longer than " + MAX_REASON + " characters");
        return r;
    }

    /** Who the audit trail names: the person given, else the command line. */
    private static String actor(String by) {
        return by == null || by.isBlank() ? "cli" : by;
    }
}

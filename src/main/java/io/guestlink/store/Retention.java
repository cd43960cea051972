package io.guestlink.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What each kind of kept data holds past a cut-off time, counted or removed: the SQL of the pruner
 * ({@code pipeline.Pruner}). Each kind is one or two statements over the rows older than the cut-off; what is
 * cleared rather than deleted keeps the row (its counts and outcome) and loses only the personal text.
 */
public final class Retention {
    /** A payload whose card was cleared: still JSON, says when, holds nothing about the guest. */
    public static final String PRUNED_PAYLOAD = "{\"pruned\":true}";

    /** The kinds of kept data with a retention of their own (guestlink.retention.*). */
    public enum Kind {
        /** import_row.raw_text (by its run's start) and refused_message.raw_text (by arrival): cleared. */
        JOURNAL_RAW_TEXT("journal raw text", "cleared",
                List.of("UPDATE import_row SET raw_text = NULL WHERE raw_text IS NOT NULL AND file_id IN "
                                + "(SELECT id FROM import_file WHERE started_at < ?)",
                        "UPDATE refused_message SET raw_text = NULL WHERE raw_text IS NOT NULL AND received_at < ?"),
                List.of("SELECT COUNT(*) FROM import_row WHERE raw_text IS NOT NULL AND file_id IN "
                                + "(SELECT id FROM import_file WHERE started_at < ?)",
                        "SELECT COUNT(*) FROM refused_message WHERE raw_text IS NOT NULL AND received_at < ?")),
        /** source_record_history rows, by when they were replaced: deleted. */
        SOURCE_HISTORY("source history", "deleted",
                List.of("DELETE FROM source_record_history WHERE replaced_at < ?"),
                List.of("SELECT COUNT(*) FROM source_record_history WHERE replaced_at < ?")),
        /** inbound_message and refused_message rows, by arrival: deleted. */
        INBOUND_MESSAGES("inbound messages", "deleted",
                List.of("DELETE FROM inbound_message WHERE received_at < ?",
                        "DELETE FROM refused_message WHERE received_at < ?"),
                List.of("SELECT COUNT(*) FROM inbound_message WHERE received_at < ?",
                        "SELECT COUNT(*) FROM refused_message WHERE received_at < ?")),
        /** alert.payload, by when raised, once every delivery is DELIVERED: replaced by {@link #PRUNED_PAYLOAD}. */
        OUTBOX_PAYLOADS("outbox payloads", "cleared",
                List.of("UPDATE alert SET payload = '" + PRUNED_PAYLOAD + "' WHERE created_at < ? AND payload <> '"
                        + PRUNED_PAYLOAD + "' AND NOT EXISTS (SELECT 1 FROM alert_delivery d WHERE d.alert_id = alert.id "
                        + "AND d.status <> 'DELIVERED')"),
                List.of("SELECT COUNT(*) FROM alert WHERE created_at < ? AND payload <> '" + PRUNED_PAYLOAD + "' AND NOT "
                        + "EXISTS (SELECT 1 FROM alert_delivery d WHERE d.alert_id = alert.id AND d.status <> 'DELIVERED')")),
        /** audit_entry rows, by when written: deleted. */
        AUDIT("audit", "deleted",
                List.of("DELETE FROM audit_entry WHERE at < ?"),
                List.of("SELECT COUNT(*) FROM audit_entry WHERE at < ?"));

        private final String label;
        private final String verb;
        private final List<String> prune;
        private final List<String> count;

        Kind(String label, String verb, List<String> prune, List<String> count) {
            this.label = label;
            this.verb = verb;
            this.prune = prune;
            this.count = count;
        }

        /** How people call it ("journal raw text"). */
        public String label() {
            return label;
        }

        /** What pruning does to it: "cleared" (the row stays) or "deleted". */
        public String verb() {
            return verb;
        }
    }

    private Retention() {
    }

    /** How many rows of the kind are older than the cut-off (what {@link #prune} would touch now). */
    public static long count(Transaction tx, Kind kind, Instant cutoff) {
        return tx.sql("counting the " + kind.label + " past retention", c -> {
            long n = 0;
            for (String sql : kind.count) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        n += rs.getLong(1);
                    }
                }
            }
            return n;
        });
    }

    /** Clears or deletes the kind's rows older than the cut-off; how many. */
    public static long prune(Transaction tx, Kind kind, Instant cutoff) {
        return tx.sql("pruning the " + kind.label + " past retention", c -> {
            long n = 0;
            for (String sql : kind.prune) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }
}

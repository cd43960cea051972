package io.guestlink.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail (audit_entry): who looked at which profile and who decided, merged or unmerged what. Written in the
 * caller's unit of work, so a decision and its audit row commit together; never updated or deleted here.
 */
public final class AuditTrail {
    private AuditTrail() {
    }

    /** One entry. {@code detail} says how (decided same, searched by phone), never a searched or personal value. */
    public record Entry(long id, OffsetDateTime at, String actor, String action, Long profileId, String target,
                        String detail) {
    }

    public static void record(Transaction tx, String actor, String action, Long profileId, String target, String detail) {
        tx.sql("recording an audit entry", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_entry (at, actor, action, profile_id, target, "
                    + "detail) VALUES (?,?,?,?,?,?)")) {
                ps.setObject(1, ImportJournal.now());
                ps.setString(2, bounded("actor", actor == null || actor.isBlank() ? "unknown" : actor, 100));
                ps.setString(3, bounded("action", action, 32));
                ps.setObject(4, profileId);
                ps.setString(5, bounded("target", target, 300));
                ps.setString(6, bounded("detail", detail, 500));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Audit values are ours (configured names, ids, fixed words): a longer one is a bug, refused, never cut. */
    private static String bounded(String column, String value, int max) {
        if (value != null && value.length() > max)
            throw new IllegalArgumentException("audit_entry." + column + " longer than " + max + " characters");
        return value;
    }

    /**
     * Entries newest first, optionally only one profile's or one actor's, {@code limit} from {@code offset}.
     */
    public static List<Entry> list(Transaction tx, Long profileId, String actor, int offset, int limit) {
        return tx.sql("reading the audit trail", c -> {
            StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, profile_id, target, detail FROM audit_entry");
            List<Object> args = new ArrayList<>();
            if (profileId != null) {
                sql.append(" WHERE profile_id = ?");
                args.add(profileId);
            }
            if (actor != null) {
                sql.append(args.isEmpty() ? " WHERE" : " AND").append(" actor = ?");
                args.add(actor);
            }
            sql.append(" ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
            args.add(offset);
            args.add(limit);
            return Sql.list(c, sql.toString(), args, rs -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class),
                    rs.getString(3), rs.getString(4), (Long) rs.getObject(5, Long.class), rs.getString(6), rs.getString(7)));
        });
    }
}

package io.guestlink.store;

import io.guestlink.model.ImportCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The import journal: one row per file or replay run and one per record with its outcome. A run left RUNNING by a
 * crash is resumed after its last committed line when the same content arrives again.
 */
public final class ImportJournal {
    private final Database db;

    public ImportJournal(Database db) {
        this.db = db;
    }

    /**
     * A run in progress: its id and the last line already committed (0 for a new run).
     *
     * @param note what interrupted it, when it was interrupted by a transient failure (see {@link #noteRetry}); else null
     */
    public record Run(long id, long resumeAfterLine, ImportCounts countsSoFar, String note) {
        public Run(long id, long resumeAfterLine, ImportCounts countsSoFar) {
            this(id, resumeAfterLine, countsSoFar, null);
        }
    }

    public record FileSummary(long id, String sourceId, String fileName, String status, Instant startedAt,
                              ImportCounts counts, Long durationMs, Double rowsPerSecond, String error) {
    }

    public record JournalRow(long fileId, long line, String outcome, String sourceKey, String field, String value,
                             String reason, String raw, String headerText) {
    }

    public Run start(String sourceId, String fileName, String sha256, long size, String headerText) {
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, last_line, rows_read, rows_imported, rows_updated, "
                    + "rows_unchanged, rows_rejected, rows_skipped, error FROM import_file WHERE source_id = ? AND file_sha256 = ? "
                    + "AND status = 'RUNNING' ORDER BY id DESC")) {
                ps.setString(1, sourceId);
                ps.setString(2, sha256);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Run(rs.getLong(1), rs.getLong(2), new ImportCounts(rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)), rs.getString(9));
                    }
                }
            }
            long id = insertRun(c, sourceId, fileName, sha256, size, headerText, "RUNNING");
            return new Run(id, 0, ImportCounts.ZERO);
        } catch (SQLException e) {
            throw new StoreException("cannot start the journal of " + fileName, e);
        }
    }

    /** Records that a file was dropped again with content already imported: nothing else happens. */
    public long recordDuplicate(String sourceId, String fileName, String sha256, long size) {
        try (Connection c = db.connection()) {
            long id = insertRun(c, sourceId, fileName, sha256, size, null, "DUPLICATE");
            try (PreparedStatement ps = c.prepareStatement("UPDATE import_file SET finished_at = ? WHERE id = ?")) {
                ps.setObject(1, now());
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return id;
        } catch (SQLException e) {
            throw new StoreException("cannot journal the duplicate " + fileName, e);
        }
    }

    private long insertRun(Connection c, String sourceId, String fileName, String sha256, long size, String header,
                           String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_file (source_id, file_name, file_sha256, "
                + "file_size, header_text, status, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, sourceId);
            ps.setString(2, Sql.shown(fileName, 1000)); // a name for people to read: marked when shortened
            ps.setString(3, sha256);
            ps.setLong(4, size);
            ps.setString(5, header);
            ps.setString(6, status);
            ps.setObject(7, now());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Marks the RUNNING runs of a feed whose name starts with the prefix as INTERRUPTED (they ended with a stop). */
    public int closeInterrupted(String sourceId, String namePrefix) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE import_file SET status = 'INTERRUPTED', finished_at = ?, "
                     + "error = 'stopped during the run; its committed batches stand' WHERE source_id = ? AND status = 'RUNNING' "
                     + "AND file_name LIKE ?")) {
            ps.setObject(1, now());
            ps.setString(2, sourceId);
            ps.setString(3, namePrefix.replace("%", "\\%").replace("_", "\\_") + "%");
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot close the interrupted runs of " + sourceId, e);
        }
    }

    /**
     * Closes a run of real-time messages (DONE): its duration and rate from its start and the messages it counted.
     * Closing one already closed changes only its end time and note.
     */
    public void finishMessageRun(long runId, String note) {
        try (Connection c = db.connection()) {
            OffsetDateTime started = null;
            long read = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT started_at, rows_read FROM import_file WHERE id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        started = rs.getObject(1, OffsetDateTime.class);
                        read = rs.getLong(2);
                    }
                }
            }
            if (started == null) return;
            OffsetDateTime now = now();
            long ms = Math.max(0, java.time.Duration.between(started, now).toMillis());
            try (PreparedStatement ps = c.prepareStatement("UPDATE import_file SET status = 'DONE', finished_at = ?, "
                    + "duration_ms = ?, rows_per_second = ?, error = ? WHERE id = ?")) {
                ps.setObject(1, now);
                ps.setLong(2, ms);
                ps.setDouble(3, ms == 0 ? read * 1000.0 : read * 1000.0 / ms);
                ps.setString(4, Sql.shown(note, 4000));
                ps.setLong(5, runId);
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close message run " + runId, e);
        }
    }

    /**
     * The RUNNING message runs of a sender started before {@code before} (another day's run left by a node that
     * stopped without closing it, or by a version that kept one run for ever): their ids.
     */
    public List<Long> staleMessageRuns(String sourceId, String namePrefix, Instant before) {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM import_file WHERE source_id = ? AND status = 'RUNNING' "
                     + "AND file_name LIKE ? AND started_at < ? ORDER BY id")) {
            ps.setString(1, sourceId);
            ps.setString(2, namePrefix.replace("%", "\\%").replace("_", "\\_") + "%");
            ps.setObject(3, before.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot find the open message runs of " + sourceId, e);
        }
        return out;
    }

    public void finish(long runId, String status, ImportCounts counts, long durationMs, String error) {
        finish(runId, status, counts, counts.read(), durationMs, error);
    }

    /**
     * Closes a run that may have resumed an interrupted one: {@code counts} are the run's whole counts, but its rate is
     * over {@code rowsThisAttempt} (the rows read since it resumed) in {@code durationMs} (the time since it resumed);
     * the rows the interrupted attempt had committed took time this one did not measure.
     */
    public void finish(long runId, String status, ImportCounts counts, long rowsThisAttempt, long durationMs, String error) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE import_file SET status = ?, finished_at = ?, duration_ms = ?, "
                     + "rows_per_second = ?, error = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setObject(2, now());
            ps.setLong(3, durationMs);
            ps.setDouble(4, durationMs == 0 ? rowsThisAttempt * 1000.0 : rowsThisAttempt * 1000.0 / durationMs);
            ps.setString(5, Sql.shown(error, 4000));
            ps.setLong(6, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot close the journal of run " + runId, e);
        }
    }

    /**
     * Notes on a RUNNING run why it waits (a transient failure, retried in place), so `runs` and the API show it
     * instead of a silent RUNNING. Best effort: when the database itself is away this fails, and says so by false.
     */
    public boolean noteRetry(String sourceId, String sha256, String note) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE import_file SET error = ? WHERE source_id = ? "
                     + "AND file_sha256 = ? AND status = 'RUNNING'")) {
            ps.setString(1, Sql.shown(note, 4000));
            ps.setString(2, sourceId);
            ps.setString(3, sha256);
            return ps.executeUpdate() > 0;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    public List<FileSummary> recentRuns(int limit) {
        return runs(0, limit);
    }

    /** Runs newest first, {@code limit} of them after the first {@code offset} (a page). */
    public List<FileSummary> runs(int offset, int limit) {
        return summaries("", null, offset, limit);
    }

    private List<FileSummary> summaries(String where, Long id, int offset, int limit) {
        List<FileSummary> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id, source_id, file_name, status, started_at, rows_read, "
                     + "rows_imported, rows_updated, rows_unchanged, rows_rejected, rows_skipped, duration_ms, rows_per_second, "
                     + "error FROM import_file " + where + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            int i = 1;
            if (id != null) ps.setLong(i++, id);
            ps.setInt(i++, offset);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FileSummary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class).toInstant(),
                            new ImportCounts(rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)),
                            (Long) rs.getObject(12), (Double) rs.getObject(13), rs.getString(14)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the journal", e);
        }
        return out;
    }

    /** The journaled rows of a run in line order, with the header of their file (for replay and reject reports). */
    public void rows(long fileId, String outcomeOrNull, Consumer<JournalRow> sink) {
        String sql = "SELECT r.file_id, r.line_no, r.outcome, r.source_key, r.field, r.bad_value, r.reason, r.raw_text, "
                + "f.header_text FROM import_row r JOIN import_file f ON f.id = r.file_id WHERE r.file_id = ?"
                + (outcomeOrNull == null ? "" : outcomeIs(outcomeOrNull)) + " ORDER BY r.line_no";
        query(sql, ps -> ps.setLong(1, fileId), sink);
    }

    /**
     * The stored rows of a run whose mapping flagged values (kept only as matching evidence, or left out on purpose),
     * in line order: their fields, shown values and notes are in the field, value and reason columns.
     */
    public void flaggedRows(long fileId, Consumer<JournalRow> sink) {
        query("SELECT r.file_id, r.line_no, r.outcome, r.source_key, r.field, r.bad_value, r.reason, r.raw_text, "
                + "f.header_text FROM import_row r JOIN import_file f ON f.id = r.file_id WHERE r.file_id = ? "
                + "AND r.outcome <> 'REJECTED' AND r.field IS NOT NULL ORDER BY r.line_no", ps -> ps.setLong(1, fileId), sink);
    }

    /** How many stored rows of each run carry flags (see {@link #flaggedRows}); runs not found are left out. */
    public java.util.Map<Long, Long> flaggedCounts(java.util.Collection<Long> runIds) {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        if (runIds.isEmpty()) return out;
        try (Connection c = db.connection()) {
            Sql.in(c, "SELECT id, rows_flagged FROM import_file WHERE id", List.of(), runIds,
                    rs -> out.put(rs.getLong(1), rs.getLong(2)));
        } catch (SQLException e) {
            throw new StoreException("cannot count the flagged rows of the journal", e);
        }
        return out;
    }

    /** One run, if it exists. */
    public java.util.Optional<FileSummary> run(long runId) {
        return summaries("WHERE id = ?", runId, 0, 1).stream().findFirst();
    }

    /** A page of a run's rows of one outcome, in line order (the API's rejects). */
    public List<JournalRow> rows(long fileId, String outcome, int offset, int limit) {
        List<JournalRow> out = new ArrayList<>();
        query(pageOfOutcome(outcome), ps -> {
            ps.setLong(1, fileId);
            ps.setInt(2, offset);
            ps.setInt(3, limit);
        }, out::add);
        return out;
    }

    /** The statement of {@link #rows(long, String, int, int)}: a run's id, then the offset and the page's size. */
    static String pageOfOutcome(String outcome) {
        return "SELECT r.file_id, r.line_no, r.outcome, r.source_key, r.field, r.bad_value, r.reason, r.raw_text, "
                + "f.header_text FROM import_row r JOIN import_file f ON f.id = r.file_id WHERE r.file_id = ?"
                + outcomeIs(outcome) + " ORDER BY r.line_no OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
    }

    /**
     * The outcome written into the statement rather than bound: PostgreSQL reads a run's rejected rows from the index
     * that holds only them (import_row_rejected, migration V25) when the statement itself says REJECTED, and a plan
     * made for any outcome could not. Only an {@link io.guestlink.model.Outcome}'s name is written; anything else
     * matches no row, as it did as a parameter.
     */
    private static String outcomeIs(String outcome) {
        for (io.guestlink.model.Outcome o : io.guestlink.model.Outcome.values())
            if (o.name().equals(outcome)) return " AND r.outcome = '" + o.name() + "'";
        return " AND 1 = 0";
    }

    /** Every journaled row of a source that carried data (all but skipped), oldest file first, for replay. */
    public void replayableRows(String sourceId, Consumer<JournalRow> sink) {
        query("SELECT r.file_id, r.line_no, r.outcome, r.source_key, r.field, r.bad_value, r.reason, r.raw_text, "
                + "f.header_text FROM import_row r JOIN import_file f ON f.id = r.file_id WHERE f.source_id = ? "
                + "AND f.file_name NOT LIKE 'replay:%' AND f.file_name NOT LIKE 'reprocess:%' AND r.outcome <> 'SKIPPED' "
                + "AND r.raw_text IS NOT NULL "
                + "ORDER BY r.file_id, r.line_no", ps -> ps.setString(1, sourceId), sink);
    }

    /**
     * A run as the operations API shows it: its summary, the size of its file (0 for replays and message runs), the
     * last line committed and when it ended (null while RUNNING).
     */
    public record RunDetail(FileSummary summary, long fileSize, long lastLine, OffsetDateTime finishedAt) {
    }

    public java.util.Optional<RunDetail> runDetail(long runId) {
        return details("WHERE id = ?", ps -> ps.setLong(1, runId)).stream().findFirst();
    }

    /** The runs of a feed still RUNNING (an import under way, or one a crash left to resume), newest first. */
    public List<RunDetail> running(String sourceId) {
        return details("WHERE source_id = ? AND status = 'RUNNING'", ps -> ps.setString(1, sourceId));
    }

    /** The latest run of a feed that is not a duplicate drop (the last file or poll it read), if any. */
    public java.util.Optional<RunDetail> lastRun(String sourceId) {
        return details("WHERE id = (SELECT MAX(id) FROM import_file WHERE source_id = ? AND status <> 'DUPLICATE')",
                ps -> ps.setString(1, sourceId)).stream().findFirst();
    }

    /** The latest run of a feed that ended with an error (a file that could not be read, a failed run), if any. */
    public java.util.Optional<RunDetail> lastError(String sourceId) {
        return details("WHERE id = (SELECT MAX(id) FROM import_file WHERE source_id = ? AND status = 'FAILED')",
                ps -> ps.setString(1, sourceId)).stream().findFirst();
    }

    /** A feed's journal in sums: runs (duplicates apart) and rows by outcome over all of them. */
    public record FeedTotals(long runs, long duplicates, ImportCounts rows) {
    }

    public FeedTotals totals(String sourceId) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), SUM(CASE WHEN status = 'DUPLICATE' THEN 1 ELSE 0 END), "
                     + "SUM(rows_read), SUM(rows_imported), SUM(rows_updated), SUM(rows_unchanged), SUM(rows_rejected), "
                     + "SUM(rows_skipped) FROM import_file WHERE source_id = ?")) {
            ps.setString(1, sourceId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long duplicates = rs.getLong(2);
                return new FeedTotals(rs.getLong(1) - duplicates, duplicates, new ImportCounts(rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot sum the journal of feed " + sourceId, e);
        }
    }

    private List<RunDetail> details(String where, Binder binder) {
        List<RunDetail> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id, source_id, file_name, status, started_at, rows_read, "
                     + "rows_imported, rows_updated, rows_unchanged, rows_rejected, rows_skipped, duration_ms, rows_per_second, "
                     + "error, file_size, last_line, finished_at FROM import_file " + where + " ORDER BY id DESC")) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    FileSummary s = new FileSummary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class).toInstant(),
                            new ImportCounts(rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)),
                            (Long) rs.getObject(12, Long.class), (Double) rs.getObject(13, Double.class), rs.getString(14));
                    out.add(new RunDetail(s, rs.getLong(15), rs.getLong(16), rs.getObject(17, OffsetDateTime.class)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the journal's runs", e);
        }
        return out;
    }

    /**
     * One journaled row of a run with what re-mapping it needs: its feed, raw text (null when it was too long to
     * keep), the file's header, and the run that stored it since when it was reprocessed on its own.
     */
    public record StoredRow(long runId, String sourceId, long line, String outcome, String field, String value,
                            String reason, String raw, String headerText, Long reprocessedRun) {
    }

    public java.util.Optional<StoredRow> storedRow(long runId, long line) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT r.file_id, f.source_id, r.line_no, r.outcome, r.field, "
                     + "r.bad_value, r.reason, r.raw_text, f.header_text, r.reprocessed_run FROM import_row r JOIN import_file f "
                     + "ON f.id = r.file_id WHERE r.file_id = ? AND r.line_no = ?")) {
            ps.setLong(1, runId);
            ps.setLong(2, line);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return java.util.Optional.empty();
                return java.util.Optional.of(new StoredRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), db.rawText().open(rs.getString(8)), rs.getString(9),
                        (Long) rs.getObject(10, Long.class)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read line " + line + " of run " + runId, e);
        }
    }

    /**
     * Notes on a rejected row that {@code byRun} stored it, in the transaction that stores it; false when another
     * call noted it first (then the caller rolls its work back).
     */
    public static boolean markReprocessed(Transaction tx, long runId, long line, long byRun) {
        return tx.sql("noting line " + line + " of run " + runId + " reprocessed", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE import_row SET reprocessed_run = ? WHERE file_id = ? "
                    + "AND line_no = ? AND outcome = 'REJECTED' AND reprocessed_run IS NULL")) {
                ps.setLong(1, byRun);
                ps.setLong(2, runId);
                ps.setLong(3, line);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The rejected rows of a run that were reprocessed on their own since: line to the run that stored each. */
    public java.util.Map<Long, Long> reprocessedLines(long runId) {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT line_no, reprocessed_run FROM import_row WHERE file_id = ? "
                     + "AND outcome = 'REJECTED' AND reprocessed_run IS NOT NULL")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the reprocessed rows of run " + runId, e);
        }
        return out;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void query(String sql, Binder binder, Consumer<JournalRow> sink) {
        try (Connection c = db.connection()) {
            // PostgreSQL streams only inside a transaction with a fetch size; H2 ignores both harmlessly
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(1000);
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(new JournalRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), db.rawText().open(rs.getString(8)),
                                rs.getString(9)));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read journal rows", e);
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

}

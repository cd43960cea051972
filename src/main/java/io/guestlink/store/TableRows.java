package io.guestlink.store;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The rows a batch inserts into one table. On PostgreSQL they stream in with one {@code COPY ... FROM STDIN} (text
 * format, PgJDBC's CopyManager): one round trip and no per-row statement for the server to parse, plan and execute,
 * which is what made a batch of single-row INSERTs cost several times a COPY. Elsewhere (H2) they go as one JDBC batch
 * of INSERTs. Either way a row that breaks a constraint fails the batch's transaction, as an INSERT would: COPY goes
 * straight into the target table only where the writer has already decided the rows are new (under the identity lock,
 * with ids it allocated); what must be matched against stored rows goes through {@link #stage} and set-based SQL.
 */
final class TableRows implements AutoCloseable {
    private final Connection c;
    private final String table;
    private final String columns;
    private final int width;
    private final StringBuilder copy; // the row being added, in COPY text format
    private final CopyBuffer buffered;
    private final PreparedStatement insert;
    private int rows;

    /** @param columns the column list, comma-separated, in the order {@link #add} gets values */
    TableRows(Connection c, String table, String columns) throws SQLException {
        this.c = c;
        this.table = table;
        this.columns = columns;
        this.width = columns.split(",").length;
        if (Sql.isPostgres(c)) {
            copy = new StringBuilder(512);
            buffered = new CopyBuffer();
            insert = null;
        } else {
            copy = null;
            buffered = null;
            insert = c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + "?,".repeat(width - 1) + "?)");
        }
    }

    /**
     * PostgreSQL: a temporary staging table shaped like {@code like} (its columns, no constraints) for rows that
     * set-based statements then match against the stored ones (UPDATE ... FROM). It lives as long as the pooled
     * connection and the server empties it at each commit ({@code ON COMMIT DELETE ROWS}): created and dropped with
     * every batch, as before, it cost 1.4–6.4 ms a batch and left dead rows in the system catalogues, which a server
     * without autovacuum never cleans. Emptied here too, since a batch may stage twice in one transaction; a batch that
     * rolled back took the table's creation with it, and the next creates it again.
     */
    static void stage(Connection c, String staging, String like, String columns) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + staging + " ON COMMIT DELETE ROWS AS SELECT " + columns
                    + " FROM " + like + " WITH NO DATA");
            s.execute("DELETE FROM " + staging); // empty unless this transaction staged before: cheaper than TRUNCATE
        }
    }

    /** Adds one row: Strings, numbers, dates and times, or null, in the column order. */
    void add(Object... values) throws SQLException {
        if (values.length != width) throw new IllegalArgumentException(table + ": " + values.length + " values for " + width + " columns");
        rows++;
        if (copy == null) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) insert.setNull(i + 1, Types.NULL);
                else insert.setObject(i + 1, values[i] instanceof CopyText t ? t.text() : values[i]);
            }
            insert.addBatch();
            return;
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) copy.append('\t');
            Object v = values[i];
            if (v == null) copy.append("\\N");
            else if (v instanceof String s) escape(s);
            else if (v instanceof CopyText t) {
                // encoded before, on another thread: what the row holds so far goes first, then the value's bytes
                buffered.write(copy.toString().getBytes(StandardCharsets.UTF_8));
                copy.setLength(0);
                buffered.write(t.bytes);
            }
            else if (v instanceof BigDecimal d) copy.append(d.toPlainString());
            else if (v instanceof java.time.temporal.Temporal) copy.append(timeText(v)); // ISO 8601, which PostgreSQL reads
            else copy.append(v); // numbers
        }
        copy.append('\n');
        buffered.write(copy.toString().getBytes(StandardCharsets.UTF_8));
        copy.setLength(0);
    }

    private Object lastTime;
    private String lastTimeText;

    /**
     * A date or time as text: the rows of a batch mostly carry one write time, and printing it again for every row
     * was a twentieth of the writing thread's own time.
     */
    private String timeText(Object time) {
        if (!time.equals(lastTime)) {
            lastTime = time;
            lastTimeText = time.toString();
        }
        return lastTimeText;
    }

    /**
     * COPY text format: backslash, tab and line breaks escaped; everything else as is. Runs between them are appended
     * whole: most values (a sealed text, a JSON payload) have none, and a character at a time was the writer's
     * largest cost in the JVM.
     */
    private void escape(String s) {
        escape(s, copy);
    }

    private static boolean needsEscape(String s) {
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') return true;
        }
        return false;
    }

    private static void escape(String s, StringBuilder copy) {
        int from = 0;
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            String escaped = switch (ch) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped == null) continue;
            copy.append(s, from, k).append(escaped);
            from = k + 1;
        }
        copy.append(s, from, s.length());
    }

    /**
     * A text value escaped and encoded for COPY ahead of time, where a batch is prepared (an importer's reader thread):
     * a row's payload and sealed raw text are most of the bytes a batch sends, and escaping and encoding them was the
     * largest part of the writing thread's own time, which it spends holding the identity lock. Anywhere else (H2) the
     * text is bound as it is.
     */
    static final class CopyText {
        private final String text;
        private final byte[] bytes;

        private CopyText(String text, byte[] bytes) {
            this.text = text;
            this.bytes = bytes;
        }

        /** The value for a PostgreSQL COPY ({@code encoded}) or as it is; null stays null. */
        static Object of(String text, boolean encoded) {
            if (text == null || !encoded) return text;
            // a sealed text never needs escaping, a payload seldom: then its bytes are the text's, without a copy
            if (!needsEscape(text)) return new CopyText(text, text.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(text.length() + 16);
            escape(text, sb);
            return new CopyText(text, sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        String text() {
            return text;
        }
    }

    int size() {
        return rows;
    }

    /** Writes the rows added since the last flush. */
    void flush() throws SQLException {
        if (rows == 0) return;
        if (copy == null) {
            insert.executeBatch();
        } else {
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
            long n;
            try {
                buffered.sendTo(in);
                n = in.endCopy();
            } catch (SQLException | RuntimeException e) {
                // the connection leaves COPY mode so that the batch can roll back
                if (in.isActive()) {
                    try {
                        in.cancelCopy();
                    } catch (SQLException cancel) {
                        e.addSuppressed(cancel);
                    }
                }
                throw e;
            }
            if (n != rows) throw new SQLException("COPY " + table + " wrote " + n + " rows of " + rows);
            buffered.clear();
        }
        rows = 0;
    }

    @Override
    public void close() throws SQLException {
        if (insert != null) insert.close();
    }

    /**
     * The encoded rows of one COPY, in chunks of 64 KB: a batch's rows (a journal with sealed raw text runs to megabytes)
     * held as one string were humongous objects for G1, each forcing a collection, and were copied twice more on their
     * way to the socket. The chunks are kept for the next flush.
     */
    private static final class CopyBuffer {
        private static final int CHUNK = 1 << 16;
        private final java.util.List<byte[]> chunks = new java.util.ArrayList<>();
        private int current; // index of the chunk being filled
        private int used; // bytes used in it

        void write(byte[] bytes) {
            int off = 0;
            while (off < bytes.length) {
                if (chunks.isEmpty() || used == CHUNK) {
                    if (!chunks.isEmpty()) current++;
                    if (current == chunks.size()) chunks.add(new byte[CHUNK]);
                    used = 0;
                }
                int n = Math.min(CHUNK - used, bytes.length - off);
                System.arraycopy(bytes, off, chunks.get(current), used, n);
                used += n;
                off += n;
            }
        }

        void sendTo(CopyIn in) throws SQLException {
            for (int i = 0; i < current; i++) in.writeToCopy(chunks.get(i), 0, CHUNK);
            if (!chunks.isEmpty()) in.writeToCopy(chunks.get(current), 0, used);
        }

        void clear() {
            current = 0;
            used = 0;
        }
    }
}

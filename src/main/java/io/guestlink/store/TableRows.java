package io.guestlink.store;

import org.postgresql.PGConnection;

import java.io.StringReader;
import java.math.BigDecimal;
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
    private final StringBuilder copy;
    private final PreparedStatement insert;
    private int rows;

    /** @param columns the column list, comma-separated, in the order {@link #add} gets values */
    TableRows(Connection c, String table, String columns) throws SQLException {
        this.c = c;
        this.table = table;
        this.columns = columns;
        this.width = columns.split(",").length;
        if (Sql.isPostgres(c)) {
            copy = new StringBuilder(8192);
            insert = null;
        } else {
            copy = null;
            insert = c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + "?,".repeat(width - 1) + "?)");
        }
    }

    /**
     * PostgreSQL: a temporary staging table shaped like {@code like} (its columns, no constraints), dropped at commit,
     * for rows that set-based statements then match against the stored ones (UPDATE ... FROM). Empty at the start of
     * each batch: a batch that rolled back dropped it with everything else.
     */
    static void stage(Connection c, String staging, String like, String columns) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + staging + " ON COMMIT DROP AS SELECT " + columns
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
                else insert.setObject(i + 1, values[i]);
            }
            insert.addBatch();
            return;
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) copy.append('\t');
            Object v = values[i];
            if (v == null) copy.append("\\N");
            else if (v instanceof String s) escape(s);
            else if (v instanceof BigDecimal d) copy.append(d.toPlainString());
            else copy.append(v); // numbers; java.time values print ISO 8601, which PostgreSQL reads
        }
        copy.append('\n');
    }

    /** COPY text format: backslash, tab and line breaks escaped; everything else as is. */
    private void escape(String s) {
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            switch (ch) {
                case '\\' -> copy.append("\\\\");
                case '\t' -> copy.append("\\t");
                case '\n' -> copy.append("\\n");
                case '\r' -> copy.append("\\r");
                default -> copy.append(ch);
            }
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
            try {
                long n = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN",
                        new StringReader(copy.toString()));
                if (n != rows) throw new SQLException("COPY " + table + " wrote " + n + " rows of " + rows);
            } catch (java.io.IOException e) {
                throw new SQLException("COPY " + table + ": " + e.getMessage(), e);
            }
            copy.setLength(0);
        }
        rows = 0;
    }

    @Override
    public void close() throws SQLException {
        if (insert != null) insert.close();
    }
}

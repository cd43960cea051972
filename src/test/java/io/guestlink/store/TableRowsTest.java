package io.guestlink.store;

import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a batch hands to {@link TableRows} is what the table holds afterwards, byte for byte: COPY's escapes (backslash,
 * tab, line breaks), characters outside Latin-1, NULL against the text "\N", and rows that together run past one of
 * the buffer's chunks; and a COPY that fails leaves the connection usable for the batch's rollback.
 */
class TableRowsTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_rows");

    private Database open(String store) {
        return TestDatabases.open(store, pg, tmp);
    }

    static final List<String> AWKWARD = List.of("plain", "tab\there", "line\nbreak", "carriage\r\nreturn", "back\\slash",
            "\\N", "\\", "徐伟 Ørsted Müller 😀", "ends with tab\t", "", "a\\tb");

    /** The awkward values and one longer than a chunk of the COPY buffer. */
    private static List<String> awkwardAndLong() {
        List<String> values = new ArrayList<>(AWKWARD);
        values.add("x\t".repeat(50_000));
        return values;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void everyValueComesBackAsItWasAdded(String store) throws Exception {
        try (Database db = open(store); Connection c = db.connection()) {
            exec(c, "CREATE TABLE rows_probe (id BIGINT PRIMARY KEY, label VARCHAR(200000), stay_day DATE)");
            List<String> expected = awkwardAndLong();
            // and enough rows to fill several chunks
            for (int i = 0; i < 3_000; i++) expected.add("row " + i + " \\ " + "é".repeat(i % 40));
            try (TableRows rows = new TableRows(c, "rows_probe", "id, label, stay_day")) {
                for (int i = 0; i < expected.size(); i++) rows.add((long) i, expected.get(i), LocalDate.of(2025, 1, 1).plusDays(i % 300));
                rows.add((long) expected.size(), null, null);
                rows.flush();
                // a second flush from the same object reuses its buffer and must not repeat the first rows
                rows.add((long) expected.size() + 1, "after", null);
                rows.flush();
            }
            List<String> got = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, label, stay_day FROM rows_probe ORDER BY id")) {
                while (rs.next()) got.add(rs.getString(2));
            }
            List<String> want = new ArrayList<>(expected);
            want.add(null);
            want.add("after");
            assertThat(got).containsExactlyElementsOf(want);
        }
    }

    /** A value encoded ahead of time (a payload, a sealed raw text) lands exactly as the same text added plainly. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aValueEncodedAheadComesBackAsItWasAddedBesidePlainOnes(String store) throws Exception {
        try (Database db = open(store); Connection c = db.connection()) {
            exec(c, "CREATE TABLE rows_probe (id BIGINT PRIMARY KEY, before_it VARCHAR(200), label VARCHAR(200000), after_it VARCHAR(200))");
            List<String> expected = awkwardAndLong();
            try (TableRows rows = new TableRows(c, "rows_probe", "id, before_it, label, after_it")) {
                for (int i = 0; i < expected.size(); i++)
                    rows.add((long) i, "b\t" + i, TableRows.CopyText.of(expected.get(i), db.isPostgres()), "a\\" + i);
                rows.add((long) expected.size(), null, TableRows.CopyText.of(null, db.isPostgres()), null);
                rows.flush();
            }
            List<String> got = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, before_it, label, after_it FROM rows_probe ORDER BY id")) {
                while (rs.next()) got.add(rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
            List<String> want = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) want.add("b\t" + i + "|" + expected.get(i) + "|a\\" + i);
            want.add("null|null|null");
            assertThat(got).containsExactlyElementsOf(want);
        }
    }

    @Test
    void aFailedCopyLeavesTheConnectionAbleToRollBack() throws Exception {
        try (Database db = open("postgres"); Connection c = db.connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE rows_probe (id BIGINT PRIMARY KEY, label TEXT)");
            }
            c.setAutoCommit(false);
            try (TableRows rows = new TableRows(c, "rows_probe", "id, label")) {
                rows.add(1L, "one");
                rows.add(1L, "the same key again");
                assertThatThrownBy(rows::flush).isInstanceOf(SQLException.class).hasMessageContaining("rows_probe");
            }
            c.rollback();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM rows_probe")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    /**
     * A staging table outlives the batch on its pooled connection and starts every batch empty: one batch's rows,
     * committed or rolled back, are never matched by the next; a rolled-back creation is made again.
     */
    @Test
    void aStagingTableIsKeptByItsConnectionAndEmptyForEachBatch() throws Exception {
        try (Database db = open("postgres"); Connection c = db.connection()) {
            exec(c, "CREATE TABLE stage_probe (id BIGINT PRIMARY KEY, label VARCHAR(20))");
            c.setAutoCommit(false);
            TableRows.stage(c, "probe_update", "stage_probe", "id, label");
            c.rollback(); // the first batch failed: the table's creation went with it
            List<Long> tables = new ArrayList<>();
            for (int batch = 0; batch < 3; batch++) {
                TableRows.stage(c, "probe_update", "stage_probe", "id, label");
                assertThat(count(c, "SELECT count(*) FROM probe_update")).as("batch %d starts empty", batch).isZero();
                try (TableRows rows = new TableRows(c, "probe_update", "id, label")) {
                    rows.add((long) batch, "b" + batch);
                    rows.add((long) batch + 10, "c" + batch);
                    rows.flush();
                }
                TableRows.stage(c, "probe_update", "stage_probe", "id, label"); // a second part of the same batch
                assertThat(count(c, "SELECT count(*) FROM probe_update")).isZero();
                tables.add(count(c, "SELECT 'probe_update'::regclass::oid"));
                if (batch == 1) c.rollback();
                else c.commit();
            }
            assertThat(tables.get(0)).as("the same table, not one made per batch").isEqualTo(tables.get(2));
            c.setAutoCommit(true);
            assertThat(count(c, "SELECT count(*) FROM probe_update")).isZero();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

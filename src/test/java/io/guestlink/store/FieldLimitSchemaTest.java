package io.guestlink.store;

import io.guestlink.model.FieldLimit;
import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one definition of the canonical fields' limits ({@link FieldLimit}) against the real schema: every column it
 * names, read from {@code information_schema.columns} of an H2 and a PostgreSQL store after the Flyway migrations,
 * has the type and size the definition says. A migration that widens or narrows a column, or a limit changed without
 * its migration, fails here instead of cutting or refusing values the other side accepts.
 */
class FieldLimitSchemaTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_limits");

    record Column(String type, Long length, Integer precision, Integer scale) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void everyColumnOfTheDefinitionHasItsTypeAndSize(String store) throws Exception {
        try (Database db = store.equals("h2") ? Database.open(TestDatabases.h2Url(tmp), "sa", "", 2)
                : Database.open(pg.url(), pg.user(), "", 2);
             Connection c = db.connection()) {
            List<String> wrong = new ArrayList<>();
            int columns = 0;
            for (FieldLimit f : FieldLimit.values()) {
                assertThat(f.columns()).as("%s names its columns", f).isNotEmpty();
                for (String tableColumn : f.columns()) {
                    columns++;
                    Column col = column(c, tableColumn);
                    if (col == null) {
                        wrong.add(tableColumn + " (" + f.field() + ") does not exist");
                        continue;
                    }
                    String expected = expected(f);
                    String actual = describe(col);
                    if (!actual.equals(expected))
                        wrong.add(tableColumn + " (" + f.field() + ") is " + actual + ", the definition says " + expected);
                }
            }
            assertThat(columns).isGreaterThan(50);
            assertThat(wrong).as("columns that disagree with FieldLimit on " + store).isEmpty();
        }
    }

    /** The column as the definition would describe it: its kind and, for text, its length. */
    private static String expected(FieldLimit f) {
        return switch (f.type()) {
            case CODE, TEXT -> "varchar(" + f.maxLength() + ")";
            case DATE -> "date";
            case DATE_TIME -> "timestamp";
            case AMOUNT -> "numeric(14,2)";
            case QUANTITY -> "numeric(12,3)";
            case COUNT -> "integer";
        };
    }

    private static String describe(Column col) {
        String t = col.type().toLowerCase(Locale.ROOT);
        if (t.equals("character varying") || t.equals("varchar")) return "varchar(" + col.length() + ")";
        if (t.equals("numeric") || t.equals("decimal")) return "numeric(" + col.precision() + "," + col.scale() + ")";
        if (t.equals("timestamp without time zone") || t.equals("timestamp")) return "timestamp";
        if (t.equals("integer") || t.equals("int")) return "integer";
        return t;
    }

    private static Column column(Connection c, String tableColumn) throws Exception {
        String[] tc = tableColumn.split("\\.");
        try (PreparedStatement ps = c.prepareStatement("SELECT data_type, character_maximum_length, numeric_precision, "
                + "numeric_scale FROM information_schema.columns WHERE lower(table_name) = ? AND lower(column_name) = ? "
                + "AND lower(table_schema) = 'public'")) {
            ps.setString(1, tc[0]);
            ps.setString(2, tc[1]);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                Column col = new Column(rs.getString(1), (Long) longOrNull(rs, 2), intOrNull(rs, 3), intOrNull(rs, 4));
                assertThat(rs.next()).as("one column %s", tableColumn).isFalse();
                return col;
            }
        }
    }

    private static Long longOrNull(ResultSet rs, int i) throws Exception {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static Integer intOrNull(ResultSet rs, int i) throws Exception {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }
}

package io.guestlink.app.camel;

import org.apache.camel.component.sql.DefaultRowMapperFactory;
import org.apache.camel.component.sql.RowMapperFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcUtils;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The rows camel-sql streams to a database feed's poll (routes/database-poll.camel.yaml, {@code rowMapperFactory}):
 * the values camel-sql's default gives (Spring's {@code ColumnMapRowMapper}: {@link JdbcUtils#getResultSetValue}, in
 * column order, looked up by label in any case, the first of two columns of one label kept), but the labels are read
 * once per query and shared by its rows, each row holding only its values. Spring's map keeps two hash maps and a
 * lower-cased label per column and row, and at 1,000 changes/s each poll re-reads about ten thousand rows of its lag
 * window to write one thousand. The rows are read-only.
 */
public final class PolledRows implements RowMapperFactory {
    @Override
    public RowMapper<?> newColumnRowMapper() {
        return new Mapper(); // one per query (camel-sql asks for each), so the labels it keeps are that query's
    }

    @Override
    public RowMapper<?> newBeanRowMapper(Class<?> type) {
        return new DefaultRowMapperFactory().newBeanRowMapper(type);
    }

    private static final class Mapper implements RowMapper<Map<String, Object>> {
        private Columns columns;

        @Override
        public Map<String, Object> mapRow(ResultSet rs, int rowNum) throws SQLException {
            if (columns == null) columns = Columns.of(rs.getMetaData());
            Object[] values = new Object[columns.labels.length];
            for (int i = 0; i < values.length; i++) values[i] = JdbcUtils.getResultSetValue(rs, columns.jdbcIndex[i]);
            return new Row(columns, values);
        }
    }

    /** A query's column labels, each once (in any case), with where its value is in the result set and in a row. */
    private static final class Columns {
        final String[] labels;
        final int[] jdbcIndex;
        final Map<String, Integer> exact = new HashMap<>();
        final Map<String, Integer> folded = new HashMap<>();

        private Columns(List<String> labels, List<Integer> jdbcIndex) {
            this.labels = labels.toArray(String[]::new);
            this.jdbcIndex = jdbcIndex.stream().mapToInt(Integer::intValue).toArray();
            for (int i = 0; i < this.labels.length; i++) {
                exact.put(this.labels[i], i);
                folded.put(fold(this.labels[i]), i);
            }
        }

        static Columns of(ResultSetMetaData md) throws SQLException {
            List<String> labels = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String label = JdbcUtils.lookupColumnName(md, i);
                if (!seen.add(fold(label))) continue; // as Spring's map: the first column of a label is the one kept
                labels.add(label);
                index.add(i);
            }
            return new Columns(labels, index);
        }

        /** The position of a label in a row, in any case; -1 when the query has no such column. */
        int indexOf(Object key) {
            if (!(key instanceof String s)) return -1;
            Integer i = exact.get(s);
            if (i == null) i = folded.get(fold(s));
            return i == null ? -1 : i;
        }

        private static String fold(String label) {
            return label.toLowerCase(Locale.ROOT);
        }
    }

    /** One row: the query's shared labels and this row's values. */
    private static final class Row extends AbstractMap<String, Object> {
        private final Columns columns;
        private final Object[] values;

        Row(Columns columns, Object[] values) {
            this.columns = columns;
            this.values = values;
        }

        @Override
        public Object get(Object key) {
            int i = columns.indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return columns.indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < values.length; i++) action.accept(columns.labels[i], values[i]);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < values.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= values.length) throw new NoSuchElementException();
                            int i = next++;
                            return new SimpleImmutableEntry<>(columns.labels[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return values.length;
                }
            };
        }
    }
}

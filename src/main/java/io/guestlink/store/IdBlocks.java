package io.guestlink.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Hands out ids from a database sequence that advances by {@link #BLOCK}: one sequence call per thousand rows, and
 * ids that never collide across nodes sharing the store. Ids left unused in a block (a restart) are simply skipped.
 */
final class IdBlocks {
    static final int BLOCK = 1000;

    private final String nextValueSql;
    private long next;
    private long limit;

    IdBlocks(String sequence, boolean postgres) {
        this.nextValueSql = postgres ? "SELECT nextval('" + sequence + "')" : "SELECT NEXT VALUE FOR " + sequence;
    }

    synchronized long[] take(Connection c, int n) throws SQLException {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            if (next >= limit) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(nextValueSql)) {
                    rs.next();
                    next = rs.getLong(1);
                    limit = next + BLOCK;
                }
            }
            ids[i] = next++;
        }
        return ids;
    }
}

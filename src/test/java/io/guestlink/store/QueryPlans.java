package io.guestlink.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What a PostgreSQL store has and does: a table's indexes, and the plan it makes for a query (its EXPLAIN). */
final class QueryPlans {
    private QueryPlans() {
    }

    static List<String> indexes(Statement s, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = '" + table + "'")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static String plan(Statement s, String query) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
            while (rs.next()) sb.append(rs.getString(1)).append('\n');
        }
        return sb.toString();
    }
}

package io.guestlink.testing;

import io.guestlink.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The one-number queries tests ask of a store ({@code SELECT COUNT(*) ...}), read straight over JDBC. */
public final class StoreCounts {
    private StoreCounts() {
    }

    /** The first column of the first row of {@code sql}, as a long. */
    public static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new AssertionError("no row from " + sql);
            return rs.getLong(1);
        }
    }
}

package io.guestlink.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL server of this machine (127.0.0.1:5432, trust auth, user postgres; GUESTLINK_TEST_PG and
 * GUESTLINK_TEST_PG_USER override) as a source of throwaway databases. Tests take them through
 * {@link PostgresDatabase}; benchmarks call {@link #createDatabase} themselves.
 */
public final class PostgresServer {
    public static final String HOST = System.getenv().getOrDefault("GUESTLINK_TEST_PG", "127.0.0.1:5432");
    public static final String USER = System.getenv().getOrDefault("GUESTLINK_TEST_PG_USER", "postgres");

    private PostgresServer() {
    }

    /**
     * A fresh database {@code <prefix>_<nanotime>}; its JDBC URL. When the server is not reachable the test is skipped
     * (fails under CI), see {@link Unavailable}.
     */
    public static String createDatabase(String prefix) {
        String name = prefix + "_" + System.nanoTime();
        try (Connection c = server(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw Unavailable.skipOrFail("PostgreSQL", "PostgreSQL at " + HOST + " is not reachable (" + e.getMessage() + ")",
                    "start PostgreSQL or set GUESTLINK_TEST_PG to run the PostgreSQL cases", e);
        }
        return "jdbc:postgresql://" + HOST + "/" + name;
    }

    /** Drops the database of a URL from {@link #createDatabase}, closing its open connections first. */
    public static void dropDatabase(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        int q = name.indexOf('?');
        if (q >= 0) name = name.substring(0, q);
        try (Connection c = server(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    private static Connection server() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", USER, "");
    }
}

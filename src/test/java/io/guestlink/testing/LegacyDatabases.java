package io.guestlink.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Throwaway legacy PMS databases for tests and benchmarks: a fresh MariaDB database {@code legacy_<nanotime>} on the
 * MariaDB server of this machine (127.0.0.1:3306, user root, empty password) or a fresh PostgreSQL database
 * ({@link PostgresServer}), dropped afterwards. Tests take them through {@link LegacyDatabase}; a server that is not
 * reachable skips the test, or fails it under CI ({@link Unavailable}).
 *
 * <p>Environment overrides: {@code GUESTLINK_TEST_MARIADB} (host:port), {@code GUESTLINK_TEST_MARIADB_USER},
 * {@code GUESTLINK_TEST_MARIADB_PASSWORD}; PostgreSQL as in {@link PostgresServer} ({@code GUESTLINK_TEST_PG}).
 */
public final class LegacyDatabases {
    public static final String MARIADB_HOST = System.getenv().getOrDefault("GUESTLINK_TEST_MARIADB", "127.0.0.1:3306");
    public static final String MARIADB_USER = System.getenv().getOrDefault("GUESTLINK_TEST_MARIADB_USER", "root");
    public static final String MARIADB_PASSWORD = System.getenv().getOrDefault("GUESTLINK_TEST_MARIADB_PASSWORD", "");

    public enum Dialect { MARIADB, POSTGRESQL }

    /** One throwaway legacy database; {@link #close()} drops it. */
    public record LegacyDb(Dialect dialect, String url, String user, String password) implements AutoCloseable {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        public String name() {
            String path = url.substring(url.lastIndexOf('/') + 1);
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }

        @Override
        public void close() {
            if (dialect == Dialect.MARIADB) dropMariaDb(name());
            else PostgresServer.dropDatabase(url);
        }
    }

    private LegacyDatabases() {
    }

    /** A fresh legacy database of that dialect; skips the test (or fails under CI) when the server is not reachable. */
    public static LegacyDb create(Dialect dialect) {
        return dialect == Dialect.MARIADB ? createMariaDb()
                : new LegacyDb(Dialect.POSTGRESQL, PostgresServer.createDatabase("legacy"), PostgresServer.USER, "");
    }

    /** A fresh MariaDB database {@code legacy_<nanotime>}, with the skip/fail policy. */
    public static LegacyDb createMariaDb() {
        try {
            return createMariaDbOrThrow();
        } catch (SQLException e) {
            throw Unavailable.skipOrFail("MariaDB", "MariaDB at " + MARIADB_HOST + " is not reachable (" + e.getMessage() + ")",
                    "start MariaDB or set GUESTLINK_TEST_MARIADB (host:port) to run the MariaDB cases", e);
        }
    }

    /** A fresh MariaDB database without JUnit (benchmarks): the SQLException says why it failed. */
    public static LegacyDb createMariaDbOrThrow() throws SQLException {
        String name = "legacy_" + System.nanoTime();
        try (Connection c = mariaDbServer(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        }
        return new LegacyDb(Dialect.MARIADB, "jdbc:mariadb://" + MARIADB_HOST + "/" + name, MARIADB_USER, MARIADB_PASSWORD);
    }

    static Connection mariaDbServer() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + MARIADB_HOST + "/", MARIADB_USER, MARIADB_PASSWORD);
    }

    public static void dropMariaDb(String name) {
        if (!name.matches("[A-Za-z0-9_]+")) throw new IllegalArgumentException("bad database name " + name);
        try (Connection c = mariaDbServer(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }
}

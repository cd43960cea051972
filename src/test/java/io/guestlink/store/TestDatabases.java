package io.guestlink.store;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Throwaway profile stores for tests: an H2 file database in a temporary folder, or a fresh database on the real
 * PostgreSQL server of this machine (127.0.0.1:5432, trust auth), dropped afterwards. Under CI (CI=true) a missing
 * PostgreSQL fails the run; on a newcomer's machine without it the PostgreSQL cases are reported as skipped, with why.
 */
public final class TestDatabases {
    public static final String PG_HOST = System.getenv().getOrDefault("GUESTLINK_TEST_PG", "127.0.0.1:5432");
    public static final String PG_USER = System.getenv().getOrDefault("GUESTLINK_TEST_PG_USER", "postgres");

    private TestDatabases() {
    }

    public static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
    }

    /** Creates a fresh PostgreSQL database and returns its URL. */
    public static String createPostgres(String prefix) {
        String name = prefix + "_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + "/postgres", PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String why = "PostgreSQL at " + PG_HOST + " is not reachable (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException("CI needs PostgreSQL: " + why, e);
            Assumptions.abort("skipped: " + why + "; start PostgreSQL or set GUESTLINK_TEST_PG to run the PostgreSQL cases");
        }
        return "jdbc:postgresql://" + PG_HOST + "/" + name;
    }

    public static void dropPostgres(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + "/postgres", PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }
}

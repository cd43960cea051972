package io.guestlink.store;

import io.guestlink.testing.PostgresServer;

import java.nio.file.Path;

/**
 * Throwaway profile stores for the store tests: an H2 file database in a temporary folder, or a fresh database on the
 * real PostgreSQL server of this machine, dropped afterwards. A thin face over {@link PostgresServer} (same skip/fail
 * policy: under CI=true a missing PostgreSQL fails the run, elsewhere the PostgreSQL cases are skipped, with why);
 * new tests use the {@link io.guestlink.testing.PostgresDatabase} extension instead.
 */
public final class TestDatabases {
    public static final String PG_HOST = PostgresServer.HOST;
    public static final String PG_USER = PostgresServer.USER;

    private TestDatabases() {
    }

    public static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
    }

    /** Creates a fresh PostgreSQL database and returns its URL. */
    public static String createPostgres(String prefix) {
        return PostgresServer.createDatabase(prefix);
    }

    /** The store a parameterised test names: "postgres" on the extension's database, else H2 in {@code dir}. */
    public static Database open(String store, io.guestlink.testing.PostgresDatabase pg, Path dir) {
        return store.equals("postgres") ? Database.open(pg.url(), pg.user(), "", 2) : Database.open(h2Url(dir), "sa", "", 2);
    }

    public static void dropPostgres(String url) {
        PostgresServer.dropDatabase(url);
    }
}

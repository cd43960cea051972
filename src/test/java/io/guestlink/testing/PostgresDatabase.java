package io.guestlink.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway PostgreSQL database for a test, as a JUnit 5 extension:
 * {@code @RegisterExtension final PostgresDatabase pg = new PostgresDatabase("guestlink_feed");}. The database is created
 * on the first {@link #url()} (so a test parameterised over stores creates one only for its PostgreSQL cases) and
 * dropped after the test. No server: the test is skipped, or fails under CI.
 */
public final class PostgresDatabase implements AfterEachCallback {
    private final String prefix;
    private final List<String> created = new ArrayList<>();

    public PostgresDatabase(String prefix) {
        this.prefix = prefix;
    }

    /** This test's database, created on first use. */
    public synchronized String url() {
        if (created.isEmpty()) created.add(PostgresServer.createDatabase(prefix));
        return created.get(0);
    }

    public String user() {
        return PostgresServer.USER;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        try {
            created.forEach(PostgresServer::dropDatabase);
        } finally {
            created.clear();
        }
    }
}

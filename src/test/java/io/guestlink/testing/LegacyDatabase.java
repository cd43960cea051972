package io.guestlink.testing;

import io.guestlink.testing.LegacyDatabases.Dialect;
import io.guestlink.testing.LegacyDatabases.LegacyDb;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway legacy PMS database for a test, as a JUnit 5 extension:
 * {@code @RegisterExtension final LegacyDatabase legacy = new LegacyDatabase();} then {@code legacy.create(dialect)}
 * in a test parameterised over dialects. Every database it created is dropped after the test. A server that is not
 * reachable skips the test, or fails it under CI.
 */
public final class LegacyDatabase implements AfterEachCallback {
    private final List<LegacyDb> created = new ArrayList<>();

    public synchronized LegacyDb create(Dialect dialect) {
        LegacyDb db = LegacyDatabases.create(dialect);
        created.add(db);
        return db;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        try {
            created.forEach(LegacyDb::close);
        } finally {
            created.clear();
        }
    }
}

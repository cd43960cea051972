package io.guestlink.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The profile store's connection pool, migrated by Flyway on open. The same schema runs on PostgreSQL and on the
 * embedded H2 file database; which one is only a matter of the JDBC URL.
 */
public final class Database implements AutoCloseable {
    /** The only address H2's AUTO_SERVER port (guestlink.db.h2-server) listens on. */
    public static final String LOOPBACK = "127.0.0.1";

    static {
        // H2 reads its bind address once, when it loads: its AUTO_SERVER port (guestlink.db.h2-server) would otherwise
        // listen on every interface; this class opens every store, so it runs before H2 does
        System.setProperty("h2.bindAddress", LOOPBACK);
    }

    private final HikariDataSource dataSource;
    private final boolean postgres;
    private final RawText rawText;

    private Database(HikariDataSource dataSource, RawText rawText) {
        this.dataSource = dataSource;
        this.rawText = rawText;
        this.postgres = dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    /**
     * A store whose raw texts are sealed under a key of this object's lifetime ({@link RawText#ephemeral}): for tests
     * and tools that hold no store key. The application opens its store with the configured key.
     */
    public static Database open(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, RawText.ephemeral(), 30_000);
    }

    /** @param rawText seals and opens the raw texts the journal keeps (the store key) */
    public static Database open(String url, String user, String password, int poolSize, RawText rawText) {
        return open(url, user, password, poolSize, rawText, 30_000);
    }

    /**
     * @param rawText             seals and opens the raw texts the journal keeps (the store key)
     * @param connectionTimeoutMs how long a store call waits for a connection (the database away or restarting)
     *                            before it fails with a transient error, which a file import then retries in place
     */
    public static Database open(String url, String user, String password, int poolSize, RawText rawText, long connectionTimeoutMs) {
        if (url.toUpperCase(java.util.Locale.ROOT).replace(" ", "").contains(";AUTO_SERVER=TRUE")
                && !LOOPBACK.equals(org.h2.engine.SysProperties.BIND_ADDRESS))
            // H2 was loaded (by another user of it in this JVM) before this class could set its bind address
            throw new IllegalStateException("H2's server would listen on " + (org.h2.engine.SysProperties.BIND_ADDRESS == null
                    ? "every interface" : org.h2.engine.SysProperties.BIND_ADDRESS) + ", not " + LOOPBACK
                    + ": start the JVM with -Dh2.bindAddress=" + LOOPBACK + " or open the store before any other H2 database");
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("guestlink-store");
        cfg.setConnectionTimeout(Math.max(250, connectionTimeoutMs)); // HikariCP's least
        cfg.setAutoCommit(true);
        // PostgreSQL sends a JDBC batch as one multi-row INSERT only with this switch on
        if (url.startsWith("jdbc:postgresql:")) {
            cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        // H2 keeps only 8 parsed statements per session by default: the store's few dozen statements were parsed
        // again on most executions (a tenth of the real-time path's CPU in a profile)
        if (url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE")) {
            cfg.addDataSourceProperty("QUERY_CACHE_SIZE", "256");
        }
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            // Flyway core has no {vendor} placeholder in locations (that is Spring Boot's): the vendor folder is
            // chosen here, named like Spring Boot's vendor ids. Common migrations stay in db/migration; a vendor
            // migration takes a version no common one uses, and every vendor folder has each such version.
            Flyway.configure().dataSource(ds)
                    .locations("classpath:db/migration", "classpath:db/migration-" + vendor(url))
                    .load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, java.util.Objects.requireNonNull(rawText, "rawText"));
    }

    /** The vendor folder of a JDBC URL: {@code postgresql} or {@code h2}; anything else has no migrations. */
    static String vendor(String url) {
        if (url.startsWith("jdbc:postgresql:")) return "postgresql";
        if (url.startsWith("jdbc:h2:")) return "h2";
        String[] parts = url.split(":", 3);
        throw new IllegalArgumentException("the profile store runs on PostgreSQL or H2, not "
                + (parts.length > 1 ? parts[0] + ":" + parts[1] : "this JDBC URL"));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Seals and opens the raw texts this store keeps (journal rows, refused messages, record history). */
    public RawText rawText() {
        return rawText;
    }

    public boolean isPostgres() {
        return postgres;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * A connection of its own, outside the pool, for something held as long as the connection lives (an advisory
     * lock: see {@link FileClaims}). The caller closes it.
     */
    Connection dedicatedConnection() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        if (dataSource.getUsername() != null) props.setProperty("user", dataSource.getUsername());
        if (dataSource.getPassword() != null) props.setProperty("password", dataSource.getPassword());
        return java.sql.DriverManager.getConnection(dataSource.getJdbcUrl(), props);
    }

    /** A unit of work over several store calls, all in one transaction. */
    @FunctionalInterface
    public interface Unit<T> {
        T run(Transaction tx);
    }

    /**
     * Runs the unit in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param what what is being done, for the error ("identity change", "guest memory update"...)
     */
    public <T> T inTransaction(String what, Unit<T> unit) {
        return Tx.run(this, what, c -> unit.run(new Transaction(c, rawText)));
    }

    /**
     * Like {@link #inTransaction}, but every statement sees the database as of the transaction's first one (see
     * {@code Tx.snapshot}); a row changed by another transaction since then fails the whole unit.
     */
    public <T> T inSnapshot(String what, Unit<T> unit) {
        return Tx.snapshot(this, what, c -> unit.run(new Transaction(c, rawText)));
    }

    /**
     * Runs the unit on a connection in auto-commit: each statement is its own transaction, with no transaction to
     * open and commit around them. For reads that need no consistency between statements on the real-time path (was
     * this message applied before? what is stored for this record?), where a commit per message is measurable.
     */
    public <T> T withoutTransaction(String what, Unit<T> unit) {
        try (Connection c = connection()) {
            return unit.run(new Transaction(c, rawText));
        } catch (SQLException e) {
            throw new StoreException(what + " failed", e);
        } finally {
            InHouseChanges.settled();
        }
    }

    private final GrowthAnalyzer growth = new GrowthAnalyzer();

    /** This store's growth analyses: one throttle for every writer of it. */
    GrowthAnalyzer growth() {
        return growth;
    }

    /**
     * PostgreSQL: analyses the tables that more than doubled since their last analysis, at most every two seconds
     * ({@link GrowthAnalyzer}). The workers call it after a round they committed, as the batch writer does after a
     * batch: the tables they fill (memory, segments, blocking keys, review pairs) grow from nothing after a first
     * import, and planned as empty their look-ups scan. A failure is logged, not thrown: the work is committed.
     */
    public void analyseGrowth() {
        if (!postgres) return;
        try (Connection c = connection()) {
            c.setAutoCommit(true);
            growth.afterBatch(c);
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(Database.class).warn("cannot analyse the tables that grew: {}", e.getMessage());
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean analysing = new java.util.concurrent.atomic.AtomicBoolean();
    private java.util.concurrent.ExecutorService analyses; // made at the first analysis asked for (PostgreSQL only)
    private boolean closed;

    /**
     * As {@link #analyseGrowth}, on a thread of its own, for the batch writer: it goes on with its next batch while the
     * server samples the grown tables on another connection (ANALYZE takes no lock that an insert waits for). A
     * bulk load's analyses were 3 to 7 microseconds of each row, spent between one batch and the next by the one
     * writer that holds the identity lock. At most one analysis is asked for at a time; a call while one is under way
     * is dropped, which the two seconds between analyses would have done anyway.
     */
    public void analyseGrowthSoon() {
        if (!postgres || !growth.due() || !analysing.compareAndSet(false, true)) return;
        try {
            analyses().execute(() -> {
                try {
                    analyseGrowth();
                } finally {
                    analysing.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            analysing.set(false); // the store is closing: nothing more to analyse
        }
    }

    private synchronized java.util.concurrent.ExecutorService analyses() {
        if (closed) throw new java.util.concurrent.RejectedExecutionException("the store is closed");
        if (analyses == null) {
            analyses = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "guestlink-store-analyse");
                t.setDaemon(true);
                return t;
            });
        }
        return analyses;
    }

    /** The URL with any password parameter removed, for logs. */
    public String describe() {
        return dataSource.getJdbcUrl().replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (analyses != null) {
                analyses.shutdown(); // an analysis under way ends before its connections go
                try {
                    if (!analyses.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) analyses.shutdownNow();
                } catch (InterruptedException e) {
                    analyses.shutdownNow();
                    Thread.currentThread().interrupt();
                }
            }
        }
        dataSource.close();
    }
}

package io.guestlink.ingest.poll;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.guestlink.ingest.PollSpec;
import io.guestlink.ingest.SourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Connection pools to the legacy databases of the database feeds, two per feed: one that reads (auto-commit off, so
 * PostgreSQL streams with a cursor instead of loading a million rows; nothing it does is ever committed) and a small
 * one that writes the processed flag (auto-commit on). Pools start without a connection, so GuestLink starts while a
 * legacy database is down; polls fail with the reason until it is back.
 */
public final class LegacyPools implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyPools.class);

    private final Map<String, HikariDataSource> readers = new LinkedHashMap<>();
    private final Map<String, HikariDataSource> writers = new LinkedHashMap<>();

    /** Opens pools for every database feed whose URL is set; the others are reported and left out. */
    public static LegacyPools open(Iterable<SourceConfig> feeds, Function<String, String> env) {
        LegacyPools dbs = new LegacyPools();
        for (SourceConfig feed : feeds) {
            if (!feed.isDatabaseFeed()) continue;
            PollSpec p = feed.poll();
            String url = p.resolveUrl(env);
            if (url == null || url.isBlank()) {
                LOG.warn("database feed {}: environment variable {} is not set, so it is not polled", feed.id(), p.urlEnv());
                continue;
            }
            dbs.readers.put(feed.id(), pool(feed.id() + "-read", url, p, env, false, 2));
            dbs.writers.put(feed.id(), pool(feed.id() + "-write", url, p, env, true, 1));
        }
        return dbs;
    }

    private static HikariDataSource pool(String name, String url, PollSpec p, Function<String, String> env, boolean autoCommit,
                                         int size) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("legacy-" + name);
        cfg.setJdbcUrl(url);
        cfg.setUsername(p.resolveUser(env));
        cfg.setPassword(p.resolvePassword(env));
        cfg.setAutoCommit(autoCommit);
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(0);
        cfg.setConnectionTimeout(10_000);
        cfg.setInitializationFailTimeout(-1);
        return new HikariDataSource(cfg);
    }

    public boolean polls(String feedId) {
        return readers.containsKey(feedId);
    }

    public DataSource reader(String feedId) {
        return readers.get(feedId);
    }

    public DataSource writer(String feedId) {
        return writers.get(feedId);
    }

    /** The statement that reads the legacy database's clock as epoch seconds, by dialect; null when unknown. */
    public static String clockQuery(String jdbcUrl) {
        if (jdbcUrl == null) return null;
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) return "SELECT UNIX_TIMESTAMP(NOW(6))";
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return "SELECT EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)";
        if (jdbcUrl.startsWith("jdbc:h2:")) return "SELECT EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)";
        return null;
    }

    public String url(String feedId) {
        HikariDataSource ds = readers.get(feedId);
        return ds == null ? null : ds.getJdbcUrl();
    }

    @Override
    public void close() {
        readers.values().forEach(HikariDataSource::close);
        writers.values().forEach(HikariDataSource::close);
    }
}

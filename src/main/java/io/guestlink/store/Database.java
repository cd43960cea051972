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
    private final HikariDataSource dataSource;
    private final boolean postgres;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.postgres = dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    public static Database open(String url, String user, String password, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("guestlink-store");
        cfg.setAutoCommit(true);
        // PostgreSQL sends a JDBC batch as one multi-row INSERT only with this switch on
        if (url.startsWith("jdbc:postgresql:")) {
            cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** The URL with any password parameter removed, for logs. */
    public String describe() {
        return dataSource.getJdbcUrl().replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

package io.guestlink.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Creates throwaway benchmark databases through the {@code postgres} database and drops them again. */
final class PgAdmin {
    private final String serverUrl;
    private final String user;
    private final String password;
    private final List<String> created = new ArrayList<>();

    PgAdmin(String serverUrl, String user, String password) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
    }

    private Connection admin() throws SQLException {
        return DriverManager.getConnection(serverUrl + "/postgres", user, password);
    }

    String version() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The server's settings that decide what a bulk load costs beside the load itself: the buffer cache and how much
     * WAL is written before a checkpoint is forced (after each checkpoint every page changed is written to the WAL
     * whole once more).
     */
    String writeSettings() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String name : List.of("shared_buffers", "max_wal_size", "checkpoint_timeout", "wal_compression", "synchronous_commit")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    rs.next();
                    out.append(out.length() == 0 ? "" : ", ").append(name).append(' ').append(rs.getString(1));
                }
            }
        }
        return out.toString();
    }

    /** Checkpoints the server has made since its statistics were reset: timed ones and those forced by WAL volume. */
    long[] checkpoints() throws SQLException {
        try (Connection c = admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT checkpoints_timed, checkpoints_req FROM pg_stat_bgwriter")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    /** Creates the database (a plain lower-case identifier) and returns its JDBC URL. */
    synchronized String create(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) throw new IllegalArgumentException("bad database name " + name);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        created.add(name);
        return url(name);
    }

    /** Drops a database a crashed run left behind (a plain lower-case identifier), if it exists. */
    void dropIfExists(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) throw new IllegalArgumentException("bad database name " + name);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    String url(String name) {
        return serverUrl + "/" + name;
    }

    synchronized List<String> created() {
        return List.copyOf(created);
    }

    /** Drops every database this instance created; safe to call twice (shutdown hook and finally). */
    synchronized void dropAll() {
        for (String name : List.copyOf(created)) {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                created.remove(name);
            } catch (SQLException e) {
                System.err.println("could not drop database " + name + ": " + e.getMessage());
            }
        }
    }
}

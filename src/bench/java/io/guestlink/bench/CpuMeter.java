package io.guestlink.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * CPU seconds spent on one import: by this JVM, and (PostgreSQL on this machine only, read from /proc) by the server
 * backends connected to the import database. Unlike wall time, CPU time hardly changes when other work shares the
 * machine, so it is the better number for comparing two versions of the code on a busy box. The backends of
 * {@link AutoAnalyze} (application name {@value #EXCLUDED_APP}) and of this meter are left out.
 */
final class CpuMeter {
    static final String EXCLUDED_APP = "guestlink-bench-aux";
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final String url;
    private final String user;
    private final String password;
    private long jvmStart;
    private long threadStart;
    private Map<Long, Long> pgStart = Map.of();

    /** @param url the PostgreSQL import database, or null for H2 (JVM only) */
    CpuMeter(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    static Properties aux(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", EXCLUDED_APP);
        return p;
    }

    void start() {
        jvmStart = jvmNanos();
        threadStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        pgStart = backendTicks();
    }

    /** CPU of the calling thread (the one that runs the import) since {@link #start()}: the importer's own work. */
    double threadSeconds() {
        return (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadStart) / 1e9;
    }

    /** CPU of the whole JVM since {@link #start()}: the import plus JIT compilation and garbage collection. */
    double jvmSeconds() {
        return (jvmNanos() - jvmStart) / 1e9;
    }

    /** Server CPU seconds of the import's backends since {@link #start()}, or -1 when they cannot be read. */
    double pgSeconds() {
        if (url == null) return -1;
        Map<Long, Long> now = backendTicks();
        if (now.isEmpty()) return -1;
        long ticks = 0;
        for (var e : now.entrySet()) ticks += e.getValue() - pgStart.getOrDefault(e.getKey(), 0L);
        return ticks / TICKS_PER_SECOND;
    }

    private static long jvmNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private Map<Long, Long> backendTicks() {
        Map<Long, Long> out = new HashMap<>();
        if (url == null || !(url.contains("//127.0.0.1") || url.contains("//localhost"))) return out;
        try (Connection c = DriverManager.getConnection(url, aux(user, password)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                     + "AND pid <> pg_backend_pid() AND application_name <> '" + EXCLUDED_APP + "'")) {
            while (rs.next()) {
                long pid = rs.getLong(1);
                Path stat = Path.of("/proc", Long.toString(pid), "stat");
                if (!Files.isReadable(stat)) continue;
                String text = Files.readString(stat);
                String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
                out.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12])); // utime, stime (fields 14, 15)
            }
        } catch (SQLException | java.io.IOException | RuntimeException e) {
            return new HashMap<>();
        }
        return out;
    }
}

package io.guestlink.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.guestlink.app.camel.ImportRetries;
import io.guestlink.config.Settings;
import io.guestlink.store.ImportJournal;
import io.guestlink.testing.FaultyProxy;
import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults in the middle of a file import, against the real routes on PostgreSQL: the database cut mid-file (retried
 * in place, resumed after the last committed batch, never failed/), two processes on one inbox (each file once), a
 * file moved back from failed/ (one time stamp). The database is taken away through a proxy, not by stopping the
 * server other tests share; the fault suite (docs/operations.md) restarts a server of its own.
 */
class ImportFaultsIT {
    static final String FEED = InboxImportIT.FEED;
    static final String HEADER = InboxImportIT.HEADER;

    @TempDir
    Path tmp;

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_faults");

    static String rows(String prefix, int from, int to) {
        StringBuilder b = new StringBuilder(HEADER);
        for (int i = from; i <= to; i++)
            b.append(prefix).append(i).append(",G").append(prefix).append(i).append(",GUEST/NUMBER").append(" MR,,,2025-06-08,2025-06-10,100\n");
        return b.toString();
    }

    @Test
    void databaseCutMidFileIsRetriedInPlaceAndTheFileResumesAfterItsLastCommittedBatch() throws Exception {
        int total = 2000;
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try (FaultyProxy proxy = FaultyProxy.postgres(0)) {
            Map<String, String> settings = new HashMap<>();
            settings.put(Settings.DB_URL.key(), proxy.through(pg.url()));
            settings.put(Settings.DB_USER.key(), pg.user());
            settings.put(Settings.BATCH_SIZE.key(), "50");
            settings.put(Settings.IMPORT_RETRY_DELAY.key(), "1500");
            settings.put(Settings.DB_CONNECTION_TIMEOUT.key(), "1000");
            settings.put(Settings.IMPORT_RETRY_MAX_DELAY.key(), "3000");
            try (TestApp t = TestApp.in(tmp).feed("test-res", FEED).settings(settings).start()) {
                t.drop("test-res", "night.csv", rows("N", 1, total));
                long before = Wait.forValue("the import past its first 200 rows", Duration.ofSeconds(60),
                        () -> { long n = rowsRead(pg.url()); return n >= 200 ? n : null; });
                // the server hangs, then its connections drop and it refuses new ones for longer than a store call
                // waits for a connection (a restart): the import's next batch fails, whatever it was doing
                proxy.stall();
                Thread.sleep(1000);
                proxy.cut();
                Wait.until("the import interrupted and its retry said", Duration.ofSeconds(60), () -> retriesSaid(logs) > 0);
                assertThat(runStatus(pg.url())).as("the run while the database is away").isEqualTo("RUNNING");
                Thread.sleep(1000);
                proxy.restore();
                assertThat(retriesSaid(logs)).as("retries of the interrupted import").isPositive();
                // while it waits for its retry the run says why (the first retry waits 1.5 s)
                String note = Wait.forValue("the run's note of the transient failure", Duration.ofSeconds(60),
                        () -> { String e = runError(pg.url()); return e != null && e.contains("transient") ? e : null; });
                ImportJournal.FileSummary run = t.awaitRun(r -> r.fileName().equals("night.csv"), Duration.ofSeconds(120));

                assertThat(before).isLessThan(total);
                assertThat(note).contains("retry");
                assertThat(run.status()).isEqualTo("DONE");
                assertThat(run.counts().read()).isEqualTo(total);
                assertThat(run.counts().imported()).isEqualTo(total);
                assertThat(t.count("SELECT COUNT(*) FROM source_record")).isEqualTo(total);
                assertThat(t.count("SELECT COUNT(*) FROM import_row")).isEqualTo(total);
                assertThat(t.count("SELECT COUNT(*) FROM import_file")).isEqualTo(1);
                assertThat(run.error()).contains("resumed after its last committed batch");
                // the rate is over the rows this attempt read: fewer than the whole file (the first attempt's are not in it)
                double rowsOfTheRate = run.rowsPerSecond() * run.durationMs() / 1000.0;
                assertThat(rowsOfTheRate).isGreaterThan(0).isLessThanOrEqualTo(total - before + 0.5);
                Wait.until("the file archived in done/", Duration.ofSeconds(30), () -> t.files("test-res", "done").size() == 1);
                assertThat(t.files("test-res", "failed")).isEmpty();
            }
        } finally {
            root.detachAppender(logs);
        }
        List<ILoggingEvent> retries = logs.list.stream().filter(e -> e.getLoggerName().equals(ImportRetries.class.getName())).toList();
        List<String> traces = new ArrayList<>();
        for (ILoggingEvent e : logs.list)
            if (e.getThrowableProxy() != null && (e.getLoggerName().startsWith("io.guestlink") || e.getLoggerName().startsWith("org.apache.camel")))
                traces.add(e.getLoggerName() + ": " + e.getFormattedMessage());
        assertThat(retries).as("one warning per retry").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
        assertThat(traces).as("stack traces from GuestLink or Camel during the outage").isEmpty();
        assertThat(logs.list).as("no file failed").noneMatch(e -> e.getFormattedMessage().startsWith("import of night.csv")
                && e.getFormattedMessage().contains(" failed: "));
    }

    @Test
    void twoProcessesOnOneInboxImportEachFileOnceAndNoneFails() throws Exception {
        Path inbox = Files.createDirectories(tmp.resolve("shared-inbox"));
        Map<String, String> settings = new HashMap<>();
        settings.put(Settings.DB_URL.key(), pg.url());
        settings.put(Settings.DB_USER.key(), pg.user());
        settings.put(Settings.INBOX_DIR.key(), inbox.toString());
        settings.put(Settings.POLL_DELAY.key(), "100");
        int files = 8;
        int perFile = 300;
        try (TestApp a = TestApp.in(tmp.resolve("a")).feed("test-res", FEED).settings(settings).start();
             TestApp b = TestApp.in(tmp.resolve("b")).feed("test-res", FEED).settings(settings).start()) {
            Path dir = Files.createDirectories(inbox.resolve("test-res"));
            for (int f = 1; f <= files; f++) {
                Path part = dir.resolve(".f" + f + ".part");
                Files.writeString(part, rows("F" + f + "-", 1, perFile), StandardCharsets.UTF_8);
                Files.move(part, dir.resolve("f" + f + ".csv"), StandardCopyOption.ATOMIC_MOVE);
            }
            Wait.until("every file archived in done/", Duration.ofSeconds(120),
                    () -> list(dir.resolve("done")).size() == files, () -> "done: " + list(dir.resolve("done"))
                            + "; failed: " + list(dir.resolve("failed")) + "; runs: " + a.app.journal().recentRuns(20));

            List<ImportJournal.FileSummary> runs = a.app.journal().recentRuns(100);
            assertThat(runs).hasSize(files).allSatisfy(r -> assertThat(r.status()).isEqualTo("DONE"));
            assertThat(runs.stream().map(ImportJournal.FileSummary::fileName).distinct()).hasSize(files);
            assertThat(a.count("SELECT COUNT(*) FROM source_record")).isEqualTo((long) files * perFile);
            assertThat(a.count("SELECT COUNT(*) FROM import_row")).isEqualTo((long) files * perFile);
            assertThat(list(dir.resolve("failed"))).isEmpty();
            assertThat(list(dir)).as("left in the inbox").noneMatch(p -> p.getFileName().toString().endsWith(".csv"));
        }
    }

    private static List<Path> list(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void aFileMovedBackFromFailedIsArchivedUnderOneTimeStamp() throws Exception {
        try (TestApp t = TestApp.in(tmp).feed("test-res", FEED).start()) {
            t.drop("test-res", "wrong.csv", "A,B\n1,2\n");
            Wait.until("the file in failed/", Duration.ofSeconds(30), () -> t.files("test-res", "failed").size() == 1);
            Path failed = t.files("test-res", "failed").get(0);
            assertThat(failed.getFileName().toString()).matches("\\d{8}-\\d{6}-wrong\\.csv");

            // moved back as it is (say before the feed was fixed): failed again, under one time stamp
            Files.move(failed, t.inbox.resolve("test-res").resolve(failed.getFileName()));
            Wait.until("the file in failed/ again", Duration.ofSeconds(30), () -> t.files("test-res", "failed").size() == 1
                    && Files.notExists(t.inbox.resolve("test-res").resolve(failed.getFileName())));
            assertThat(t.files("test-res", "failed").get(0).getFileName().toString()).matches("\\d{8}-\\d{6}-wrong\\.csv");
        }
    }

    private static long retriesSaid(ListAppender<ILoggingEvent> logs) {
        synchronized (logs) {
            return List.copyOf(logs.list).stream().filter(e -> e.getLoggerName().equals(ImportRetries.class.getName())).count();
        }
    }

    private static long rowsRead(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(rows_read), 0) FROM import_file")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String runStatus(String url) throws Exception {
        return one(url, "SELECT status FROM import_file ORDER BY id DESC");
    }

    private static String runError(String url) throws Exception {
        return one(url, "SELECT error FROM import_file ORDER BY id DESC");
    }

    private static String one(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

package io.guestlink.app;

import io.guestlink.app.camel.Runtime;
import io.guestlink.config.Settings;
import io.guestlink.store.ImportJournal;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The real application for end-to-end tests: the routes from routes/, feed files written by the test, an inbox and
 * an H2 file database in a temporary folder, fast polling. Only configuration differs from production.
 */
final class TestApp implements AutoCloseable {
    final Path root;
    final Path inbox;
    final GuestLink app;
    final Main main;

    private TestApp(Path root, GuestLink app, Main main) {
        this.root = root;
        this.inbox = root.resolve("inbox");
        this.app = app;
        this.main = main;
    }

    static Map<String, String> settingsFor(Path root, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put(Settings.SOURCES_DIR.key(), root.resolve("sources").toString());
        s.put(Settings.INBOX_DIR.key(), root.resolve("inbox").toString());
        s.put(Settings.DB_URL.key(), "jdbc:h2:file:" + root.resolve("db/guestlink").toAbsolutePath());
        s.put(Settings.POLL_DELAY.key(), "200");
        s.put(Settings.READ_LOCK_INTERVAL.key(), "300");
        s.put(Settings.HMAC_KEY.key(), "test-key-0123456789abcdef");
        s.put(Settings.BATCH_SIZE.key(), "100");
        // no alert rules unless a test writes them (the shipped ones would write lists into the project folder)
        s.put(Settings.ALERTS_CONFIG.key(), root.resolve("alerts.yaml").toString());
        // an embedded broker of its own: a name no other test in this JVM uses, persistence in the temp folder
        s.put(Settings.BROKER_URL.key(), "vm://guestlink-" + Integer.toHexString(root.toAbsolutePath().hashCode()) + "?create=false");
        s.put(Settings.BROKER_DATA_DIR.key(), root.resolve("activemq").toString());
        s.put(Settings.HL7_ENABLED.key(), "false"); // no MLLP port unless a test asks for one (tests run side by side)
        s.putAll(extra);
        return s;
    }

    /** Writes the feed files, then starts the application with every feed's route. */
    static TestApp start(Path root, Map<String, String> feeds, Map<String, String> extraSettings) throws Exception {
        return start(root, feeds, extraSettings, Map.of());
    }

    /** The same, with environment variables (secrets such as GUESTLINK_BROKER_PASSWORD come only from there). */
    static TestApp start(Path root, Map<String, String> feeds, Map<String, String> extraSettings,
                         Map<String, String> env) throws Exception {
        Path sources = Files.createDirectories(root.resolve("sources"));
        for (var f : feeds.entrySet()) Files.writeString(sources.resolve(f.getKey() + ".yaml"), f.getValue());
        Settings settings = Settings.load(null, env, settingsFor(root, extraSettings));
        GuestLink app = GuestLink.start(settings);
        Main main = Runtime.start(app, Path.of("config/application.properties"), true);
        return new TestApp(root, app, main);
    }

    /** Drops a file into a feed's inbox atomically (as a well-behaved sender would). */
    Path drop(String feed, String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(inbox.resolve(feed));
        Path tmp = dir.resolve("." + name + ".part");
        Files.write(tmp, content);
        return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    Path drop(String feed, String name, String content) throws IOException {
        return drop(feed, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until a run matching the predicate is journaled as finished. */
    ImportJournal.FileSummary awaitRun(Predicate<ImportJournal.FileSummary> which, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (var r : app.journal().recentRuns(500)) {
                if (!"RUNNING".equals(r.status()) && which.test(r)) return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no finished run matched within " + timeout + "; runs: " + app.journal().recentRuns(20));
    }

    ImportJournal.FileSummary awaitRun(String feed, String fileName) throws InterruptedException {
        return awaitRun(r -> r.sourceId().equals(feed) && r.fileName().equals(fileName), Duration.ofSeconds(30));
    }

    /** Files in a folder below the inbox, e.g. ("opera", "done"). */
    List<Path> files(String feed, String sub) throws IOException {
        Path dir = inbox.resolve(feed).resolve(sub);
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            app.close();
        }
    }
}

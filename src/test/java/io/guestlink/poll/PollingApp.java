package io.guestlink.poll;

import io.guestlink.app.GuestLink;
import io.guestlink.app.camel.Runtime;
import io.guestlink.config.Settings;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The real application with database feeds, started the way src/test/java/io/guestlink/app/TestApp.java does it: feed
 * files written to a sources folder under {@code root}, the routes from routes/, {@code GuestLink.start(settings)} and
 * {@code Runtime.start(app, config/application.properties, true)}. The store is an H2 file database under
 * {@code root/db} unless the settings name another (PostgreSQL).
 */
public final class PollingApp implements AutoCloseable {
    public final Path root;
    public final GuestLink app;
    public final Main main;

    private PollingApp(Path root, GuestLink app, Main main) {
        this.root = root;
        this.app = app;
        this.main = main;
    }

    public static String h2Store(Path root) {
        return "jdbc:h2:file:" + root.resolve("db/guestlink").toAbsolutePath();
    }

    /** Writes the feed files (id to YAML), then starts the application with every feed's route. */
    public static PollingApp start(Path root, Map<String, String> feeds, Map<String, String> extraSettings) throws Exception {
        return start(root, feeds, extraSettings, 0);
    }

    /**
     * As {@link #start(Path, Map, Map)}, with Camel's graceful-shutdown timeout set to {@code shutdownTimeoutSeconds}
     * (0: the one in config/application.properties), through a copy of that file under {@code root}.
     */
    public static PollingApp start(Path root, Map<String, String> feeds, Map<String, String> extraSettings, int shutdownTimeoutSeconds)
            throws Exception {
        Path sources = Files.createDirectories(root.resolve("sources"));
        for (var f : feeds.entrySet()) Files.writeString(sources.resolve(f.getKey() + ".yaml"), f.getValue());
        Map<String, String> s = new HashMap<>();
        s.put(Settings.SOURCES_DIR.key(), sources.toString());
        s.put(Settings.INBOX_DIR.key(), root.resolve("inbox").toString());
        s.put(Settings.DB_URL.key(), h2Store(root));
        s.put(Settings.HMAC_KEY.key(), "test-key-0123456789abcdef");
        s.put(Settings.HL7_ENABLED.key(), "false"); // no MLLP port unless a test asks for one (tests run side by side)
        s.putAll(extraSettings);
        GuestLink app = GuestLink.start(Settings.load(null, Map.of(), s));
        try {
            Path config = Path.of("config/application.properties");
            if (shutdownTimeoutSeconds > 0) {
                String text = Files.readString(config).replaceAll("(?m)^camel\\.main\\.shutdown-timeout\\s*=.*$", "");
                config = Files.writeString(root.resolve("application.properties"),
                        text + "\ncamel.main.shutdown-timeout = " + shutdownTimeoutSeconds + "\n");
            }
            Main main = Runtime.start(app, config, true);
            return new PollingApp(root, app, main);
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
    }

    public Connection store() throws SQLException {
        return app.database().connection();
    }

    public long count(String query) throws SQLException {
        try (Connection c = store(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
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

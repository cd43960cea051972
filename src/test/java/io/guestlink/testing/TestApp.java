package io.guestlink.testing;

import io.guestlink.app.GuestLink;
import io.guestlink.app.camel.Headers;
import io.guestlink.app.camel.Runtime;
import io.guestlink.config.Settings;
import io.guestlink.model.ImportSummary;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.store.ImportJournal;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The real application for end-to-end tests and benchmarks: the routes from routes/, feed files written by the test,
 * an inbox and an H2 file database in a temporary folder, fast polling, an embedded broker of its own. Only
 * configuration differs from production. Built with {@link #in(Path)}:
 * <pre>{@code
 * TestApp t = TestApp.in(tmp).feed("res", FEED).setting(Settings.HL7_ENABLED.key(), "true").start();
 * }</pre>
 */
public final class TestApp implements AutoCloseable {
    public final Path root;
    public final Path inbox;
    public final GuestLink app;
    public final Main main;
    /** With {@link Builder#subscribeTo}: each message on the topic, its text then "#alert id#audience". */
    public final List<String> topicMessages;
    /** With {@link Builder#subscribeTo}: when each alert id arrived on the topic (System.nanoTime()). */
    public final Map<String, Long> topicReceivedAt;
    private final Connection subscriber;

    private TestApp(Path root, GuestLink app, Main main, Connection subscriber, List<String> topicMessages,
                    Map<String, Long> topicReceivedAt) {
        this.root = root;
        this.inbox = root.resolve("inbox");
        this.app = app;
        this.main = main;
        this.subscriber = subscriber;
        this.topicMessages = topicMessages;
        this.topicReceivedAt = topicReceivedAt;
    }

    /** The broker user a test application's listening broker admits (a broker that listens needs one). */
    public static final String BROKER_USER = "guestlink-test";
    public static final String BROKER_PASSWORD = "test-broker-password";

    /** The broker credentials in the environment, as a listening broker requires. */
    public static Map<String, String> brokerCredentials() {
        return Map.of(Settings.BROKER_USER.envName(), BROKER_USER, Settings.BROKER_PASSWORD.envName(), BROKER_PASSWORD);
    }

    /** The store key of the test applications (guestlink.store.key): a test opens what they sealed with it. */
    public static final String STORE_KEY = "test-store-key-0123456789abcdef-0123456789";

    /** The test defaults below {@code root}, then {@code extra} over them. */
    public static Map<String, String> settingsFor(Path root, Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put(Settings.SOURCES_DIR.key(), root.resolve("sources").toString());
        s.put(Settings.INBOX_DIR.key(), root.resolve("inbox").toString());
        s.put(Settings.DB_URL.key(), h2Store(root));
        s.put(Settings.POLL_DELAY.key(), "200");
        s.put(Settings.READ_LOCK_INTERVAL.key(), "300");
        s.put(Settings.HMAC_KEY.key(), "test-key-0123456789abcdef");
        s.put(Settings.STORE_KEY.key(), STORE_KEY);
        s.put(Settings.BATCH_SIZE.key(), "100");
        // no alert rules unless a test writes them (the shipped ones would write lists into the project folder)
        s.put(Settings.ALERTS_CONFIG.key(), root.resolve("alerts.yaml").toString());
        // an embedded broker of its own: a name no other test in this JVM uses, persistence in the temp folder
        s.put(Settings.BROKER_URL.key(), "vm://guestlink-" + Integer.toHexString(root.toAbsolutePath().hashCode()) + "?create=false");
        s.put(Settings.BROKER_DATA_DIR.key(), root.resolve("activemq").toString());
        s.put(Settings.HL7_ENABLED.key(), "false"); // no MLLP port unless a test asks for one (tests run side by side)
        s.put(Settings.HTTP_ENABLED.key(), "false"); // no HTTP port either unless a test asks (ApiClient.settings)
        s.putAll(extra);
        return s;
    }

    /** The H2 store the test defaults give an application under {@code root}. */
    public static String h2Store(Path root) {
        return "jdbc:h2:file:" + root.resolve("db/guestlink").toAbsolutePath();
    }

    public static Builder in(Path root) {
        return new Builder(root);
    }

    /** Writes the feed files, then starts the application with every feed's route. */
    public static TestApp start(Path root, Map<String, String> feeds, Map<String, String> extraSettings) throws Exception {
        return in(root).feeds(feeds).settings(extraSettings).start();
    }

    /** The same, with environment variables (secrets such as GUESTLINK_BROKER_PASSWORD come only from there). */
    public static TestApp start(Path root, Map<String, String> feeds, Map<String, String> extraSettings,
                                Map<String, String> env) throws Exception {
        return in(root).feeds(feeds).settings(extraSettings).env(env).start();
    }

    /** What a test may change: feeds, settings, environment, alert rules, start-up order. */
    public static final class Builder {
        private final Path root;
        private final Map<String, String> feeds = new LinkedHashMap<>();
        private final Map<String, String> settings = new HashMap<>();
        private final Map<String, String> env = new HashMap<>();
        private boolean shippedFeeds;
        private boolean feedRoutes = true;
        private String alerts;
        private String topic;
        private int shutdownTimeoutSeconds;
        private BeforeCamel beforeCamel = app -> { };

        private Builder(Path root) {
            this.root = root;
        }

        /** A feed file {@code sources/<id>.yaml}. */
        public Builder feed(String id, String yaml) {
            feeds.put(id, yaml);
            return this;
        }

        public Builder feeds(Map<String, String> idToYaml) {
            feeds.putAll(idToYaml);
            return this;
        }

        /** The shipped feeds of config/sources too (for the demo files). */
        public Builder shippedFeeds() {
            shippedFeeds = true;
            return this;
        }

        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Builder settings(Map<String, String> keyToValue) {
            settings.putAll(keyToValue);
            return this;
        }

        public Builder env(Map<String, String> variables) {
            env.putAll(variables);
            return this;
        }

        /** Alert rules ({@code alerts.yaml} in the folder), swept every 200 ms. */
        public Builder alerts(String alertsYaml) {
            alerts = alertsYaml;
            settings.putIfAbsent(Settings.ALERTS_SWEEP.key(), "200");
            return this;
        }

        /** Camel without the feed routes (the alert tests feed the store themselves). */
        public Builder withoutFeedRoutes() {
            feedRoutes = false;
            return this;
        }

        /**
         * A JMS subscriber on this topic of the application's broker, subscribed before the alert channels start so
         * nothing sent at start-up (pending deliveries) is missed. Implies {@link #withoutFeedRoutes()}.
         */
        public Builder subscribeTo(String alertTopic) {
            topic = alertTopic;
            feedRoutes = false;
            return this;
        }

        /** Work on the assembled application before Camel starts (daily rules run as soon as it does). */
        public Builder beforeCamel(BeforeCamel work) {
            beforeCamel = work;
            return this;
        }

        /** Camel's graceful-shutdown timeout (through a copy of config/application.properties in the folder). */
        public Builder shutdownTimeout(int seconds) {
            shutdownTimeoutSeconds = seconds;
            return this;
        }

        public TestApp start() throws Exception {
            Path sources = Files.createDirectories(root.resolve("sources"));
            for (var f : feeds.entrySet()) Files.writeString(sources.resolve(f.getKey() + ".yaml"), f.getValue());
            if (shippedFeeds) {
                try (var shipped = Files.list(Path.of("config/sources"))) {
                    for (Path f : shipped.filter(p -> p.toString().endsWith(".yaml")).toList())
                        Files.copy(f, sources.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (alerts != null) Files.writeString(root.resolve("alerts.yaml"), alerts);
            Map<String, String> environment = new HashMap<>(env);
            // a broker that listens admits only its user: the test's clients (QueueClient) use the same
            if (!settings.getOrDefault(Settings.BROKER_LISTEN.key(), "").isBlank()) brokerCredentials().forEach(environment::putIfAbsent);
            GuestLink app = GuestLink.start(Settings.load(null, environment, settingsFor(root, settings)));
            Main main = null;
            Connection subscriber = null;
            try {
                beforeCamel.run(app);
                Path config = camelConfig();
                List<String> messages = new CopyOnWriteArrayList<>();
                Map<String, Long> receivedAt = new ConcurrentHashMap<>();
                if (feedRoutes) {
                    main = Runtime.start(app, config, true);
                } else {
                    main = Runtime.create(app, config, false);
                    main.start();
                    if (topic != null) subscriber = subscribe(app, topic, messages, receivedAt);
                    Runtime.installAlertChannels(main.getCamelContext(), app);
                }
                return new TestApp(root, app, main, subscriber, messages, receivedAt);
            } catch (Exception | Error e) {
                try {
                    if (subscriber != null) subscriber.close();
                    if (main != null) main.stop();
                } finally {
                    app.close();
                }
                throw e;
            }
        }

        private Path camelConfig() throws IOException {
            Path config = Path.of("config/application.properties");
            if (shutdownTimeoutSeconds <= 0) return config;
            String text = Files.readString(config).replaceAll("(?m)^camel\\.main\\.shutdown-timeout\\s*=.*$", "");
            return Files.writeString(root.resolve("application.properties"),
                    text + "\ncamel.main.shutdown-timeout = " + shutdownTimeoutSeconds + "\n");
        }

        private static Connection subscribe(GuestLink app, String topic, List<String> messages, Map<String, Long> receivedAt)
                throws JMSException {
            String user = app.settings().get(Settings.BROKER_USER);
            Connection c = new ActiveMQConnectionFactory(user.isBlank() ? null : user,
                    user.isBlank() ? null : app.settings().get(Settings.BROKER_PASSWORD),
                    app.settings().get(Settings.BROKER_URL)).createConnection();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createTopic(topic));
            consumer.setMessageListener(m -> {
                try {
                    receivedAt.put(m.getStringProperty("GuestLinkAlertId"), System.nanoTime());
                    messages.add(((TextMessage) m).getText() + "\n#" + m.getStringProperty("GuestLinkAlertId")
                            + "#" + m.getStringProperty("GuestLinkAudience"));
                } catch (JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            c.start();
            return c;
        }
    }

    /** Work on the application before Camel starts. */
    @FunctionalInterface
    public interface BeforeCamel {
        void run(GuestLink app) throws Exception;
    }

    /** Drops a file into a feed's inbox atomically (as a well-behaved sender would). */
    public Path drop(String feed, String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(inbox.resolve(feed));
        Path tmp = dir.resolve("." + name + ".part");
        Files.write(tmp, content);
        return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    public Path drop(String feed, String name, String content) throws IOException {
        return drop(feed, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until a run matching the predicate is journaled as finished. */
    public ImportJournal.FileSummary awaitRun(Predicate<ImportJournal.FileSummary> which, Duration timeout) throws Exception {
        return Wait.forValue("a finished run matching the test's predicate", timeout,
                () -> app.journal().recentRuns(500).stream().filter(r -> !"RUNNING".equals(r.status()) && which.test(r))
                        .findFirst().orElse(null),
                () -> "runs: " + app.journal().recentRuns(20));
    }

    public ImportJournal.FileSummary awaitRun(String feed, String fileName) throws Exception {
        return awaitRun(r -> r.sourceId().equals(feed) && r.fileName().equals(fileName), Duration.ofSeconds(30));
    }

    /** Files in a folder below the inbox, e.g. ("opera", "done"). */
    public List<Path> files(String feed, String sub) throws IOException {
        Path dir = inbox.resolve(feed).resolve(sub);
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** Imports CSV text (header and rows) through a feed's mapping into the store, without the route. */
    public ImportSummary importText(String feed, String csv) throws Exception {
        return importBytes(feed, feed + "-" + System.nanoTime() + ".csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Imports a file through a feed's mapping into the store (what the inbox route does, without the route). */
    public ImportSummary importFile(String feed, Path file) throws Exception {
        return importBytes(feed, file.getFileName().toString(), Files.readAllBytes(file));
    }

    private ImportSummary importBytes(String feed, String name, byte[] bytes) throws Exception {
        return importInto(app, root, feed, name, bytes);
    }

    /** As {@link #importText}, on an application that Camel does not run yet (see {@link Builder#beforeCamel}). */
    public static ImportSummary importText(GuestLink app, Path root, String feed, String csv) throws Exception {
        return importInto(app, root, feed, feed + "-" + System.nanoTime() + ".csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    private static ImportSummary importInto(GuestLink app, Path root, String feed, String name, byte[] bytes) throws Exception {
        return app.importer().importStream(app.feed(feed), new ByteArrayInputStream(bytes), bytes.length, name,
                FileImporter.sha256Of(bytes), root.resolve(name + ".rejects.csv"));
    }

    /** Announces a stored guest event on the fast path, as the intake routes do after their commit. */
    public void announce(long eventId) throws Exception {
        try (ProducerTemplate p = main.getCamelContext().createProducerTemplate()) {
            var reply = p.request("direct:guest-event-stored", ex -> {
                ex.getIn().setBody("the intake's own body");
                ex.getIn().setHeader(Headers.EVENT_ID, eventId);
            });
            if (reply.getException() != null) throw reply.getException();
            if (!"the intake's own body".equals(reply.getMessage().getBody(String.class)))
                throw new AssertionError("the fast path changed the caller's body: " + reply.getMessage().getBody());
        }
    }

    public java.sql.Connection store() throws SQLException {
        return app.database().connection();
    }

    /** The one number a query returns, e.g. a COUNT(*). */
    public long count(String query) throws SQLException {
        try (java.sql.Connection c = store(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        try {
            try {
                if (subscriber != null) subscriber.close(); // before the broker stops with Camel
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            } finally {
                main.stop();
            }
        } finally {
            app.close();
        }
    }
}

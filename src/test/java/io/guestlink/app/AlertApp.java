package io.guestlink.app;

import io.guestlink.app.camel.Runtime;
import io.guestlink.app.camel.Headers;
import io.guestlink.config.Settings;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.model.ImportSummary;
import io.guestlink.store.AlertOutbox;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The real application with the real alert routes (routes/alerts.camel.yaml) for end-to-end alert tests: an H2 file
 * store and an alerts.yaml in a temporary folder, the application's embedded broker (a name of its own, see
 * TestApp), and a JMS subscriber on the alert topic. Guest events are inserted the way the intake
 * stores them and announced on direct:guest-event-stored, as the MLLP and broker intake routes do.
 */
final class AlertApp implements AutoCloseable {
    static final String RES_FEED = """
            id: res
            system: PMS
            kind: reservation
            phoneRegion: TH
            currency: THB
            key: [CONF]
            fields:
              property: PROP
              guest.key: GID
              guest.name: { column: NAME, nameFormat: "LAST/FIRST TITLE" }
              guest.birthDate: BIRTH
              guest.vip: VIP
              guest.consent.email: OPTIN
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
              reservation.roomNumber: ROOM
              reservation.status: STATUS
            """;
    static final String RES_HEADER = "CONF,GID,NAME,BIRTH,VIP,OPTIN,PROP,ARR,DEP,ROOM,STATUS\n";
    static final String TOPIC = "guestlink.alerts.test";

    final Path root;
    final GuestLink app;
    final Main main;
    /** Each message on the topic: its text, then "#alert id#audience" from its JMS properties. */
    final List<String> topicMessages;
    /** When each alert id arrived on the topic (System.nanoTime()). */
    Map<String, Long> topicReceivedAt;
    private final Connection subscriber;

    private AlertApp(Path root, GuestLink app, Main main, Connection subscriber, List<String> topic) {
        this.root = root;
        this.topicMessages = topic;
        this.app = app;
        this.main = main;
        this.subscriber = subscriber;
    }

    static AlertApp start(Path root, String alertsYaml, Map<String, String> env) throws Exception {
        return start(root, alertsYaml, env, null);
    }

    static AlertApp start(Path root, String alertsYaml, Map<String, String> env, String reservationsBeforeStart)
            throws Exception {
        return start(root, alertsYaml, env, reservationsBeforeStart, Map.of());
    }

    /**
     * @param reservationsBeforeStart rows imported before Camel starts (daily rules run as soon as it does)
     * @param extraSettings           settings over the test defaults (another store...)
     */
    static AlertApp start(Path root, String alertsYaml, Map<String, String> env, String reservationsBeforeStart,
                          Map<String, String> extraSettings) throws Exception {
        Files.createDirectories(root.resolve("sources"));
        Files.writeString(root.resolve("sources/res.yaml"), RES_FEED);
        // the shipped feeds too, for the acceptance story's demo files
        try (var shipped = Files.list(Path.of("config/sources"))) {
            for (Path f : shipped.filter(p -> p.toString().endsWith(".yaml")).toList())
                Files.copy(f, root.resolve("sources").resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(root.resolve("alerts.yaml"), alertsYaml);
        Map<String, String> settings = new java.util.HashMap<>(TestApp.settingsFor(root, Map.of(
                Settings.ALERTS_CONFIG.key(), root.resolve("alerts.yaml").toString(),
                Settings.ALERTS_SWEEP.key(), "200")));
        settings.putAll(extraSettings);
        GuestLink app = GuestLink.start(Settings.load(null, env, settings));
        if (reservationsBeforeStart != null) importRows(app, root, reservationsBeforeStart);
        // the application's own embedded broker (Runtime binds it as the component `activemq`)
        Main main = Runtime.create(app, Path.of("config/application.properties"), false);
        main.start();

        // subscribed before the channels start, so nothing sent at start-up (pending deliveries) is missed
        List<String> received = new CopyOnWriteArrayList<>();
        Map<String, Long> receivedAt = new java.util.concurrent.ConcurrentHashMap<>();
        Connection subscriber = new ActiveMQConnectionFactory(app.settings().get(Settings.BROKER_URL)).createConnection();
        Session session = subscriber.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createTopic(TOPIC));
        consumer.setMessageListener(m -> {
            try {
                receivedAt.put(m.getStringProperty("GuestLinkAlertId"), System.nanoTime());
                received.add(((TextMessage) m).getText() + "\n#" + m.getStringProperty("GuestLinkAlertId")
                        + "#" + m.getStringProperty("GuestLinkAudience"));
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        subscriber.start();
        Runtime.installAlertChannels(main.getCamelContext(), app);
        AlertApp a = new AlertApp(root, app, main, subscriber, received);
        a.topicReceivedAt = receivedAt;
        return a;
    }

    private static ImportSummary importRows(GuestLink app, Path root, String rows) throws Exception {
        byte[] bytes = (RES_HEADER + rows).getBytes(StandardCharsets.UTF_8);
        String name = "res-" + System.nanoTime() + ".csv";
        return app.importer().importStream(app.feed("res"), new ByteArrayInputStream(bytes), bytes.length, name,
                FileImporter.sha256Of(bytes), root.resolve(name + ".rejects.csv"));
    }

    ImportSummary reservations(String rows) throws Exception {
        return importRows(app, root, rows);
    }

    /** Imports a file through a feed's mapping into the store (what the inbox route does, without the route). */
    ImportSummary importFile(String feed, Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return app.importer().importStream(app.feed(feed), new ByteArrayInputStream(bytes), bytes.length,
                file.getFileName().toString(), FileImporter.sha256Of(bytes), root.resolve(file.getFileName() + ".rejects.csv"));
    }

    /** Announces a stored event on the fast path, as the intake routes do after their commit. */
    void announce(long eventId) throws Exception {
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

    long profile(String guestKey) {
        return app.profiles().byKey("SRC:PMS:" + guestKey).orElseThrow();
    }

    /** Stores a guest event as the intake does, without announcing it. */
    long storeEvent(String type, long profileId, String confirmation, String room, LocalDate arrival, LocalDate departure,
                    LocalDate businessDate) throws Exception {
        try (java.sql.Connection c = app.database().connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO guest_event (event_type, system, message_id, property, profile_id, confirmation, room_no, arrival, "
                        + "departure, occurred_at, business_date, stored_at) VALUES (?, 'PMS', ?, 'BKK01', ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[]{"id"})) {
            ps.setString(1, type);
            ps.setString(2, "m" + System.nanoTime());
            ps.setLong(3, profileId);
            ps.setString(4, confirmation);
            ps.setString(5, room);
            ps.setObject(6, arrival);
            ps.setObject(7, departure);
            ps.setObject(8, OffsetDateTime.now());
            ps.setObject(9, businessDate);
            ps.setObject(10, OffsetDateTime.now());
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Stores the event and announces it on the fast path, as the intake routes do after their commit. */
    long checkIn(long profileId, String confirmation, String room, LocalDate arrival, LocalDate departure) throws Exception {
        long id = storeEvent("CHECKED_IN", profileId, confirmation, room, arrival, departure, arrival);
        announce(id);
        return id;
    }

    /** The delivery status of an alert on a channel; null while there is no such alert or delivery. */
    String status(String alertId, String channel) {
        return app.outbox().recent(1000).stream().filter(a -> a.id().equals(alertId)).flatMap(a -> a.deliveries().stream())
                .filter(d -> d.channel().equals(channel)).map(AlertOutbox.DeliveryStatus::status).findFirst().orElse(null);
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.getAsBoolean()) return;
            Thread.sleep(50);
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }

    @Override
    public void close() throws Exception {
        try {
            subscriber.close(); // before the broker stops with Camel
            main.stop();
        } finally {
            try {
                subscriber.close();
            } finally {
                app.close();
            }
        }
    }
}

package io.guestlink.app;

import io.guestlink.testing.FreePorts;
import io.guestlink.testing.TestApp;
import io.guestlink.app.camel.Runtime;
import io.guestlink.app.camel.Headers;
import io.guestlink.app.camel.JsonEventEndpoint;
import io.guestlink.app.camel.Broker;
import io.guestlink.config.Settings;
import io.guestlink.config.ConfigurationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker plumbing on its own: configuration checks, transactions, authentication, one-off commands. */
class BrokerIT {
    @TempDir
    Path tmp;

    Settings settings(Map<String, String> extra, Map<String, String> env) {
        Map<String, String> s = new HashMap<>(TestApp.settingsFor(tmp, Map.of()));
        s.putAll(extra);
        return Settings.load(null, env, s);
    }

    @Test
    void shouldRefuseAnEmbeddedBrokerReachedOverTcpNamingTheKeyAndValue() {
        assertThatThrownBy(() -> Broker.of(settings(Map.of(Settings.BROKER_URL.key(), "tcp://127.0.0.1:61616"), Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("guestlink.broker.url = 'tcp://127.0.0.1:61616': with guestlink.broker.embedded=true")
                .hasMessageContaining("guestlink.broker.listen");
        assertThatThrownBy(() -> settings(Map.of(Settings.BROKER_EMBEDDED.key(), "yes", Settings.BROKER_REDELIVERIES.key(), "-1"), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("guestlink.broker.embedded = 'yes': expected true or false")
                .hasMessageContaining("guestlink.broker.redelivery.max-redeliveries = '-1': expected a whole number >= 0");
    }

    @Test
    void shouldStartTheShippedEmbeddedBroker() throws Exception {
        Settings shipped = Settings.load(Path.of("config/application.properties"), Map.of(),
                Map.of(Settings.BROKER_DATA_DIR.key(), tmp.resolve("activemq").toString()));
        Broker broker = Broker.of(shipped);
        broker.start();
        try {
            assertThat(broker.embedded().getBrokerName()).isEqualTo("guestlink");
            assertThat(broker.embedded().isUseJmx()).isFalse();
            assertThat(broker.embedded().getTransportConnectors()).as("no connector unless asked for").isEmpty();
            try (var c = broker.connectionFactory().createConnection()) {
                c.start();
            }
        } finally {
            broker.stop();
        }
        assertThat(tmp.resolve("activemq/kahadb/db.data")).exists();
    }

    /**
     * What makes the dead-letter send safe: a message sent from the consumer's thread joins the consumer's JMS
     * transaction. Here the route sends to an "audit" queue and then fails every time: after its redeliveries the
     * message is in ActiveMQ's DLQ.in and the audit queue never saw it; without the shared transaction it would hold
     * one copy per attempt.
     */
    @Test
    void shouldSendFromTheConsumerInsideItsTransaction() throws Exception {
        String tcp = "tcp://127.0.0.1:" + FreePorts.any();
        Broker broker = Broker.of(settings(Map.of(Settings.BROKER_LISTEN.key(), tcp, Settings.BROKER_REDELIVERIES.key(), "2",
                Settings.BROKER_REDELIVERY_DELAY.key(), "50"), TestApp.brokerCredentials()));
        broker.start();
        CamelContext camel = new DefaultCamelContext();
        try {
            camel.addComponent("activemq", broker.component());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("activemq:queue:in?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER")
                            .to("activemq:queue:audit")
                            .throwException(new IllegalStateException("store down"));
                }
            });
            camel.start();
            try (QueueClient client = new QueueClient(tcp)) {
                client.send("in", "{\"eventId\": \"x\"}");
                List<Message> given = client.take(Broker.BROKER_DLQ_PREFIX + "in", 1, 10_000);
                assertThat(given).hasSize(1);
                assertThat(((TextMessage) given.get(0)).getText()).isEqualTo("{\"eventId\": \"x\"}");
                assertThat(client.take("audit", 3, 500)).as("rolled back with the consumer, three times").isEmpty();
            }
        } finally {
            camel.stop();
            broker.stop();
        }
    }

    /** A broker that listens on TCP without a user would admit any client on the network: it does not start. */
    @Test
    void shouldRefuseToListenOnTcpWithoutBrokerCredentials() throws Exception {
        String tcp = "tcp://127.0.0.1:" + FreePorts.any();
        assertThatThrownBy(() -> Broker.of(settings(Map.of(Settings.BROKER_LISTEN.key(), tcp), Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("guestlink.broker.listen = '" + tcp + "'")
                .hasMessageContaining("GUESTLINK_BROKER_USER").hasMessageContaining("GUESTLINK_BROKER_PASSWORD_FILE");
        assertThatThrownBy(() -> Broker.of(settings(Map.of(Settings.BROKER_LISTEN.key(), tcp),
                Map.of("GUESTLINK_BROKER_USER", "guestlink")))).as("a user without a password")
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("GUESTLINK_BROKER_PASSWORD");
        assertThat(Broker.of(settings(Map.of(), Map.of())).embedded().getTransportConnectors())
                .as("in-JVM only needs no credentials").isEmpty();
    }

    @Test
    void shouldAdmitOnlyTheConfiguredUserToTheEmbeddedBroker() throws Exception {
        String tcp = "tcp://127.0.0.1:" + FreePorts.any();
        Map<String, String> env = Map.of("GUESTLINK_BROKER_USER", "guestlink", "GUESTLINK_BROKER_PASSWORD", "from-the-env");
        try (TestApp app = TestApp.start(tmp, Map.of(), Map.of(Settings.BROKER_LISTEN.key(), tcp), env)) {
            assertThatThrownBy(() -> new QueueClient(tcp, null, null).close()).as("anonymous").isInstanceOf(JMSException.class)
                    .hasMessageContaining("User name [null] or password is invalid");
            assertThatThrownBy(() -> new QueueClient(tcp, "guestlink", "guess").close()).isInstanceOf(JMSException.class);
            try (QueueClient pms = new QueueClient(tcp, "guestlink", "from-the-env")) {
                pms.send(BrokerEventsIT.QUEUE, EventMessages.nightAudit("na-1", "2026-06-16"));
            }
            BrokerEventsIT.awaitTrue(() -> {
                try (var c = app.app.database().dataSource().getConnection(); var st = c.createStatement();
                     var rs = st.executeQuery("SELECT COUNT(*) FROM guest_event WHERE message_id = 'na-1'")) {
                    return rs.next() && rs.getLong(1) == 1;
                } catch (java.sql.SQLException e) {
                    return false;
                }
            }, "GuestLink itself connects with the same credentials and consumes");
        }
    }

    @Test
    void shouldDescribeARefusalInHeadersForTheDeadLetterQueue() throws Exception {
        Files.createDirectories(tmp.resolve("sources"));
        try (GuestLink app = GuestLink.start(settings(Map.of(), Map.of()))) {
            JsonEventEndpoint endpoint = new JsonEventEndpoint(app);
            var exchange = new org.apache.camel.support.DefaultExchange(new DefaultCamelContext());
            exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT,
                    new io.guestlink.event.EventRejected("guest key", "****0482", "no guest with this key from OPERA"));
            endpoint.rejected(exchange);
            assertThat(exchange.getMessage().getHeader(Headers.ERROR_FIELD)).isEqualTo("guest key");
            assertThat(exchange.getMessage().getHeader(Headers.ERROR))
                    .isEqualTo("no guest with this key from OPERA (guest key = '****0482')");

            exchange.setProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, null);
            exchange.getMessage().setBody(Map.of("eventId", "e1")); // a JMS MapMessage
            assertThatThrownBy(() -> endpoint.apply(exchange)).isInstanceOf(io.guestlink.event.json.InvalidEvent.class)
                    .hasMessage("invalid guest event: $: a JMS MapMessage is not JSON text: send a TextMessage (or BytesMessage)");
        }
    }

    /** A one-off command (import) beside the running service must neither wait for the broker's lock nor take events. */
    @Test
    void shouldNotStartTheBrokerOrConsumeEventsForAOneOffCommand() throws Exception {
        Files.createDirectories(tmp.resolve("sources"));
        try (GuestLink app = GuestLink.start(settings(Map.of(), Map.of()))) {
            Main main = Runtime.start(app, Path.of("config/application.properties"), false);
            try {
                assertThat(main.getCamelContext().getRoute("import-file")).isNotNull();
                assertThat(main.getCamelContext().getRoute("broker-events")).isNull();
                assertThat(main.getCamelContext().hasService(Broker.class)).isNull();
                assertThat(main.getCamelContext().getComponent("activemq")).as("still there for routes that publish").isNotNull();
            } finally {
                main.stop();
            }
        }
        assertThat(Files.exists(tmp.resolve("activemq"))).isFalse();
    }
}

package io.guestlink.app;

import io.guestlink.app.camel.Headers;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.TestApp;
import io.guestlink.app.camel.BrokerPassword;
import io.guestlink.app.camel.Broker;
import io.guestlink.config.Settings;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hotel's own broker instead of the embedded one, by configuration alone: a separate ActiveMQ broker with an
 * OpenWire connector on a free port that requires a user and password, which GuestLink takes from its environment.
 */
class ExternalBrokerIT {
    @TempDir
    Path tmp;
    BrokerService hotel;
    String tcp;

    @BeforeEach
    void startHotelBroker() throws Exception {
        hotel = new BrokerService();
        hotel.setBrokerName("hotel-" + Long.toHexString(System.nanoTime()));
        hotel.setUseJmx(false);
        hotel.setUseShutdownHook(false);
        hotel.setDataDirectoryFile(tmp.resolve("hotel-broker").toFile());
        // the hotel's broker admits one application user (the PMS below connects as it too)
        hotel.setPlugins(new BrokerPlugin[]{new BrokerPassword("guestlink", "s3cret-from-env")});
        tcp = "tcp://127.0.0.1:" + FreePorts.any();
        hotel.addConnector(tcp);
        hotel.start();
        hotel.waitUntilStarted();
    }

    @AfterEach
    void stopHotelBroker() throws Exception {
        hotel.stop();
        hotel.waitUntilStopped();
    }

    @Test
    void shouldConsumeFromTheHotelsBrokerWithCredentialsFromTheEnvironment() throws Exception {
        Map<String, String> settings = Map.of(Settings.BROKER_EMBEDDED.key(), "false", Settings.BROKER_URL.key(), tcp);
        Map<String, String> env = Map.of("GUESTLINK_BROKER_USER", "guestlink", "GUESTLINK_BROKER_PASSWORD", "s3cret-from-env");
        String invalid = EventMessages.reservation("ext-2", "guest.checked_in", "R1", ", \"adults\": -1");
        try (TestApp app = TestApp.start(tmp, Map.of(), settings, env); QueueClient pms = new QueueClient(tcp, "guestlink", "s3cret-from-env")) {
            pms.send(BrokerEventsIT.QUEUE, EventMessages.reservation("ext-1", "guest.checked_in", "R1"), invalid);
            BrokerEventsIT.awaitTrue(() -> storedEvents(app) == 1, "the event from the hotel's broker stored");
            List<Message> dead = pms.take(BrokerEventsIT.DLQ, 1, 5000);
            assertThat(dead).as("the dead-letter queue is on the hotel's broker too").hasSize(1);
            assertThat(dead.get(0).getStringProperty(Headers.ERROR_FIELD)).isEqualTo("$.reservation.adults");
            assertThat(app.main.getCamelContext().hasService(Broker.class).embedded()).as("no broker of our own").isNull();
        }
        assertThat(Files.exists(tmp.resolve("activemq"))).as("no embedded broker data directory").isFalse();
    }

    @Test
    void shouldBeRefusedByTheHotelsBrokerWithoutTheRightPassword() throws Exception {
        Map<String, String> settings = Map.of(Settings.BROKER_EMBEDDED.key(), "false", Settings.BROKER_URL.key(), tcp);
        Map<String, String> env = Map.of("GUESTLINK_BROKER_USER", "guestlink", "GUESTLINK_BROKER_PASSWORD", "wrong");
        try (TestApp app = TestApp.start(tmp, Map.of(), settings, env); QueueClient pms = new QueueClient(tcp, "guestlink", "s3cret-from-env")) {
            pms.send(BrokerEventsIT.QUEUE, EventMessages.reservation("ext-3", "guest.checked_in", "R1"));
            Thread.sleep(1500);
            assertThat(storedEvents(app)).as("nothing consumed with a wrong password").isZero();
            assertThat(pms.depth(BrokerEventsIT.QUEUE)).isEqualTo(1);
            assertThatThrownBy(() -> app.main.getCamelContext().hasService(Broker.class).connectionFactory().createConnection().start())
                    .isInstanceOf(JMSException.class).hasMessageContaining("User name [guestlink] or password is invalid");
        }
    }

    private static long storedEvents(TestApp app) {
        try (Connection c = app.app.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM guest_event")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.guestlink.app;

import io.guestlink.testing.FreePorts;
import io.guestlink.testing.TestApp;
import io.guestlink.app.camel.Broker;
import io.guestlink.config.Settings;
import org.apache.activemq.command.ActiveMQQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash never loses or doubles an event: 1,000 events wait on the embedded broker's persistent queue; the
 * application is stopped while consuming them, started again on the same broker data directory and database, then
 * its broker is pulled from under the consumers in the middle of the stream, and started once more. In the end every
 * event is in the store exactly once (one guest_event row per message id) and no queue holds anything.
 */
class BrokerRestartIT {
    static final int EVENTS = 1000;

    @TempDir
    Path tmp;

    @Test
    void shouldApplyEveryEventExactlyOnceAcrossRestartsInTheMiddleOfTheStream() throws Exception {
        String tcp = "tcp://127.0.0.1:" + FreePorts.any();
        Map<String, String> settings = Map.of(Settings.BROKER_LISTEN.key(), tcp, Settings.EVENTS_CONSUMERS.key(), "2",
                Settings.BROKER_REDELIVERY_DELAY.key(), "100", Settings.BROKER_REDELIVERY_MAX_DELAY.key(), "400",
                Settings.BROKER_REDELIVERIES.key(), "100");
        queueEvents(settings);

        // 1. a normal stop while the consumers work through the queue
        long first;
        try (TestApp app = TestApp.start(tmp, Map.of(), settings)) {
            awaitStored(app, 150);
        }
        first = storedAfterStop(settings);
        assertThat(first).as("stopped in the middle of the stream").isBetween(150L, (long) EVENTS - 1);

        // 2. the broker goes away under the consumers, transactions open, then the application stops
        long second;
        try (TestApp app = TestApp.start(tmp, Map.of(), settings)) {
            awaitStored(app, first + 150);
            Broker broker = app.main.getCamelContext().hasService(Broker.class);
            broker.embedded().stop();
            broker.embedded().waitUntilStopped();
        }
        second = storedAfterStop(settings);
        assertThat(second).as("pulled in the middle of the stream").isBetween(first + 150, (long) EVENTS - 1);

        // 3. started again: the rest arrives, nothing twice
        try (TestApp app = TestApp.start(tmp, Map.of(), settings)) {
            awaitStored(app, EVENTS);
            assertThat(scalar(app, "SELECT COUNT(DISTINCT message_id) FROM guest_event")).isEqualTo(EVENTS);
            assertThat(scalar(app, "SELECT COUNT(*) FROM guest_event")).as("one row per message id").isEqualTo(EVENTS);
            assertThat(scalar(app, "SELECT COUNT(*) FROM inbound_message")).isEqualTo(EVENTS);
            assertThat(scalar(app, "SELECT COUNT(*) FROM source_record WHERE system = 'OPERA'")).isEqualTo(EVENTS);
            try (QueueClient client = new QueueClient(tcp)) {
                BrokerEventsIT.awaitTrue(() -> BrokerEventsIT.depth(client, BrokerEventsIT.QUEUE) == 0, "the queue drained");
                assertThat(client.depth(BrokerEventsIT.DLQ)).isZero();
                assertThat(client.depth(Broker.BROKER_DLQ_PREFIX + BrokerEventsIT.QUEUE)).isZero();
            }
        }
    }

    /** The PMS fills the queue first: the broker alone on GuestLink's broker data directory, then stopped. */
    private void queueEvents(Map<String, String> settings) throws Exception {
        Broker alone = Broker.of(Settings.load(null, TestApp.brokerCredentials(), TestApp.settingsFor(tmp, settings)));
        alone.start();
        try (QueueClient pms = new QueueClient(settings.get(Settings.BROKER_LISTEN.key()))) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                events.add(EventMessages.reservation("stream-%04d".formatted(i), "reservation.created", "C%04d".formatted(i))
                        .replace("\"G-C%04d\"".formatted(i), "\"G-%03d\"".formatted(i % 300)));
            }
            pms.send(BrokerEventsIT.QUEUE, events);
            assertThat(alone.embedded().getDestination(new ActiveMQQueue(BrokerEventsIT.QUEUE))
                    .getDestinationStatistics().getMessages().getCount()).isEqualTo(EVENTS);
        } finally {
            alone.stop();
        }
    }

    private long storedAfterStop(Map<String, String> settings) throws SQLException {
        Settings s = Settings.load(null, Map.of(), TestApp.settingsFor(tmp, settings));
        try (var db = io.guestlink.store.Database.open(s.get(Settings.DB_URL), s.get(Settings.DB_USER), "", 2);
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT message_id) FROM guest_event")) {
            rs.next();
            assertThat(rs.getLong(1)).as("no message applied twice").isEqualTo(rs.getLong(2));
            return rs.getLong(1);
        }
    }

    private static void awaitStored(TestApp app, long n) throws Exception {
        BrokerEventsIT.awaitTrue(() -> scalar(app, "SELECT COUNT(*) FROM guest_event") >= n, n + " events stored");
    }

    private static long scalar(TestApp app, String sql) {
        try (Connection c = app.app.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

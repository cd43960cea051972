package io.guestlink.app;

import io.guestlink.app.camel.Headers;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.Wait;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.TestApp;
import io.guestlink.app.camel.Broker;
import io.guestlink.config.Settings;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON events through the real application: the embedded broker (KahaDB in a temporary folder, an OpenWire connector
 * on a free port for the test's "PMS"), the routes from routes/, the store on H2. Valid events are stored once each;
 * invalid ones land on the dead-letter queue unchanged with the reason; a store that is down makes the broker
 * deliver again until it is back, or until ActiveMQ gives the message up to its own dead-letter queue.
 */
class BrokerEventsIT {
    /** No guest value the events carry (EventMessages) may reach a log line of this whole class. */
    @RegisterExtension
    static final PhiLogScan LOGS = PhiLogScan.of("YU/MING MR", "YU/MING", "MING", "yu.ming@example.net",
            "081-234-5678", "+66812345678", "0812345678", "G-R1", "G-R2", "G-R9", "G-t-R1", "G-t-R2", "G-t-T1");
    static final String QUEUE = "guestlink.events";
    static final String DLQ = "guestlink.events.DLQ";

    @TempDir
    Path tmp;
    TestApp app;
    String tcp;

    TestApp start(Map<String, String> extra) throws Exception {
        tcp = "tcp://127.0.0.1:" + FreePorts.any();
        Map<String, String> s = new HashMap<>();
        s.put(Settings.BROKER_LISTEN.key(), tcp);
        s.put(Settings.BROKER_REDELIVERY_DELAY.key(), "100");
        s.put(Settings.BROKER_REDELIVERY_MAX_DELAY.key(), "400");
        s.put(Settings.BROKER_REDELIVERIES.key(), "100");
        s.putAll(extra);
        app = TestApp.start(tmp, Map.of(), s);
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) app.close();
    }

    @Test
    void shouldStoreAnEventOfEveryType() throws Exception {
        start(Map.of());
        try (QueueClient pms = new QueueClient(tcp)) {
            pms.send(QUEUE, EventMessages.everyType("t"));
        }
        awaitEvents(8);
        Map<String, String> stored = query("SELECT message_id, event_type FROM guest_event ORDER BY id");
        assertThat(stored).containsExactly(
                Map.entry("t-1", "RESERVATION_CREATED"), Map.entry("t-2", "RESERVATION_UPDATED"),
                Map.entry("t-3", "RESERVATION_CANCELLED"), Map.entry("t-4", "CHECKED_IN"), Map.entry("t-5", "ROOM_MOVED"),
                Map.entry("t-6", "CHECKED_OUT"), Map.entry("t-7", "POS_TICKET_CLOSED"), Map.entry("t-8", "BUSINESS_DATE_ADVANCED"));
        assertThat(query("SELECT message_id, room_no || '<' || prior_room_no FROM guest_event WHERE message_id = 't-5'"))
                .containsEntry("t-5", "1208<0905");
        assertThat(query("SELECT message_id, confirmation FROM guest_event WHERE message_id IN ('t-4', 't-7')"))
                .containsEntry("t-4", "t-R1").containsEntry("t-7", "t-T1");
        assertThat(query("SELECT property, CAST(business_date AS VARCHAR) FROM business_date")).containsEntry("BKK01", "2026-06-16");
        assertThat(query("SELECT COUNT(DISTINCT profile_id), COUNT(*) FROM guest_event WHERE confirmation = 't-R1'"))
                .as("every event of the stay names the same live profile").containsEntry("1", "5");
        assertThat(query("SELECT system || ':' || message_id, channel FROM inbound_message")).hasSize(8)
                .containsEntry("OPERA:t-1", "jms").containsEntry("MICROS:t-7", "jms");
    }

    @Test
    void shouldDeadLetterInvalidMessagesWithTheReasonAndApplyTheValidOnesAroundThem() throws Exception {
        start(Map.of());
        String notJson = "{\"eventId\": \"bad-1\", \"type\": guest.checked_in}";
        String wrongType = EventMessages.reservation("bad-2", "guest.checked_in", "R9", ", \"adults\": \"two\"");
        String noEventId = EventMessages.reservation("bad-3", "guest.checked_in", "R9").replace("\"eventId\": \"bad-3\", ", "");
        String unknownType = EventMessages.reservation("bad-4", "guest.teleported", "R9");
        String contradiction = EventMessages.reservation("bad-5", "guest.checked_out", "R9", ", \"status\": \"in_house\"");
        byte[] garbage = {(byte) 0xFF, (byte) 0xFE, 0, 1, '{'};
        try (QueueClient pms = new QueueClient(tcp)) {
            pms.send(QUEUE, EventMessages.reservation("ok-1", "reservation.created", "R1"), notJson, wrongType);
            pms.sendBytes(QUEUE, garbage);
            pms.send(QUEUE, EventMessages.reservation("ok-2", "guest.checked_in", "R1"), noEventId, unknownType,
                    contradiction, EventMessages.reservation("ok-3", "guest.checked_out", "R1"));

            awaitEvents(3);
            assertThat(query("SELECT message_id, event_type FROM guest_event")).containsOnlyKeys("ok-1", "ok-2", "ok-3");
            List<Message> dead = pms.take(DLQ, 7, 5000);
            assertThat(dead).hasSize(6);
            assertDeadLetter(dead.get(0), notJson, "$.type", "not valid JSON at line 1, column 36: Unrecognized token 'guest'");
            assertDeadLetter(dead.get(1), wrongType, "$.reservation.adults", "$.reservation.adults = 'two': string found, integer expected");
            assertThat(dead.get(2)).isInstanceOf(BytesMessage.class);
            BytesMessage bytes = (BytesMessage) dead.get(2);
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            assertThat(body).as("the original bytes, unchanged").isEqualTo(garbage);
            assertThat(bytes.getStringProperty(Headers.ERROR)).contains("not valid JSON at line 1");
            assertDeadLetter(dead.get(3), noEventId, "$.eventId", "$.eventId: required member is missing");
            assertDeadLetter(dead.get(4), unknownType, "$.type", "$.type = 'guest.teleported': does not have a value in the enumeration");
            assertDeadLetter(dead.get(5), contradiction, "$.reservation.status",
                    "$.reservation.status = 'in_house': contradicts the event type guest.checked_out");
            assertThat(pms.depth(QUEUE)).as("nothing left on the events queue").isZero();
        }
    }

    @Test
    void shouldApplyTheSameEventIdOnce() throws Exception {
        start(Map.of());
        String checkIn = EventMessages.reservation("dup-1", "guest.checked_in", "R1");
        try (QueueClient pms = new QueueClient(tcp)) {
            // re-sent after a lost acknowledgement: the same id twice, the second time with a changed room
            pms.send(QUEUE, checkIn, checkIn.replace("\"1208\"", "\"1210\""), checkIn,
                    EventMessages.reservation("after", "reservation.updated", "R2"));
        }
        awaitEvents(2); // one consumer takes them in order: once "after" is stored, the re-sends have been handled
        awaitTrue(() -> count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'after'") == 1, "the last event stored");
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'dup-1'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_id = 'dup-1'")).isEqualTo(1);
        assertThat(query("SELECT message_id, room_no FROM guest_event WHERE message_id = 'dup-1'"))
                .as("the first version stays").containsEntry("dup-1", "1208");
        try (QueueClient pms = new QueueClient(tcp)) {
            assertThat(pms.depth(DLQ)).as("a re-send is not an error").isZero();
        }
    }

    @Test
    void shouldRedeliverWhileTheStoreIsDownAndApplyOnceItIsBack() throws Exception {
        start(Map.of());
        execute("ALTER TABLE guest_event RENAME TO guest_event_away");
        try (QueueClient pms = new QueueClient(tcp)) {
            pms.send(QUEUE, EventMessages.reservation("down-1", "guest.checked_in", "R1"));
            Thread.sleep(1500); // several delivery attempts fail meanwhile (100, 200, 400, 400 ms apart)
            assertThat(count("SELECT COUNT(*) FROM inbound_message")).as("nothing half-applied").isZero();
            execute("ALTER TABLE guest_event_away RENAME TO guest_event");
            awaitEvents(1);
            assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'down-1'")).isEqualTo(1);
            assertThat(pms.depth(DLQ)).as("a store outage is not the message's fault").isZero();
            assertThat(pms.depth(Broker.BROKER_DLQ_PREFIX + QUEUE)).isZero();
        }
    }

    @Test
    void shouldGiveAMessageThatKeepsFailingToTheBrokersDeadLetterQueue() throws Exception {
        start(Map.of(Settings.BROKER_REDELIVERIES.key(), "2"));
        execute("ALTER TABLE guest_event RENAME TO guest_event_away");
        String event = EventMessages.reservation("down-2", "guest.checked_in", "R1");
        try (QueueClient pms = new QueueClient(tcp)) {
            pms.send(QUEUE, event);
            List<Message> given = pms.take(Broker.BROKER_DLQ_PREFIX + QUEUE, 1, 10_000);
            assertThat(given).as("after 1 + 2 failed deliveries, ActiveMQ's DLQ.guestlink.events").hasSize(1);
            assertThat(((TextMessage) given.get(0)).getText()).isEqualTo(event);
            assertThat(given.get(0).getStringProperty("dlqDeliveryFailureCause")).contains("redelivery");
            execute("ALTER TABLE guest_event_away RENAME TO guest_event");
            awaitTrue(() -> depth(pms, QUEUE) == 0, "the given-up message leaves the events queue");
            assertThat(pms.depth(DLQ)).as("not an invalid event").isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM guest_event")).isZero();
    }

    private static void assertDeadLetter(Message m, String body, String field, String reason) throws Exception {
        assertThat(m).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) m).getText()).as("the original body, unchanged").isEqualTo(body);
        assertThat(m.getStringProperty(Headers.ERROR_FIELD)).isEqualTo(field);
        assertThat(m.getStringProperty(Headers.ERROR)).contains(reason);
    }

    void awaitEvents(int n) throws Exception {
        awaitTrue(() -> count("SELECT COUNT(*) FROM guest_event") >= n, n + " guest events stored");
    }

    static void awaitTrue(Wait.Check condition, String what) throws Exception {
        Wait.until(what, Duration.ofSeconds(30), condition);
    }

    long count(String sql) {
        try (Connection c = app.app.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // the table is away in the outage tests
        }
    }

    Map<String, String> query(String sql) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = app.app.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.put(rs.getString(1), rs.getString(2));
        }
        return out;
    }

    void execute(String sql) throws SQLException {
        try (Connection c = app.app.database().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static int depth(QueueClient client, String queue) {
        try {
            return client.depth(queue);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

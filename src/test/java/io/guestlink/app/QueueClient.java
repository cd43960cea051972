package io.guestlink.app;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import io.guestlink.testing.TestApp;
import org.apache.activemq.ActiveMQConnectionFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Another system on the broker: a plain ActiveMQ client over OpenWire that sends events and reads queues. */
final class QueueClient implements AutoCloseable {
    private final Connection connection;
    private final Session session;

    QueueClient(String url, String user, String password) throws JMSException {
        ActiveMQConnectionFactory f = new ActiveMQConnectionFactory(user, password, url);
        f.setTrustedPackages(List.of());
        connection = f.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** With the credentials a test application's listening broker admits ({@link TestApp#BROKER_USER}). */
    QueueClient(String url) throws JMSException {
        this(url, TestApp.BROKER_USER, TestApp.BROKER_PASSWORD);
    }

    /** Persistent text messages, as a PMS interface engine sends them. */
    void send(String queue, List<String> bodies) throws JMSException {
        try (MessageProducer p = session.createProducer(session.createQueue(queue))) {
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (String b : bodies) p.send(session.createTextMessage(b));
        }
    }

    void send(String queue, String... bodies) throws JMSException {
        send(queue, List.of(bodies));
    }

    void sendBytes(String queue, byte[] body) throws JMSException {
        try (MessageProducer p = session.createProducer(session.createQueue(queue))) {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            p.send(m);
        }
    }

    /** Takes up to n messages off a queue, waiting at most timeoutMs for each. */
    List<Message> take(String queue, int n, long timeoutMs) throws JMSException {
        List<Message> out = new ArrayList<>();
        try (MessageConsumer c = session.createConsumer(session.createQueue(queue))) {
            for (int i = 0; i < n; i++) {
                Message m = c.receive(timeoutMs);
                if (m == null) break;
                out.add(m);
            }
        }
        return out;
    }

    /** How many messages wait on a queue, without taking them (a browser sees at most the broker's page of 400). */
    int depth(String queue) throws JMSException {
        Queue q = session.createQueue(queue);
        try (QueueBrowser b = session.createBrowser(q)) {
            return Collections.list(b.getEnumeration()).size();
        }
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}

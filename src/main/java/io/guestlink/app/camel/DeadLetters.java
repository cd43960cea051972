package io.guestlink.app.camel;

import jakarta.jms.Connection;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.broker.region.Destination;
import org.apache.activemq.command.ActiveMQDestination;
import org.apache.activemq.command.ActiveMQQueue;

import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How many messages wait in the dead-letter queues: GuestLink's own for invalid events
 * (guestlink.events.dead-letter-queue) and ActiveMQ's for events whose every redelivery failed (DLQ.&lt;queue&gt;).
 *
 * <p>The embedded broker is asked for its destination statistics (the broker's own exact count, persisted messages
 * included; no message is read and no queue is created). An external broker is browsed over JMS, the one way every
 * ActiveMQ answers without JMX or the statistics plugin: a browser sees at most what the broker pages in for browsing
 * ({@code maxBrowsePageSize}, 400 by default), so the depth reads "at least" up to that and is capped at {@link #CAP}.
 * Either way the number says whether a queue is empty or growing, which is what an alert needs.
 */
final class DeadLetters {
    /** An external queue is browsed at most this far. */
    static final int CAP = 10_000;

    private final Broker broker;
    private final List<String> queues;

    DeadLetters(Broker broker, List<String> queues) {
        this.broker = broker;
        this.queues = List.copyOf(queues);
    }

    /** GuestLink's dead-letter queue for invalid events and the broker's for the events queue's failed redeliveries. */
    static DeadLetters of(io.guestlink.app.GuestLink app, Broker broker) {
        var settings = app.settings();
        return new DeadLetters(broker, List.of(settings.get(io.guestlink.config.Settings.EVENTS_DLQ).strip(),
                Broker.BROKER_DLQ_PREFIX + settings.get(io.guestlink.config.Settings.EVENTS_QUEUE).strip()));
    }

    List<String> queues() {
        return queues;
    }

    /** Each queue's depth now; a broker that does not answer within two seconds leaves the queue out. */
    Map<String, Long> depths() {
        Map<String, Long> out = new LinkedHashMap<>();
        // readiness reports a broker that does not answer; the metric keeps its last value
        for (String q : queues) depth(q).ifPresent(n -> out.put(q, n));
        return out;
    }

    /** One queue's depth now; empty without a broker (one-off commands) or when it does not answer within two seconds. */
    OptionalLong depth(String queue) {
        if (broker == null) return OptionalLong.empty();
        try {
            return OptionalLong.of(broker.embedded() != null ? embedded(queue)
                    : CompletableFuture.supplyAsync(() -> browse(queue)).get(2, TimeUnit.SECONDS));
        } catch (Exception x) {
            return OptionalLong.empty();
        }
    }

    private long embedded(String queue) throws Exception {
        if (!broker.embedded().isStarted()) throw new IllegalStateException("the embedded broker is not running");
        Map<ActiveMQDestination, Destination> map = broker.embedded().getBroker().getDestinationMap();
        Destination d = map.get(new ActiveMQQueue(queue));
        return d == null ? 0 : d.getDestinationStatistics().getMessages().getCount();
    }

    private long browse(String queue) {
        try (Connection c = broker.connectionFactory().createConnection()) {
            c.start();
            try (Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE); QueueBrowser b = s.createBrowser(s.createQueue(queue))) {
                long n = 0;
                for (Enumeration<?> e = b.getEnumeration(); e.hasMoreElements() && n < CAP; e.nextElement()) n++;
                return n;
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot browse " + queue, e);
        }
    }
}

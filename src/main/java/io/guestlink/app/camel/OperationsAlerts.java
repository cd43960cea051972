package io.guestlink.app.camel;

import io.guestlink.alert.OperationalText;
import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import io.guestlink.pipeline.OperationsWatch;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import org.apache.activemq.broker.region.Destination;
import org.apache.activemq.command.ActiveMQQueue;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Enumeration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The Camel edge of operational alerts: a file route's failure (routes/file-import.camel.yaml, the file is moved to
 * failed/), the scheduled check (routes/operations-alerts.camel.yaml), and the broker's dead-letter queue depths the
 * check asks for. Poll errors come through {@link PollEndpoint}. Never fails the route that calls it.
 */
public final class OperationsAlerts implements OperationsWatch.DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsAlerts.class);
    /** An external broker's queue is counted by browsing, up to this many messages. */
    static final int BROWSE_LIMIT = 100_000;

    private final OperationsWatch watch;
    private final Broker broker;
    private final List<String> deadLetterQueues;

    OperationsAlerts(GuestLink app, Broker broker) {
        this.watch = app.operations();
        this.broker = broker;
        String events = app.settings().get(Settings.EVENTS_QUEUE);
        this.deadLetterQueues = List.of(app.settings().get(Settings.EVENTS_DLQ), Broker.BROKER_DLQ_PREFIX + events);
    }

    /**
     * The file route failed: the consumer moves the file to failed/ once this returns. Header
     * {@link Headers#FAIL_REASON} gets the reason without values, for the route's log line.
     */
    public void fileFailed(Exchange exchange) {
        try {
            Message in = exchange.getIn();
            String feed = in.getHeader(Headers.SOURCE, String.class);
            String name = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
            if (name == null) name = in.getHeader(Exchange.FILE_NAME, String.class);
            Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            if (e == null) e = exchange.getException();
            while (e instanceof org.apache.camel.RuntimeCamelException && e.getCause() != null) e = e.getCause();
            String errorClass = e == null ? null : e.getClass().getSimpleName();
            String message = e == null ? null : e.getMessage();
            in.setHeader(Headers.FAIL_REASON, OperationalText.safe(errorClass, message));
            // only a feed's consumer sets the archive name and moves the file to failed/ (not the CLI's import)
            String archived = in.getHeader(Headers.ARCHIVE_NAME, String.class);
            if (archived == null) return;
            watch.fileFailed(feed == null ? "?" : feed, name == null ? "?" : name, archived, errorClass, message);
        } catch (RuntimeException e) {
            LOG.warn("operational alert for a failed file not written: {}", e.getClass().getSimpleName());
        }
    }

    /** The scheduled check of the conditions. */
    public void check() {
        watch.check(this);
    }

    @Override
    public List<String> queues() {
        return deadLetterQueues;
    }

    /** The embedded broker's own count; an external broker's by browsing (what the broker lets a browser see). */
    @Override
    public OptionalLong depth(String queue) {
        if (broker == null || !broker.isStarted()) return OptionalLong.empty();
        try {
            if (broker.embedded() != null) {
                Destination d = broker.embedded().getRegionBroker().getDestinationMap().get(new ActiveMQQueue(queue));
                return OptionalLong.of(d == null ? 0 : d.getDestinationStatistics().getMessages().getCount());
            }
            try (Connection c = broker.connectionFactory().createConnection()) {
                c.start();
                try (Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                     QueueBrowser b = s.createBrowser(s.createQueue(queue))) {
                    long n = 0;
                    for (Enumeration<?> e = b.getEnumeration(); e.hasMoreElements() && n < BROWSE_LIMIT; e.nextElement()) n++;
                    return OptionalLong.of(n);
                }
            }
        } catch (JMSException | RuntimeException e) {
            LOG.debug("depth of {} not read: {}", queue, e.getMessage());
            return OptionalLong.empty();
        }
    }
}

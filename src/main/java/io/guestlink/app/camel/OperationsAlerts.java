package io.guestlink.app.camel;

import io.guestlink.alert.OperationalText;
import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.OperationsWatch;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.OptionalLong;

/**
 * The Camel edge of operational alerts: a file route's failure (routes/file-import.camel.yaml, the file is moved to
 * failed/), the scheduled check (routes/operations-alerts.camel.yaml), and the broker's dead-letter queue depths the
 * check asks for. Poll errors come through {@link PollEndpoint}. Never fails the route that calls it.
 */
public final class OperationsAlerts implements OperationsWatch.DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsAlerts.class);
    private final OperationsWatch watch;
    private final DeadLetters deadLetters;

    OperationsAlerts(GuestLink app, Broker broker) {
        this.watch = app.operations();
        this.deadLetters = DeadLetters.of(app, broker);
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
        return deadLetters.queues();
    }

    /** The broker's own count (embedded) or a browse (external): {@link DeadLetters}. */
    @Override
    public OptionalLong depth(String queue) {
        return deadLetters.depth(queue);
    }
}

package io.guestlink.pipeline;

import io.guestlink.alert.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-process hub of alerts just written: {@link AlertWorker} publishes each alert once its transaction has
 * committed, and the console's server-sent event streams (one subscriber per open browser board) hear it. Nothing is
 * kept: a board that was not listening reads the arrivals again when it connects. A subscriber that throws is dropped
 * (its connection is gone); one slow subscriber must not hold the others up, so subscribers only hand the alert on.
 */
public final class LiveAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(LiveAlerts.class);
    private final List<Consumer<Alert>> subscribers = new CopyOnWriteArrayList<>();

    /** Starts hearing alerts; closing the returned handle stops. */
    public AutoCloseable subscribe(Consumer<Alert> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Tells every subscriber (called after the alert's transaction committed). */
    public void publish(Alert alert) {
        for (Consumer<Alert> s : subscribers) {
            try {
                s.accept(alert);
            } catch (RuntimeException e) {
                subscribers.remove(s);
                LOG.debug("live alert subscriber dropped: {}", e.getClass().getSimpleName());
            }
        }
    }

    public int subscribers() {
        return subscribers.size();
    }
}

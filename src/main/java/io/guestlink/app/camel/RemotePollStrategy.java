package io.guestlink.app.camel;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a remote feed's poll that cannot reach its server is reported (the feeds' endpoints name it with
 * {@code pollStrategy=#remotePollStrategy} and {@code throwExceptionOnConnectFailed=true}): one WARN line naming the
 * route, the server (credentials removed) and the deepest cause, e.g. {@code HostKey has been changed: [sftp.hotel]:22},
 * when a feed starts failing or fails for another reason; DEBUG while the same failure repeats; INFO once it polls
 * again. No stack trace, no file content. Camel records the failure as the consumer's last error, which its
 * readiness check reports. Nothing is fetched, moved or journaled by a failed poll: the files stay on the server.
 */
public final class RemotePollStrategy implements PollingConsumerPollStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(RemotePollStrategy.class);

    /** The last failure reported per route, so a failure that repeats every poll is logged once. */
    private final Map<String, String> failing = new ConcurrentHashMap<>();

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (failing.remove(routeOf(consumer)) != null)
            LOG.info("route {}: polling {} again", routeOf(consumer), server(endpoint));
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        String route = routeOf(consumer);
        String why = deepest(cause);
        if (!why.equals(failing.put(route, why)))
            LOG.warn("route {}: cannot poll {}: {} (nothing fetched; tried again at every poll)", route, server(endpoint), why);
        else
            LOG.debug("route {}: still cannot poll {}: {}", route, server(endpoint), why);
        return false;
    }

    /** The deepest cause's type and message: what actually went wrong (host key, login, network). */
    public static String deepest(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String routeOf(Consumer consumer) {
        return consumer instanceof org.apache.camel.spi.RouteIdAware r && r.getRouteId() != null ? r.getRouteId() : "?";
    }

    /** The endpoint without its query (options, password) and with any user info's password removed. */
    private static String server(Endpoint endpoint) {
        String uri = URISupport.sanitizeUri(endpoint.getEndpointUri());
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}

package io.guestlink.app.camel;

import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.ChannelConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.ThreadPoolProfile;

import java.util.concurrent.ExecutorService;

/**
 * Creates each enabled channel's routes from the templates in routes/alerts.camel.yaml, with the endpoint URI its
 * type needs and its own thread pool (so a slow channel never takes another's threads).
 */
public final class AlertRoutes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlertRoutes.class);

    private AlertRoutes() {
    }

    public static void install(CamelContext camel, AlertConfig config) throws Exception {
        for (ChannelConfig c : config.enabledChannels()) {
            if (c instanceof ChannelConfig.Topic && camel.getComponent("activemq", true) == null) {
                // no broker configured: the topic's deliveries wait in the outbox until the service runs with one
                LOG.warn("alert channel {}: no broker (Camel component 'activemq') in this run; its alerts wait in the outbox",
                        c.name());
                continue;
            }
            String pool = "alert-pool-" + c.name();
            ThreadPoolProfile profile = new ThreadPoolProfile(pool);
            profile.setPoolSize(c.concurrency());
            profile.setMaxPoolSize(c.concurrency());
            profile.setMaxQueueSize(config.delivery().queue());
            // a full queue refuses the hand-off, never the alert: the delivery's lease runs out and the sweep sends it
            profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
            ExecutorService executor = camel.getExecutorServiceManager().newThreadPool(AlertRoutes.class, pool, profile);
            camel.getRegistry().bind(pool, executor);

            TemplatedRouteBuilder.builder(camel, "alert-channel-deliver").routeId("alert-deliver-" + c.name())
                    .parameter("channel", c.name()).parameter("uri", uri(c))
                    .parameter("pattern", c instanceof ChannelConfig.Hl7 || c instanceof ChannelConfig.Webhook ? "InOut" : "InOnly")
                    .add();
            TemplatedRouteBuilder.builder(camel, "alert-channel-now").routeId("alert-now-" + c.name())
                    .parameter("channel", c.name()).parameter("pool", pool).add();
            TemplatedRouteBuilder.builder(camel, "alert-channel-sweep").routeId("alert-sweep-" + c.name())
                    .parameter("channel", c.name()).add();
        }
    }

    /** The Camel endpoint a channel sends to. */
    static String uri(ChannelConfig c) {
        if (c instanceof ChannelConfig.Topic t) return "activemq:topic:" + t.destination();
        if (c instanceof ChannelConfig.Webhook w) {
            long ms = w.timeout().toMillis();
            return w.url() + (w.url().contains("?") ? "&" : "?") + "httpMethod=POST&throwExceptionOnFailure=true"
                    + "&httpClient.connectTimeout=" + ms + "&httpClient.responseTimeout=" + ms
                    + "&httpClient.connectionRequestTimeout=" + ms;
        }
        if (c instanceof ChannelConfig.Hl7 h) {
            long ms = h.timeout().toMillis();
            // the ACK must start within receiveTimeout and finish within readTimeout; PHI never in logs
            return "mllp://" + h.host() + ":" + h.port() + "?connectTimeout=" + ms + "&receiveTimeout=" + ms
                    + "&readTimeout=" + ms + "&charsetName=UTF-8";
        }
        if (c instanceof ChannelConfig.FileDrop f) {
            // written under a temporary name and renamed: a reader never sees half a list
            return "file:" + f.dir().toAbsolutePath() + "?tempPrefix=.writing-&fileExist=Override";
        }
        throw new IllegalArgumentException("unknown channel type " + c.getClass().getSimpleName());
    }
}

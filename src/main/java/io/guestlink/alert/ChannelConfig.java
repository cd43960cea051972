package io.guestlink.alert;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One outbound channel of config/alerts.yaml. Each channel has its own outbox rows, its own sweep and its own
 * threads, so a channel that is down never delays another. Secrets are never in the file: a webhook names the
 * environment variable that holds its key.
 */
public sealed interface ChannelConfig {
    /** The name rules use in {@code channels:}; also the outbox's channel column. */
    String name();

    /** A disabled channel gets no delivery rows (rules may still name it). */
    boolean enabled();

    /** Deliveries of this channel in flight at once (threads of its fast path). */
    int concurrency();

    /** JSON on a broker topic (the Camel component {@code activemq}). */
    record Topic(String name, boolean enabled, int concurrency, String destination) implements ChannelConfig {
        public Topic {
            Objects.requireNonNull(destination, "destination");
        }
    }

    /**
     * JSON POSTed to a URL, signed with HMAC-SHA256 (header {@link WebhookSignature#HEADER}) with the key in the
     * environment variable {@code secretEnv}; the alert id in {@link WebhookSignature#ID_HEADER} lets the receiver
     * drop a re-sent alert.
     */
    record Webhook(String name, boolean enabled, int concurrency, String url, String secretEnv, Duration timeout)
            implements ChannelConfig {
        public Webhook {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secretEnv, "secretEnv");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** HL7 v2 ORU^R01 over MLLP (see {@link AlertHl7}); the ACK is awaited, AE and AR are failed attempts. */
    record Hl7(String name, boolean enabled, int concurrency, String host, int port, Duration timeout,
               String receivingApplication, String receivingFacility) implements ChannelConfig {
        public Hl7 {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** Daily lists as CSV files in a folder, one file per rule, property and business date, written atomically. */
    record FileDrop(String name, boolean enabled, int concurrency, Path dir) implements ChannelConfig {
        public FileDrop {
            Objects.requireNonNull(dir, "dir");
        }
    }
}

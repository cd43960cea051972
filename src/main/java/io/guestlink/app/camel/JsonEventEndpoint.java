package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import io.guestlink.event.EventRejected;
import io.guestlink.event.InboundEvent;
import io.guestlink.event.Refusal;
import io.guestlink.event.json.EventId;
import io.guestlink.pipeline.Reprocessing;
import io.guestlink.event.json.EventSchema;
import io.guestlink.event.json.InvalidEvent;
import io.guestlink.event.json.JsonEventReader;
import io.guestlink.event.json.Problem;
import io.guestlink.pipeline.EventIntake;
import io.guestlink.pipeline.LogContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The Camel edge of JSON events on the broker (routes/broker-events.camel.yaml): the message body to
 * {@link JsonEventReader}, the event to {@link EventIntake}, the outcome into headers. A message that is not a valid
 * event, or that the store refuses, is described in headers for the dead-letter queue; anything else (the store is
 * down) propagates, so the JMS transaction rolls back and the broker delivers the message again.
 */
public final class JsonEventEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(JsonEventEndpoint.class);

    private final JsonEventReader reader;
    private final EventIntake intake;
    private final boolean logPhi;

    public JsonEventEndpoint(GuestLink app) {
        this.reader = reader(app);
        this.intake = app.intake();
        this.logPhi = app.settings().getFlag(Settings.LOG_PHI);
    }

    /** The consumer's reader, built from the settings: also what `reprocess` re-reads a refused event with. */
    public static JsonEventReader reader(GuestLink app) {
        Settings s = app.settings();
        return new JsonEventReader(EventSchema.load(s.path(Settings.EVENTS_SCHEMA)), GuestLink.normalisers(s),
                Clock.systemDefaultZone(), s.getInt(Settings.EVENTS_MAX_BYTES));
    }

    /** Re-reads and applies a journaled JSON event through the same reader and intake (guestlink reprocess). */
    public static Reprocessing.Channel reprocessor(GuestLink app) {
        JsonEventReader reader = reader(app);
        return raw -> {
            byte[] body = raw.getBytes(StandardCharsets.UTF_8);
            try {
                EventIntake.Applied a = app.intake().apply(reader.read(body));
                return Reprocessing.Attempt.applied(a.event(), a.duplicate());
            } catch (InvalidEvent | EventRejected e) {
                return Reprocessing.Attempt.refused(refusal(body, null, e));
            }
        };
    }

    /** The journal's view of a dead-lettered event: its source and event id when readable, the reason and path. */
    static Refusal refusal(byte[] body, String jmsMessageId, Exception e) {
        EventId id = EventId.of(body);
        return new Refusal(JsonEventReader.CHANNEL, id.source(), id.eventId(), jmsMessageId, "DLQ", null, field(e),
                e == null ? "unknown" : e.getMessage(), body == null ? null : new String(body, StandardCharsets.UTF_8));
    }

    private static String field(Exception e) {
        if (e instanceof InvalidEvent invalid) return invalid.path();
        if (e instanceof EventRejected rejected) return rejected.field();
        return null;
    }

    /** Reads and stores the event; headers say which guest_event row it became and whether it was a re-send. */
    public void apply(Exchange exchange) {
        try (LogContext.Scope log = LogContext.feed(JsonEventReader.CHANNEL)) {
            applyEvent(exchange);
        }
    }

    private void applyEvent(Exchange exchange) {
        Message in = exchange.getMessage();
        InboundEvent event = reader.read(bytes(in.getBody()));
        EventIntake.Applied applied;
        try {
            applied = intake.apply(event);
        } catch (EventRejected e) {
            throw e;
        } catch (RuntimeException e) {
            // the route logs this failure and rolls back; the database's own text may quote the event's values
            in.setHeader(Headers.FAILURE, logPhi ? e.getMessage() : e.getClass().getSimpleName()
                    + " (its text is logged only with guestlink.log.phi=true)");
            throw e;
        }
        in.setHeader(Headers.EVENT_ID, applied.event().id());
        in.setHeader(Headers.DUPLICATE, applied.duplicate());
        in.setHeader(Headers.EVENT_TYPE, event.type().name());
        if (applied.duplicate()) LOG.info("event {} from {} was applied before (guest event {}): nothing changed",
                event.messageId(), event.system(), applied.event().id());
    }

    /** The reason a message goes to the dead-letter queue, in headers beside its unchanged body. */
    public void rejected(Exchange exchange) {
        try (LogContext.Scope log = LogContext.feed(JsonEventReader.CHANNEL)) {
            reject(exchange);
        }
    }

    private void reject(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String field = field(e);
        String reason = e == null ? "unknown" : e.getMessage();
        Message m = exchange.getMessage();
        m.setHeader(Headers.ERROR, reason);
        if (field != null) m.setHeader(Headers.ERROR_FIELD, field);
        Object jmsId = m.getHeader("JMSMessageID");
        byte[] body;
        try {
            body = bytes(m.getBody());
        } catch (InvalidEvent notText) {
            body = null; // not a text or bytes message: nothing to reprocess, the refusal is journaled all the same
        }
        // journaled before the dead-letter send commits, so the refusal can be listed and reprocessed after a fix
        long journaled = intake.refused(refusal(body, jmsId == null ? null : jmsId.toString(), e));
        LOG.warn("event message {} to the dead-letter queue (refused message {}): {}", jmsId, journaled, reason);
    }

    /** TextMessage bodies arrive as text, BytesMessage bodies as bytes; anything else cannot be a JSON event. */
    private static byte[] bytes(Object body) {
        if (body instanceof byte[] b) return b;
        if (body instanceof String s) return s.getBytes(StandardCharsets.UTF_8);
        if (body == null) throw new InvalidEvent(new Problem("$", null, "empty message"));
        String kind = body instanceof java.util.Map<?, ?> ? "MapMessage" : "message with a " + body.getClass().getName() + " body";
        throw new InvalidEvent(new Problem("$", null, "a JMS " + kind + " is not JSON text: send a TextMessage (or BytesMessage)"));
    }
}

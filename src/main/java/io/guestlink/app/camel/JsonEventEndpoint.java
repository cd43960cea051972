package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import io.guestlink.event.EventRejected;
import io.guestlink.event.InboundEvent;
import io.guestlink.event.json.EventSchema;
import io.guestlink.event.json.InvalidEvent;
import io.guestlink.event.json.JsonEventReader;
import io.guestlink.event.json.Problem;
import io.guestlink.pipeline.EventIntake;
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

    public JsonEventEndpoint(GuestLink app) {
        Settings s = app.settings();
        this.reader = new JsonEventReader(EventSchema.load(s.path(Settings.EVENTS_SCHEMA)), GuestLink.normalisers(s),
                Clock.systemDefaultZone(), s.getInt(Settings.EVENTS_MAX_BYTES));
        this.intake = app.intake();
    }

    /** Reads and stores the event; headers say which guest_event row it became and whether it was a re-send. */
    public void apply(Exchange exchange) {
        Message in = exchange.getMessage();
        InboundEvent event = reader.read(bytes(in.getBody()));
        EventIntake.Applied applied = intake.apply(event);
        in.setHeader(Headers.EVENT_ID, applied.event().id());
        in.setHeader(Headers.DUPLICATE, applied.duplicate());
        in.setHeader(Headers.EVENT_TYPE, event.type().name());
        if (applied.duplicate()) LOG.info("event {} from {} was applied before (guest event {}): nothing changed",
                event.messageId(), event.system(), applied.event().id());
    }

    /** The reason a message goes to the dead-letter queue, in headers beside its unchanged body. */
    public void rejected(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String field;
        if (e instanceof InvalidEvent invalid) field = invalid.path();
        else if (e instanceof EventRejected rejected) field = rejected.field();
        else field = null;
        String reason = e == null ? "unknown" : e.getMessage();
        Message m = exchange.getMessage();
        m.setHeader(Headers.ERROR, reason);
        if (field != null) m.setHeader(Headers.ERROR_FIELD, field);
        LOG.warn("event message {} to the dead-letter queue: {}", m.getHeader("JMSMessageID"), reason);
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

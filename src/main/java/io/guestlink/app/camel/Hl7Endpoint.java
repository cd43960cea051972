package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import io.guestlink.hl7.AdtMapper;
import io.guestlink.hl7.AdtOptions;
import io.guestlink.hl7.AdtReceiver;
import io.guestlink.hl7.Hl7Problem;
import io.guestlink.hl7.MessageHeader;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.Refusal;
import io.guestlink.pipeline.Reprocessing;
import ca.uhn.hl7v2.AcknowledgmentCode;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.pipeline.EventIntake;
import io.guestlink.pipeline.LogContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.mllp.MllpConstants;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * The Camel edge of the MLLP listener (routes/hl7-mllp.camel.yaml): hands the frame's bytes to {@link AdtReceiver}
 * (parse, map, apply to the store, decide the ACK) and gives camel-mllp the ACK to send back (autoAck is off).
 */
public final class Hl7Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(Hl7Endpoint.class);

    private final AdtReceiver receiver;

    private final EventIntake intake;
    private final MetricsApi metrics;

    Hl7Endpoint(GuestLink app, MetricsApi metrics) {
        this.receiver = receiver(app);
        this.intake = app.intake();
        this.metrics = metrics;
    }

    /** The journal's view of an HL7 refusal: sender, control id, AE/AR with its 0357 code, field and reason. */
    public static Refusal refusal(AdtReceiver.Reply reply) {
        MessageHeader h = reply.header();
        Hl7Problem p = reply.refusal();
        return new Refusal(AdtMapper.CHANNEL, h.first(h.sendingApplication()), h.controlId(), null, reply.code().name(),
                p.code().getCode() + "", p.location(), p.getMessage(), reply.text());
    }

    /** Re-applies a journaled HL7 message through the listener's own receiver (guestlink reprocess). */
    public static Reprocessing.Channel reprocessor(GuestLink app) {
        AdtReceiver receiver = receiver(app);
        return raw -> {
            AdtReceiver.Reply reply = receiver.reprocess(raw);
            if (reply.code() == AcknowledgmentCode.AA) {
                if (reply.duplicate()) {
                    GuestEvent before = app.intake().previous(reply.header().first(reply.header().sendingApplication()),
                            reply.controlId()).orElseThrow();
                    return Reprocessing.Attempt.applied(before, true);
                }
                return Reprocessing.Attempt.applied(reply.stored(), false);
            }
            if (reply.refusal() == null) throw new IllegalStateException("not applied: " + reply.summary());
            return Reprocessing.Attempt.refused(refusal(reply));
        };
    }

    /** The listener's receiver, built from the settings: also what `reprocess` re-applies a refused message with. */
    public static AdtReceiver receiver(GuestLink app) {
        Settings s = app.settings();
        // the property zones of config/memory.yaml: an HL7 time without an offset is its property's local time
        AdtOptions options = new AdtOptions(s.get(Settings.HL7_PROPERTY), Settings.mapping(s.get(Settings.HL7_FACILITIES)),
                Settings.mapping(s.get(Settings.HL7_SYSTEMS)), s.get(Settings.HL7_PHONE_REGION),
                MemoryConfig.load(s.path(Settings.MEMORY_CONFIG)).zones());
        AdtMapper mapper = new AdtMapper(app.normalisers(), options, Clock.systemDefaultZone());
        EventIntake intake = app.intake();
        return new AdtReceiver(mapper, e -> {
            EventIntake.Applied a = intake.apply(e);
            return new AdtReceiver.Stored(a.duplicate(), a.event());
        }, s.getInt(Settings.HL7_MAX_MESSAGE_BYTES), s.getFlag(Settings.LOG_PHI));
    }

    public void receive(Exchange exchange) {
        try (LogContext.Scope log = LogContext.feed(AdtMapper.CHANNEL)) {
            AdtReceiver.Reply reply = receiver.receive(exchange.getIn().getBody(byte[].class));
            // journaled before the answer goes out, so a refused message can be listed and reprocessed after a fix
            if (reply.refusal() != null) intake.refused(refusal(reply));
            answer(exchange, reply);
        }
    }

    /** The route's last resort: whatever failed, the sender gets an AR rather than waiting for an ACK that never comes. */
    public void failed(Exchange exchange) {
        try (LogContext.Scope log = LogContext.feed(AdtMapper.CHANNEL)) {
            answerFailure(exchange);
        }
    }

    private void answerFailure(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        byte[] payload = exchange.getIn().getBody(byte[].class);
        if (payload == null || payload.length < 4) {
            // camel-mllp reads MSH-1 from the 4th byte of the frame before it sends any ACK: a shorter frame cannot
            // be answered, and camel-mllp resets the connection
            LOG.warn("MLLP frame of {} bytes: too short to acknowledge, connection reset", payload == null ? 0 : payload.length);
            return;
        }
        answer(exchange, receiver.failed(payload, cause));
    }

    private void answer(Exchange exchange, AdtReceiver.Reply reply) {
        exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT, reply.ack());
        metrics.ackSent(reply.code().name());
        Message in = exchange.getIn();
        in.setHeader(Headers.ACK_CODE, reply.code().name());
        if (reply.stored() != null) in.setHeader(Headers.EVENT_ID, reply.stored().id());
        else in.removeHeader(Headers.EVENT_ID);
    }
}

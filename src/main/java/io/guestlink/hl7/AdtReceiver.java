package io.guestlink.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import io.guestlink.event.EventRejected;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.InboundEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * One inbound MLLP payload to one acknowledgement: decode, parse and map, hand the event to the store, answer as
 * {@link AckPolicy} says. Never throws for anything a sender can send: every payload gets an ACK. Plain Java, so the
 * whole path is unit-testable; the Camel bean only moves bytes and headers.
 */
public final class AdtReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(AdtReceiver.class);

    /** The store side: applies an event once per (system, messageId); throws EventRejected when it cannot. */
    @FunctionalInterface
    public interface Intake {
        Stored apply(InboundEvent event);
    }

    /** What the store did: {@code duplicate} when the (system, messageId) had been applied before. */
    public record Stored(boolean duplicate, GuestEvent event) {
    }

    /**
     * @param ack       the acknowledgement, encoded in the inbound message's charset
     * @param stored    the event stored by this message; null when it was a duplicate or not applied
     * @param summary   one line for the log, without personal data
     * @param refusal   why the message was refused (AE, or AR for its content), for the journal; null when it was
     *                  applied, and when the store or GuestLink failed (AR 207: the sender resends, nothing to fix)
     * @param header    the header the answer was addressed from (sender, control id)
     * @param text      the message as decoded and normalised, kept in the journal for reprocessing
     */
    public record Reply(byte[] ack, AcknowledgmentCode code, String controlId, GuestEvent stored, boolean duplicate,
                        String summary, Hl7Problem refusal, MessageHeader header, String text) {
    }

    private final AdtMapper mapper;
    private final Intake intake;
    private final int maxBytes;
    private final boolean logPhi;

    public AdtReceiver(AdtMapper mapper, Intake intake) {
        this(mapper, intake, Integer.MAX_VALUE);
    }

    /** @param maxBytes larger payloads are answered AR without being parsed (guestlink.hl7.max-message-bytes) */
    public AdtReceiver(AdtMapper mapper, Intake intake, int maxBytes) {
        this(mapper, intake, maxBytes, false);
    }

    /**
     * @param logPhi guestlink.log.phi: true lets failures be logged with their own texts and stack traces, which may
     *               quote the message (names, ids); false logs their kind only
     */
    public AdtReceiver(AdtMapper mapper, Intake intake, int maxBytes, boolean logPhi) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.maxBytes = maxBytes;
        this.logPhi = logPhi;
    }

    public Reply receive(byte[] payload) {
        return receive(Hl7Text.decode(payload), payload == null ? 0 : payload.length);
    }

    /**
     * A message journaled as refused, applied again as it was decoded then (its text, not its bytes: the charset
     * was MSH-18's); the answer is encoded in UTF-8 and goes to no sender.
     */
    public Reply reprocess(String text) {
        return receive(new Hl7Text(text, java.nio.charset.StandardCharsets.UTF_8), 0);
    }

    private Reply receive(Hl7Text text, int payloadLength) {
        MessageHeader h = FrameContent.header(text.text());
        if (payloadLength > maxBytes) {
            return reply(text, h, new AckPolicy.Decision(AcknowledgmentCode.AR, Hl7Problem.reject(
                    ErrorCode.APPLICATION_INTERNAL_ERROR, null, 0, "the message is " + payloadLength
                            + " bytes, over this listener's limit of " + maxBytes + " (guestlink.hl7.max-message-bytes)")),
                    null, false, null);
        }
        // two messages in one frame, or a batch: refused whole, before anything is stored
        Hl7Problem frame = FrameContent.problem(text.text());
        if (frame != null) return reply(text, h, AckPolicy.of(frame), null, false, null);
        InboundEvent event;
        try {
            event = mapper.map(text.text(), h);
        } catch (Hl7Problem p) {
            return reply(text, h, AckPolicy.of(p), null, false, null);
        } catch (RuntimeException e) {
            // HAPI's and the mapper's texts may quote the message: with guest data only when logPhi allows it
            if (logPhi) LOG.error("HL7 {}: unexpected failure reading the message", describe(h), e);
            else LOG.error("HL7 {}: unexpected failure reading the message: {} at {}", describe(h), e.getClass().getName(),
                    firstFrame(e));
            return reply(text, h, AckPolicy.internalError(e), null, false, null);
        }
        Stored stored;
        try {
            stored = intake.apply(event);
        } catch (EventRejected r) {
            return reply(text, h, AckPolicy.of(r), null, false, event);
        } catch (RuntimeException e) {
            LOG.error("HL7 {}: the store failed, answered AR so the sender resends: {}", describe(h), e.getClass().getName());
            if (logPhi) LOG.debug("store failure", e); // the database's own text may quote values
            return reply(text, h, AckPolicy.storeFailed(e), null, false, event);
        }
        return reply(text, h, AckPolicy.Decision.ACCEPT, stored.duplicate() ? null : stored.event(), stored.duplicate(), event);
    }

    /** Something failed outside {@link #receive} (the route itself): AR 207, so the sender is never left waiting. */
    public Reply failed(byte[] payload, Throwable cause) {
        Hl7Text text = Hl7Text.decode(payload);
        MessageHeader h = FrameContent.header(text.text());
        LOG.error("HL7 {}: failed after reading: {}", describe(h), cause == null ? "?" : cause.getClass().getName());
        if (logPhi) LOG.debug("failure after reading", cause);
        AckPolicy.Decision d = AckPolicy.internalError(cause == null ? new IllegalStateException() : cause);
        // the route failed around the message, which may even have been stored: AR 207 asks for the resend that settles it
        return reply(text, h, new AckPolicy.Decision(d.code(), d.problem(), true), null, false, null);
    }

    private static Reply reply(Hl7Text text, MessageHeader h, AckPolicy.Decision d, GuestEvent stored, boolean duplicate,
                               InboundEvent event) {
        String ack = Acks.render(h, d.code(), d.problem());
        StringBuilder summary = new StringBuilder("HL7 ").append(describe(h)).append(": ").append(d.code());
        if (event != null) {
            summary.append(' ').append(event.type());
            if (event.record() != null && event.record().fact() != null)
                summary.append(" stay ").append(event.record().ref().key());
        }
        if (stored != null) summary.append(" -> event ").append(stored.id());
        if (duplicate) summary.append(" (already applied: re-sent control id, nothing changed)");
        if (d.problem() != null) {
            String at = d.problem().location();
            summary.append(' ').append(d.problem().code().getCode()).append(at.isEmpty() ? "" : " " + at)
                    .append(": ").append(d.problem().getMessage());
        }
        String line = summary.toString();
        if (d.code() == AcknowledgmentCode.AA) {
            if (duplicate) LOG.info(line);
            else LOG.debug(line);
        } else {
            LOG.warn(line);
        }
        // a store failure or an internal error is not the message's fault: the sender resends it unchanged
        Hl7Problem refusal = d.code() == AcknowledgmentCode.AA || d.problem() == null || d.transientFailure() ? null : d.problem();
        return new Reply(text.encode(ack), d.code(), h.controlId(), stored, duplicate, line, refusal, h, text.text());
    }

    /** Where a failure happened, without its text: enough to find the bug. */
    private static String firstFrame(Throwable e) {
        StackTraceElement[] t = e.getStackTrace();
        return t.length == 0 ? "?" : t[0].toString();
    }

    private static String describe(MessageHeader h) {
        if (!h.present()) return "(no MSH)";
        return (h.messageType().isEmpty() ? "?" : shown(h.messageType())) + "^" + (h.triggerEvent().isEmpty() ? "?" : shown(h.triggerEvent())) + " " + shown(h.controlId())
                + " from " + shown(h.first(h.sendingApplication()));
    }

    private static String shown(String v) {
        String s = v.isEmpty() ? "?" : v.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

package io.guestlink.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import io.guestlink.event.EventRejected;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which acknowledgement each outcome earns (HL7 v2 original mode, chapter 2.9):
 * <ul>
 *   <li>AA only once the store has applied the message (or had applied it before: a re-sent control id);</li>
 *   <li>AE when it is understood but cannot be applied: a missing or wrong field ({@link Hl7Problem}) or a store
 *       rejection ({@link EventRejected}); resending the same message will not help;</li>
 *   <li>AR when it cannot be taken: unparseable, no MSH, unsupported type, event, processing id or version;</li>
 *   <li>AR with code 207 when the store failed (database down, pool exhausted): a reason unrelated to the
 *       message's content, which HL7 answers with AR so the sender resends it unchanged; since (MSH-3, MSH-10) is
 *       applied once, a resend after a failure that did commit changes nothing.</li>
 * </ul>
 */
public final class AckPolicy {
    /** "PV1-19", "PID-3.1": a store rejection that names an HL7 field gets ERR-2 pointing at it. */
    private static final Pattern HL7_FIELD = Pattern.compile("([A-Z][A-Z0-9]{2})-(\\d{1,3})(?:\\.(\\d{1,2}))?");

    private AckPolicy() {
    }

    /** @param transientFailure the store or GuestLink failed, not the message: the sender resends it unchanged */
    public record Decision(AcknowledgmentCode code, Hl7Problem problem, boolean transientFailure) {
        public static final Decision ACCEPT = new Decision(AcknowledgmentCode.AA, null);

        public Decision(AcknowledgmentCode code, Hl7Problem problem) {
            this(code, problem, false);
        }
    }

    public static Decision of(Hl7Problem p) {
        return new Decision(p.ack(), p);
    }

    /** AE: 101 when the rejection names an empty value, else 207 (table 0357 has no closer code for "not applicable"). */
    public static Decision of(EventRejected e) {
        ErrorCode code = e.value() == null || e.value().isBlank() ? ErrorCode.REQUIRED_FIELD_MISSING : ErrorCode.APPLICATION_INTERNAL_ERROR;
        Matcher m = e.field() == null ? null : HL7_FIELD.matcher(e.field());
        Hl7Problem p = m != null && m.matches()
                ? Hl7Problem.error(code, m.group(1), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), e.getMessage())
                : Hl7Problem.error(code, null, 0, 0, e.getMessage());
        return new Decision(AcknowledgmentCode.AE, p);
    }

    /** The store could not be written: AR 207, resend. The reason names the failure's kind, never its text (values). */
    public static Decision storeFailed(Throwable t) {
        return new Decision(AcknowledgmentCode.AR, Hl7Problem.reject(ErrorCode.APPLICATION_INTERNAL_ERROR, null, 0,
                "the message could not be stored (" + t.getClass().getSimpleName() + "); it was not applied, resend it"), true);
    }

    /** A failure of GuestLink itself while reading the message: AR 207, as for the store. */
    public static Decision internalError(Throwable t) {
        return new Decision(AcknowledgmentCode.AR, Hl7Problem.reject(ErrorCode.APPLICATION_INTERNAL_ERROR, null, 0,
                "internal error while reading the message (" + t.getClass().getSimpleName() + "); it was not applied"));
    }
}

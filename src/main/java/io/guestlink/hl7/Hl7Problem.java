package io.guestlink.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;

/**
 * Why a message is not applied, in the terms of its acknowledgement: AR (cannot be parsed, unsupported type, event,
 * processing id or version) or AE (understood, cannot be applied), the HL7 table 0357 code, and the field at fault.
 * The text names the field and, for values that are not personal (dates, codes, visit numbers), the value.
 *
 * @param segment  segment id of the field at fault (e.g. PV1), or null when the problem is the whole message
 * @param field    field position (1-based), 0 when none
 * @param component component position (1-based), 0 when the whole field
 */
public final class Hl7Problem extends RuntimeException {
    private final AcknowledgmentCode ack;
    private final ErrorCode code;
    private final String segment;
    private final int field;
    private final int component;

    private Hl7Problem(AcknowledgmentCode ack, ErrorCode code, String segment, int field, int component, String text,
                       Throwable cause) {
        super(text, cause);
        this.ack = ack;
        this.code = code;
        this.segment = segment;
        this.field = field;
        this.component = component;
    }

    /** AR: the message cannot be taken at all; the sender must fix it or its configuration. */
    public static Hl7Problem reject(ErrorCode code, String segment, int field, String text) {
        return new Hl7Problem(AcknowledgmentCode.AR, code, segment, field, 0, text, null);
    }

    public static Hl7Problem reject(ErrorCode code, String text, Throwable cause) {
        return new Hl7Problem(AcknowledgmentCode.AR, code, null, 0, 0, text, cause);
    }

    /** AE: the message is understood but a field it needs is missing or wrong. */
    public static Hl7Problem error(ErrorCode code, String segment, int field, int component, String text) {
        return new Hl7Problem(AcknowledgmentCode.AE, code, segment, field, component, text, null);
    }

    public AcknowledgmentCode ack() {
        return ack;
    }

    public ErrorCode code() {
        return code;
    }

    public String segment() {
        return segment;
    }

    public int field() {
        return field;
    }

    public int component() {
        return component;
    }

    /** PV1-19, PV1-3.2, or "" when the problem is not about one field. */
    public String location() {
        if (segment == null) return "";
        if (field == 0) return segment;
        return segment + "-" + field + (component > 0 ? "." + component : "");
    }
}

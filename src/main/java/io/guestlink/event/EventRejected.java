package io.guestlink.event;

/**
 * A message that was understood but cannot be applied (HL7 answers AE with an ERR segment; the broker consumer sends
 * it to the dead-letter queue with this reason). Names the field and the value at fault, masked where personal.
 */
public final class EventRejected extends RuntimeException {
    private final String field;
    private final String value;

    public EventRejected(String field, String value, String reason) {
        super(reason + (field == null ? "" : " (" + field + (value == null ? "" : " = '" + value + "'") + ")"));
        this.field = field;
        this.value = value;
    }

    public String field() {
        return field;
    }

    public String value() {
        return value;
    }
}

package io.guestlink.event;

import java.util.Objects;

/**
 * A real-time message a channel refused, as the journal keeps it: where it came from, how it was answered and why.
 * {@code reason} and {@code field} are what the sender was told (personal values masked, as in an ERR segment or a
 * dead-letter header); {@code raw} is the message as received, kept for reprocessing and never shown.
 *
 * @param channel     "hl7" or "jms", as {@link InboundEvent#channel()}
 * @param system      the sender (MSH-3, JSON {@code source}) when it could be read, else null
 * @param messageId   the sender's id (MSH-10, JSON {@code eventId}) when it could be read, else null
 * @param transportId the broker's id of the message (JMSMessageID) for a dead-lettered event, else null
 * @param answer      AE, AR or DLQ
 * @param code        the HL7 table 0357 code of an ERR segment, else null
 * @param field       the field or JSON path at fault, else null
 */
public record Refusal(String channel, String system, String messageId, String transportId, String answer, String code,
                      String field, String reason, String raw) {
    public Refusal {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(reason, "reason");
        system = blankToNull(system);
        messageId = blankToNull(messageId);
        field = blankToNull(field);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}

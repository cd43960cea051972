package io.guestlink.event;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.FieldFlag;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One real-time message after parsing and mapping, before it is stored: what happened, to which record, said by
 * which system under which message id. The store applies it once per (system, messageId): a message re-sent after a
 * lost acknowledgement changes nothing the second time.
 *
 * @param channel      where it came in: "hl7" (MLLP) or "jms" (broker), for the journal
 * @param system       the sending system (HL7 MSH-3, JSON "source"); source keys are scoped by it
 * @param messageId    the sender's id for this message (HL7 MSH-10, JSON "eventId")
 * @param occurredAt   when it happened at the source (HL7 EVN-2 or MSH-7, JSON "occurredAt"); null = now
 * @param record       the reservation (with its guest) or POS ticket the message carries; null for a merge or a
 *                     business-date event
 * @param priorRoom    the room before a move (HL7 PV1-6), else null
 * @param absorbedGuestKey for a merge: the source's guest key that ceases to exist (HL7 MRG-1); the surviving key
 *                     is {@code record.guestKey()}
 * @param property     the property, needed when there is no record (business date); else the record's property
 * @param businessDate for {@link GuestEventType#BUSINESS_DATE_ADVANCED}: the new business date
 * @param raw          the message as received (kept in the journal for replay, like a file row), each
 *                     identity-document number replaced by its marker (IdDocumentHasher.redacting)
 * @param flags        values of the message kept only as evidence or left out, each with its HL7 field or JSON path
 *                     ({@link FieldFlag}): journaled beside the message's row
 */
public record InboundEvent(String channel, String system, String messageId, GuestEventType type, Instant occurredAt,
                           CanonicalRecord record, String priorRoom, String absorbedGuestKey, String property,
                           LocalDate businessDate, String raw, List<FieldFlag> flags) {

    /** A message whose mapping flagged nothing. */
    public InboundEvent(String channel, String system, String messageId, GuestEventType type, Instant occurredAt,
                        CanonicalRecord record, String priorRoom, String absorbedGuestKey, String property,
                        LocalDate businessDate, String raw) {
        this(channel, system, messageId, type, occurredAt, record, priorRoom, absorbedGuestKey, property, businessDate,
                raw, List.of());
    }

    public InboundEvent {
        flags = flags == null ? List.of() : List.copyOf(flags);
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(type, "type");
    }

    /** The same event with the text the journal keeps replaced. */
    public InboundEvent withRaw(String journaled) {
        // the flags too: an event with a document number is journaled with what its mapping flagged
        return new InboundEvent(channel, system, messageId, type, occurredAt, record, priorRoom, absorbedGuestKey,
                property, businessDate, journaled, flags);
    }
}

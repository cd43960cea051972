package io.guestlink.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An event as stored (table guest_event) once its message has been applied: the guest is resolved to a live profile
 * (null when the message names no guest), so alert rules can build the recognition card. Ids are the store's.
 *
 * @param id           guest_event.id, stable: alert ids derive from it
 * @param confirmation the reservation's confirmation number, or the POS ticket number for POS_TICKET_CLOSED
 * @param arrival      the stay's arrival date, if any
 * @param departure    the stay's departure date, if any
 */
public record GuestEvent(long id, GuestEventType type, String system, String messageId, String property,
                         Long profileId, String confirmation, String roomNumber, String priorRoom, LocalDate arrival,
                         LocalDate departure, Instant occurredAt, LocalDate businessDate) {
}

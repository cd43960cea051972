package io.guestlink.event;

/**
 * What happened to a guest or a stay, as real-time feeds (HL7 ADT over MLLP, JSON on the broker) report it. Alert
 * rules trigger on these names (config/alerts.yaml).
 */
public enum GuestEventType {
    /** HL7 A05, JSON reservation.created */
    RESERVATION_CREATED,
    /** HL7 A08 / A04 on a known stay, JSON reservation.updated */
    RESERVATION_UPDATED,
    /** JSON reservation.cancelled */
    RESERVATION_CANCELLED,
    /** HL7 A01 (and A04 registration), JSON guest.checked_in: the guest is arriving now */
    CHECKED_IN,
    /** HL7 A03, JSON guest.checked_out */
    CHECKED_OUT,
    /** HL7 A02, JSON guest.room_moved */
    ROOM_MOVED,
    /** HL7 A11: the arrival was entered by mistake */
    CHECK_IN_CANCELLED,
    /** HL7 A12 */
    ROOM_MOVE_CANCELLED,
    /** HL7 A13 */
    CHECK_OUT_CANCELLED,
    /** HL7 A40: two guest records of the source are one person */
    PROFILES_MERGED,
    /** JSON pos.ticket_closed */
    POS_TICKET_CLOSED,
    /** JSON night_audit.completed: the property's business date moves on */
    BUSINESS_DATE_ADVANCED
}

package io.guestlink.ingest;

import io.guestlink.model.RecordKind;

import java.util.Set;

/** The canonical field names a source mapping may fill, per record kind. docs/feeds.md, "Canonical fields", lists them with their meaning. */
final class CanonicalFields {
    static final Set<String> GUEST = Set.of(
            "guest.key", "guest.name", "guest.familyName", "guest.givenName", "guest.title", "guest.birthDate",
            "guest.gender", "guest.nationality", "guest.language", "guest.email", "guest.phone", "guest.mobile",
            "guest.idType", "guest.idNumber", "guest.idCountry", "guest.vip", "guest.memberProgram",
            "guest.memberNumber", "guest.memberLevel", "guest.consent.email", "guest.consent.sms",
            "guest.consent.phone", "guest.consent.post", "guest.consent.profiling", "guest.consentAt", "guest.preference", "guest.allergy", "guest.anniversary");
    /** Fields whose value is a list of items (split at the field's {@code split}, each decoded by its code table). */
    static final Set<String> LISTS = Set.of("guest.preference", "guest.allergy");
    static final Set<String> COMMON = Set.of("property", "currency");
    static final Set<String> RESERVATION = Set.of(
            "reservation.confirmationNumber", "reservation.arrival", "reservation.departure", "reservation.roomType",
            "reservation.roomNumber", "reservation.rateCode", "reservation.rateAmount", "reservation.status",
            "reservation.channel", "reservation.adults", "reservation.children", "reservation.complaint",
            "reservation.complaintStatus", "reservation.complaintDate");
    static final Set<String> FOLIO = Set.of(
            "folio.folioNumber", "folio.lineNumber", "folio.reservationRef", "folio.businessDate",
            "folio.transactionCode", "folio.description", "folio.category", "folio.amount", "folio.credit");
    static final Set<String> POS = Set.of(
            "pos.outlet", "pos.ticketNumber", "pos.table", "pos.covers", "pos.opened", "pos.closed", "pos.roomNumber",
            "pos.memberNumber", "pos.guestName", "pos.settlement", "pos.total",
            "pos.item.line", "pos.item.name", "pos.item.quantity", "pos.item.price");

    private CanonicalFields() {
    }

    static boolean isKnown(String field, RecordKind kind) {
        if (GUEST.contains(field) || COMMON.contains(field)) return true;
        if (kind == null) return false;
        return switch (kind) {
            case RESERVATION -> RESERVATION.contains(field);
            case FOLIO -> FOLIO.contains(field);
            case POS_TICKET -> POS.contains(field);
            case GUEST_PROFILE -> false;
        };
    }
}

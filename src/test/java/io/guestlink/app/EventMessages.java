package io.guestlink.app;

import java.util.List;

/** JSON guest events as a PMS or POS would put them on the queue, one of each type, for the broker tests. */
final class EventMessages {
    private EventMessages() {
    }

    static String reservation(String eventId, String type, String confirmation, String extra) {
        return """
                {"eventId": "%s", "type": "%s", "source": "OPERA", "occurredAt": "2026-06-15T14:02:11+07:00",
                 "property": "BKK01", "phoneRegion": "TH",
                 "reservation": {"confirmationNumber": "%s", "arrival": "2026-06-15", "departure": "2026-06-18",
                                 "roomNumber": "1208", "priorRoomNumber": "0905", "roomType": "DLXK"%s},
                 "guest": {"key": "G-%s", "names": [{"text": "YU/MING MR", "format": "LAST/FIRST TITLE"}],
                           "emails": ["yu.ming@example.net"], "phones": ["081-234-5678"]}}
                """.formatted(eventId, type, confirmation, extra, confirmation);
    }

    static String reservation(String eventId, String type, String confirmation) {
        return reservation(eventId, type, confirmation, "");
    }

    static String ticket(String eventId, String ticketNumber) {
        return """
                {"eventId": "%s", "type": "pos.ticket_closed", "source": "MICROS", "occurredAt": "2026-06-16T08:15:00+07:00",
                 "property": "BKK01",
                 "ticket": {"outlet": "CAFE", "ticketNumber": "%s", "table": "W2", "covers": 1,
                            "opened": "2026-06-16T07:42", "closed": "2026-06-16T08:15", "roomNumber": "1208",
                            "items": [{"name": "Club Sandwich", "price": 320}, {"name": "Coffee", "price": 95}],
                            "total": 415, "currency": "THB"}}
                """.formatted(eventId, ticketNumber);
    }

    static String nightAudit(String eventId, String businessDate) {
        return """
                {"eventId": "%s", "type": "night_audit.completed", "source": "OPERA", "occurredAt": "2026-06-16T02:00:00+07:00",
                 "property": "BKK01", "businessDate": "%s"}
                """.formatted(eventId, businessDate);
    }

    /** One event of every type the schema knows, each with its own id. */
    static List<String> everyType(String prefix) {
        return List.of(
                reservation(prefix + "-1", "reservation.created", prefix + "-R1"),
                reservation(prefix + "-2", "reservation.updated", prefix + "-R1", ", \"adults\": 2"),
                reservation(prefix + "-3", "reservation.cancelled", prefix + "-R2"),
                reservation(prefix + "-4", "guest.checked_in", prefix + "-R1"),
                reservation(prefix + "-5", "guest.room_moved", prefix + "-R1"),
                reservation(prefix + "-6", "guest.checked_out", prefix + "-R1"),
                ticket(prefix + "-7", prefix + "-T1"),
                nightAudit(prefix + "-8", "2026-06-16"));
    }
}

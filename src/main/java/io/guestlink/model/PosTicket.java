package io.guestlink.model;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

/**
 * A restaurant or bar ticket (check). Times are the outlet's local time. The guest may be known by a room number,
 * a member number or a name written on the ticket. A feed with one row per item yields one PosTicket per row,
 * carrying that row's item; the store joins them by outlet and ticket number.
 */
public record PosTicket(
        String property,
        String outlet,
        String ticketNumber,
        String table,
        Integer covers,
        LocalDateTime opened,
        LocalDateTime closed,
        List<PosItem> items,
        String roomNumber,
        String memberNumber,
        String guestName,
        String settlement,
        BigDecimal total,
        String currency) implements Fact {

    public PosTicket {
        if (ticketNumber == null || ticketNumber.isBlank()) throw new IllegalArgumentException("ticket number is empty");
        items = items == null ? List.of() : List.copyOf(items);
    }
}

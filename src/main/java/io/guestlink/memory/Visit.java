package io.guestlink.memory;

import io.guestlink.model.PosTicket;

import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;

/**
 * One POS ticket as the usual table and order see it: its number, local open time, table as written, and the items
 * ordered on it net of voids (each name once, as first written on the ticket).
 */
public record Visit(String ticketNumber, LocalDateTime opened, String table, List<String> ordered) {

    /** Oldest first; the ticket number breaks a tie (numbers are unique per outlet, and a window is one outlet). */
    public static final Comparator<Visit> ORDER = Comparator.comparing(Visit::opened).thenComparing(Visit::ticketNumber);

    public Visit {
        ordered = List.copyOf(ordered);
    }

    /** The visit of a ticket with an open time (callers check that). */
    static Visit of(PosTicket t) {
        return new Visit(t.ticketNumber(), t.opened(), t.table(), TicketLines.ordered(t).stream().map(TicketLines.NetItem::name).toList());
    }
}

package io.guestlink.model;

/** The hotel fact a source row carries besides the guest: a stay, a folio posting or a POS ticket. */
public sealed interface Fact permits Reservation, FolioLine, PosTicket {
    String property();
}

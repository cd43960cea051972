package io.guestlink.memory;

import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** One stay as memory remembers it: where, when, how many nights, which room. */
public record StayRef(String property, String confirmationNumber, LocalDate arrival, LocalDate departure,
                      StayStatus status, String roomType, String roomNumber) {

    static StayRef of(Reservation r) {
        return new StayRef(r.property(), r.confirmationNumber(), r.arrival(), r.departure(), r.status(), r.roomType(),
                r.roomNumber());
    }

    /** Nights between arrival and departure; a day-use stay (same day) has 0 nights. */
    public long nights() {
        return ChronoUnit.DAYS.between(arrival, departure);
    }
}

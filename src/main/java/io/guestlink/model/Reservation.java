package io.guestlink.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A reservation or stay. Dates are the property's local dates; the amount keeps its own currency. */
public record Reservation(
        String property,
        String confirmationNumber,
        LocalDate arrival,
        LocalDate departure,
        String roomType,
        String roomNumber,
        String rateCode,
        BigDecimal rateAmount,
        String currency,
        StayStatus status,
        String channel,
        Integer adults,
        Integer children) implements Fact {

    public Reservation {
        if (confirmationNumber == null || confirmationNumber.isBlank())
            throw new IllegalArgumentException("confirmation number is empty");
    }
}

package io.guestlink.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A reservation or stay. Dates are the property's local dates; the amount keeps its own currency. {@code complaints}
 * came later than the other components and is left out of the JSON when empty, so a stored payload without complaints
 * keeps its SHA-256 (see {@link GuestProfile}).
 */
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
        Integer children,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Complaint> complaints) implements Fact {

    /** A reservation without complaints (every source before they were mapped). */
    public Reservation(String property, String confirmationNumber, LocalDate arrival, LocalDate departure,
                       String roomType, String roomNumber, String rateCode, BigDecimal rateAmount, String currency,
                       StayStatus status, String channel, Integer adults, Integer children) {
        this(property, confirmationNumber, arrival, departure, roomType, roomNumber, rateCode, rateAmount, currency,
                status, channel, adults, children, List.of());
    }

    public Reservation {
        if (confirmationNumber == null || confirmationNumber.isBlank())
            throw new IllegalArgumentException("confirmation number is empty");
        complaints = complaints == null ? List.of() : List.copyOf(complaints);
    }
}

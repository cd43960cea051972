package io.guestlink.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One posting or payment on a guest folio. Credits (payments, reversals) are negative amounts. */
public record FolioLine(
        String property,
        String folioNumber,
        String lineNumber,
        String reservationRef,
        LocalDate businessDate,
        String transactionCode,
        String description,
        ChargeCategory category,
        BigDecimal amount,
        String currency) implements Fact {

    public FolioLine {
        if (folioNumber == null || folioNumber.isBlank()) throw new IllegalArgumentException("folio number is empty");
    }
}

package io.guestlink.model;

import java.time.LocalDate;

/**
 * A complaint the PMS recorded on a stay: when it was made (null when the source does not say), what it was about,
 * and whether it is still open. A complaint the source gives no status for is open: staff should rather see a
 * resolved complaint once too often than miss an open one.
 */
public record Complaint(LocalDate date, String text, boolean open) {
    public Complaint {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("complaint text is empty");
        text = text.strip();
    }
}

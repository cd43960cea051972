package io.guestlink.model;

import java.time.LocalDate;

/**
 * A complaint the PMS recorded on a stay: when it was made (null when the source does not say), what it was about,
 * and whether it is still open. A complaint the source gives no status for is open: staff should rather see a
 * resolved complaint once too often than miss an open one. {@code resolution} is how it was resolved, when staff
 * wrote it down (the console).
 */
public record Complaint(LocalDate date, String text, boolean open,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                        String resolution) {
    public Complaint {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("complaint text is empty");
        text = text.strip();
        resolution = resolution == null || resolution.isBlank() ? null : resolution.strip();
    }

    /** A complaint without a resolution written down (a PMS's: left out of the JSON, so stored payloads stay as they were). */
    public Complaint(LocalDate date, String text, boolean open) {
        this(date, text, open, null);
    }
}

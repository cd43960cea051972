package io.guestlink.event.json;

/**
 * One thing wrong with a JSON event: where (a JSON path such as {@code $.reservation.arrival}), the value found there
 * as it may be shown (masked when personal, null when the member is missing or holds an object) and why.
 */
public record Problem(String path, String value, String reason) {
    @Override
    public String toString() {
        return path + (value == null ? "" : " = '" + value + "'") + ": " + reason;
    }
}

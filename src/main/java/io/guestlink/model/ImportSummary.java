package io.guestlink.model;


import java.nio.file.Path;

/**
 * The outcome of one file import or replay run.
 *
 * @param status      DONE, DUPLICATE or FAILED
 * @param rejectsFile a CSV of the rejected rows (line, field, value, reason, raw), or null when none were rejected
 */
public record ImportSummary(long runId, String sourceId, String fileName, String status, ImportCounts counts,
                            long durationMs, Path rejectsFile, String error) {
    public double rowsPerSecond() {
        return durationMs == 0 ? counts.read() : counts.read() * 1000.0 / durationMs;
    }

    @Override
    public String toString() {
        return String.format("%s %s [%s]: %s in %d ms (%.0f rows/s)%s", sourceId, fileName, status, counts, durationMs,
                rowsPerSecond(), error == null ? "" : " - " + error);
    }
}

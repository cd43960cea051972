package io.guestlink.alert;

import java.util.Arrays;
import java.util.List;

/**
 * What an operational alert is about. The first two are events (each occurrence alerts once); the others are
 * conditions a scheduled check looks at (raised when they start to hold, reminded while they last, cleared when they
 * stop).
 */
public enum OperationalKind {
    /** A file the import could not take moved to failed/ (or .failed/ on a remote folder). */
    FAILED_FILE("failed-file", "failedFile", false),
    /** A database feed's poll failed; it clears with the first good poll. */
    POLL_ERROR("poll-error", "pollError", true),
    /** A dead-letter queue deeper than a size, or grown by a number of messages within a window. */
    DEAD_LETTER_QUEUE("dead-letter-queue", "deadLetterQueue", true),
    /** An alert channel with deliveries failing for longer than a set time. */
    CHANNEL_FAILING("channel-failing", "channelFailing", true),
    /** The identity review queue (possible duplicates waiting for a person) over a size. */
    REVIEW_QUEUE("review-queue", "reviewQueue", true);

    private final String type;
    private final String key;
    private final boolean condition;

    OperationalKind(String type, String key, boolean condition) {
        this.type = type;
        this.key = key;
        this.condition = condition;
    }

    /** The payload's {@code type} and the middle of its alert ids: {@code failed-file}. */
    public String type() {
        return type;
    }

    /** The entry's key under {@code operations:} in config/alerts.yaml: {@code failedFile}. */
    public String key() {
        return key;
    }

    /** A condition (raised, reminded, cleared) rather than an event. */
    public boolean condition() {
        return condition;
    }

    /** The outbox's rule column for this kind: {@code operations:failed-file} (no guest rule id has a colon). */
    public String rule() {
        return OperationalAlert.RULE_PREFIX + type;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(OperationalKind::key).toList();
    }
}

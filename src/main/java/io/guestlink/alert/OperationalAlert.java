package io.guestlink.alert;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One operational alert as every channel sends it: what went wrong in operations (a file moved to failed/, a poll
 * error, a dead-letter queue growing, a channel failing, the review queue too long), never about a guest. It goes
 * through the same outbox as guest alerts; its JSON says {@code "kind": "operational"} so a receiver tells the two
 * apart. Nothing personal: feed, file, queue and channel names, counts, times, and error texts made safe by
 * {@link OperationalText#safe}.
 *
 * @param id        stable: the same occurrence (or the same raise, reminder or clearing of a condition) always has it
 * @param type      the kind's {@link OperationalKind#type()}
 * @param state     {@code raised}, {@code reminder} (the condition still holds) or {@code cleared}
 * @param subject   what it is about: the feed, the queue, the channel, or {@code review}
 * @param text      one line for a person
 * @param details   the same facts as values (counts, thresholds, file name, error class), all non-personal
 * @param since     when the condition started (the event's time for an event)
 */
public record OperationalAlert(String id, String type, String state, String subject, String text,
                               Map<String, String> details, Instant since, Instant createdAt) {
    /** Rule column prefix of operational alerts; guest rule ids never hold a colon. */
    public static final String RULE_PREFIX = "operations:";
    /** The audience column of every operational alert. */
    public static final String AUDIENCE = "operations";
    public static final String KIND = "operational";

    public static final String RAISED = "raised";
    public static final String REMINDER = "reminder";
    public static final String CLEARED = "cleared";

    public OperationalAlert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Always {@value #KIND}: what tells a receiver this is no guest alert. */
    @JsonProperty(value = "kind", index = 0)
    public String kind() {
        return KIND;
    }

    /** The outbox's rule column: {@code operations:<type>}. */
    public String rule() {
        return RULE_PREFIX + type;
    }

    public String toJson() {
        return AlertJson.write(this, "operational alert " + id);
    }

    public static OperationalAlert fromJson(String json) {
        return AlertJson.read(json, OperationalAlert.class, "an operational alert");
    }

    /** Whether an outbox payload is an operational alert (a guest alert's JSON has no {@code kind}). */
    public static boolean isOne(String json) {
        return KIND.equals(AlertJson.field(json, "kind"));
    }

    /** A file name for the file channel: the id with every character outside [A-Za-z0-9._-] as '_' (a long one hashed), then .json. */
    public String fileName() {
        String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return (safe.length() <= 150 ? safe : "operations_" + type + "_" + AlertIds.shortForm(id)) + ".json";
    }
}

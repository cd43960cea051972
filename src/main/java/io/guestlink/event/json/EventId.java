package io.guestlink.event.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Who sent a JSON event and under which id, read as far as the body allows, for the journal of refused messages:
 * an event refused for its content usually still names them; one that is not JSON names nothing (both null).
 */
public record EventId(String source, String eventId) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventId NONE = new EventId(null, null);

    public static EventId of(byte[] body) {
        if (body == null || body.length == 0) return NONE;
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) return NONE;
            return new EventId(text(n.get("source")), text(n.get("eventId")));
        } catch (java.io.IOException | RuntimeException e) {
            return NONE;
        }
    }

    private static String text(JsonNode v) {
        return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue() : null;
    }
}

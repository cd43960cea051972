package io.guestlink.event.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.identity.Normalisers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON guest event (the body of a broker message) into an {@link InboundEvent}: size limit, JSON syntax,
 * the schema, then the mapping to canonical records ({@link EventMapping}). Anything wrong throws
 * {@link InvalidEvent} naming the JSON path and value (masked when personal) of every problem found. Plain Java,
 * thread-safe.
 */
public final class JsonEventReader {
    public static final String CHANNEL = "jms";

    static final Map<String, GuestEventType> TYPES = Map.of(
            "reservation.created", GuestEventType.RESERVATION_CREATED,
            "reservation.updated", GuestEventType.RESERVATION_UPDATED,
            "reservation.cancelled", GuestEventType.RESERVATION_CANCELLED,
            "guest.checked_in", GuestEventType.CHECKED_IN,
            "guest.checked_out", GuestEventType.CHECKED_OUT,
            "guest.room_moved", GuestEventType.ROOM_MOVED,
            "pos.ticket_closed", GuestEventType.POS_TICKET_CLOSED,
            "night_audit.completed", GuestEventType.BUSINESS_DATE_ADVANCED);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // amounts stay exact
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES) // 4200.00 as written, like a nightly row
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)    // {"a":1} garbage is not one event
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)     // two "type" members: which one is meant?
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)     // error texts never quote the message
            .build();

    private final EventSchema schema;
    private final EventMapping mapping;
    private final int maxBytes;

    /**
     * @param maxBytes larger bodies are refused before parsing (a runaway sender must not exhaust the heap)
     */
    public JsonEventReader(EventSchema schema, Normalisers normalisers, Clock clock, int maxBytes) {
        this.schema = schema;
        this.mapping = new EventMapping(normalisers, clock);
        this.maxBytes = maxBytes;
    }

    public InboundEvent read(String body) {
        return read(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public InboundEvent read(byte[] body) {
        if (body == null || body.length == 0) throw new InvalidEvent(new Problem("$", null, "empty message"));
        if (body.length > maxBytes)
            throw new InvalidEvent(new Problem("$", null, "message of " + body.length + " bytes exceeds the limit of "
                    + maxBytes + " bytes"));
        JsonNode event = withoutNulls(parse(body));
        List<Problem> problems = schema.check(event);
        if (!problems.isEmpty()) throw new InvalidEvent(problems);
        // the event keeps the message for the journal with each ID-document number replaced by its marker
        try (io.guestlink.identity.IdDocumentHasher.Redaction redaction = io.guestlink.identity.IdDocumentHasher.redacting()) {
            InboundEvent e = mapping.map(event, TYPES.get(event.get("type").textValue()), new String(body, StandardCharsets.UTF_8));
            return redaction.any() ? e.withRaw(redaction.apply(e.raw(), false)) : e;
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) throw new InvalidEvent(new Problem("$", null, "no JSON value in the message"));
            return node;
        } catch (StreamReadException e) {
            String path = pathOf(e);
            throw new InvalidEvent(new Problem(path, null, "not valid JSON" + where(e.getLocation()) + ": "
                    + safe(path, e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidEvent(new Problem("$", null, "not valid JSON" + where(e.getLocation()) + ": "
                    + safe("$", e.getOriginalMessage())));
        } catch (IOException e) {
            throw new InvalidEvent(new Problem("$", null, "unreadable message: " + e.getMessage()));
        }
    }

    /**
     * Members whose value is null count as left out: serialisers write them by default, and "no value" is what the
     * sender means. Nulls inside arrays stay (an e-mail list with a null in it is wrong, not empty).
     */
    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).properties().removeIf(f -> f.getValue().isNull());
            node.forEach(JsonEventReader::withoutNulls);
        } else if (node.isArray()) {
            node.forEach(JsonEventReader::withoutNulls);
        }
        return node;
    }

    /** Where the parser stood, as a JSON path ($.guest.emails[0]): the member being read when the syntax broke. */
    private static String pathOf(StreamReadException e) {
        JsonParser p = e.getProcessor();
        if (p == null) return "$";
        JsonPointer pointer = p.getParsingContext().pathAsPointer();
        StringBuilder path = new StringBuilder("$");
        for (JsonPointer ptr = pointer; ptr != null && !ptr.matches(); ptr = ptr.tail()) {
            if (isArrayStep(ptr)) {
                path.append('[').append(ptr.getMatchingIndex()).append(']');
            } else {
                path.append('.').append(ptr.getMatchingProperty());
            }
        }
        return path.toString();
    }

    /** A pointer step that is all digits is an array index (member names in the schema are never numbers). */
    private static boolean isArrayStep(JsonPointer ptr) {
        String p = ptr.getMatchingProperty();
        return !p.isEmpty() && p.chars().allMatch(Character::isDigit);
    }

    private static String where(JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) return "";
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    /**
     * Jackson quotes the token it choked on first ("Unrecognized token 'yu.ming'"); inside personal members that
     * token is guest data, so it is hidden there. The source reference Jackson names instead of the text goes.
     */
    private static String safe(String path, String message) {
        if (message == null) return "";
        String m = message.replaceAll("\\[Source: [^;\\]]*; ", "[");
        return ShownValues.personal(path) ? m.replaceFirst("'[^']{2,}'", "'***'") : m;
    }

    /** The JSON spelling of an event type (guest.checked_in for CHECKED_IN). */
    static String typeName(GuestEventType type) {
        return TYPES.entrySet().stream().filter(t -> t.getValue() == type).map(Map.Entry::getKey).findFirst()
                .orElse(type.name());
    }

    static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    static LocalDate date(String text) {
        return LocalDate.parse(text);
    }
}

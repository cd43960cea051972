package io.guestlink.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.guestlink.model.CanonicalRecord;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Canonical records as stored JSON. The content hash of that JSON decides whether a re-delivered record is
 * unchanged or updated, so the serialisation must be deterministic: records keep component order, maps are sorted.
 */
public final class Payloads {
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .build();

    /**
     * Reads stored payloads back (also as trees) without losing an amount's scale: 4200.00 stays 4200.00, so a record
     * read, merged and written again keeps the hash a file import of the same values gives.
     */
    public static final ObjectMapper READER = JSON.copy()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private Payloads() {
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * The content hash of a payload. A document's near keys ({@code IdDocument.near}) are left out: they follow from
     * the number its keyed hash covers already, so a row stored before they were kept comes again UNCHANGED (and keeps
     * its stored form, without them) instead of every row with a document reporting UPDATED once after an upgrade.
     * Only the JSON's own key can match: inside a string value the quotes would be escaped.
     */
    public static String hash(String json) {
        if (json.contains(NEAR_KEY)) json = NEAR.matcher(json).replaceAll("");
        return DigestUtils.sha256Hex(json);
    }

    private static final String NEAR_KEY = ",\"near\":\"";
    private static final java.util.regex.Pattern NEAR = java.util.regex.Pattern.compile(",\"near\":\"[0-9a-f]*\"");

    /** Payload and hash of a record; the hash leaves out nothing that a source could change. */
    public static String[] of(CanonicalRecord r) {
        String json = json(r);
        return new String[]{json, hash(json)};
    }
}

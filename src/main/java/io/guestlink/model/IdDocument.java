package io.guestlink.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An identity document as GuestLink keeps it: never the number itself, only a keyed hash (HMAC, key from the
 * environment) for matching and a masked form for display ({@code ********1234}).
 *
 * <p>{@code near} came later: the keyed hashes of the number's one-keystroke neighbourhood (see
 * {@code IdDocumentHasher.near}), so a number mistyped by one keystroke can be recognised as near without the number
 * being kept. Null for documents read before it existed (and for numbers too short to have one); left out of the JSON
 * then, so such a stored payload, and its SHA-256, stay as they were.
 */
public record IdDocument(String type, String issuingCountry, String keyedHash, String masked,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String near) {
    public IdDocument {
        if (keyedHash == null || keyedHash.isBlank()) throw new IllegalArgumentException("document hash is empty");
        if (near != null && near.isEmpty()) near = null;
    }

    /** A document without a neighbourhood (read before near keys were kept, or a number too short for one). */
    public IdDocument(String type, String issuingCountry, String keyedHash, String masked) {
        this(type, issuingCountry, keyedHash, masked, null);
    }

    @Override
    public String toString() {
        return "IdDocument[" + type + " " + masked + "]";
    }
}

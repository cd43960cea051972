package io.guestlink.model;

/**
 * An identity document as GuestLink keeps it: never the number itself, only a keyed hash (HMAC, key from the
 * environment) for matching and a masked form for display ({@code ********1234}).
 */
public record IdDocument(String type, String issuingCountry, String keyedHash, String masked) {
    public IdDocument {
        if (keyedHash == null || keyedHash.isBlank()) throw new IllegalArgumentException("document hash is empty");
    }

    @Override
    public String toString() {
        return "IdDocument[" + type + " " + masked + "]";
    }
}

package io.guestlink.identity;

import io.guestlink.model.Masking;
import io.guestlink.model.IdDocument;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Replaces a passport or ID-card number with a keyed hash before it is stored. The hash lets two stays of the same
 * guest be matched on their document; the key (from the environment, never in the store) means a leaked database
 * cannot be reversed by hashing every possible number, which a plain SHA-256 over a short ID would allow.
 */
public final class IdDocumentHasher {

    /** 128 bits: below that the key, not the HMAC, becomes the weak point. */
    public static final int MIN_KEY_BYTES = 16;

    private static final String DEFAULT_TYPE = "ID";
    // What front desks and scanners put between groups; removed so "G 1234-567" and "g1234567" match.
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-./]+");

    private final byte[] key;
    private final PlaceholderList placeholders;

    public IdDocumentHasher(byte[] key, PlaceholderList placeholders) {
        // Messages name the length rule only: the key must never reach a log, not even in part.
        if (key == null) throw new IllegalArgumentException("ID document HMAC key is missing");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("ID document HMAC key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = key.clone();
        this.placeholders = Objects.requireNonNull(placeholders, "placeholders");
    }

    /**
     * The document as GuestLink keeps it, or empty when the number is missing or a placeholder.
     *
     * @param type           PASSPORT, ID_CARD... (upper-cased; null or blank becomes "ID"). Part of the hash, so
     *                       the same digits on two kinds of document do not look like one document
     * @param issuingCountry ISO code, trimmed and upper-cased; null or blank is kept as null (unknown)
     */
    public Optional<IdDocument> hash(String type, String number, String issuingCountry) {
        if (number == null) return Optional.empty();
        String normalised = SEPARATORS.matcher(number.toUpperCase(Locale.ROOT)).replaceAll("");
        if (normalised.isEmpty() || placeholders.isPlaceholder(PlaceholderList.Kind.ID_DOCUMENT, normalised)) {
            return Optional.empty();
        }
        String docType = type == null || type.isBlank() ? DEFAULT_TYPE : type.strip().toUpperCase(Locale.ROOT);
        String country = issuingCountry == null || issuingCountry.isBlank()
                ? null : issuingCountry.strip().toUpperCase(Locale.ROOT);
        // A new HmacUtils per call: it wraps a javax.crypto.Mac, which is not safe to share between threads.
        String keyedHash = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key).hmacHex(docType + "|" + normalised);
        return Optional.of(new IdDocument(docType, country, keyedHash, Masking.idNumber(normalised)));
    }
}

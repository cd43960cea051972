package io.guestlink.identity;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.IdDocument;
import io.guestlink.model.RecordKind;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The keyed hashes an erased guest is remembered by, so that nothing of them needs to stay in the store to keep them
 * from coming back: a source record (system, kind, key), a source system's own guest key (system, key) and an identity
 * document (its keyed hash, {@link IdDocumentHasher}). HMAC-SHA256 under a key derived from the ID-document key
 * (guestlink.identity.hmac-key), so a leaked suppression list cannot be tested against guessed keys or confirmation
 * numbers, and the list keeps working across restarts exactly as long as the documents' hashes do (one key to keep).
 *
 * <p>Each hash is prefixed by its kind inside the HMAC input, so the same text as a record key and as a guest key
 * gives two unrelated hashes.
 */
public final class SuppressionKeys {
    /** What a hash stands for (stored beside it, so `export` of the list can say so without saying who). */
    public enum Kind { RECORD, GUEST, DOCUMENT }

    /** One hash and what it stands for. */
    public record Key(Kind kind, String hash) {
    }

    // The label makes the derived key differ from the ID-document key itself: a hash of one list is never a hash of the other.
    private static final String LABEL = "guestlink suppression list v1";
    private final ThreadLocal<Mac> mac;

    /** @param identityKey the ID-document HMAC key (at least {@link IdDocumentHasher#MIN_KEY_BYTES} bytes) */
    public SuppressionKeys(byte[] identityKey) {
        if (identityKey == null || identityKey.length < IdDocumentHasher.MIN_KEY_BYTES)
            throw new IllegalArgumentException("suppression key must be derived from a key of at least "
                    + IdDocumentHasher.MIN_KEY_BYTES + " bytes");
        byte[] key = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, identityKey).hmac(LABEL);
        this.mac = ThreadLocal.withInitial(() -> HmacUtils.getInitializedMac(HmacAlgorithms.HMAC_SHA_256, key));
    }

    public Key record(String system, RecordKind kind, String sourceKey) {
        return new Key(Kind.RECORD, hash("RECORD|" + system + "|" + kind.name() + "|" + sourceKey));
    }

    public Key guest(String system, String guestKey) {
        return new Key(Kind.GUEST, hash("GUEST|" + system + "|" + guestKey));
    }

    /** @param documentHash the document's keyed hash as stored ({@link IdDocument#keyedHash()}) */
    public Key document(String documentHash) {
        return new Key(Kind.DOCUMENT, hash("DOCUMENT|" + documentHash));
    }

    /** Every hash a record would be suppressed by: itself, its source guest, each of its guest's documents. */
    public List<Key> of(CanonicalRecord r) {
        Objects.requireNonNull(r, "record");
        List<Key> out = new ArrayList<>(3);
        out.add(record(r.ref().system(), r.ref().kind(), r.ref().key()));
        if (r.guestKey() != null && !r.guestKey().isBlank()) out.add(guest(r.ref().system(), r.guestKey()));
        if (r.guest() != null) for (IdDocument d : r.guest().idDocuments()) out.add(document(d.keyedHash()));
        return out;
    }

    private String hash(String text) {
        // one Mac per thread: a Mac is not safe to share between threads, and making one per call is the dear part
        return HexFormat.of().formatHex(mac.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}

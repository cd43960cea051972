package io.guestlink.store;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals the raw text the store keeps for reprocessing (a journaled row's {@code import_row.raw_text}, a refused
 * message's {@code refused_message.raw_text}, an earlier version's {@code source_record_history.payload}) with
 * AES-256-GCM under the store's key, and opens it again for replay and reprocess. Names, e-mails, phones and birth
 * dates in those texts are then readable only with the key, which lives in the environment
 * ({@code GUESTLINK_STORE_KEY}), never in the database or its backups; GCM's tag means a text changed in the database
 * is refused, not replayed. Identity-document numbers never reach it: they are replaced before it by a marker holding
 * their keyed hash ({@code IdDocumentHasher.redacting}).
 *
 * <p>A sealed text is {@code gl1:} and the Base64 of a fresh 12-byte nonce followed by the ciphertext and its tag; a
 * stored text without that prefix (written before the store sealed, V16) is returned as it is. This class is the one
 * place that seals and opens: code that erases or exports what the store holds calls {@link #open} and {@link #seal}.
 * Thread-safe.
 */
public final class RawText {
    /** The configured key's least length: 32 bytes (a 64-character hex or 44-character Base64 key is longer). */
    public static final int MIN_KEY_BYTES = 32;
    static final String PREFIX = "gl1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    // bound into every tag: a text sealed for another purpose under the same key does not open as raw text
    private static final byte[] CONTEXT = "guestlink raw text v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    // a Cipher is not shared between threads, but one thread's is re-initialised with a fresh nonce for every text:
    // looking a new one up in the providers and expanding the key again cost more than sealing a journal row itself
    private static final ThreadLocal<Cipher> SEALING = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this Java runtime", e);
        }
    });

    private RawText(byte[] aesKey) {
        this.key = new SecretKeySpec(aesKey, "AES");
    }

    /**
     * Under the configured key. The AES key is derived from it (HMAC-SHA-256 with a fixed label), so any string of at
     * least {@link #MIN_KEY_BYTES} bytes serves, and the same secret never doubles as another key.
     */
    public static RawText keyed(byte[] secret) {
        // messages name the rule only: a key never reaches a log, not even in part
        if (secret == null || secret.length < MIN_KEY_BYTES)
            throw new IllegalArgumentException("the store key must be at least " + MIN_KEY_BYTES + " bytes");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return new RawText(mac.doFinal("guestlink store key: raw text".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * A random key that lives as long as this object: what a store opened without settings (a test, a benchmark)
     * seals with. What it seals opens only through the same object.
     */
    public static RawText ephemeral() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return new RawText(k);
    }

    /** The sealed form of a text; null stays null. */
    public String seal(String text) {
        if (text == null) return null;
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = SEALING.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(CONTEXT);
            byte[] sealed = c.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this Java runtime", e);
        }
    }

    /**
     * The text a {@link #seal} gave; a stored text that was never sealed as it is; null stays null.
     *
     * @throws StoreException when the text was sealed under another key or changed since (the message says which
     *                        setting to check, never the text)
     */
    public String open(String stored) {
        if (stored == null || !isSealed(stored)) return stored;
        byte[] all;
        try {
            all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new StoreException("a sealed raw text in the store is damaged (not Base64)");
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) throw new StoreException("a sealed raw text in the store is damaged (too short)");
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(CONTEXT);
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new StoreException("a sealed raw text does not open with this store key: it was sealed under another "
                    + "GUESTLINK_STORE_KEY, or changed in the database since");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this Java runtime", e);
        }
    }

    /** True for a text {@link #seal} wrote. */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }
}

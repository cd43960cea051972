package io.guestlink.alert;

import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * The webhook signature: HMAC-SHA256 of the exact body bytes with the channel's secret, hex-encoded, sent as
 * {@code X-GuestLink-Signature: sha256=<hex>} (the form GitHub and Mews receivers already parse). Receivers compute
 * the same over the raw body and compare in constant time.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-GuestLink-Signature";
    public static final String ID_HEADER = "X-GuestLink-Alert-Id";
    /** Shortest secret accepted: HMAC keys shorter than the hash's output weaken it. */
    public static final int MIN_SECRET_BYTES = 16;

    private WebhookSignature() {
    }

    public static String sign(byte[] secret, byte[] body) {
        return "sha256=" + new HmacUtils(HmacAlgorithms.HMAC_SHA_256, secret).hmacHex(body);
    }

    public static boolean verify(byte[] secret, byte[] body, String header) {
        if (header == null) return false;
        return MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.trim().getBytes(StandardCharsets.US_ASCII));
    }
}

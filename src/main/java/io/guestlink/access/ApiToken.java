package io.guestlink.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens for systems: 32 random bytes, kept at rest only as their SHA-256. A fast hash is enough here, unlike
 * for passwords, because a token is random and long: nobody can guess one from its hash, and every request can be
 * checked without a slow computation.
 */
public final class ApiToken {
    /** Tokens start with this, so a leaked one is easy to recognise (secret scanners, logs). */
    public static final String PREFIX = "glt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiToken() {
    }

    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The hex SHA-256 of the token, the form the users file keeps. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

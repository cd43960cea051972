package io.guestlink.access;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the credentials of a request: HTTP Basic for people, {@code Bearer} tokens for systems. Failures are
 * throttled ({@link SignInThrottle}); an unknown user costs the same hash computation as a wrong password, so the
 * answer time does not tell which names exist.
 *
 * <p>A correct password is remembered for {@link #REMEMBER} as a keyed hash (the key random per process, the password
 * itself never kept), so a person's browser or script repeating Basic credentials does not pay the deliberate 50 ms
 * of Argon2 on every request.
 */
public final class Authenticator {
    static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int REMEMBERED_MAX = 1_000;
    /** Compared against when the user does not exist: the same cost as a real check. */
    private static final String DUMMY = PasswordHash.hash("not a password of anybody");

    /** What became of the credentials. */
    public sealed interface Outcome {
        record Accepted(Principal principal) implements Outcome {
        }

        /** No Authorization header, or one of another scheme. */
        record Missing() implements Outcome {
        }

        record Refused(String why) implements Outcome {
        }

        record Locked(Duration retryAfter) implements Outcome {
        }
    }

    private final AccessConfig config;
    private final SignInThrottle throttle;
    private final Clock clock;
    private final byte[] rememberKey = new byte[32];
    private final Map<String, Instant> remembered = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED_MAX;
        }
    };

    public Authenticator(AccessConfig config, SignInThrottle throttle, Clock clock) {
        this.config = config;
        this.throttle = throttle;
        this.clock = clock;
        new SecureRandom().nextBytes(rememberKey);
    }

    public AccessConfig config() {
        return config;
    }

    /**
     * @param authorization the Authorization header as sent (null when absent)
     * @param client        the client's address, the throttle's key for tokens
     */
    public Outcome authenticate(String authorization, String client) {
        if (authorization == null || authorization.isBlank()) return new Outcome.Missing();
        String a = authorization.strip();
        if (a.regionMatches(true, 0, "Basic ", 0, 6)) return basic(a.substring(6).strip());
        if (a.regionMatches(true, 0, "Bearer ", 0, 7)) return bearer(a.substring(7).strip(), client);
        return new Outcome.Missing();
    }

    private Outcome basic(String encoded) {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Outcome.Refused("the Basic credentials are not Base64");
        }
        int colon = pair.indexOf(':');
        if (colon <= 0) return new Outcome.Refused("the Basic credentials are not user:password");
        return signIn(pair.substring(0, colon), pair.substring(colon + 1));
    }

    /**
     * A person's name and password (HTTP Basic, or the console's sign-in form): the same hash check, throttle and
     * lock-out whichever way they came.
     */
    public Outcome signIn(String name, String password) {
        if (name == null || name.isEmpty() || password == null) return new Outcome.Refused("unknown user or wrong password");
        String key = "user:" + name;
        Optional<Duration> locked = throttle.lockedFor(key);
        if (locked.isPresent()) return new Outcome.Locked(locked.get());
        AccessConfig.Account user = config.users().get(name);
        String proof = proof(name, password);
        if (user != null && rememberedNow(proof)) return new Outcome.Accepted(user.principal());
        boolean ok = PasswordHash.matches(user == null ? DUMMY : user.secretHash(), password) && user != null;
        if (!ok) {
            throttle.failed(key);
            return throttle.lockedFor(key).<Outcome>map(Outcome.Locked::new)
                    .orElse(new Outcome.Refused("unknown user or wrong password"));
        }
        throttle.succeeded(key);
        remember(proof);
        return new Outcome.Accepted(user.principal());
    }

    private Outcome bearer(String token, String client) {
        String key = "client:" + client;
        Optional<Duration> locked = throttle.lockedFor(key);
        if (locked.isPresent()) return new Outcome.Locked(locked.get());
        AccessConfig.Account system = config.tokens().get(ApiToken.sha256(token));
        if (system == null) {
            throttle.failed(key);
            return throttle.lockedFor(key).<Outcome>map(Outcome.Locked::new).orElse(new Outcome.Refused("unknown token"));
        }
        throttle.succeeded(key);
        return new Outcome.Accepted(system.principal());
    }

    private String proof(String name, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(rememberKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((name + '\0' + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized boolean rememberedNow(String proof) {
        Instant until = remembered.get(proof);
        if (until == null) return false;
        if (clock.instant().isBefore(until)) return true;
        remembered.remove(proof);
        return false;
    }

    private synchronized void remember(String proof) {
        remembered.put(proof, clock.instant().plus(REMEMBER));
    }
}

package io.guestlink.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions of the console: a random session id (the cookie) leads to the signed-in principal and the
 * session's CSRF token, which state-changing calls must send back in a header. Kept in memory only, so a restart signs
 * everybody out; a session unused for {@code idle} is gone. At most {@link #MAX_SESSIONS}, the least recently used
 * forgotten first, so a flood of sign-ins cannot exhaust the heap.
 *
 * <p>Ids and tokens are 32 random bytes (base64url); only the id's holder finds the session, and the CSRF token is
 * compared in constant time.
 */
public final class Sessions {
    static final int MAX_SESSIONS = 10_000;

    /** A signed-in browser: who, the CSRF token its state-changing calls send, and when it was last used. */
    public record Session(String id, Principal principal, String csrfToken) {
    }

    private record Entry(Session session, Instant lastUsed) {
    }

    private final Duration idle;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> sessions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_SESSIONS;
        }
    };

    public Sessions(Duration idle, Clock clock) {
        if (idle.isNegative() || idle.isZero()) throw new IllegalArgumentException("idle timeout must be positive, not " + idle);
        this.idle = idle;
        this.clock = clock;
    }

    /** A new session for a principal who has just proved who they are. */
    public synchronized Session open(Principal principal) {
        Session s = new Session(randomToken(), principal, randomToken());
        sessions.put(s.id(), new Entry(s, clock.instant()));
        return s;
    }

    /** The live session of this id, its idle clock restarted; empty when unknown or idle too long (then forgotten). */
    public synchronized Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) return Optional.empty();
        Entry e = sessions.get(id);
        if (e == null) return Optional.empty();
        Instant now = clock.instant();
        if (!now.isBefore(e.lastUsed().plus(idle))) {
            sessions.remove(id);
            return Optional.empty();
        }
        sessions.put(id, new Entry(e.session(), now));
        return Optional.of(e.session());
    }

    /** Signs the session out; false when there was none. */
    public synchronized boolean close(String id) {
        return id != null && sessions.remove(id) != null;
    }

    /** Whether {@code sent} is the session's CSRF token (constant-time comparison). */
    public static boolean csrfMatches(Session s, String sent) {
        if (sent == null) return false;
        return java.security.MessageDigest.isEqual(s.csrfToken().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                sent.strip().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    public Duration idle() {
        return idle;
    }

    private String randomToken() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

package io.guestlink.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows guessing: after {@code maxFailures} failed sign-ins in a row for one key (a user name, or a client address
 * for tokens) the key is refused for {@code lockout}, and each further failure doubles that (at most 64 times). A
 * success clears the key. Kept in memory for at most {@link #MAX_KEYS} keys, the oldest forgotten first, so a flood
 * of invented names cannot exhaust the heap (it can at worst make the oldest lock be forgotten early).
 */
public final class SignInThrottle {
    static final int MAX_KEYS = 10_000;

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    private final Map<String, State> keys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
            return size() > MAX_KEYS;
        }
    };

    private record State(int failures, Instant lockedUntil) {
    }

    public SignInThrottle(int maxFailures, Duration lockout, Clock clock) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be at least 1, not " + maxFailures);
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** How long the key is still refused, if it is. */
    public synchronized Optional<Duration> lockedFor(String key) {
        State s = keys.get(key);
        if (s == null || s.lockedUntil() == null) return Optional.empty();
        Duration left = Duration.between(clock.instant(), s.lockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public synchronized void failed(String key) {
        State s = keys.get(key);
        int failures = s == null ? 1 : s.failures() + 1;
        Instant until = null;
        if (failures >= maxFailures) {
            int doublings = Math.min(failures - maxFailures, 6);
            until = clock.instant().plus(lockout.multipliedBy(1L << doublings));
        }
        keys.put(key, new State(failures, until));
    }

    public synchronized void succeeded(String key) {
        keys.remove(key);
    }
}

package io.guestlink.alert;

import java.time.Duration;

/**
 * When a failed delivery is tried again: {@code first}, then multiplied by {@code factor} after each failure, never
 * more than {@code max}; after {@code maxAttempts} failed attempts the delivery is FAILED and waits for a person
 * ({@code guestlink alert-retry}). The schedule lives in the outbox rows, not in memory, so it survives a restart.
 */
public record Backoff(Duration first, double factor, Duration max, int maxAttempts) {
    public Backoff {
        if (first.isNegative() || first.isZero()) throw new IllegalArgumentException("backoff.firstMs must be > 0, was " + first.toMillis());
        if (!(factor >= 1)) throw new IllegalArgumentException("backoff.factor must be >= 1, was " + factor);
        if (max.compareTo(first) < 0) throw new IllegalArgumentException("backoff.maxMs must be >= firstMs, was " + max.toMillis());
        if (maxAttempts < 1) throw new IllegalArgumentException("backoff.maxAttempts must be >= 1, was " + maxAttempts);
    }

    /** The wait after the given number of failed attempts (1 = after the first failure). */
    public Duration delayAfter(int failedAttempts) {
        double ms = first.toMillis() * Math.pow(factor, Math.max(0, failedAttempts - 1));
        return ms >= max.toMillis() ? max : Duration.ofMillis((long) ms);
    }

    /** True when this many failed attempts mean giving up. */
    public boolean exhausted(int failedAttempts) {
        return failedAttempts >= maxAttempts;
    }
}

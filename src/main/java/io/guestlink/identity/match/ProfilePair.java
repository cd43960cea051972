package io.guestlink.identity.match;

/** Two profiles, lower id first, so a pair reads the same whichever side it was found from. */
public record ProfilePair(long lo, long hi) {
    public ProfilePair {
        if (lo > hi) throw new IllegalArgumentException("a pair is written lower id first: " + lo + " > " + hi);
    }

    public static ProfilePair of(long a, long b) {
        return new ProfilePair(Math.min(a, b), Math.max(a, b));
    }
}

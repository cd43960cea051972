package io.guestlink.identity.match;

/**
 * Where a linker reports its decisions (Duke's {@code MatchListener}): the store records a merge with its evidence and
 * queues a possible duplicate for a person.
 */
public interface LinkListener {

    /** Live profile {@code absorbed} (the younger) is the same person as live profile {@code survivor} (the older). */
    void merged(long survivor, long absorbed, MatchResult result);

    /** Live profiles {@code a} and {@code b} may be the same person: a person decides. */
    void review(long a, long b, MatchResult result);
}

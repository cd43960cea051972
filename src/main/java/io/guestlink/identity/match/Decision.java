package io.guestlink.identity.match;

/** What a score means for a pair: merge automatically, queue for a person to review, or treat as different people. */
public enum Decision { MERGE, REVIEW, DIFFERENT }

package io.guestlink.model;

/**
 * What happened to one journaled row. SUPPRESSED: the row is of an erased guest (the suppression list matched it), so
 * nothing of it was stored; the run counts it as read.
 */
public enum Outcome { IMPORTED, UPDATED, UNCHANGED, REJECTED, SKIPPED, SUPPRESSED }

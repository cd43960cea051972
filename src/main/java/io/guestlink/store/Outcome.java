package io.guestlink.store;

/** What happened to one journaled row. */
public enum Outcome { IMPORTED, UPDATED, UNCHANGED, REJECTED, SKIPPED }

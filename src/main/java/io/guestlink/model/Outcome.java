package io.guestlink.model;

/** What happened to one journaled row. */
public enum Outcome { IMPORTED, UPDATED, UNCHANGED, REJECTED, SKIPPED }

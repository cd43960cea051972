package io.guestlink.model;

public enum StayStatus { BOOKED, IN_HOUSE, CHECKED_OUT, CANCELLED, NO_SHOW, WAITLIST }

package io.guestlink.model;

/** A loyalty or club membership: programme code, member number and level. */
public record Membership(String program, String number, String level) {
    public Membership {
        if (number == null || number.isBlank()) throw new IllegalArgumentException("membership number is empty");
    }
}

package io.guestlink.identity.names;

/**
 * One reading of a person's name in comparable form: upper-case ASCII Latin letters, tokens separated by one space,
 * honorifics removed. {@code family} may be empty when only one name is known.
 */
public record ComparableName(String family, String given) {
    public ComparableName {
        family = family == null ? "" : family;
        given = given == null ? "" : given;
    }

    public String full() {
        return (given + " " + family).strip();
    }
}

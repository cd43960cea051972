package io.guestlink.identity.names;

/**
 * One reading of a person's name in comparable form: upper-case ASCII Latin letters, tokens separated by one space,
 * honorifics removed. {@code family} may be empty when only one name is known.
 *
 * @param hanFamily the family name as written when it was written in Han, in simplified characters (徐, 欧阳); empty
 *                  otherwise. Several Han surnames share one reading (徐 and 许 are both XU, 张 and 章 both ZHANG):
 *                  where both persons wrote theirs in Han, the written form tells them apart and the reading cannot.
 */
public record ComparableName(String family, String given, String hanFamily) {
    public ComparableName {
        family = family == null ? "" : family;
        given = given == null ? "" : given;
        hanFamily = hanFamily == null ? "" : hanFamily;
    }

    /** A reading with no Han writing behind it. */
    public ComparableName(String family, String given) {
        this(family, given, "");
    }

    /** The reading alone, without its Han writing: how a name on a ticket or typed at a desk is looked up. */
    public ComparableName latin() {
        return hanFamily.isEmpty() ? this : new ComparableName(family, given);
    }

    public String full() {
        return (given + " " + family).strip();
    }
}

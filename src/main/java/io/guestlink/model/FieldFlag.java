package io.guestlink.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A value of an accepted record that was not kept as the source gave it: kept only as matching evidence (a phone
 * number libphonenumber rejects, an e-mail that fails validation) or left out on purpose (a placeholder, a birth date
 * that cannot be one). The row is stored all the same; the flag goes to the journal beside it, so nothing a source
 * sent vanishes without a trace that names its field.
 *
 * @param field where the value was: the canonical field of a feed ({@code guest.phone}), an HL7 field
 *              ({@code PID-13}) or a JSON path ({@code $.guest.phones[0]})
 * @param shown the value as a person may see it: masked (phones, e-mails, dates of birth are personal data)
 * @param note  what happened to it and why
 */
public record FieldFlag(String field, String shown, String note) {
    public FieldFlag {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(note, "note");
    }

    /** The fields of several flags as the journal's one field column holds them. */
    public static String fields(List<FieldFlag> flags) {
        return flags.stream().map(FieldFlag::field).distinct().collect(Collectors.joining(", "));
    }

    /** The shown values, in flag order. */
    public static String shownValues(List<FieldFlag> flags) {
        return flags.stream().map(f -> f.shown() == null ? "" : f.shown()).collect(Collectors.joining("; "));
    }

    /** The journal's reason column for an accepted row that carries flags. */
    public static String notes(List<FieldFlag> flags) {
        return "flagged: " + flags.stream().map(f -> f.field() + " " + f.note()).collect(Collectors.joining("; "));
    }
}

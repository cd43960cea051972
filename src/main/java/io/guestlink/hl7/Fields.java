package io.guestlink.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.ReadOnlyMessageIterator;
import ca.uhn.hl7v2.util.Terser;
import io.guestlink.model.FieldLimit;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reading values out of a parsed message the same way whatever its structure (typed v2.8 or generic): by segment
 * name, field, repetition and component, never creating what is not there.
 */
final class Fields {
    private Fields() {
    }

    /** The first populated segment of that name anywhere in the message, or null (nothing is created). */
    static Segment first(Message m, String name) {
        Iterator<Structure> it = ReadOnlyMessageIterator.createPopulatedStructureIterator(m, name);
        return it.hasNext() ? (Segment) it.next() : null;
    }

    static List<Segment> all(Message m, String name) {
        List<Segment> out = new ArrayList<>();
        ReadOnlyMessageIterator.createPopulatedStructureIterator(m, name).forEachRemaining(s -> out.add((Segment) s));
        return out;
    }

    static int reps(Segment s, int field) {
        try {
            return field <= s.numFields() ? s.getField(field).length : 0;
        } catch (HL7Exception e) {
            return 0;
        }
    }

    static String get(Segment s, int field, int rep, int component) {
        return get(s, field, rep, component, 1);
    }

    /** One value, unescaped and trimmed; empty and the HL7 null ("") are null. Missing repetitions are not created. */
    static String get(Segment s, int field, int rep, int component, int sub) {
        if (rep >= reps(s, field)) return null;
        try {
            return blankToNull(Terser.get(s, field, rep, component, sub));
        } catch (HL7Exception e) {
            return null;
        }
    }

    /** A value longer than the store keeps is refused here, by field, instead of failing the transaction. */
    static String limit(String v, int max, String segment, int field, int component, String what) {
        if (v != null && v.length() > max)
            throw Hl7Problem.error(ErrorCode.DATA_TYPE_ERROR, segment, field, component, what + " is " + v.length()
                    + " characters, more than " + max + " (" + segment + "-" + field + ")");
        return v;
    }

    /**
     * A value longer than its canonical field keeps ({@link FieldLimit}, the limit every channel applies) is refused
     * here with an AE naming the HL7 field, the canonical field and the limit.
     */
    static String limit(String v, FieldLimit limit, String segment, int field, int component) {
        if (!limit.fits(v))
            throw Hl7Problem.error(ErrorCode.DATA_TYPE_ERROR, segment, field, component, segment + "-" + field
                    + (component > 1 ? "." + component : "") + " " + limit.reason(v));
        return v;
    }

    /** The date part as written (YYYYMMDD...), or null when the first 8 characters are not a date. */
    static LocalDate yyyymmdd(String v) {
        if (v.length() < 8) return null;
        for (int i = 0; i < 8; i++) if (!Character.isDigit(v.charAt(i))) return null;
        try {
            return LocalDate.of(Integer.parseInt(v.substring(0, 4)), Integer.parseInt(v.substring(4, 6)),
                    Integer.parseInt(v.substring(6, 8)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The value, or null when it is longer than its field keeps (for codes whose long form says nothing usable). */
    static String upTo(String v, FieldLimit limit) {
        return limit.fits(v) ? v : null;
    }

    static String blankToNull(String v) {
        if (v == null) return null;
        String t = v.strip();
        return t.isEmpty() || t.equals("\"\"") ? null : t;
    }

    static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}

package io.guestlink.memory;

import io.guestlink.model.Complaint;
import io.guestlink.model.Fact;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.Preference;
import io.guestlink.model.Reservation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What the source systems wrote down about a guest besides facts: explicit preferences and allergies (each with the
 * system that stated it and the last date it was seen), the anniversary, and the complaints still open.
 *
 * <p>Rules ({@link #from}):
 * <ul>
 *   <li>A record's date is its stay's arrival (a preference on a reservation was seen for that stay); a
 *       guest-profile record has no date. Guests named on folio lines and POS tickets are echoes and are not read.</li>
 *   <li>The same preference (category and text, ignoring case) from several records or systems is one, with the
 *       latest date and that record's system (ties: the smaller system name). A later record without a preference
 *       does not remove it: an export that does not carry preferences says nothing about them. Its last-seen date
 *       tells staff how fresh it is.</li>
 *   <li>Anniversary: the one on the latest dated record that has one.</li>
 *   <li>Complaints: every complaint on a stay whose current version still marks it open, with the stay's system;
 *       a complaint without a date is dated by its stay's arrival.</li>
 * </ul>
 * The result does not depend on the order of the records.
 *
 * @param preferences explicit preferences and allergies (category {@code allergy}), latest first
 */
public record GuestNotes(List<Noted> preferences, LocalDate anniversary, List<OpenComplaint> complaints) {

    public static final GuestNotes NONE = new GuestNotes(List.of(), null, List.of());

    /** A preference or allergy as a source system stated it, and the last date it was seen (null: undated). */
    public record Noted(String category, String code, String text, String source, LocalDate lastSeen) {
        public boolean isAllergy() {
            return Preference.ALLERGY.equals(category);
        }
    }

    /** A complaint still open on a stay. */
    public record OpenComplaint(String text, LocalDate date, String source, String property, String stay) {
    }

    /** One stored source record: the system it came from, the guest it describes (may be null) and its fact. */
    public record Sourced(String system, GuestProfile guest, Fact fact) {
    }

    public GuestNotes {
        preferences = preferences == null ? List.of() : List.copyOf(preferences);
        complaints = complaints == null ? List.of() : List.copyOf(complaints);
    }

    /** Free-text notes without source or date (tests, callers that only have strings). */
    public GuestNotes(List<String> preferences, List<String> allergies, LocalDate anniversary) {
        this(texts(preferences, Preference.OTHER, allergies), anniversary, List.of());
    }

    private static List<Noted> texts(List<String> preferences, String category, List<String> allergies) {
        List<Noted> out = new ArrayList<>();
        for (String p : preferences == null ? List.<String>of() : preferences)
            if (p != null && !p.isBlank()) out.add(new Noted(category, null, p.strip(), null, null));
        for (String a : allergies == null ? List.<String>of() : allergies)
            if (a != null && !a.isBlank()) out.add(new Noted(Preference.ALLERGY, null, a.strip(), null, null));
        return out;
    }

    public List<Noted> allergies() {
        return preferences.stream().filter(Noted::isAllergy).toList();
    }

    /** Preferences that are not allergies. */
    public List<Noted> explicit() {
        return preferences.stream().filter(n -> !n.isAllergy()).toList();
    }

    /** Later dates first, undated last; then system, so the winner does not depend on record order. */
    private static final Comparator<Sourced> LATEST_FIRST = Comparator
            .comparing((Sourced s) -> date(s.fact()), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Sourced::system, Comparator.nullsLast(Comparator.naturalOrder()));

    public static GuestNotes from(Collection<Sourced> records) {
        // the store holds the current version of each source record, so a complaint closed later is simply not open
        List<Sourced> sorted = records.stream().filter(s -> s.fact() == null || s.fact() instanceof Reservation)
                .sorted(LATEST_FIRST).toList();
        TreeMap<String, Noted> prefs = new TreeMap<>();
        LocalDate anniversary = null;
        TreeMap<String, OpenComplaint> open = new TreeMap<>();
        for (Sourced s : sorted) {
            LocalDate seen = date(s.fact());
            if (s.guest() != null) {
                for (Preference p : s.guest().preferences()) {
                    String key = p.category() + "\u0000" + p.text().toLowerCase(Locale.ROOT);
                    prefs.putIfAbsent(key, new Noted(p.category(), p.code(), p.text(), s.system(), seen));
                }
                if (anniversary == null) anniversary = s.guest().anniversary();
                // staff notes (the console) carry complaints on the guest, not on a stay
                for (Complaint c : s.guest().complaints()) {
                    if (!c.open()) continue;
                    open.putIfAbsent("\u0000" + s.system() + "\u0000" + c.date() + "\u0000" + c.text(),
                            new OpenComplaint(c.text(), c.date(), s.system(), null, null));
                }
            }
            if (s.fact() instanceof Reservation r) {
                for (Complaint c : r.complaints()) {
                    if (!c.open()) continue;
                    String key = r.property() + "\u0000" + r.confirmationNumber() + "\u0000" + s.system() + "\u0000" + c.text();
                    open.putIfAbsent(key, new OpenComplaint(c.text(), c.date() != null ? c.date() : r.arrival(), s.system(),
                            r.property(), r.confirmationNumber()));
                }
            }
        }
        List<Noted> ordered = prefs.values().stream()
                .sorted(Comparator.comparing(Noted::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(Noted::category).thenComparing(Noted::text)).toList();
        List<OpenComplaint> complaints = open.values().stream()
                .sorted(Comparator.comparing(OpenComplaint::date, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(OpenComplaint::text)).toList();
        return new GuestNotes(ordered, anniversary, complaints);
    }

    private static LocalDate date(Fact f) {
        return f instanceof Reservation r ? (r.arrival() != null ? r.arrival() : r.departure()) : null;
    }
}

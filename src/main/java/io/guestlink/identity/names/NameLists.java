package io.guestlink.identity.names;

import io.guestlink.model.PersonName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an update does to the names a record already has. A source that sends the guest's name in one script (an HL7
 * interface writing the Latin reading {@code YU MING}) says nothing about the names in other scripts the same record
 * holds (the booking's {@code 于明}): those stay, in their place, and the update's names are added. Within one
 * script the update's names replace the stored ones (a corrected spelling), at the place the first of them held, so
 * the record's first name, its display name, keeps its script.
 */
public final class NameLists {
    private NameLists() {
    }

    /** The names after an update; {@code fresh} empty means the update says nothing about names. */
    public static List<PersonName> update(List<PersonName> stored, List<PersonName> fresh) {
        if (fresh.isEmpty()) return List.copyOf(stored);
        if (stored.isEmpty()) return List.copyOf(fresh);
        Map<String, List<PersonName>> freshByScript = new LinkedHashMap<>();
        for (PersonName n : fresh) freshByScript.computeIfAbsent(script(n), s -> new ArrayList<>()).add(n);
        List<PersonName> out = new ArrayList<>();
        for (PersonName n : stored) {
            List<PersonName> replacement = freshByScript.get(script(n));
            if (replacement == null) add(out, n);
            else replacement.forEach(r -> add(out, r)); // a no-op after the first stored name of this script
        }
        // scripts the record did not have yet come after the ones it had
        freshByScript.values().forEach(names -> names.forEach(n -> add(out, n)));
        return List.copyOf(out);
    }

    private static String script(PersonName n) {
        return Objects.requireNonNullElse(n.script(), "");
    }

    private static void add(List<PersonName> out, PersonName n) {
        if (out.stream().noneMatch(x -> x.full().equals(n.full()))) out.add(n);
    }
}

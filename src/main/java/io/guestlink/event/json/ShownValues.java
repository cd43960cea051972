package io.guestlink.event.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.model.Masking;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How a value found at a JSON path may appear in an error message, a log line or a dead-letter header: contacts,
 * documents and membership numbers masked like everywhere else in GuestLink (identity/Masking), names and birth dates
 * hidden but for their first character, anything else under {@code $.guest} hidden unless it is one of the
 * harmless codes (gender, nationality, language, VIP, consent, document type). Long values are cut.
 */
final class ShownValues {
    private static final int MAX_SHOWN = 100;
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");
    private static final List<String> HARMLESS_GUEST = List.of("$.guest.key", "$.guest.gender", "$.guest.nationality",
            "$.guest.language", "$.guest.vip", "$.guest.consent.", "$.guest.idDocuments[].type",
            "$.guest.idDocuments[].country", "$.guest.memberships[].program", "$.guest.memberships[].level",
            "$.guest.names[].format", "$.guest.preferences[].category");

    private ShownValues() {
    }

    /** The value as it may be shown, or null for a missing value; objects and arrays are never spelled out. */
    static String of(String path, JsonNode node) {
        if (node == null || node.isMissingNode()) return null;
        if (node.isContainerNode()) return node.isArray() ? "[…]" : "{…}";
        return of(path, node.isTextual() ? node.textValue() : node.toString());
    }

    static String of(String path, String value) {
        if (value == null) return null;
        String general = INDEX.matcher(path).replaceAll("[]");
        if (general.startsWith("$.guest.emails")) return Masking.email(value);
        if (general.startsWith("$.guest.phones")) return Masking.phone(value);
        if (general.equals("$.guest.idDocuments[].number") || general.equals("$.guest.memberships[].number")
                || general.equals("$.ticket.memberNumber")) return Masking.idNumber(value);
        if (general.equals("$.ticket.guestName") || (general.startsWith("$.guest") && !harmless(general)))
            return hidden(value);
        return value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "…(" + value.length() + " chars)" : value;
    }

    /** Whether anything at this path may be personal (then raw fragments of it are never shown either). */
    static boolean personal(String path) {
        String general = INDEX.matcher(path).replaceAll("[]");
        return general.equals("$.ticket.guestName") || general.equals("$.ticket.memberNumber")
                || (general.startsWith("$.guest") && !harmless(general));
    }

    private static boolean harmless(String general) {
        // a consent statement's evidence is free text a person wrote: it may name the guest
        if (general.startsWith("$.guest.consent.") && general.endsWith(".evidence")) return false;
        for (String h : HARMLESS_GUEST) {
            if (h.endsWith(".") ? general.startsWith(h) : general.equals(h)) return true;
        }
        return false;
    }

    private static String hidden(String value) {
        if (value.isEmpty()) return "";
        return value.substring(0, value.offsetByCodePoints(0, 1)) + "***";
    }
}

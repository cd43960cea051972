package io.guestlink.model;

import java.util.Locale;

/** What one source row describes. The configuration spells it in kebab case ({@code pos-ticket}). */
public enum RecordKind {
    RESERVATION, FOLIO, POS_TICKET, GUEST_PROFILE;

    public static RecordKind parse(String text) {
        String norm = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(norm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown record kind '" + text
                    + "' (expected reservation, folio, pos-ticket or guest-profile)");
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

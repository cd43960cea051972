package io.guestlink.identity;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.Membership;
import io.guestlink.model.PosTicket;

import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic identity keys of the guest a record names, strongest first. Keys are {@code TYPE:value}:
 * SRC (the source system's own guest id), IDDOC (keyed hash), MEMBER (number). A record naming a guest with none of
 * these gets a REC key of its own source reference, so importing it again finds the same profile instead of creating
 * another. E-mails and phones are not keys: a couple shares one, a travel agent's covers hundreds; they are contacts
 * ({@link #contacts}) that the probabilistic matcher weighs by how many profiles hold them.
 */
public final class IdentityKeys {
    private IdentityKeys() {
    }

    public static List<String> of(CanonicalRecord r) {
        List<String> keys = new ArrayList<>();
        if (r.guestKey() != null) keys.add("SRC:" + r.ref().system() + ":" + r.guestKey());
        GuestProfile g = r.guest();
        if (g != null) {
            for (IdDocument d : g.idDocuments()) keys.add("IDDOC:" + d.keyedHash());
            for (Membership m : g.memberships()) keys.add(member(m.number()));
        }
        if (r.fact() instanceof PosTicket t && t.memberNumber() != null) {
            String k = member(t.memberNumber());
            if (!keys.contains(k)) keys.add(k);
        }
        if (keys.isEmpty() && g != null) keys.add("REC:" + r.ref().asText());
        return keys;
    }

    /** The guest's contact values as {@code EMAIL:...} / {@code PHONE:...}. */
    public static List<String> contacts(GuestProfile g) {
        List<String> out = new ArrayList<>();
        if (g == null) return out;
        for (String e : g.emails()) out.add("EMAIL:" + e);
        for (String p : g.phones()) out.add("PHONE:" + p);
        return out;
    }

    /** By number only: POS systems print the member number without the programme a PMS stores beside it. */
    public static String member(String number) {
        return "MEMBER:" + number.strip();
    }

    public static String type(String key) {
        return key.substring(0, key.indexOf(':'));
    }
}

package io.guestlink.identity;

import io.guestlink.identity.match.PersonRecord;
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
 * ({@link #contacts}) that the probabilistic matcher weighs by how many profiles hold them; one that failed
 * validation even more so is never a key.
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

    /**
     * The guest's contact values as {@code EMAIL:...} / {@code PHONE:...}, and those that failed validation as
     * {@code BADEMAIL:...} / {@code BADPHONE:<digits>}: stored beside the others so the matcher knows how many
     * profiles hold each (a value many hold weighs nothing), under their own type so nothing that contacts a guest or
     * searches by a valid value ever reads them.
     */
    public static List<String> contacts(GuestProfile g) {
        List<String> out = new ArrayList<>();
        if (g == null) return out;
        for (String e : g.emails()) out.add("EMAIL:" + e);
        for (String p : g.phones()) out.add("PHONE:" + p);
        for (String e : g.unverifiedEmails()) out.add(BAD_EMAIL + e);
        for (String p : g.unverifiedPhones()) out.add(BAD_PHONE + p);
        return out;
    }

    private static final String BAD_EMAIL = "BADEMAIL:";
    private static final String BAD_PHONE = "BADPHONE:";

    /**
     * The contact key of a matcher's e-mail or phone value ({@link PersonRecord#emails}, {@link PersonRecord#phones}):
     * an unverified one (marked {@link PersonRecord#UNVERIFIED}) under its BAD type.
     *
     * @param field "email" or "phone"
     */
    public static String contactKey(String field, String value) {
        boolean email = field.equals("email");
        if (PersonRecord.unverified(value))
            return (email ? BAD_EMAIL : BAD_PHONE) + value.substring(PersonRecord.UNVERIFIED.length());
        return (email ? "EMAIL:" : "PHONE:") + value;
    }

    /** By number only: POS systems print the member number without the programme a PMS stores beside it. */
    public static String member(String number) {
        return "MEMBER:" + number.strip();
    }

    public static String type(String key) {
        return key.substring(0, key.indexOf(':'));
    }
}

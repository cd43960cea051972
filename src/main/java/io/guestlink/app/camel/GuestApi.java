package io.guestlink.app.camel;

import io.guestlink.access.Principal;
import io.guestlink.memory.RecognitionCard;
import io.guestlink.pipeline.GuestDirectory;
import io.guestlink.store.GuestSearch;
import io.guestlink.store.ProfileQueries;
import org.apache.camel.Exchange;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Guest look-up over HTTP (routes/api.camel.yaml): search, profile, recognition card. The reading and the audit are
 * {@link GuestDirectory}'s; this class turns parameters into its calls and its answers into JSON.
 */
public final class GuestApi {
    /** The profile as the API shows it: contacts whole or masked by role, identity keys without the contacts. */
    public record ProfileBody(long id, String displayName, LocalDate birthDate, String gender, String nationality,
                              String language, String vip, List<Long> mergedProfiles, List<ProfileQueries.Name> names,
                              List<ProfileQueries.Key> keys, List<ContactBody> contacts, List<ProfileQueries.Stay> stays,
                              BigDecimal folioTotal, List<ProfileQueries.Ticket> tickets) {
    }

    public record ContactBody(String type, String value, boolean masked) {
    }

    /** The card as JSON and as the one line the CLI prints. */
    public record CardBody(long profileId, LocalDate asOf, String text, RecognitionCard card) {
    }

    private final GuestDirectory directory;

    GuestApi(GuestDirectory directory) {
        this.directory = directory;
    }

    /** GET /guests?name= | phone= | email= | confirmation= | member= | profile= (exactly one), region, paging. */
    public void search(Exchange e) {
        String room = ApiParams.text(e, "room");
        if (room != null) {
            searchRoom(e, room);
            return;
        }
        GuestDirectory.Field by = null;
        String text = null;
        for (GuestDirectory.Field f : GuestDirectory.Field.values()) {
            String v = ApiParams.text(e, f.name().toLowerCase(Locale.ROOT));
            if (v == null) continue;
            if (by != null) throw ApiProblem.badInput(f.name().toLowerCase(Locale.ROOT),
                    "search by one of name, phone, email, confirmation, member, profile at a time");
            by = f;
            text = v;
        }
        if (by == null || text.isBlank()) throw ApiProblem.badInput("name",
                "give one of name, phone, email, confirmation, member, profile");
        String region = ApiParams.text(e, "region");
        if (region != null && !region.matches("[A-Za-z]{2}"))
            throw ApiProblem.badInput("region", "region must be a two-letter ISO 3166 code");
        ApiParams.Paging p = ApiParams.paging(e);
        ApiResponses.ok(e, directory.search(by, text, region, p.offset(), p.limit(), ApiAccess.principal(e).name()));
    }

    /** GET /guests?room=R&property=P[&date=]: who is in house in the room today (or on date). */
    private void searchRoom(Exchange e, String room) {
        for (GuestDirectory.Field f : GuestDirectory.Field.values())
            if (ApiParams.text(e, f.name().toLowerCase(Locale.ROOT)) != null)
                throw ApiProblem.badInput("room", "search by one of name, phone, email, confirmation, member, profile, room at a time");
        String property = ApiParams.text(e, "property");
        if (property == null || property.isBlank()) throw ApiProblem.badInput("property", "a room search needs the property");
        if (room.isBlank()) throw ApiProblem.badInput("room", "room is empty");
        ApiParams.Paging p = ApiParams.paging(e);
        ApiResponses.ok(e, directory.inRoom(property.strip(), room.strip(), ApiParams.date(e, "date", LocalDate.now()),
                p.offset(), p.limit(), ApiAccess.principal(e).name()));
    }

    /** GET /guests/{id}: the golden profile, following merges. */
    public void profile(Exchange e) {
        long id = ApiParams.id(e, "id");
        Principal who = ApiAccess.principal(e);
        GuestDirectory.Profile p = directory.profile(id, who.seesContacts(), who.name())
                .orElseThrow(() -> ApiProblem.of(404, "no profile " + id));
        ProfileQueries.ProfileView v = p.view();
        List<ProfileQueries.Key> keys = new ArrayList<>();
        // contacts (and the BADEMAIL/BADPHONE evidence beside them) are listed under contacts, masked for this role
        for (ProfileQueries.Key k : v.keys()) if (!k.type().endsWith("EMAIL") && !k.type().endsWith("PHONE")) keys.add(k);
        List<ContactBody> contacts = new ArrayList<>();
        for (GuestSearch.Contact c : p.contacts()) contacts.add(new ContactBody(c.type(), c.value(), !who.seesContacts()));
        ApiResponses.ok(e, new ProfileBody(v.id(), v.displayName(), v.birthDate(), v.gender(), v.nationality(),
                v.language(), v.vip(), v.mergedProfiles(), v.names(), keys, contacts, v.stays(), v.folioTotal(), v.tickets()));
    }

    /** GET /guests/{id}/card?asOf=YYYY-MM-DD: what the CLI's {@code card} prints, as JSON and as its text line. */
    public void card(Exchange e) {
        long id = ApiParams.id(e, "id");
        LocalDate asOf = ApiParams.date(e, "asOf", LocalDate.now());
        RecognitionCard card = directory.card(id, asOf, ApiAccess.principal(e).name())
                .orElseThrow(() -> ApiProblem.of(404, "no profile " + id));
        ApiResponses.ok(e, new CardBody(id, asOf, card.toText(), card));
    }

    /** GET /guests/{id}/stays: a page of the profile's stays. */
    public void stays(Exchange e) {
        history(e, GuestDirectory.History.STAYS);
    }

    /** GET /guests/{id}/folios: a page of the profile's folio lines. */
    public void folios(Exchange e) {
        history(e, GuestDirectory.History.FOLIOS);
    }

    /** GET /guests/{id}/tickets: a page of the profile's POS tickets with their items. */
    public void tickets(Exchange e) {
        history(e, GuestDirectory.History.TICKETS);
    }

    private void history(Exchange e, GuestDirectory.History what) {
        long id = ApiParams.id(e, "id");
        ApiParams.Paging p = ApiParams.paging(e);
        ApiResponses.ok(e, directory.history(id, what, p.offset(), p.limit(), ApiAccess.principal(e).name())
                .orElseThrow(() -> ApiProblem.of(404, "no profile " + id)));
    }

    /** GET /audit?profile=&actor=: the audit trail, newest first. */
    public void audit(Exchange e) {
        String profile = ApiParams.text(e, "profile");
        if (profile != null && !profile.matches("\\d{1,18}")) throw ApiProblem.badInput("profile", "profile must be a whole number");
        String actor = ApiParams.text(e, "actor");
        ApiParams.Paging p = ApiParams.paging(e);
        ApiResponses.ok(e, directory.audit(profile == null ? null : Long.parseLong(profile), actor, p.offset(), p.limit()));
    }

    /** GET /me: who the credentials belong to and their roles. */
    public void me(Exchange e) {
        Principal who = ApiAccess.principal(e);
        ApiResponses.ok(e, new Me(who.name(), who.kind().name().toLowerCase(Locale.ROOT),
                who.roles().stream().map(io.guestlink.access.Role::id).sorted().toList()));
    }

    public record Me(String name, String kind, List<String> roles) {
    }
}

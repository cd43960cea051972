package io.guestlink.pipeline;

import io.guestlink.identity.SearchTerms;
import io.guestlink.memory.RecognitionCard;
import io.guestlink.store.AuditTrail;
import io.guestlink.store.Database;
import io.guestlink.store.GuestMemoryReader;
import io.guestlink.store.GuestSearch;
import io.guestlink.store.ProfileQueries;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a person at a terminal asks of the guest history: find a guest by what they know (a name in any script, a
 * phone in any format, an e-mail, a confirmation or membership number, a profile id), read the profile, read the
 * recognition card. Each look at a profile or card, and each search, leaves an audit entry naming who asked.
 */
public final class GuestDirectory {
    /** What a search is by. */
    public enum Field { NAME, PHONE, EMAIL, CONFIRMATION, MEMBER, PROFILE }

    /** One page of a list: the items, where it starts, its size, and whether more follow. */
    public record Page<T>(List<T> items, int offset, int limit, boolean more) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** A profile with its contacts, whole or masked as the reader may see them. */
    public record Profile(ProfileQueries.ProfileView view, List<GuestSearch.Contact> contacts) {
    }

    private final Database db;
    private final SearchTerms terms;
    private final ProfileQueries profiles;
    private final GuestMemoryReader memory;

    public GuestDirectory(Database db, SearchTerms terms, GuestMemoryReader memory) {
        this.db = db;
        this.terms = terms;
        this.profiles = new ProfileQueries(db);
        this.memory = memory;
    }

    /**
     * The live profiles the text leads to, by profile id, {@code limit} after the first {@code offset}. A text that
     * identifies nobody (a placeholder, a one-part name, a number that is no phone) finds nothing.
     *
     * @param region the hotel's ISO region for phone numbers without a country code (null: international only)
     */
    public Page<GuestSearch.Summary> search(Field by, String text, String region, int offset, int limit, String actor) {
        return db.inTransaction("guest search", tx -> {
            Set<Long> ids = switch (by) {
                case NAME -> {
                    Set<String> keys = terms.nameKeys(text);
                    yield keys.isEmpty() ? Set.of() : GuestSearch.byBlockKeys(tx, keys);
                }
                case PHONE -> terms.phoneKey(text, region).map(k -> GuestSearch.byContact(tx, k)).orElse(Set.of());
                case EMAIL -> terms.emailKey(text).map(k -> GuestSearch.byContact(tx, k)).orElse(Set.of());
                case MEMBER -> terms.memberKey(text).map(k -> GuestSearch.byIdentityKey(tx, k)).orElse(Set.of());
                case CONFIRMATION -> GuestSearch.byConfirmation(tx, text.strip());
                case PROFILE -> text.strip().matches("\\d{1,18}") ? GuestSearch.byProfileId(tx, Long.parseLong(text.strip()))
                        : Set.of();
            };
            List<Long> all = new ArrayList<>(ids);
            List<Long> page = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
            AuditTrail.record(tx, actor, "SEARCH", null, null, "by " + by.name().toLowerCase() + ": " + all.size() + " found");
            return new Page<>(GuestSearch.summaries(tx, page), offset, limit, offset + limit < all.size());
        });
    }

    /** The guests in house in a room of a property on a day, audited like any search (by room: n found). */
    public Page<GuestSearch.Summary> inRoom(String property, String room, LocalDate day, int offset, int limit, String actor) {
        return db.inTransaction("guest search by room", tx -> {
            List<Long> all = new ArrayList<>(io.guestlink.store.FrontOfHouse.inRoom(tx, property, room, day));
            List<Long> page = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
            AuditTrail.record(tx, actor, "SEARCH", null, null, "by room: " + all.size() + " found");
            return new Page<>(GuestSearch.summaries(tx, page), offset, limit, offset + limit < all.size());
        });
    }

    /** The profile (following merges), its contacts whole or masked, audited as looked at by {@code actor}. */
    public Optional<Profile> profile(long id, boolean wholeContacts, String actor) {
        Optional<ProfileQueries.ProfileView> view = profiles.profile(id);
        if (view.isEmpty()) return Optional.empty();
        long live = view.get().id();
        return Optional.of(db.inTransaction("reading a profile", tx -> {
            List<GuestSearch.Contact> contacts = new ArrayList<>();
            for (GuestSearch.Contact c : GuestSearch.contacts(tx, live))
                contacts.add(wholeContacts ? c : new GuestSearch.Contact(c.type(), c.masked(), c.masked()));
            AuditTrail.record(tx, actor, "VIEW_PROFILE", live, null, null);
            return new Profile(view.get(), contacts);
        }));
    }

    /** The recognition card as of a day, audited as looked at by {@code actor}. */
    public Optional<RecognitionCard> card(long id, LocalDate asOf, String actor) {
        Optional<RecognitionCard> card = memory.card(id, asOf);
        if (card.isPresent()) db.inTransaction("auditing a card", tx -> {
            AuditTrail.record(tx, actor, "VIEW_CARD", id, null, "as of " + asOf);
            return null;
        });
        return card;
    }

    /** A profile's history a person may page through: stays, folio lines or POS tickets. */
    public enum History { STAYS, FOLIOS, TICKETS }

    /**
     * A page of the profile's stays, folio lines or tickets (its merged profiles' included), audited as the
     * profile looked at by {@code actor}; empty when there is no such profile.
     */
    public Optional<Page<?>> history(long id, History what, int offset, int limit, String actor) {
        Optional<? extends List<?>> rows = switch (what) {
            case STAYS -> profiles.stays(id, offset, limit + 1);
            case FOLIOS -> profiles.folioLines(id, offset, limit + 1);
            case TICKETS -> profiles.tickets(id, offset, limit + 1);
        };
        if (rows.isEmpty()) return Optional.empty();
        note(actor, "VIEW_PROFILE", id, null, what.name().toLowerCase(java.util.Locale.ROOT));
        List<?> all = rows.get();
        return Optional.of(new Page<>(all.subList(0, Math.min(limit, all.size())), offset, limit, all.size() > limit));
    }

    /** An audit entry for an action taken elsewhere (an alert retry): who, what, on which target. */
    public void note(String actor, String action, Long profileId, String target, String detail) {
        db.inTransaction("auditing " + action, tx -> {
            AuditTrail.record(tx, actor, action, profileId, target, detail);
            return null;
        });
    }

    /** The audit trail, newest first, optionally one profile's or one actor's. */
    public Page<AuditTrail.Entry> audit(Long profileId, String actor, int offset, int limit) {
        List<AuditTrail.Entry> rows = db.inTransaction("reading the audit trail",
                tx -> AuditTrail.list(tx, profileId, actor, offset, limit + 1));
        return new Page<>(rows.subList(0, Math.min(limit, rows.size())), offset, limit, rows.size() > limit);
    }
}

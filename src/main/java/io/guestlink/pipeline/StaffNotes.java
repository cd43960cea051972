package io.guestlink.pipeline;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.Complaint;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.ImportCounts;
import io.guestlink.model.Preference;
import io.guestlink.model.RecordKind;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StoreRow;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.FrontOfHouse;
import io.guestlink.store.GuestClusters;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.Payloads;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What staff learn about a guest and write on the card in the console (a preference, an allergy, a note, a complaint
 * and later its resolution): each is a source record of system {@value FrontOfHouse#CONSOLE}, written through the
 * same {@link BatchWriter} as a file row, journaled in a run of its own named after who wrote it, linked to the
 * guest's profile by the console's key of that profile ({@link FrontOfHouse#consoleKey}), and read by guest memory
 * like any other source's notes. A resolution is a new version of its complaint's record (the first kept as history).
 */
public final class StaffNotes {
    /** What a note is. */
    public enum Kind { PREFERENCE, ALLERGY, NOTE, COMPLAINT }

    /** The note as written: its id (the record's source key) and the record's version. */
    public record Written(String id, int version, String outcome) {
    }

    private final Database db;
    private final ImportJournal journal;
    private final BatchWriter writer;
    private final Clock clock;

    public StaffNotes(Database db, ImportJournal journal, BatchWriter writer, Clock clock) {
        this.db = db;
        this.journal = journal;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Writes a new note on a profile (a merged id counts as its survivor).
     *
     * @param category for a preference: its category ({@link Preference#CATEGORIES}); ignored otherwise
     * @throws IllegalArgumentException no such profile ("no ..."), or a bad category or text
     */
    public Written add(long profileId, Kind kind, String category, String text, String by) {
        long live = live(profileId);
        GuestProfile guest = switch (kind) {
            case PREFERENCE -> notes(List.of(new Preference(category == null ? Preference.OTHER : category, null, text)), List.of());
            case ALLERGY -> notes(List.of(new Preference(Preference.ALLERGY, null, text)), List.of());
            case NOTE -> notes(List.of(new Preference(Preference.OTHER, null, text)), List.of());
            case COMPLAINT -> notes(List.of(), List.of(new Complaint(LocalDate.now(clock), text, true)));
        };
        String key = db.inTransaction("the console's key of a profile", tx -> FrontOfHouse.consoleKey(tx, live));
        String id = "note-" + UUID.randomUUID();
        return write(new CanonicalRecord(new SourceRef(FrontOfHouse.CONSOLE, RecordKind.GUEST_PROFILE, id), key, guest, null),
                kind.name().toLowerCase(java.util.Locale.ROOT) + " by " + by, Map.of("kind", kind.name(), "text", text));
    }

    /**
     * Closes an open complaint written in the console, with how it was resolved: the complaint's record gets a new
     * version (the open one stays in its history), and the card no longer lists it.
     *
     * @throws IllegalArgumentException no such note on this profile ("no ..."), or one that is no open complaint
     */
    public Written resolve(long profileId, String noteId, String resolution, String by) {
        long live = live(profileId);
        FrontOfHouse.StoredNote note = db.inTransaction("reading a staff note", tx -> {
            Optional<FrontOfHouse.StoredNote> n = FrontOfHouse.note(tx, noteId);
            if (n.isEmpty() || FrontOfHouse.notesOf(tx, live).stream().noneMatch(x -> x.id().equals(noteId)))
                throw new IllegalArgumentException("no note " + noteId + " on profile " + live);
            return n.get();
        });
        if (note.guest() == null || note.guest().complaints().isEmpty() || !note.guest().complaints().get(0).open())
            throw new IllegalArgumentException("note " + noteId + " is not an open complaint");
        Complaint c = note.guest().complaints().get(0);
        GuestProfile closed = notes(List.of(), List.of(new Complaint(c.date(), c.text(), false, resolution)));
        String key = db.inTransaction("the console's key of a profile", tx -> FrontOfHouse.consoleKey(tx, live));
        return write(new CanonicalRecord(new SourceRef(FrontOfHouse.CONSOLE, RecordKind.GUEST_PROFILE, noteId), key, closed, null),
                "resolution by " + by, Map.of("kind", "RESOLUTION", "note", noteId, "text", resolution));
    }

    /** The notes staff wrote on the profile's cluster, newest first. */
    public List<FrontOfHouse.StoredNote> of(long profileId) {
        long live = live(profileId);
        return db.inTransaction("reading staff notes", tx -> FrontOfHouse.notesOf(tx, live));
    }

    private long live(long profileId) {
        Long live = db.inTransaction("live profile", tx -> GuestClusters.liveOf(tx, List.of(profileId))).get(profileId);
        if (live == null) throw new IllegalArgumentException("no profile " + profileId);
        return live;
    }

    private Written write(CanonicalRecord record, String runName, Map<String, String> raw) {
        long started = System.nanoTime();
        String rawText = Payloads.json(raw);
        ImportJournal.Run run = journal.start(FrontOfHouse.CONSOLE, runName, UUID.randomUUID().toString(), rawText.length(), null);
        ImportCounts counts;
        try {
            counts = writer.write(run.id(), FrontOfHouse.CONSOLE, List.of(StoreRow.mapped(1, rawText, record)));
        } catch (RuntimeException e) {
            journal.finish(run.id(), "FAILED", ImportCounts.ZERO, (System.nanoTime() - started) / 1_000_000, e.getClass().getSimpleName());
            throw e;
        }
        journal.finish(run.id(), "DONE", counts, (System.nanoTime() - started) / 1_000_000, null);
        int version = db.inTransaction("reading a staff note", tx -> FrontOfHouse.note(tx, record.ref().key()))
                .map(FrontOfHouse.StoredNote::version).orElse(1);
        String outcome = counts.imported() > 0 ? "IMPORTED" : counts.updated() > 0 ? "UPDATED" : "UNCHANGED";
        return new Written(record.ref().key(), version, outcome);
    }

    private static GuestProfile notes(List<Preference> preferences, List<Complaint> complaints) {
        return new GuestProfile(List.of(), null, null, null, null, List.of(), List.of(), List.of(), null, List.of(), Map.of(),
                preferences, null, complaints);
    }
}

package io.guestlink.store;

import io.guestlink.model.Outcome;
import io.guestlink.model.StoreRow;
import io.guestlink.model.ImportCounts;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.FolioLine;
import io.guestlink.model.PosTicket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes one batch of journaled rows in one transaction: source records (new, updated with history, or unchanged),
 * identity resolution to golden profiles, hotel facts, the journal rows and the run's progress mark. Either all of a
 * batch is committed with its progress mark or none of it, so a crash never loses or doubles rows: the run resumes
 * after the last committed line.
 */
public final class BatchWriter {
    private final Database db;
    private final int maxRawChars;
    // Identity keys are shared by all feeds: one batch resolves at a time in this JVM, so two feeds never create two
    // profiles for one new e-mail. Several nodes need the database to arbitrate (see docs/roadmap.md).
    private final ReentrantLock identityLock = new ReentrantLock();

    /** Held while a batch resolves identities; the identity worker links under it too. */
    ReentrantLock identityLock() {
        return identityLock;
    }
    private final IdBlocks recordIds;
    private final IdBlocks profileIds;

    private final boolean queueLinking;
    private final GoldenRecords golden;
    private final java.time.LocalTime roomChangeover;
    private final Suppression suppression;
    private final TicketNames ticketNames = new TicketNames(new io.guestlink.identity.names.NameNormaliser());

    /** Probabilistic identity resolution after the exact keys: may merge the batch's profiles into others. */
    @FunctionalInterface
    public interface ProfileLinker {
        /** Links the profiles this batch touched; returns the live profiles whose membership changed. */
        Set<Long> link(Connection c, Set<Long> touchedProfiles) throws SQLException;

        /** Indexes profiles for linking without deciding anything (the identity worker's first pass); by default nothing. */
        default void index(Connection c, Set<Long> profiles) throws SQLException {
        }

        /**
         * The merges a document, e-mail or phone vouches for among profiles {@link #index indexed} before, nothing else
         * (no reviews): the identity worker runs this over its whole queue before {@link #linkIndexed}, so each guest
         * holds its own records before anything is weighed on names and birth dates; with what {@link #readAhead} found
         * for them (null: nothing). By default nothing.
         */
        default Set<Long> mergeVouched(Connection c, Set<Long> profiles, ReadAhead ahead) throws SQLException {
            return Set.of();
        }

        /** Links profiles {@link #index indexed} before; by default as {@link #link}. */
        default Set<Long> linkIndexed(Connection c, Set<Long> profiles) throws SQLException {
            return link(c, profiles);
        }

        /**
         * Reads, on a connection of its own, what {@link #linkIndexed} will need for these profiles and no decision
         * changes (the identity worker's next round, while it decides the current one); null for nothing.
         */
        default ReadAhead readAhead(Connection c, Set<Long> profiles) throws SQLException {
            return null;
        }

        /** As {@link #linkIndexed(Connection, Set)}, with what {@link #readAhead} found (null: nothing). */
        default Set<Long> linkIndexed(Connection c, Set<Long> profiles, ReadAhead ahead) throws SQLException {
            return linkIndexed(c, profiles);
        }

        /**
         * The identity worker has decided its queue: what the linker kept for that drain (counts, candidates, records)
         * can be let go, not held in the heap until the next one. By default nothing.
         */
        default void drained() {
        }

        /** What a {@link #readAhead} found, for the linker that read it. */
        interface ReadAhead {
        }

        ProfileLinker NONE = (c, touched) -> Set.of();
    }

    public BatchWriter(Database db, int maxRawChars) {
        this(db, maxRawChars, false, new GoldenRecords(io.guestlink.identity.Survivorship.defaults()));
    }

    /**
     * @param queueLinking queue the profiles each batch touches for probabilistic linking ({@link IdentityQueue})
     * @param golden       how golden rows are recomputed from their sources
     */
    public BatchWriter(Database db, int maxRawChars, boolean queueLinking, GoldenRecords golden) {
        this(db, maxRawChars, queueLinking, golden, RoomCharges.DEFAULT_CHANGEOVER);
    }

    /** @param roomChangeover on a day one guest leaves a room and another arrives, tickets before it are the leaver's */
    public BatchWriter(Database db, int maxRawChars, boolean queueLinking, GoldenRecords golden, java.time.LocalTime roomChangeover) {
        this(db, maxRawChars, queueLinking, golden, roomChangeover, Suppression.NONE);
    }

    /**
     * The keyed hashes a record would be suppressed by (identity/SuppressionKeys): the store only looks them up in the
     * suppression list, it never holds the key.
     */
    @FunctionalInterface
    public interface Suppression {
        List<String> hashes(CanonicalRecord record);

        Suppression NONE = r -> List.of();
    }

    /** @param suppression what a row of an erased guest is recognised by: it is journaled SUPPRESSED and stores nothing */
    public BatchWriter(Database db, int maxRawChars, boolean queueLinking, GoldenRecords golden, java.time.LocalTime roomChangeover,
                       Suppression suppression) {
        this.suppression = suppression;
        this.roomChangeover = roomChangeover;
        this.db = db;
        this.maxRawChars = maxRawChars;
        this.queueLinking = queueLinking;
        this.golden = golden;
        this.recordIds = new IdBlocks("source_record_ids", db.isPostgres());
        this.profileIds = new IdBlocks("guest_profile_ids", db.isPostgres());
    }

    private record Existing(long id, String hash, int version, Long profileId) {
    }

    /**
     * The stored version an update replaces, read once: kept in the history, and compared with the new version's guest.
     *
     * @param guestSeen when its guest details last changed (guest_seen_at, or its updated_at)
     */
    private record Replaced(int version, String hash, String payload, Long fileId, Long lineNo, OffsetDateTime guestSeen) {
    }

    /**
     * A row made ready to write: its payload JSON, content hash and sealed raw text, computed wherever {@link #prepare}
     * is called (an importer's reader thread), so that the writing thread, which holds the identity lock and takes
     * turns with the database, does not spend its time on them. Immutable: a batch written again starts afresh.
     */
    public static final class Prepared {
        private final StoreRow row;
        private final String json;
        private final String hash;
        private final Object sealedRaw; // null when there is no raw text or it is over the limit (not kept)
        private final Object payload; // the json, encoded for COPY on PostgreSQL (TableRows.CopyText)

        private Prepared(StoreRow row, String json, String hash, Object sealedRaw, Object payload) {
            this.row = row;
            this.json = json;
            this.hash = hash;
            this.sealedRaw = sealedRaw;
            this.payload = payload;
        }

        public StoreRow row() {
            return row;
        }
    }

    /** The row with what writing it needs computed now, on the calling thread; thread-safe. */
    public Prepared prepare(StoreRow row) {
        String json = row.record() == null ? null : Payloads.json(row.record());
        boolean copy = db.isPostgres();
        return new Prepared(row, json, json == null ? null : Payloads.hash(json),
                TableRows.CopyText.of(rawKept(row) ? db.rawText().seal(row.raw()) : null, copy), TableRows.CopyText.of(json, copy));
    }

    /** Whether the journal keeps a row's raw text: a cut one would replay as a different row (guestlink.journal.max-raw-chars). */
    private boolean rawKept(StoreRow r) {
        return r.raw() == null || r.raw().length() <= maxRawChars;
    }

    private static final class Pending {
        final StoreRow row;
        final String json;
        final String hash;
        final Object sealedRaw;
        final Object payload;
        Outcome outcome;
        Existing existing;
        long profileTemp; // 0 = no guest
        Long profileId;
        long recordId;
        OffsetDateTime writtenAt; // when its source record was written (its updated_at)
        Replaced replaced; // an update: the version it replaces
        boolean guestUnchanged; // an update of a record describing the guest whose guest details are those it replaces
        Long suppressedBy; // the erasure whose suppression list matched this row

        Pending(Prepared p) {
            this.row = p.row;
            this.json = p.json;
            this.hash = p.hash;
            this.sealedRaw = p.sealedRaw;
            this.payload = p.payload;
        }
    }

    /** Store work that must commit with the batch (a database feed's watermark, the messages a batch applies). */
    @FunctionalInterface
    public interface InSameTransaction {
        void run(Transaction tx);
    }

    /** Writes the rows; all mapped rows must come from one source system and record kind. */
    public ImportCounts write(long runId, String sourceId, List<StoreRow> rows) {
        return write(runId, sourceId, rows, tx -> { });
    }

    /**
     * Runs a unit of work that changes who is who outside a batch (a source system's own guest merge) in one
     * transaction, never at the same time as a batch resolves identities.
     */
    public <T> T inIdentityChange(String what, Database.Unit<T> unit) {
        identityLock.lock();
        try {
            return db.inTransaction(what, unit);
        } finally {
            identityLock.unlock();
        }
    }

    /** Store work that must commit with the batch and needs each row's profile and outcome. */
    @FunctionalInterface
    public interface WithOutcomes {
        /**
         * @param profiles as {@link WithProfiles#run}
         * @param outcomes per row, in order: what the batch did with it ({@link Outcome#SUPPRESSED}: nothing stored)
         */
        void run(Transaction tx, List<Long> profiles, List<Outcome> outcomes);
    }

    /** Store work that must commit with the batch and needs to know whose each row's stored record is. */
    @FunctionalInterface
    public interface WithProfiles {
        /**
         * @param profiles per row, in order: the profile its stored record is linked to as written (not followed to
         *                 a merge's survivor), or null for no guest or a row that is not a record
         */
        void run(Transaction tx, List<Long> profiles);
    }

    /** Writes the rows and runs {@code also} in the same transaction. */
    public ImportCounts write(long runId, String sourceId, List<StoreRow> rows, InSameTransaction also) {
        return write(runId, sourceId, rows, (WithProfiles) (tx, profiles) -> also.run(tx));
    }

    /**
     * Writes the rows and runs {@code also} in the same transaction with the profile of each row's record, so the
     * caller need not read back what the batch has just decided.
     */
    public ImportCounts write(long runId, String sourceId, List<StoreRow> rows, WithProfiles also) {
        return write(runId, sourceId, rows, (WithOutcomes) (tx, profiles, outcomes) -> also.run(tx, profiles));
    }

    /** Writes the rows and runs {@code also} in the same transaction with each row's profile and outcome. */
    public ImportCounts write(long runId, String sourceId, List<StoreRow> rows, WithOutcomes also) {
        return writePrepared(runId, sourceId, rows.stream().map(this::prepare).toList(), also, Durability.ON_COMMIT);
    }

    /** When a batch's commit may return. */
    public enum Durability {
        /** Once the batch is on disk: what a caller does next (acknowledge a message, flag a legacy row) relies on it. */
        ON_COMMIT,
        /**
         * PostgreSQL: without waiting for the disk ({@code synchronous_commit = off} for the batch's transaction only);
         * the caller's next durable commit, the run's end in the journal, puts every batch before it on disk, since
         * the server writes its log in order. Only for a caller that keeps its source until then and resumes from
         * the store's own mark: a file import, or a database feed in watermark mode (the legacy table keeps its rows,
         * and a poll that fails forgets what it saw in memory). A server crash in between loses whole batches
         * together with their resume mark, so the import of the same file, or the next poll, resumes after the last
         * batch that reached the disk and nothing is lost or doubled; a crash of this process loses nothing (the
         * server writes the log on its own within a fraction of a second). Waiting for the disk at every commit was
         * 4–8 microseconds of a row's time.
         */
        AT_RUN_END
    }

    /** Writes rows {@link #prepare prepared} before (on an importer's reader thread). */
    public ImportCounts writePrepared(long runId, String sourceId, List<Prepared> prepared) {
        return writePrepared(runId, sourceId, prepared, Durability.ON_COMMIT);
    }

    /** As {@link #writePrepared(long, String, List)}, with the commit's {@link Durability}. */
    public ImportCounts writePrepared(long runId, String sourceId, List<Prepared> prepared, Durability durability) {
        return writePrepared(runId, sourceId, prepared, (WithOutcomes) (tx, profiles, outcomes) -> { }, durability);
    }

    /** Writes rows {@link #prepare prepared} before and runs {@code also} in the same transaction. */
    public ImportCounts writePrepared(long runId, String sourceId, List<Prepared> prepared, InSameTransaction also) {
        return writePrepared(runId, sourceId, prepared, also, Durability.ON_COMMIT);
    }

    /** As above, with the commit's {@link Durability}. */
    public ImportCounts writePrepared(long runId, String sourceId, List<Prepared> prepared, InSameTransaction also,
                                      Durability durability) {
        return writePrepared(runId, sourceId, prepared, (WithOutcomes) (tx, profiles, outcomes) -> also.run(tx), durability);
    }

    /** Writes rows prepared before, runs {@code also} in the same transaction, and commits as {@code durability} says. */
    ImportCounts writePrepared(long runId, String sourceId, List<Prepared> prepared, WithOutcomes also, Durability durability) {
        if (prepared.isEmpty()) return ImportCounts.ZERO;
        List<StoreRow> rows = prepared.stream().map(Prepared::row).toList();
        List<Pending> pending = prepared.stream().map(Pending::new).toList();
        identityLock.lock();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                if (durability == Durability.AT_RUN_END && db.isPostgres()) {
                    try (var s = c.createStatement()) {
                        s.execute("SET LOCAL synchronous_commit = off");
                    }
                }
                ImportCounts counts = ImportCounts.ZERO;
                for (List<Pending> part : uniqueKeyParts(pending)) counts = counts.plus(writePart(c, sourceId, runId, part));
                WriteCosts.time("import_row (journal)", pending.size(), () -> journal(c, runId, pending));
                ImportCounts total = counts;
                WriteCosts.time("import_file (progress)", pending.size(), () -> progress(c, runId, total,
                        rows.stream().filter(StoreRow::flagged).count(), rows.get(rows.size() - 1).line()));
                WriteCosts.time("same transaction (caller)", pending.size(), () -> also.run(new Transaction(c, db.rawText()),
                        profiles(pending), pending.stream().map(p -> p.outcome).toList()));
                WriteCosts.time("commit", pending.size(), c::commit);
                // the tables the load grew get statistics (GrowthAnalyzer) on the store's own thread and connection:
                // the next batch does not wait for them, and a failure there is logged, not this committed batch's
                db.analyseGrowthSoon();
                return counts;
            } catch (SQLException | RuntimeException e) {
                // a connection the failure broke cannot roll back either: the failure itself is the news (is it transient?)
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write a batch of " + rows.size() + " rows of " + sourceId
                    + " (lines " + rows.get(0).line() + "-" + rows.get(rows.size() - 1).line() + ")", e);
        } finally {
            InHouseChanges.settled();
            identityLock.unlock();
        }
    }

    /** The profile each row's stored record is linked to now: an unchanged record keeps the one it had. */
    private static List<Long> profiles(List<Pending> pending) {
        List<Long> out = new ArrayList<>(pending.size());
        for (Pending p : pending) out.add(p.outcome == Outcome.UNCHANGED && p.existing != null ? p.existing.profileId() : p.profileId);
        return out;
    }

    /** A key seen twice in one batch is written in two steps, so its second version is an update of the first. */
    private static List<List<Pending>> uniqueKeyParts(List<Pending> all) {
        List<List<Pending>> parts = new ArrayList<>();
        List<Pending> current = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Pending p : all) {
            if (p.row.record() != null && !keys.add(p.row.record().ref().key())) {
                parts.add(current);
                current = new ArrayList<>();
                keys.clear();
                keys.add(p.row.record().ref().key());
            }
            current.add(p);
        }
        parts.add(current);
        return parts;
    }

    private ImportCounts writePart(Connection c, String sourceId, long runId, List<Pending> part) throws SQLException {
        ImportCounts counts = ImportCounts.ZERO;
        for (Pending p : part) {
            if (p.row.skipped()) p.outcome = Outcome.SKIPPED;
            else if (p.row.record() == null) p.outcome = Outcome.REJECTED;
        }
        WriteCosts.time("suppression look-up", part.size(), () -> suppress(c, part.stream().filter(p -> p.row.record() != null).toList()));
        List<Pending> mapped = part.stream().filter(p -> p.row.record() != null && p.outcome != Outcome.SUPPRESSED).toList();
        if (!mapped.isEmpty()) {
            WriteCosts.time("source_record look-up", mapped.size(), () -> findExisting(c, mapped));
            List<Pending> changed = mapped.stream().filter(p -> p.outcome != Outcome.UNCHANGED).toList();
            if (!changed.isEmpty()) {
                List<Pending> updates = changed.stream().filter(p -> p.outcome == Outcome.UPDATED).toList();
                WriteCosts.time("source_record: replaced versions", updates.size(), () -> readReplaced(c, updates));
                WriteCosts.time("source_record ids", changed.size(), () -> allocateRecordIds(c, changed));
                // a ticket charged to a room belongs to that stay's guest; only what is still unlinked resolves by keys
                WriteCosts.time("stay look-up (tickets by room)", changed.size(), () -> linkTicketsToStays(c, changed));
                WriteCosts.time("ticket names", changed.size(), () -> ticketNames.link(c, changed.stream().filter(p -> p.profileId == null && p.row.record().fact() instanceof PosTicket t
                                && t.memberNumber() == null) // a member number is the stronger key: identity resolves it
                        .map(p -> new TicketNames.Ticket((PosTicket) p.row.record().fact(), id -> p.profileId = id)).toList()));
                List<Pending> unlinked = changed.stream().filter(p -> p.profileId == null).toList();
                Set<Long> fresh = WriteCosts.time("profile_key, guest_profile, profile_name (exact keys)", unlinked.size(), () ->
                        ProfileWrites.resolve(c, profileIds, unlinked.stream().map(p -> new ProfileWrites.Item(p.row.record(), p.hash,
                                p.recordId, p.writtenAt)).toList(), golden, (i, profileId) -> unlinked.get(i).profileId = profileId));
                WriteCosts.time("stay look-up (folios by reservation)", changed.size(), () -> linkFolios(c, changed));
                WriteCosts.time("source_record (+ history)", changed.size(), () -> writeRecords(c, sourceId, runId, changed));
                List<Long> replaced = changed.stream().filter(p -> p.outcome == Outcome.UPDATED).map(p -> p.recordId).toList();
                WriteCosts.time("facts: delete replaced", replaced.size(), () -> FactWrites.delete(c, replaced));
                List<FactWrites.Row> facts = new ArrayList<>();
                for (Pending p : changed) {
                    if (p.row.record().fact() != null) facts.add(new FactWrites.Row(p.recordId, p.profileId, p.row.record().fact()));
                }
                WriteCosts.time("facts: stay, folio_line, pos_ticket, pos_item", facts.size(), () -> FactWrites.insert(c, facts));
                identity(c, changed, fresh);
                WriteCosts.time("consent", changed.size(), () -> consent(c, sourceId, runId, changed, fresh));
                WriteCosts.time("memory_queue", changed.size(), () -> rememberLater(c, changed));
            }
        }
        for (Pending p : part) counts = counts.plus(p.outcome);
        return counts;
    }

    /**
     * Queues guest memory (MemoryWorker): a new record with a fact is applied to its profile's summary, at a cost that
     * does not grow with the guest's history; an updated one replaces a version the memory counted, so its old and new
     * profiles are recomputed from their facts; a guest record without a fact only changes the golden row.
     */
    private static void rememberLater(Connection c, List<Pending> changed) throws SQLException {
        Map<Long, Long> landed = new java.util.LinkedHashMap<>();
        Set<Long> recompute = new LinkedHashSet<>();
        Set<Long> golden = new LinkedHashSet<>();
        for (Pending p : changed) {
            boolean fact = p.row.record().ref().kind() != io.guestlink.model.RecordKind.GUEST_PROFILE;
            if (fact && p.outcome == Outcome.UPDATED) {
                if (p.existing.profileId() != null) recompute.add(p.existing.profileId());
                if (p.profileId != null) recompute.add(p.profileId);
            } else if (p.profileId != null && p.row.record().fact() != null) {
                landed.put(p.recordId, p.profileId);
            } else if (p.profileId != null && p.row.record().guest() != null) {
                golden.add(p.profileId);
            }
        }
        MemoryQueue.records(c, landed);
        MemoryQueue.recompute(c, recompute);
        MemoryQueue.profiles(c, golden);
    }

    /**
     * What the changed records say about consent, as statements on their profiles ({@link ConsentRecords#fromRecords}):
     * an unchanged record says nothing new. The evidence names the feed, run and line that carried it.
     */
    private static void consent(Connection c, String sourceId, long runId, List<Pending> changed, Set<Long> fresh) throws SQLException {
        List<ConsentRecords.FromRecord> items = new ArrayList<>();
        for (Pending p : changed) {
            var guest = p.row.record().guest();
            if (p.profileId == null || guest == null || !GoldenRecords.DESCRIBES_GUEST.contains(p.row.record().ref().kind())) continue;
            var said = guest.consentSaid();
            if (!said.isEmpty()) items.add(new ConsentRecords.FromRecord(p.profileId, p.recordId, p.row.record().ref().system(),
                    said, sourceId + " run " + runId + " line " + p.row.line()));
        }
        ConsentRecords.fromRecords(c, items, java.time.Instant.now(), fresh);
    }

    /**
     * Contacts, probabilistic links and golden rows of the profiles whose guests this part changed.
     *
     * @param fresh profiles this part created and no merge touched: nothing of them is stored but what this part
     *              wrote, so nothing about them is looked up
     */
    private void identity(Connection c, List<Pending> changed, Set<Long> fresh) throws SQLException {
        Map<Long, List<io.guestlink.model.GuestProfile>> guests = new java.util.LinkedHashMap<>();
        for (Pending p : changed) {
            // a name on a POS ticket or a folio is a weak echo of the guest, not a description of them; an update that
            // leaves the guest as described brings nothing new to their profile (readReplaced)
            if (p.guestUnchanged) continue;
            if (p.profileId != null && p.row.record().guest() != null && GoldenRecords.DESCRIBES_GUEST.contains(p.row.record().ref().kind()))
                guests.computeIfAbsent(p.profileId, x -> new ArrayList<>()).add(p.row.record().guest());
        }
        if (guests.isEmpty()) return;
        Set<Long> gainedContacts = WriteCosts.time("profile_contact", guests.size(), () -> ContactWrites.add(c, guests, fresh));
        if (queueLinking) {
            // a known guest whose record brings nothing new to compare was linked when it first came: not queued again
            WriteCosts.time("identity_queue", guests.size(), () -> {
                Set<Long> toLink = new HashSet<>(gainedContacts);
                Set<Long> stored = new HashSet<>(guests.keySet());
                stored.removeAll(fresh);
                for (Long p : guests.keySet()) if (fresh.contains(p)) toLink.add(p); // created just now: never linked
                toLink.addAll(ProbabilisticLinker.neverLinked(c, stored));
                IdentityQueue.queue(c, toLink);
            });
        }
        // the guests this part has just written are handed over as they are, not read back from their payloads; a
        // fresh profile was inserted with its golden row (ProfileWrites) and is not recomputed
        Map<Long, io.guestlink.model.GuestProfile> written = new HashMap<>();
        for (Pending p : changed) {
            if (!p.guestUnchanged && p.profileId != null && p.row.record().guest() != null
                    && GoldenRecords.DESCRIBES_GUEST.contains(p.row.record().ref().kind()))
                written.put(p.recordId, p.row.record().guest());
        }
        Set<Long> stored = new HashSet<>(guests.keySet());
        stored.removeAll(fresh);
        WriteCosts.time("guest_profile (golden recompute)", stored.size(),
                () -> golden.recompute(c, new HashSet<>(GoldenRecords.live(c, stored).values()), written));
    }

    /**
     * Reads the versions the updates replace (for the history) and tells which updates leave the guest as they were
     * described: a reservation whose rate, room or status changed, most of a PMS's updates. Those keep their profile
     * and the time their guest details last changed (guest_seen_at), and skip what only a changed guest needs: the
     * identity keys, contacts, the linking queue and the golden row's recompute. Their profile's sources then say what
     * they said before, seen when they were before, so survivorship would choose the same row: at 1,000 changes/s
     * those steps were about a third of a poll's writing.
     */
    private static void readReplaced(Connection c, List<Pending> updates) throws SQLException {
        if (updates.isEmpty()) return;
        Map<Long, Replaced> found = new HashMap<>();
        Sql.in(c, "SELECT id, version, content_hash, payload, file_id, line_no, COALESCE(guest_seen_at, updated_at) "
                        + "FROM source_record WHERE id", List.of(), updates.stream().map(p -> p.existing.id()).toList(),
                rs -> found.put(rs.getLong(1), new Replaced(rs.getInt(2), rs.getString(3), rs.getString(4), rs.getObject(5, Long.class),
                        rs.getObject(6, Long.class), rs.getObject(7, OffsetDateTime.class))));
        for (Pending p : updates) {
            p.replaced = found.get(p.existing.id());
            io.guestlink.model.GuestProfile guest = p.row.record().guest();
            p.guestUnchanged = p.replaced != null && guest != null && p.existing.profileId() != null
                    && GoldenRecords.DESCRIBES_GUEST.contains(p.row.record().ref().kind()) && sameGuest(guest, p.replaced.payload());
            if (p.guestUnchanged) p.profileId = p.existing.profileId();
        }
    }

    /** Whether a stored payload describes this guest: both written as the store writes a guest, compared as text. */
    private static boolean sameGuest(io.guestlink.model.GuestProfile guest, String storedPayload) {
        io.guestlink.model.GuestProfile before = GoldenRecords.guest(storedPayload);
        return before != null && Payloads.json(before).equals(Payloads.json(guest));
    }

    private static void findExisting(Connection c, List<Pending> mapped) throws SQLException {
        CanonicalRecord first = mapped.get(0).row.record();
        Map<String, Existing> found = new HashMap<>();
        Sql.in(c, "SELECT source_key, id, content_hash, version, profile_id FROM source_record WHERE system = ? "
                        + "AND record_kind = ? AND source_key", List.of(first.ref().system(), first.ref().kind().name()),
                mapped.stream().map(p -> p.row.record().ref().key()).toList(),
                rs -> found.put(rs.getString(1), new Existing(rs.getLong(2), rs.getString(3), rs.getInt(4),
                        (Long) rs.getObject(5, Long.class))));
        for (Pending p : mapped) {
            if (!p.row.record().ref().system().equals(first.ref().system()) || p.row.record().ref().kind() != first.ref().kind())
                throw new IllegalArgumentException("one batch must hold one source system and record kind");
            p.existing = found.get(p.row.record().ref().key());
            if (p.existing == null) p.outcome = Outcome.IMPORTED;
            else if (p.existing.hash().equals(p.hash)) p.outcome = Outcome.UNCHANGED;
            else p.outcome = Outcome.UPDATED;
        }
    }

    /**
     * Rows of an erased guest (their record, source guest or a document is on the suppression list) are marked
     * SUPPRESSED: journaled, never stored, so an erasure is not undone by the next import or message.
     */
    private void suppress(Connection c, List<Pending> mapped) throws SQLException {
        // while nobody is erased (the usual case) a batch pays one tiny query, not three HMACs a row
        if (mapped.isEmpty() || suppression == Suppression.NONE || !Suppressions.any(c)) return;
        Map<Pending, List<String>> hashes = new java.util.IdentityHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (Pending p : mapped) {
            List<String> h = suppression.hashes(p.row.record());
            hashes.put(p, h);
            all.addAll(h);
        }
        Map<String, Long> listed = Suppressions.find(c, all);
        if (listed.isEmpty()) return;
        for (Pending p : mapped) {
            for (String h : hashes.get(p)) {
                Long erasure = listed.get(h);
                if (erasure != null) {
                    p.outcome = Outcome.SUPPRESSED;
                    p.suppressedBy = erasure;
                    break;
                }
            }
        }
    }

    /** A folio line names no guest, only its reservation: it belongs to that stay's profile. */
    private static void linkFolios(Connection c, List<Pending> changed) throws SQLException {
        Map<String, Pending> byRef = new HashMap<>();
        Set<String> refs = new LinkedHashSet<>();
        for (Pending p : changed) {
            if (p.profileId == null && p.row.record().fact() instanceof FolioLine f && f.reservationRef() != null) {
                refs.add(f.reservationRef());
                byRef.put(f.reservationRef(), p);
            }
        }
        if (refs.isEmpty()) return;
        Map<String, Long> profileByConfirmation = new HashMap<>();
        Sql.in(c, "SELECT confirmation_no, profile_id FROM stay WHERE profile_id IS NOT NULL AND confirmation_no", List.of(),
                refs, rs -> profileByConfirmation.put(rs.getString(1), rs.getLong(2)));
        for (Pending p : changed) {
            if (p.profileId == null && p.row.record().fact() instanceof FolioLine f && f.reservationRef() != null)
                p.profileId = profileByConfirmation.get(f.reservationRef());
        }
    }

    /**
     * A POS ticket charged to a room belongs to the guest staying in that room on the ticket's date; changeover days
     * and sharers follow {@link RoomCharges}. A ticket the room cannot attribute goes on to its name and member number.
     */
    private void linkTicketsToStays(Connection c, List<Pending> changed) throws SQLException {
        Map<String, List<Pending>> byRoom = new HashMap<>();
        for (Pending p : changed) {
            if (p.profileId == null && p.row.record().fact() instanceof PosTicket t && t.roomNumber() != null
                    && t.opened() != null && t.property() != null)
                byRoom.computeIfAbsent(t.property() + "\u0000" + t.roomNumber(), k -> new ArrayList<>()).add(p);
        }
        if (byRoom.isEmpty()) return;
        record Stay(String room, java.time.LocalDate arrival, java.time.LocalDate departure, long profileId) {
        }
        List<Stay> stays = new ArrayList<>();
        Set<String> rooms = new LinkedHashSet<>();
        byRoom.keySet().forEach(k -> rooms.add(k.substring(k.indexOf('\u0000') + 1)));
        // only stays that can hold a ticket's day (RoomCharges.owner): arrived by the last day, left on or after the
        // first. The rooms' future bookings and past guests are not read: they grow with the store, the tickets do not
        java.time.LocalDate first = null, last = null;
        for (List<Pending> ps : byRoom.values()) for (Pending p : ps) {
            java.time.LocalDate day = ((PosTicket) p.row.record().fact()).opened().toLocalDate();
            if (first == null || day.isBefore(first)) first = day;
            if (last == null || day.isAfter(last)) last = day;
        }
        Sql.in(c, "SELECT property, room_no, arrival, departure, profile_id FROM stay WHERE profile_id IS NOT NULL "
                + "AND arrival IS NOT NULL AND status <> 'CANCELLED' AND status <> 'NO_SHOW' AND arrival <= ? "
                + "AND COALESCE(departure, arrival) >= ? AND room_no", List.of(last, first), rooms,
                rs -> stays.add(new Stay(rs.getString(1) + "\u0000" + rs.getString(2), rs.getObject(3, java.time.LocalDate.class),
                        rs.getObject(4, java.time.LocalDate.class), rs.getLong(5))));
        if (stays.isEmpty()) return;
        Set<Long> profiles = new HashSet<>();
        stays.forEach(s -> profiles.add(s.profileId()));
        Map<Long, Long> live = GoldenRecords.live(c, profiles);
        Map<String, List<RoomCharges.Occupant>> occupants = new HashMap<>();
        for (Stay s : stays)
            occupants.computeIfAbsent(s.room(), k -> new ArrayList<>()).add(new RoomCharges.Occupant(s.arrival(), s.departure(),
                    s.profileId(), live.getOrDefault(s.profileId(), s.profileId())));
        for (var e : byRoom.entrySet()) {
            for (Pending p : e.getValue()) {
                PosTicket t = (PosTicket) p.row.record().fact();
                p.profileId = RoomCharges.owner(t.opened(), occupants.getOrDefault(e.getKey(), List.of()), roomChangeover);
            }
        }
    }

    private static final String RECORD_COLUMNS = "id, source_id, system, record_kind, source_key, content_hash, version, "
            + "profile_id, payload, file_id, line_no, updated_at";
    /** What an update replaces of a stored record (its id, system, kind and key stay). */
    private static final String UPDATE_COLUMNS = "id, source_id, content_hash, version, profile_id, payload, file_id, line_no, updated_at, "
            + "guest_seen_at";

    /**
     * Each changed row's record id (a new one from the store's id blocks, an updated one its stored id) and its write
     * time, before identity resolution: a profile it creates is inserted with its golden row, which names its sources.
     */
    private void allocateRecordIds(Connection c, List<Pending> changed) throws SQLException {
        OffsetDateTime now = ImportJournal.now();
        List<Pending> fresh = changed.stream().filter(p -> p.outcome == Outcome.IMPORTED).toList();
        long[] ids = fresh.isEmpty() ? new long[0] : recordIds.take(c, fresh.size());
        for (int i = 0; i < fresh.size(); i++) fresh.get(i).recordId = ids[i];
        for (Pending p : changed) {
            if (p.outcome == Outcome.UPDATED) p.recordId = p.existing.id();
            p.writtenAt = now;
        }
    }

    private void writeRecords(Connection c, String sourceId, long runId, List<Pending> changed) throws SQLException {
        OffsetDateTime now = changed.get(0).writtenAt;
        List<Pending> fresh = changed.stream().filter(p -> p.outcome == Outcome.IMPORTED).toList();
        List<Pending> updated = changed.stream().filter(p -> p.outcome == Outcome.UPDATED).toList();
        if (!fresh.isEmpty()) {
            try (TableRows rows = new TableRows(c, "source_record", RECORD_COLUMNS)) {
                for (Pending p : fresh) {
                    CanonicalRecord r = p.row.record();
                    rows.add(p.recordId, sourceId, r.ref().system(), r.ref().kind().name(), r.ref().key(), p.hash, 1,
                            p.profileId, p.payload, runId, p.row.line(), now);
                }
                rows.flush();
            }
        }
        if (updated.isEmpty()) return;
        sealHistory(c, updated, now);
        for (Pending p : updated) if (p.profileId == null) p.profileId = p.existing.profileId();
        if (!Sql.isPostgres(c)) {
            try (PreparedStatement update = c.prepareStatement("UPDATE source_record SET content_hash = ?, version = ?, "
                    + "profile_id = ?, payload = ?, file_id = ?, line_no = ?, updated_at = ?, source_id = ?, guest_seen_at = ? WHERE id = ?")) {
                for (Pending p : updated) {
                    update.setString(1, p.hash);
                    update.setInt(2, p.existing.version() + 1);
                    Sql.setLong(update, 3, p.profileId);
                    update.setString(4, p.json);
                    update.setLong(5, runId);
                    update.setLong(6, p.row.line());
                    update.setObject(7, now);
                    update.setString(8, sourceId);
                    update.setObject(9, guestSeen(p));
                    update.setLong(10, p.recordId);
                    update.addBatch();
                }
                update.executeBatch();
            }
            return;
        }
        // PostgreSQL: the new versions COPY into a staging table, then one UPDATE ... FROM replaces them all
        TableRows.stage(c, "source_record_update", "source_record", UPDATE_COLUMNS);
        try (TableRows rows = new TableRows(c, "source_record_update", UPDATE_COLUMNS)) {
            for (Pending p : updated)
                rows.add(p.recordId, sourceId, p.hash, p.existing.version() + 1, p.profileId, p.payload, runId, p.row.line(), now,
                        guestSeen(p));
            rows.flush();
        }
        try (var s = c.createStatement()) {
            s.executeUpdate("UPDATE source_record r SET source_id = u.source_id, content_hash = u.content_hash, version = u.version, "
                    + "profile_id = u.profile_id, payload = u.payload, file_id = u.file_id, line_no = u.line_no, "
                    + "updated_at = u.updated_at, guest_seen_at = u.guest_seen_at FROM source_record_update u WHERE r.id = u.id");
        }
    }

    /** An update's guest_seen_at: kept where its guest details are those it replaces, else null (its updated_at). */
    private static OffsetDateTime guestSeen(Pending p) {
        return p.guestUnchanged ? p.replaced.guestSeen() : null;
    }

    /**
     * Keeps the versions the updates replace in source_record_history, their payloads sealed under the store key: the
     * history is kept for provenance and export, not read on any working path, so its contacts need not lie in clear.
     */
    private void sealHistory(Connection c, List<Pending> updated, OffsetDateTime now) throws SQLException {
        // the versions replaced were read before (readReplaced): the seal is the store key's, so they came to the JVM
        try (TableRows history = new TableRows(c, "source_record_history", "source_record_id, version, content_hash, "
                + "payload, file_id, line_no, replaced_at")) {
            for (Pending p : updated) {
                Replaced r = p.replaced;
                if (r != null) history.add(p.existing.id(), r.version(), r.hash(), db.rawText().seal(r.payload()), r.fileId(), r.lineNo(), now);
            }
            history.flush();
        }
    }

    private void journal(Connection c, long runId, List<Pending> pending) throws SQLException {
        try (TableRows rows = new TableRows(c, "import_row", "file_id, line_no, outcome, source_key, field, bad_value, "
                + "reason, raw_text")) {
            for (Pending p : pending) {
                StoreRow r = p.row;
                if (p.outcome == Outcome.SUPPRESSED) {
                    // the erased guest's row: its outcome is journaled, nothing of the row itself (key, text) is kept
                    rows.add(runId, r.line(), p.outcome.name(), null, null, null,
                            "suppressed: a guest erased by erasure " + p.suppressedBy + "; nothing of this row is stored", null);
                    continue;
                }
                String key = Sql.checked(r.record() == null ? null : r.record().ref().key(), 500, "import_row.source_key");
                boolean rawKept = rawKept(r);
                // field, value and reason are written for a person to read: marked with "…" if ever shortened;
                // a cut raw text would replay as a different row: one over the limit is not kept, and the row says so;
                // a kept one was sealed under the store key by prepare (its ID numbers were replaced before it came here)
                rows.add(runId, r.line(), p.outcome.name(), key, Sql.shown(r.field(), 100), Sql.shown(r.value(), 1000),
                        Sql.shown(rawKept ? r.reason() : rawNotKept(r), 2000), p.sealedRaw);
            }
            rows.flush();
        }
    }

    /** The journal's reason for a row whose raw text is longer than guestlink.journal.max-raw-chars. */
    private String rawNotKept(StoreRow r) {
        String note = "raw text of " + r.raw().length() + " characters not kept (guestlink.journal.max-raw-chars is "
                + maxRawChars + "): replay this row from the original file";
        return r.reason() == null ? note : r.reason() + "; " + note;
    }

    /** @param flagged stored rows of the batch that carry flags (values kept only as evidence or left out) */
    private static void progress(Connection c, long runId, ImportCounts n, long flagged, long lastLine) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE import_file SET last_line = ?, rows_read = rows_read + ?, "
                + "rows_imported = rows_imported + ?, rows_updated = rows_updated + ?, rows_unchanged = rows_unchanged + ?, "
                + "rows_rejected = rows_rejected + ?, rows_skipped = rows_skipped + ?, rows_flagged = rows_flagged + ? "
                + "WHERE id = ?")) {
            ps.setLong(1, lastLine);
            ps.setLong(2, n.read());
            ps.setLong(3, n.imported());
            ps.setLong(4, n.updated());
            ps.setLong(5, n.unchanged());
            ps.setLong(6, n.rejected());
            ps.setLong(7, n.skipped());
            ps.setLong(8, flagged);
            ps.setLong(9, runId);
            ps.executeUpdate();
        }
    }
}

package io.guestlink.pipeline;

import io.guestlink.ingest.FormatSpec;
import io.guestlink.ingest.MappingOutcome;
import io.guestlink.ingest.RawRecord;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.RecordReader;
import io.guestlink.ingest.RejectsFile;
import io.guestlink.model.ImportSummary;
import io.guestlink.store.BatchWriter;
import io.guestlink.model.ImportCounts;
import io.guestlink.store.ImportJournal;
import io.guestlink.model.StoreRow;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Imports files of one feed into the store: streams records, maps them, writes them in batches with their journal
 * rows, logs progress on long files, writes a rejects file, and stores a run summary. Transport (folders, FTP, moves,
 * whole-file idempotency) is the route's business, not this class's.
 *
 * <p>A file is read and mapped on a reader thread a few batches ahead of the calling thread, which commits
 * ({@link ReadAhead}); the calling thread keeps the journal, the resume mark and progress.
 */
public final class FileImporter {
    private static final Logger LOG = LoggerFactory.getLogger(FileImporter.class);

    private final ImportJournal journal;
    private final BatchWriter writer;
    private final int batchSize;
    private final long progressEvery;
    private final ImportProgress progress;
    private final int readAhead;

    public FileImporter(ImportJournal journal, BatchWriter writer, int batchSize, long progressEvery) {
        this(journal, writer, batchSize, progressEvery, new ImportProgress());
    }

    /** @param progress where the running import tells how far it is (rows so far, rows/s) */
    public FileImporter(ImportJournal journal, BatchWriter writer, int batchSize, long progressEvery, ImportProgress progress) {
        this(journal, writer, batchSize, progressEvery, progress, ReadAhead.DEFAULT_BATCHES);
    }

    /**
     * @param readAhead batches a reader thread may read and map ahead of the one being written (0: read, map and
     *                  write on the calling thread, one after the other)
     */
    public FileImporter(ImportJournal journal, BatchWriter writer, int batchSize, long progressEvery, ImportProgress progress,
                        int readAhead) {
        if (readAhead < 0) throw new IllegalArgumentException("read-ahead of " + readAhead + " batches");
        this.journal = journal;
        this.writer = writer;
        this.batchSize = batchSize;
        this.progressEvery = progressEvery;
        this.progress = progress;
        this.readAhead = readAhead;
    }

    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static String sha256Of(byte[] content) {
        return DigestUtils.sha256Hex(content);
    }

    /**
     * Imports one file. A file whose run was interrupted (crash, kill) resumes after its last committed line.
     *
     * @param displayName the name to journal (the file's name at the source)
     * @param rejectsPath where the rejects CSV goes if any row is rejected
     */
    public ImportSummary importFile(RecordMapper mapper, Path file, String displayName, String sha256, Path rejectsPath) {
        return importFile(mapper, file, displayName, sha256, rejectsPath, null);
    }

    /**
     * @param interruptedBy when this is a retry of an import a transient failure interrupted: what it was (kept beside
     *                      DONE; the run's own note, written while the database was away, may be missing)
     */
    public ImportSummary importFile(RecordMapper mapper, Path file, String displayName, String sha256, Path rejectsPath,
                                    String interruptedBy) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return importStream(mapper, in, Files.size(file), displayName, sha256, rejectsPath, interruptedBy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + displayName, e);
        }
    }

    /**
     * Imports one file's content from a stream. If the stream fails midway (transfer cut, disk error, crash), the
     * rows committed so far stay committed and the run stays RUNNING: importing the same content again resumes after
     * the last committed line, so no row is lost or doubled.
     */
    public ImportSummary importStream(RecordMapper mapper, InputStream in, long size, String displayName, String sha256,
                                      Path rejectsPath) throws IOException {
        return importStream(mapper, in, size, displayName, sha256, rejectsPath, null);
    }

    private ImportSummary importStream(RecordMapper mapper, InputStream in, long size, String displayName, String sha256,
                                       Path rejectsPath, String interruptedBy) throws IOException {
        long started = System.nanoTime();
        String sourceId = mapper.config().id();
        ProgressStream counted = new ProgressStream(in);
        try (RecordReader reader = RecordReader.open(counted, mapper.config().format())) {
            // an empty export (0 bytes, no header) is a quiet night, not a layout error
            boolean empty = reader.columnNames() != null && reader.columnNames().isEmpty() && !reader.hasNext();
            List<String> missing = empty ? List.of() : mapper.missingColumns(reader.columnNames());
            ImportJournal.Run run = journal.start(sourceId, displayName, sha256, size, reader.headerText());
            counted.countFor(run.id(), size);
            try (LogContext.Scope log = LogContext.run(sourceId, run.id());
                 ImportProgress.Handle handle = progress.start(sourceId, run.id(), run.countsSoFar().read())) {
                return runChecked(mapper, reader, interruptedBy == null ? run
                        : new ImportJournal.Run(run.id(), run.resumeAfterLine(), run.countsSoFar(), interruptedBy),
                        missing, displayName, rejectsPath, started, handle);
            } finally {
                progress.ended(run.id());
            }
        }
    }

    private ImportSummary runChecked(RecordMapper mapper, RecordReader reader, ImportJournal.Run run, List<String> missing,
                                     String displayName, Path rejectsPath, long started, ImportProgress.Handle handle)
            throws IOException {
        String sourceId = mapper.config().id();
        if (!missing.isEmpty()) {
            String error = "file " + displayName + " does not match feed " + sourceId + ": missing columns " + missing
                    + "; the file has " + reader.columnNames();
            journal.finish(run.id(), "FAILED", run.countsSoFar(), elapsedMs(started), error);
            return new ImportSummary(run.id(), sourceId, displayName, "FAILED", run.countsSoFar(), elapsedMs(started), null, error);
        }
        if (run.resumeAfterLine() > 0) {
            LOG.info("{} {}: resuming an interrupted import after line {}", sourceId, displayName, run.resumeAfterLine());
        }
        try {
            return run(mapper, reader, run, displayName, rejectsPath, started, handle);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The progress of the imports this process is running (bytes read of each file). */
    public ImportProgress progress() {
        return progress;
    }

    /** The file's stream, counted for {@link #progress} once its run is known (the header is read before). */
    private final class ProgressStream extends java.io.FilterInputStream {
        private InputStream counted;

        ProgressStream(InputStream in) {
            super(in);
        }

        void countFor(long runId, long size) {
            counted = progress.reading(runId, size, in);
        }

        @Override
        public int read() throws IOException {
            return counted == null ? super.read() : counted.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return counted == null ? super.read(b, off, len) : counted.read(b, off, len);
        }
    }

    /**
     * Re-processes the journaled rows of a feed with its current mapping, as one new run named {@code replay:...}.
     * Record-level idempotency makes it safe: a row whose mapped content is unchanged changes nothing.
     */
    public ImportSummary replay(RecordMapper mapper, Path rejectsPath) {
        return replay(mapper, startReplay(mapper), rejectsPath);
    }

    /** A replay's journal run, started before its rows are read (so a caller can answer with its id at once). */
    public record ReplayRun(long id, String name) {
    }

    /** Journals a replay of the feed as RUNNING; {@link #replay(RecordMapper, ReplayRun, Path)} does it. */
    public ReplayRun startReplay(RecordMapper mapper) {
        String name = "replay:" + mapper.config().id() + ":" + java.time.Instant.now();
        return new ReplayRun(journal.start(mapper.config().id(), name, DigestUtils.sha256Hex(name), 0, null).id(), name);
    }

    /** Re-processes the feed's journaled rows into the replay run {@link #startReplay} journaled. */
    public ImportSummary replay(RecordMapper mapper, ReplayRun run, Path rejectsPath) {
        long started = System.nanoTime();
        String sourceId = mapper.config().id();
        String name = run.name();
        FormatSpec format = mapper.config().format();
        long[] seq = {0};
        try (LogContext.Scope log = LogContext.run(sourceId, run.id());
             ImportProgress.Handle handle = progress.start(sourceId, run.id(), 0);
             RejectsFile rejects = new RejectsFile(rejectsPath)) {
            BatchLoop<StoreRow> loop = new BatchLoop<>(batchSize, progressEvery, started,
                    rows -> counted(handle, writer.write(run.id(), sourceId, rows)), BatchLoop.Progress.NONE);
            journal.replayableRows(sourceId, row -> {
                // read back through the feed's reader, so replay parses exactly like import
                RawRecord raw = RecordReader.reread(format, row.headerText(), row.raw(), row.line());
                // replay lines are numbered in run order; the original file and line stay in the rejects report
                loop.add(toStoreRow(mapper, raw, ++seq[0], rejects));
            });
            ImportCounts counts = loop.finish();
            long ms = elapsedMs(started);
            journal.finish(run.id(), "DONE", counts, ms, null);
            ImportSummary s = new ImportSummary(run.id(), sourceId, name, "DONE", counts, ms, rejects.pathIfAny(), null);
            LOG.info("replay finished: {}", s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rejects file " + rejectsPath, e);
        }
    }

    private static ImportCounts counted(ImportProgress.Handle handle, ImportCounts batch) {
        handle.committed(batch.read());
        return batch;
    }

    /**
     * What re-mapping one rejected row did: {@code status} IMPORTED, UPDATED, UNCHANGED or SKIPPED (stored by
     * {@code storedBy}, a run of its own), REJECTED (rejected again by the current mapping: field, value, reason;
     * nothing written) or ALREADY_REPROCESSED (stored before by {@code storedBy}: nothing done).
     */
    public record RowOutcome(long run, long line, String status, Long storedBy, String field, String value, String reason) {
    }

    /** Why one row cannot be re-mapped: not there (404), or not a row that can be (409). */
    public static final class RowRefused extends RuntimeException {
        private final boolean missing;

        RowRefused(boolean missing, String message) {
            super(message, null, false, false);
            this.missing = missing;
        }

        public boolean missing() {
            return missing;
        }
    }

    private static final class LostRace extends RuntimeException {
        LostRace() {
            super(null, null, false, false);
        }
    }

    /**
     * Re-maps one rejected row of a run with the feed's mapping as given (fixed since), once. Mapped, it is stored
     * as a run of its own named {@code reprocess:<feed>:run <id> line <n>}, and the rejected row notes that run in
     * the same transaction: a second call (or one racing this one) finds it noted and writes nothing. Rejected again,
     * nothing is written and the reason is returned; the row stays rejected, for a later fix. Replay leaves
     * reprocess runs out (it replays the original row).
     */
    public RowOutcome reprocessRow(RecordMapper mapper, long runId, long line) {
        long started = System.nanoTime();
        String sourceId = mapper.config().id();
        ImportJournal.StoredRow row = journal.storedRow(runId, line)
                .orElseThrow(() -> new RowRefused(true, "no line " + line + " in run " + runId));
        if (!row.sourceId().equals(sourceId))
            throw new IllegalArgumentException("line " + line + " of run " + runId + " is of feed " + row.sourceId() + ", not " + sourceId);
        if (!"REJECTED".equals(row.outcome()))
            throw new RowRefused(false, "line " + line + " of run " + runId + " was " + row.outcome() + ", not rejected");
        if (row.reprocessedRun() != null)
            return new RowOutcome(runId, line, "ALREADY_REPROCESSED", row.reprocessedRun(), null, null, null);
        if (row.raw() == null)
            throw new RowRefused(false, "line " + line + " of run " + runId + " has no raw text kept (too long for "
                    + "guestlink.journal.max-raw-chars, or cleared after guestlink.retention.journal-raw-text-days): "
                    + "import the original file again");
        RawRecord raw = RecordReader.reread(mapper.config().format(), row.headerText(), row.raw(), line);
        RecordMapper.Journaled j = mapper.mapForJournal(raw); // a row journaled before V16 may still hold its number
        MappingOutcome outcome = j.outcome();
        if (outcome instanceof MappingOutcome.Rejected r)
            return new RowOutcome(runId, line, "REJECTED", null, r.field(), r.value(), r.reason());
        StoreRow stored = outcome instanceof MappingOutcome.Mapped m ? StoreRow.mapped(line, j.raw(), m.record(), m.flags())
                : StoreRow.skippedRow(line, j.raw());
        String name = "reprocess:" + sourceId + ":run " + runId + " line " + line;
        long by = journal.start(sourceId, name, DigestUtils.sha256Hex(name + " " + java.time.Instant.now() + " " + started),
                0, row.headerText()).id();
        ImportCounts counts;
        try {
            counts = writer.write(by, sourceId, List.of(stored), tx -> {
                if (!ImportJournal.markReprocessed(tx, runId, line, by)) throw new LostRace();
            });
        } catch (LostRace lost) {
            journal.finish(by, "DUPLICATE", ImportCounts.ZERO, elapsedMs(started), "line " + line + " of run " + runId
                    + " was reprocessed by another call at the same time; nothing written");
            return new RowOutcome(runId, line, "ALREADY_REPROCESSED",
                    journal.storedRow(runId, line).map(ImportJournal.StoredRow::reprocessedRun).orElse(null), null, null, null);
        }
        journal.finish(by, "DONE", counts, elapsedMs(started), null);
        String status = counts.imported() > 0 ? "IMPORTED" : counts.updated() > 0 ? "UPDATED"
                : counts.unchanged() > 0 ? "UNCHANGED" : "SKIPPED";
        LOG.info("{}: line {} of run {} reprocessed: {} by run {}", sourceId, line, runId, status, by);
        return new RowOutcome(runId, line, status, by, null, null, null);
    }

    private ImportSummary run(RecordMapper mapper, RecordReader reader, ImportJournal.Run run, String name,
                              Path rejectsPath, long started, ImportProgress.Handle handle) throws IOException {
        String sourceId = mapper.config().id();
        BatchLoop<BatchWriter.Prepared> loop = new BatchLoop<BatchWriter.Prepared>(batchSize, progressEvery, started,
                // the file stays in the inbox until the run's end is journaled (a durable commit): see Durability
                rows -> counted(handle, writer.writePrepared(run.id(), sourceId, rows, BatchWriter.Durability.AT_RUN_END)),
                (soFar, rowsPerSecond) -> LOG.info("{} {}: {} rows so far ({} rejected), {} rows/s", sourceId, name,
                        soFar.read(), soFar.rejected(), rowsPerSecond))
                .resume(run.resumeAfterLine(), run.countsSoFar());
        long resumeAfter = run.resumeAfterLine();
        try (RejectsFile rejects = new RejectsFile(rejectsPath)) {
            // a reader thread reads and maps the next batches while this one writes (see ReadAhead); the rejects file
            // is the reader's alone until it has ended
            // it also prepares each row for writing (payload, hash, sealed raw text), so the writer does not
            ReadAhead.<BatchWriter.Prepared>run("import-reader-" + sourceId + "-run-" + run.id(), batchSize, readAhead, rows -> {
                while (reader.hasNext()) {
                    RawRecord raw = reader.next();
                    if (raw.line() <= resumeAfter) continue; // committed by the run this one resumes
                    if (!rows.put(writer.prepare(toStoreRow(mapper, raw, raw.line(), rejects)))) return;
                }
            }, row -> {
                loop.add(row);
                return true;
            });
            ImportCounts counts = loop.finish();
            long ms = elapsedMs(started);
            rejects.close();
            // a run resumed after a transient failure keeps what interrupted it, as a note beside DONE
            journal.finish(run.id(), "DONE", counts, loop.rowsThisRun(), ms,
                    run.note() == null ? null : "resumed after its last committed batch; " + run.note());
            ImportSummary summary = new ImportSummary(run.id(), sourceId, name, "DONE", counts, ms, rejects.pathIfAny(), null);
            LOG.info("import finished: {}", summary);
            return summary;
        }
    }

    private static StoreRow toStoreRow(RecordMapper mapper, RawRecord raw, long line, RejectsFile rejects) {
        // the journal and the rejects file keep the row with its ID-document number replaced by a marker
        RecordMapper.Journaled j = mapper.mapForJournal(raw);
        MappingOutcome outcome = j.outcome();
        if (outcome instanceof MappingOutcome.Mapped m) return StoreRow.mapped(line, j.raw(), m.record(), m.flags());
        if (outcome instanceof MappingOutcome.Rejected r) {
            try {
                rejects.add(raw.line(), r.field(), r.value(), r.reason(), j.raw());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the rejects file", e);
            }
            return StoreRow.rejected(line, j.raw(), r.field(), r.value(), r.reason());
        }
        return StoreRow.skippedRow(line, j.raw());
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}

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
 */
public final class FileImporter {
    private static final Logger LOG = LoggerFactory.getLogger(FileImporter.class);

    private final ImportJournal journal;
    private final BatchWriter writer;
    private final int batchSize;
    private final long progressEvery;
    private final ImportProgress progress;

    public FileImporter(ImportJournal journal, BatchWriter writer, int batchSize, long progressEvery) {
        this(journal, writer, batchSize, progressEvery, new ImportProgress());
    }

    /** @param progress where the running import tells how far it is (rows so far, rows/s) */
    public FileImporter(ImportJournal journal, BatchWriter writer, int batchSize, long progressEvery, ImportProgress progress) {
        this.journal = journal;
        this.writer = writer;
        this.batchSize = batchSize;
        this.progressEvery = progressEvery;
        this.progress = progress;
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
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return importStream(mapper, in, Files.size(file), displayName, sha256, rejectsPath);
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
        long started = System.nanoTime();
        String sourceId = mapper.config().id();
        try (RecordReader reader = RecordReader.open(in, mapper.config().format())) {
            // an empty export (0 bytes, no header) is a quiet night, not a layout error
            boolean empty = reader.columnNames() != null && reader.columnNames().isEmpty() && !reader.hasNext();
            List<String> missing = empty ? List.of() : mapper.missingColumns(reader.columnNames());
            ImportJournal.Run run = journal.start(sourceId, displayName, sha256, size, reader.headerText());
            try (LogContext.Scope log = LogContext.run(sourceId, run.id());
                 ImportProgress.Handle handle = progress.start(sourceId, run.id(), run.countsSoFar().read())) {
                return runChecked(mapper, reader, run, missing, displayName, rejectsPath, started, handle);
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

    /**
     * Re-processes the journaled rows of a feed with its current mapping, as one new run named {@code replay:...}.
     * Record-level idempotency makes it safe: a row whose mapped content is unchanged changes nothing.
     */
    public ImportSummary replay(RecordMapper mapper, Path rejectsPath) {
        long started = System.nanoTime();
        String sourceId = mapper.config().id();
        String name = "replay:" + sourceId + ":" + java.time.Instant.now();
        ImportJournal.Run run = journal.start(sourceId, name, DigestUtils.sha256Hex(name), 0, null);
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

    private ImportSummary run(RecordMapper mapper, RecordReader reader, ImportJournal.Run run, String name,
                              Path rejectsPath, long started, ImportProgress.Handle handle) throws IOException {
        String sourceId = mapper.config().id();
        BatchLoop<StoreRow> loop = new BatchLoop<StoreRow>(batchSize, progressEvery, started,
                rows -> counted(handle, writer.write(run.id(), sourceId, rows)),
                (soFar, rowsPerSecond) -> LOG.info("{} {}: {} rows so far ({} rejected), {} rows/s", sourceId, name,
                        soFar.read(), soFar.rejected(), rowsPerSecond))
                .resume(run.resumeAfterLine(), run.countsSoFar());
        try (RejectsFile rejects = new RejectsFile(rejectsPath)) {
            while (reader.hasNext()) {
                RawRecord raw = reader.next();
                if (loop.committedBefore(raw.line())) continue;
                loop.add(toStoreRow(mapper, raw, raw.line(), rejects));
            }
            ImportCounts counts = loop.finish();
            long ms = elapsedMs(started);
            rejects.close();
            journal.finish(run.id(), "DONE", counts, ms, null);
            ImportSummary summary = new ImportSummary(run.id(), sourceId, name, "DONE", counts, ms, rejects.pathIfAny(), null);
            LOG.info("import finished: {}", summary);
            return summary;
        }
    }

    private static StoreRow toStoreRow(RecordMapper mapper, RawRecord raw, long line, RejectsFile rejects) {
        MappingOutcome outcome = mapper.map(raw);
        if (outcome instanceof MappingOutcome.Mapped m) return StoreRow.mapped(line, raw.raw(), m.record());
        if (outcome instanceof MappingOutcome.Rejected r) {
            try {
                rejects.add(raw.line(), r.field(), r.value(), r.reason(), raw.raw());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the rejects file", e);
            }
            return StoreRow.rejected(line, raw.raw(), r.field(), r.value(), r.reason());
        }
        return StoreRow.skippedRow(line, raw.raw());
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}

package io.guestlink.pipeline;

import io.guestlink.ingest.poll.ColumnText;
import io.guestlink.ingest.poll.PollQuery;
import io.guestlink.ingest.poll.WatermarkWindow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestlink.ingest.MappingOutcome;
import io.guestlink.ingest.PollSpec;
import io.guestlink.ingest.RawRecord;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfig;
import io.guestlink.store.BatchWriter;
import io.guestlink.model.ImportCounts;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.PollState;
import io.guestlink.model.StoreRow;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Imports the rows one poll of a database feed read: maps them with the feed's mapping (the same engine as files),
 * writes them in batches with the journal, and moves the feed's watermark in the same transaction as each batch, so a
 * crash or a legacy database going away mid-poll loses nothing: the next poll starts from the last committed batch.
 * Rows the poll reads again unchanged (the lag window, a flag not yet set) are not written twice.
 *
 * <p>The streamed rows are converted and mapped on a reader thread a few batches ahead of the polling thread, which
 * commits ({@link ReadAhead}); the polling thread keeps the run, the watermark and progress.
 */
public final class PollImporter {
    private static final Logger LOG = LoggerFactory.getLogger(PollImporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImportJournal journal;
    private final BatchWriter writer;
    private final PollState state;
    private final long progressEvery;
    private final Map<String, WatermarkWindow> windows = new ConcurrentHashMap<>();
    private final java.util.Set<String> opened = ConcurrentHashMap.newKeySet();
    private final ImportProgress progress;
    private final Map<String, Instant> succeeded = new ConcurrentHashMap<>();
    private final Instant createdAt = Instant.now();
    private final int readAhead;

    public PollImporter(ImportJournal journal, BatchWriter writer, PollState state, long progressEvery) {
        this(journal, writer, state, progressEvery, new ImportProgress());
    }

    /** @param progress where a running poll tells how far it is (rows so far, rows/s) */
    public PollImporter(ImportJournal journal, BatchWriter writer, PollState state, long progressEvery, ImportProgress progress) {
        this(journal, writer, state, progressEvery, progress, ReadAhead.DEFAULT_BATCHES);
    }

    /**
     * @param readAhead batches a reader thread may read and map ahead of the one being written (0: read, map and
     *                  write on the polling thread, one after the other)
     */
    public PollImporter(ImportJournal journal, BatchWriter writer, PollState state, long progressEvery, ImportProgress progress,
                        int readAhead) {
        if (readAhead < 0) throw new IllegalArgumentException("read-ahead of " + readAhead + " batches");
        this.journal = journal;
        this.writer = writer;
        this.state = state;
        this.progressEvery = progressEvery;
        this.progress = progress;
        this.readAhead = readAhead;
    }

    /**
     * When the feed's last poll in this process went through (read every row it asked for, whether or not any was
     * new); when none has yet, when this process started polling: the poll lag an operator watches grows from there.
     */
    public Instant lastSucceeded(String sourceId) {
        return succeeded.getOrDefault(sourceId, createdAt);
    }

    /** What one poll did. {@code read} counts rows the query returned; {@code counts} the rows written. */
    public record PollResult(String sourceId, long read, long alreadyApplied, ImportCounts counts, Long runId, long durationMs) {
        @Override
        public String toString() {
            return sourceId + ": " + read + " rows read, " + alreadyApplied + " already applied, " + counts
                    + (runId == null ? "" : " (run " + runId + ")") + " in " + durationMs + " ms";
        }
    }

    /** The SQL this poll runs: the configured query, windowed by the watermark and ordered. */
    public PollQuery query(SourceConfig feed, Object databaseNow) {
        return PollQuery.of(feed, feed.poll().flagMode() ? null : window(feed).from(databaseNow));
    }

    /**
     * Imports the rows of one poll.
     *
     * @param rows         the query's rows, column label to JDBC value, streamed
     * @param databaseNow  the legacy database's clock when the poll started (caps the watermark); null in flag mode
     * @param afterBatch   runs after each batch committed, with its rows (flag mode marks them processed)
     */
    public PollResult importRows(RecordMapper mapper, Iterator<Map<String, Object>> rows, Object databaseNow,
                                 Consumer<List<Map<String, Object>>> afterBatch) {
        return importRows(mapper, rows, databaseNow, afterBatch, () -> false);
    }

    /**
     * As above; {@code stopping} is asked after each batch, so a shutdown during a long first poll ends after the
     * batch in hand (committed with its watermark) instead of waiting for the whole table.
     */
    public PollResult importRows(RecordMapper mapper, Iterator<Map<String, Object>> rows, Object databaseNow,
                                 Consumer<List<Map<String, Object>>> afterBatch, java.util.function.BooleanSupplier stopping) {
        long started = System.nanoTime();
        SourceConfig feed = mapper.config();
        PollSpec p = feed.poll();
        // a poll cut short by a stop or a crash left its run open: it ended, interrupted, where its last batch did
        if (opened.add(feed.id())) journal.closeInterrupted(feed.id(), "poll:" + feed.id() + ":");
        ColumnText text = new ColumnText(p.charsets(), feed.timeZone());
        WatermarkWindow window = p.flagMode() ? null : window(feed);
        Long[] runId = {null}; // a run is journaled once the poll meets its first new row
        ImportProgress.Handle[] handle = {null};
        LogContext.Scope[] runLog = {null};
        LogContext.Scope feedLog = LogContext.feed(feed.id());
        BatchLoop<Polled> loop = new BatchLoop<>(p.batchSize(), progressEvery, started,
                batch -> {
                    ImportCounts written = commit(feed, runId[0], batch, window, databaseNow, afterBatch);
                    handle[0].committed(written.read());
                    return written;
                },
                (soFar, rowsPerSecond) -> LOG.info("{}: {} rows so far ({} rejected), {} rows/s", feed.id(), soFar.read(),
                        soFar.rejected(), rowsPerSecond),
                stopping);
        AtomicLong read = new AtomicLong();
        AtomicLong already = new AtomicLong();
        try {
            // a reader thread streams, converts and maps the next batches while this one writes (see ReadAhead); the
            // run, its journal, progress and the watermark stay on this thread
            ReadAhead.<Polled>run("poll-reader-" + feed.id(), p.batchSize(), readAhead, sink -> {
                long line = 0;
                boolean columnsChecked = false;
                while (rows.hasNext()) {
                    Map<String, Object> row = rows.next();
                    read.incrementAndGet();
                    if (!columnsChecked) {
                        List<String> missing = mapper.missingColumns(new ArrayList<>(row.keySet()));
                        if (!missing.isEmpty()) throw new IllegalStateException("feed " + feed.id() + ": poll.query returns no column "
                                + missing + "; it returns " + row.keySet());
                        columnsChecked = true;
                    }
                    // A row read again inside the lag window is recognised by its key and a digest of the values as
                    // the driver returned them, before they are decoded, formatted and written as JSON: at 1,000
                    // changes/s each poll re-reads about ten rows for every one it writes.
                    String key = sourceKey(feed, column -> text.value(row, column));
                    String hash = window == null ? null : text.digest(row); // flag mode keeps no window
                    if (window != null && !isNew(window, key, hash)) {
                        already.incrementAndGet();
                        continue;
                    }
                    Map<String, String> values = text.values(row);
                    String raw = json(values);
                    Polled polled = new Polled(writer.prepare(toStoreRow(mapper, feed, new RawRecord(++line, values, raw, null, false), key)), row,
                            key, hash, window == null ? null : row.get(columnLabel(row, p.watermark())),
                            String.valueOf(row.get(columnLabel(row, p.tieBreakerOr(feed.key())))));
                    if (!sink.put(polled)) return;
                }
            }, polled -> {
                if (runId[0] == null) { // a run is journaled once the poll meets its first new row
                    runId[0] = journal.start(feed.id(), "poll:" + feed.id() + ":" + Instant.now(),
                            DigestUtils.sha256Hex(feed.id() + System.nanoTime()), 0, null).id();
                    runLog[0] = LogContext.run(feed.id(), runId[0]);
                    handle[0] = progress.start(feed.id(), runId[0], 0);
                }
                if (loop.add(polled)) return true;
                LOG.info("{}: stopping after {} rows; the next poll goes on from the watermark", feed.id(), loop.counts().read());
                return false;
            });
            ImportCounts counts = loop.finish();
            PollResult result = new PollResult(feed.id(), read.get(), already.get(), counts, runId[0], elapsedMs(started));
            state.succeeded(feed.id());
            succeeded.put(feed.id(), Instant.now());
            if (runId[0] != null) {
                journal.finish(runId[0], "DONE", counts, result.durationMs(), null);
                LOG.info("poll finished: {}", result);
            }
            return result;
        } catch (RuntimeException | IOException e) {
            // committed batches stay committed with their watermark; the next poll starts after them. The window in
            // memory goes: a watermark feed's batches do not wait for the disk (see commit), so after a server crash
            // the store may hold fewer of them than the window has seen; the next poll reads its mark from the store.
            if (window != null) windows.remove(feed.id(), window);
            if (runId[0] != null) journal.finish(runId[0], "FAILED", loop.counts(), elapsedMs(started), String.valueOf(e.getMessage()));
            throw e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
        } finally {
            if (handle[0] != null) handle[0].close();
            if (runLog[0] != null) runLog[0].close();
            feedLog.close();
        }
    }

    /** Records a poll that failed before or while reading (query error, permission denied, database down). */
    public void failed(String sourceId, Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String why = root == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (cause: " + root.getMessage() + ")";
        state.failed(sourceId, why);
    }

    /** Every database feed's watermark, rows applied and last error. */
    public List<PollState.Mark> states() {
        return state.all();
    }

    /** Forgets a feed's watermark and what it has seen: the next poll reads the whole table again. */
    public void resync(String sourceId) {
        state.reset(sourceId);
        windows.remove(sourceId);
    }

    private WatermarkWindow window(SourceConfig feed) {
        return windows.computeIfAbsent(feed.id(), id -> {

            PollState.Mark m = state.read(id).orElse(null);
            return new WatermarkWindow(feed.poll().lagDuration(), feed.poll().lagNumber(),
                    m == null ? null : m.watermark(), m == null ? null : m.tieBreaker());
        });
    }

    /** One batch, its journal rows and the feed's new watermark in one transaction; then the window and the flags. */
    private ImportCounts commit(SourceConfig feed, long runId, List<Polled> batch, WatermarkWindow window, Object databaseNow,
                                Consumer<List<Map<String, Object>>> afterBatch) {
        Comparable<?> next = window == null ? null : nextMark(window, lastMark(batch), databaseNow);
        String tie = batch.get(batch.size() - 1).tie();
        // A watermark feed's batch commits without waiting for the disk (Durability.AT_RUN_END): the legacy table keeps
        // its rows, a server crash loses whole batches with their watermark (and the window in memory goes with the
        // failed poll), and the poll's end in the journal is a durable commit that puts every batch before it on disk.
        // Flag mode marks the legacy rows processed after each batch, which cannot be taken back: its batches wait.
        ImportCounts written = writer.writePrepared(runId, feed.id(), batch.stream().map(Polled::row).toList(), tx -> {
            if (window != null) state.moveWatermark(tx, feed.id(), WatermarkWindow.text(next), tie, batch.size());
        }, window == null ? BatchWriter.Durability.ON_COMMIT : BatchWriter.Durability.AT_RUN_END);
        if (window != null) {
            synchronized (window) {
                window.moveTo(next, tie);
                for (Polled r : batch) window.applied(r.key(), r.hash(), r.mark());
            }
        }
        afterBatch.accept(batch.stream().map(Polled::source).toList());
        return written;
    }

    private static Comparable<?> nextMark(WatermarkWindow window, Object rowMark, Object databaseNow) {
        synchronized (window) { // the reader thread asks the window meanwhile (isNew)
            return window.next(rowMark, databaseNow);
        }
    }

    /** Whether the window has not yet applied this content of the row (asked by the reader thread). */
    private static boolean isNew(WatermarkWindow window, String key, String hash) {
        synchronized (window) {
            return window.isNew(key, hash);
        }
    }

    /** The last watermark of a batch: rows come ordered by watermark; NULL watermarks (first poll only) do not move it. */
    private static Object lastMark(List<Polled> batch) {
        for (int i = batch.size() - 1; i >= 0; i--) if (batch.get(i).mark() != null) return batch.get(i).mark();
        return null;
    }

    private static StoreRow toStoreRow(RecordMapper mapper, SourceConfig feed, RawRecord raw, String key) {
        // the journal keeps the row with its ID-document number replaced by a marker
        RecordMapper.Journaled j = mapper.mapForJournal(raw);
        MappingOutcome outcome = j.outcome();
        if (outcome instanceof MappingOutcome.Mapped m) return StoreRow.mapped(raw.line(), j.raw(), m.record(), m.flags());
        if (outcome instanceof MappingOutcome.Rejected r) {
            // the value is journaled (masked where it identifies a person), never logged
            LOG.warn("{}: row {} rejected: field {}: {}", feed.id(), key.isEmpty() ? "without a key" : "with key " + key,
                    r.field(), r.reason());
            return StoreRow.rejected(raw.line(), j.raw(), r.field(), r.value(), r.reason());
        }
        return StoreRow.skippedRow(raw.line(), j.raw());
    }

    /** @param column the text of a column of the row (its label in any case), null when absent */
    private static String sourceKey(SourceConfig feed, java.util.function.Function<String, String> column) {
        StringBuilder sb = new StringBuilder();
        for (String name : feed.key()) {
            if (sb.length() > 0) sb.append('|');
            String v = column.apply(name);
            sb.append(v == null ? "" : v);
        }
        return sb.toString();
    }

    /** The row's own spelling of a configured column name (databases differ in the case they report). */
    private static String columnLabel(Map<String, Object> row, String column) {
        if (row.containsKey(column)) return column;
        for (String k : row.keySet()) if (k.equalsIgnoreCase(column)) return k;
        throw new IllegalStateException("poll.query returns no column '" + column + "'; it returns " + row.keySet());
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** A polled row as stored, with what the watermark and the flag update need of it. */
    /** @param row prepared for writing on the reader thread */
    private record Polled(BatchWriter.Prepared row, Map<String, Object> source, String key, String hash, Object mark, String tie) {
    }
}

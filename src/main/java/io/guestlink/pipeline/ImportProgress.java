package io.guestlink.pipeline;

import io.guestlink.store.ImportJournal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The imports running in this process right now (files, replays, database polls), and how far each is: rows so far
 * (committed, with what an interrupted run it resumes had counted) and rows per second since it started here. The
 * importers update it after each committed batch; metrics and the API read it. Nothing about a row, only counts.
 *
 * <p>It also counts the bytes read so far of the file being read, so a run whose row total is unknown (a streamed
 * file) still gets an estimate of the time left (bytes left at the rate read so far). A run this process is not
 * reading (another node's, one a crash left RUNNING, a replay of journal rows) gets no estimate: null, never a guess.
 *
 * <p>Thread-safe: imports of different feeds run side by side, readers ask at any time.
 */
public final class ImportProgress {
    /**
     * One running import.
     *
     * @param feed          the feed id
     * @param runId         the journal's run id
     * @param rowsSoFar     rows committed so far (a resumed run counts what it had before)
     * @param rowsThisStart rows committed since it (re)started in this process, what {@link #rowsPerSecond} is over
     * @param startedAt     when it (re)started in this process
     * @param now           when this was read
     */
    public record Running(String feed, long runId, long rowsSoFar, long rowsThisStart, Instant startedAt, Instant now) {
        /** Rows per second since it started here; 0 in its first second. */
        public double rowsPerSecond() {
            double seconds = Duration.between(startedAt, now).toMillis() / 1000.0;
            return seconds < 1 ? 0 : rowsThisStart / seconds;
        }
    }

    /** The handle an importer holds while its run goes on; closed when the run ends, however it ends. */
    public final class Handle implements AutoCloseable {
        private final String feed;
        private final long runId;
        private final long before;
        private final Instant startedAt;
        private volatile long committed;

        private Handle(String feed, long runId, long before) {
            this.feed = feed;
            this.runId = runId;
            this.before = before;
            this.startedAt = clock.instant();
        }

        /** A batch of this many rows was committed. Called by the run's own thread only. */
        public void committed(long rows) {
            committed += rows;
        }

        private Running snapshot() {
            long n = committed;
            return new Running(feed, runId, before + n, n, startedAt, clock.instant());
        }

        @Override
        public void close() {
            running.remove(runId, this);
        }
    }

    private final Clock clock;
    private final Map<Long, Handle> running = new ConcurrentHashMap<>();

    public ImportProgress(Clock clock) {
        this.clock = clock;
    }

    public ImportProgress() {
        this(Clock.systemUTC());
    }

    /**
     * A run starts (or resumes) here.
     *
     * @param rowsBefore rows an interrupted run it resumes had committed already
     */
    public Handle start(String feed, long runId, long rowsBefore) {
        Handle h = new Handle(feed, runId, rowsBefore);
        running.put(runId, h);
        return h;
    }

    /** Every import running now, oldest first. */
    public List<Running> running() {
        return running.values().stream().map(Handle::snapshot).sorted(Comparator.comparing(Running::startedAt)).toList();
    }

    /**
     * Whether a bulk load runs now: any running import that {@code steady} does not call a database feed's steady
     * poll. The identity worker stops between its rounds for a bulk load (a file import, a replay, a first poll of a
     * legacy table, a catch-up after the PMS was away) and links after it. A feed's steady polls (the changes since
     * the last poll, every few seconds all day) must not count: under a busy PMS the worker would otherwise never
     * link, each of its drains indexing the queue, meeting the next poll and giving up.
     */
    public boolean bulkLoading(java.util.function.Predicate<Running> steady) {
        for (Handle h : running.values()) if (!steady.test(h.snapshot())) return true;
        return false;
    }

    /**
     * Whether a run of a database feed's poll is a steady one: it has not yet both committed more than two of its
     * feed's batches and run longer than the feed's period. A first poll of a big table passes both within seconds; a
     * poll of the changes since the last one stays within one of them (at 1,000 changes/s a poll a second reads about
     * one batch; a poll every five seconds reads five, and ends well within its period).
     */
    public static boolean steadyPoll(Running run, int batchSize, Duration every) {
        return run.rowsSoFar() <= 2L * batchSize || Duration.between(run.startedAt(), run.now()).compareTo(every) <= 0;
    }

    /** The run, while it runs in this process. */
    public Optional<Running> run(long runId) {
        return Optional.ofNullable(running.get(runId)).map(Handle::snapshot);
    }

    /** The feed's running import (the oldest, should a feed run two), if any. */
    public Optional<Running> ofFeed(String feed) {
        return running().stream().filter(r -> r.feed().equals(feed)).findFirst();
    }

    /**
     * A journaled run's progress: its status, the rows committed so far, rows per second (over its life so far while
     * it runs, the journal's figure once it ended), the estimated seconds left (0 once ended, null when unknown), and
     * the bytes read of how many (null when this process is not reading the file).
     */
    public record Progress(String status, long rowsSoFar, Double rowsPerSecond, Long estimatedSecondsLeft, Long bytesRead,
                           Long bytesTotal) {
    }

    private record Reading(long size, AtomicLong bytes) {
    }

    private final Map<Long, Reading> reading = new ConcurrentHashMap<>();

    /** Counts the bytes read of {@code in} for {@code runId} until {@link #ended}. */
    InputStream reading(long runId, long size, InputStream in) {
        AtomicLong bytes = new AtomicLong();
        reading.put(runId, new Reading(size, bytes));
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) bytes.incrementAndGet();
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) bytes.addAndGet(n);
                return n;
            }
        };
    }

    void ended(long runId) {
        reading.remove(runId);
    }

    /** The progress of a journaled run as of {@code now}. */
    public Progress of(ImportJournal.RunDetail run, Instant now) {
        ImportJournal.FileSummary s = run.summary();
        long rows = s.counts().read();
        if (!"RUNNING".equals(s.status())) return new Progress(s.status(), rows, s.rowsPerSecond(), 0L, null, null);
        double seconds = Math.max(0, Duration.between(s.startedAt(), now).toMillis()) / 1000.0;
        Double rate = seconds > 0 ? rows / seconds : null;
        Reading r = reading.get(s.id());
        if (r == null) return new Progress(s.status(), rows, rate, null, null, null);
        long bytes = Math.min(r.bytes().get(), r.size());
        Long left = r.size() > 0 && bytes > 0 && seconds > 0 ? Math.round(seconds * (r.size() - bytes) / bytes) : null;
        return new Progress(s.status(), rows, rate, left, bytes, r.size());
    }
}

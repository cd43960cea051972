package io.guestlink.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The imports running in this process right now (files, replays, database polls), and how far each is: rows so far
 * (committed, with what an interrupted run it resumes had counted) and rows per second since it started here. The
 * importers update it after each committed batch; metrics and the API read it. Nothing about a row, only counts.
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

    /** The run, while it runs in this process. */
    public Optional<Running> run(long runId) {
        return Optional.ofNullable(running.get(runId)).map(Handle::snapshot);
    }

    /** The feed's running import (the oldest, should a feed run two), if any. */
    public Optional<Running> ofFeed(String feed) {
        return running().stream().filter(r -> r.feed().equals(feed)).findFirst();
    }
}

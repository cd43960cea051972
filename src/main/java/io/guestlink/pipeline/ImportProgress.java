package io.guestlink.pipeline;

import io.guestlink.store.ImportJournal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the imports running in this process are: the journal has each run's committed rows and start; this adds
 * the bytes read so far of the file being read, so a run whose row total is unknown (a streamed file) still gets an
 * estimate of the time left (bytes left at the rate read so far). A run this process is not reading (another node's,
 * one a crash left RUNNING, a replay of journal rows) gets no estimate: null, never a guess.
 */
public final class ImportProgress {
    /**
     * A run's progress: its status, the rows committed so far, rows per second (over its life so far while it runs,
     * the journal's figure once it ended), the estimated seconds left (0 once ended, null when unknown), and the
     * bytes read of how many (null when this process is not reading the file).
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

package io.guestlink.pipeline;

import io.guestlink.model.ImportCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The loop every import shares (file import, replay, database polls): rows are collected into batches of a fixed
 * size, each batch is committed in one transaction with its journal rows and its resume mark (a file's last line, a
 * feed's watermark), counts add up, and a long run reports progress every so many rows. Batch = transaction = resume
 * mark: a run cut short anywhere keeps exactly the batches committed, and the next run goes on after the last one.
 *
 * <p>One loop serves one run, from one thread.
 *
 * @param <T> what a batch is made of (a journaled row, or a polled row with what its watermark needs)
 */
public final class BatchLoop<T> {
    /** Commits one batch, in one transaction with its journal rows and resume mark, and says what it did. */
    @FunctionalInterface
    public interface Commit<T> {
        ImportCounts commit(List<T> batch);
    }

    /** Tells how far a long run is (the caller words its own log line). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (soFar, rowsPerSecond) -> { };

        void report(ImportCounts soFar, long rowsPerSecond);
    }

    private final int batchSize;
    private final long progressEvery;
    private final long startedNanos;
    private final Commit<T> commit;
    private final Progress progress;
    private final BooleanSupplier stopping;
    private final List<T> batch;
    private long resumeAfterLine;
    private ImportCounts counts = ImportCounts.ZERO;
    /** Rows the interrupted run had read before this one resumed it: not read by this run, so not in its rate. */
    private long readBefore;
    private long nextProgress;

    /**
     * @param progressEvery a progress report each time the rows committed pass another multiple of this
     * @param startedNanos  when the run started ({@link System#nanoTime}), for the rate in progress reports
     * @param stopping      asked after each full batch committed: true ends the run there (a shutdown)
     */
    public BatchLoop(int batchSize, long progressEvery, long startedNanos, Commit<T> commit, Progress progress,
                     BooleanSupplier stopping) {
        if (batchSize < 1) throw new IllegalArgumentException("a batch holds at least one row, not " + batchSize);
        if (progressEvery < 1) throw new IllegalArgumentException("progress every " + progressEvery + " rows");
        this.batchSize = batchSize;
        this.progressEvery = progressEvery;
        this.startedNanos = startedNanos;
        this.commit = commit;
        this.progress = progress;
        this.stopping = stopping;
        this.batch = new ArrayList<>(batchSize);
        this.nextProgress = progressEvery;
    }

    /** A loop that never stops early. */
    public BatchLoop(int batchSize, long progressEvery, long startedNanos, Commit<T> commit, Progress progress) {
        this(batchSize, progressEvery, startedNanos, commit, progress, () -> false);
    }

    /**
     * Goes on with an interrupted run: its lines up to {@code afterLine} were committed with these counts, so they are
     * not read again and the counts go on from there. Only before the first row.
     */
    public BatchLoop<T> resume(long afterLine, ImportCounts countsSoFar) {
        if (rowsSoFar() > 0 || resumeAfterLine > 0) throw new IllegalStateException("a run resumes before its first row");
        this.resumeAfterLine = afterLine;
        this.counts = countsSoFar;
        this.readBefore = countsSoFar.read();
        this.nextProgress = (countsSoFar.read() / progressEvery + 1) * progressEvery;
        return this;
    }

    /** Whether the interrupted run this one goes on with committed this line already (it is then skipped). */
    public boolean committedBefore(long line) {
        return line <= resumeAfterLine;
    }

    /**
     * Adds one row; a row that fills the batch commits it, then {@code stopping} is asked, then progress is reported.
     *
     * @return false when the run must stop after the batch just committed
     */
    public boolean add(T row) {
        batch.add(row);
        if (batch.size() < batchSize) return true;
        commitBatch();
        if (stopping.getAsBoolean()) return false;
        if (counts.read() >= nextProgress) {
            progress.report(counts, Math.round(rowsThisRun() * 1000.0 / Math.max(1, elapsedMs())));
            nextProgress += progressEvery;
        }
        return true;
    }

    /** Commits the rows still in hand (the last, partial batch) and returns the run's counts. */
    public ImportCounts finish() {
        if (!batch.isEmpty()) commitBatch();
        return counts;
    }

    /** What the committed batches did (with what the interrupted run had counted); rows in hand are not counted. */
    public ImportCounts counts() {
        return counts;
    }

    /** Rows committed by this run itself, without those of the interrupted run it resumed (what its rate is over). */
    public long rowsThisRun() {
        return counts.read() - readBefore;
    }

    /** Rows seen so far: committed ones and those in hand. */
    public long rowsSoFar() {
        return counts.read() + batch.size();
    }

    private void commitBatch() {
        // counts move only once the batch is committed: a failed commit leaves them at the last committed batch
        counts = counts.plus(commit.commit(List.copyOf(batch)));
        batch.clear();
    }

    private long elapsedMs() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}

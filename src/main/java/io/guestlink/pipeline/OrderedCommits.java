package io.guestlink.pipeline;

import io.guestlink.model.ImportCounts;
import org.slf4j.MDC;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writers that overlap: a run's next batch is written, in a transaction of its own, while the batch before it is
 * still being written or committing, so that on two cores the JVM's work on one batch and the database's on the other
 * go on together (one writing thread and its server backend only take turns: a quarter of the machine stayed idle).
 *
 * <p>What a single writer guarantees still holds. Batches <b>commit in run order</b>: a batch waits for the one
 * before to commit before it writes its resume mark and commits, so the store's mark (a file's last line, a feed's
 * watermark) only ever moves over committed batches, and a crash anywhere keeps a prefix of the run. <b>A batch
 * whose predecessor failed rolls back</b>: the run ends at its last committed batch, as with one writer.
 *
 * <p>Two batches written at once can meet: the same new guest in both (the store arbitrates, as between nodes:
 * {@code ProfileWrites}), the same row. A batch whose write fails while another was being written beside it is
 * written again once the one before has ended (at most {@link #MAX_ATTEMPTS} times): the failure may have been the
 * other batch's doing (a key it held, a deadlock the server broke). And a later batch that waits for the one before
 * to commit while holding a lock that one waits for would wait forever, unseen by the server's deadlock detection
 * (the wait is in the JVM): the later batch asks the server ({@link Written#blocks}) while it waits, and gives way,
 * rolling back and writing again after the one before.
 *
 * <p>One instance serves one run, from one thread (the caller of {@link #submit} and {@link #finish}); at most
 * {@code writers} batches are in hand at once (memory: that many batches).
 *
 * @param <T> what a batch is made of
 */
final class OrderedCommits<T> implements AutoCloseable {
    /** How often a batch is written when overlapping writes made it fail. */
    static final int MAX_ATTEMPTS = 3;
    /** How long a written batch waits for the one before between two asks whether it holds that one up. */
    private static final long BLOCK_CHECK_MS = 20;

    /** A batch's two steps. */
    interface Stages<T> {
        /** Writes the batch in a transaction of its own and leaves it open, on the calling thread. */
        Written write(List<T> batch);
    }

    /** A batch written, not yet committed; ended on the thread that wrote it. */
    interface Written {
        /** Writes the resume mark and commits (the batch before has committed), then what follows a commit. */
        ImportCounts commit();

        void rollback();

        /** Whether this open transaction holds a lock that {@code before} waits for. */
        boolean blocks(Written before);
    }

    /** A batch handed over: its rows, the batch before, what it has written so far and how it ended. */
    private static final class Slot<T> {
        // let go once the batch has ended: each slot points to the one before, and the chain would hold every batch
        volatile List<T> rows;
        volatile Slot<T> before;
        final CompletableFuture<ImportCounts> done = new CompletableFuture<>();
        volatile Written written;

        Slot(List<T> rows, Slot<T> before) {
            this.rows = rows;
            this.before = before;
        }
    }

    /** A batch not committed because the batch before it failed. */
    static final class BeforeFailed extends RuntimeException {
        BeforeFailed() {
            super("not committed: the batch before it failed", null, false, false);
        }
    }

    private final Stages<T> stages;
    private final int writers;
    private final ExecutorService threads;
    private final Deque<Slot<T>> inHand = new ArrayDeque<>();
    private final AtomicInteger writing = new AtomicInteger();
    private Slot<T> last;

    /**
     * @param threadName the writers' threads are named after it (with " writer 1", " writer 2", ...)
     * @param writers    batches written at once, at least 2 (one writer needs none of this)
     */
    OrderedCommits(String threadName, int writers, Stages<T> stages) {
        if (writers < 2) throw new IllegalArgumentException("overlapping writers: at least 2, not " + writers);
        this.stages = stages;
        this.writers = writers;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, threadName + " writer " + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Hands a batch over to be written and committed after the ones before; waits first while {@code writers} batches
     * are in hand. Returns what the batches committed since the last call did, in order.
     *
     * @throws RuntimeException the failure of the first batch that failed, once every batch in hand has ended
     */
    ImportCounts submit(List<T> batch) {
        ImportCounts committed = ImportCounts.ZERO;
        while (inHand.size() >= writers) committed = committed.plus(awaitOldest());
        Slot<T> slot = new Slot<>(batch, last);
        last = slot;
        inHand.add(slot);
        writing.incrementAndGet();
        Map<String, String> log = MDC.getCopyOfContextMap(); // the run's log context (feed, run) goes with its rows
        threads.execute(() -> {
            if (log != null) MDC.setContextMap(log);
            try {
                slot.done.complete(write(slot));
            } catch (Throwable t) {
                slot.done.completeExceptionally(t);
            } finally {
                slot.rows = null;
                slot.before = null;
                writing.decrementAndGet();
                MDC.clear();
            }
        });
        while (!inHand.isEmpty() && inHand.peek().done.isDone()) committed = committed.plus(awaitOldest());
        return committed;
    }

    /** Waits for every batch handed over; what those not yet counted did. Throws as {@link #submit}. */
    ImportCounts finish() {
        ImportCounts committed = ImportCounts.ZERO;
        while (!inHand.isEmpty()) committed = committed.plus(awaitOldest());
        return committed;
    }

    private ImportCounts awaitOldest() {
        Slot<T> oldest = inHand.peek();
        try {
            ImportCounts c = join(oldest.done);
            inHand.poll();
            return c;
        } catch (RuntimeException e) {
            // the batches after it roll back (their predecessor failed): wait for them, so none outlives the run
            inHand.poll();
            while (!inHand.isEmpty()) quietly(inHand.poll().done);
            throw e;
        }
    }

    /** Writes and commits one batch, in order, on a writer's thread. */
    private ImportCounts write(Slot<T> me) {
        for (int attempt = 1; ; attempt++) {
            Written w;
            try {
                w = stages.write(me.rows);
            } catch (RuntimeException e) {
                // beside another batch, the failure may be that batch's doing: again, alone, once the one before ended
                if (writing.get() < 2 || attempt >= MAX_ATTEMPTS) throw e;
                if (!endedWell(me.before)) throw new BeforeFailed();
                continue;
            }
            me.written = w;
            if (!waitForBefore(me, w)) {
                w.rollback(); // it held up the batch before, which goes first now
                me.written = null;
                if (!endedWell(me.before)) throw new BeforeFailed();
                continue;
            }
            if (me.before != null && me.before.done.isCompletedExceptionally()) {
                w.rollback();
                throw new BeforeFailed();
            }
            try {
                return w.commit();
            } catch (RuntimeException e) {
                w.rollback(); // a no-op if the commit ended the transaction
                throw e;
            } finally {
                me.written = null;
            }
        }
    }

    /**
     * Waits until the batch before has ended; false (without waiting longer) as soon as this one's open transaction
     * holds a lock the batch before waits for.
     */
    private static <T> boolean waitForBefore(Slot<T> me, Written w) {
        Slot<T> before = me.before;
        while (before != null && !before.done.isDone()) {
            try {
                before.done.get(BLOCK_CHECK_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                Written b = before.written;
                if (b != null && w.blocks(b)) return false;
            } catch (ExecutionException e) {
                return true; // it failed: this one rolls back (see write)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.rollback();
                throw new IllegalStateException("interrupted while waiting for the batch before to commit", e);
            }
        }
        return true;
    }

    /** Waits for a batch to end; whether it committed (true for none). */
    private static boolean endedWell(Slot<?> slot) {
        if (slot == null) return true;
        return quietly(slot.done);
    }

    private static boolean quietly(CompletableFuture<ImportCounts> f) {
        try {
            f.join();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static ImportCounts join(CompletableFuture<ImportCounts> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch to commit", e);
        }
    }

    /**
     * Waits for the batches in hand to end (after a failure of the caller's own, or one of theirs) and lets the
     * threads go; what those that committed did (a batch in hand is whole, with its resume mark: it may commit).
     */
    ImportCounts drain() {
        ImportCounts committed = ImportCounts.ZERO;
        boolean failed = false;
        while (!inHand.isEmpty()) {
            CompletableFuture<ImportCounts> f = inHand.poll().done;
            if (quietly(f) && !failed) committed = committed.plus(f.join());
            else failed = true; // after a failure nothing commits
        }
        threads.shutdown();
        return committed;
    }

    @Override
    public void close() {
        drain();
    }
}

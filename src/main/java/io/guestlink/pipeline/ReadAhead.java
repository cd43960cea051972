package io.guestlink.pipeline;

import org.slf4j.MDC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-off between a reader thread that reads and maps rows and the thread that writes them (the caller of
 * {@link #next}), so that reading and mapping (JVM work) overlap writing (mostly the database's work): on two cores
 * both are busy instead of taking turns.
 *
 * <p>The reader hands over chunks of rows through an {@link ArrayBlockingQueue} of {@code capacity} chunks; when the
 * queue is full it waits (back-pressure), so at most {@code capacity + 2} chunks are in memory whatever the file size
 * (the queue, the one being filled, the one being written). Nothing here commits anything: the writer's
 * {@link BatchLoop} still commits each batch with its journal rows and resume mark, so rows read ahead but not
 * committed when a run ends are simply read again by the next run.
 *
 * <p>Order and failures: chunks arrive in reading order; a reader failure travels behind the rows read before it and is
 * thrown by {@link #next} with its own type (an {@link IOException} wrapped in an {@link UncheckedIOException}).
 * {@link #close} (the writer failed, stopped, or finished) makes the reader stop at its next row and waits for its
 * thread to end: no reader outlives its run.
 *
 * @param <T> a mapped row
 */
final class ReadAhead<T> implements AutoCloseable {
    /** Reads every row and hands each to {@code sink}; stops early when the sink says so. */
    @FunctionalInterface
    interface Source<T> {
        void read(Sink<T> sink) throws IOException;
    }

    /** Where the reader puts its rows. */
    @FunctionalInterface
    interface Sink<T> {
        /** @return false when the writer is gone: stop reading */
        boolean put(T row);
    }

    private record Failure(Throwable error) {
    }

    /** Batches read ahead by default (guestlink.import.read-ahead): enough to ride out a slow commit, little memory. */
    static final int DEFAULT_BATCHES = 2;
    private static final Object END = new Object();
    private static final long OFFER_WAIT_MS = 50;

    private final BlockingQueue<Object> queue;
    private final int chunkSize;
    private final Thread thread;
    private volatile boolean closed;
    private boolean ended;

    private ReadAhead(String threadName, int chunkSize, int capacity, Source<T> source) {
        if (chunkSize < 1 || capacity < 1) throw new IllegalArgumentException("chunks of " + chunkSize + ", " + capacity + " ahead");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.chunkSize = chunkSize;
        Map<String, String> mdc = MDC.getCopyOfContextMap(); // the reader's log lines name the same feed and run
        this.thread = new Thread(() -> {
            if (mdc != null) MDC.setContextMap(mdc);
            try {
                read(source);
            } finally {
                MDC.clear();
            }
        }, threadName);
        thread.setDaemon(true); // joined by close() in any case; a daemon never keeps a JVM from stopping
    }

    /**
     * Reads every row of {@code source} into {@code write}: on a reader thread named {@code threadName} with at most
     * {@code capacity} chunks of {@code chunkSize} rows waiting, or with {@code capacity} 0 on this thread, one row at
     * a time as before the hand-off existed. {@code write} runs on this thread either way (it commits); when it
     * returns false, or throws, reading stops and the reader thread has ended before this returns.
     */
    static <T> void run(String threadName, int chunkSize, int capacity, Source<T> source, Sink<T> write) throws IOException {
        if (capacity == 0) {
            source.read(write);
            return;
        }
        try (ReadAhead<T> ahead = start(threadName, chunkSize, capacity, source)) {
            for (List<T> rows = ahead.next(); rows != null; rows = ahead.next()) {
                for (T row : rows) if (!write.put(row)) return;
            }
        }
    }

    /**
     * Starts a reader thread named {@code threadName} that hands over chunks of {@code chunkSize} rows, at most
     * {@code capacity} of them waiting.
     */
    static <T> ReadAhead<T> start(String threadName, int chunkSize, int capacity, Source<T> source) {
        ReadAhead<T> r = new ReadAhead<>(threadName, chunkSize, capacity, source);
        r.thread.start();
        return r;
    }

    private void read(Source<T> source) {
        Chunker rows = new Chunker();
        try {
            source.read(rows);
            if (rows.flush()) hand(END);
        } catch (Throwable e) { // every failure, Errors too, must reach the writer rather than leave it waiting
            if (rows.flush()) hand(new Failure(e));
        }
    }

    /** Collects rows into chunks and hands each full one over. */
    private final class Chunker implements Sink<T> {
        private List<T> rows = new ArrayList<>(chunkSize);

        @Override
        public boolean put(T row) {
            if (closed) return false;
            rows.add(row);
            return rows.size() < chunkSize || flush();
        }

        /** Hands over the rows in hand, if any; false once the writer closed the hand-off. */
        boolean flush() {
            if (rows.isEmpty()) return !closed;
            List<T> full = rows;
            rows = new ArrayList<>(chunkSize);
            return hand(full);
        }
    }

    /** Waits for room in the queue (back-pressure); false once the writer closed the hand-off. */
    private boolean hand(Object item) {
        try {
            while (!closed) {
                if (queue.offer(item, OFFER_WAIT_MS, TimeUnit.MILLISECONDS)) return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * The next chunk of rows in reading order, waiting for the reader; null once every row was handed over.
     *
     * @throws RuntimeException what the reader failed with (an IOException as UncheckedIOException), after its rows
     */
    @SuppressWarnings("unchecked")
    List<T> next() {
        if (ended) return null;
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for rows from " + thread.getName(), e);
        }
        if (item == END) {
            ended = true;
            return null;
        }
        if (item instanceof Failure f) {
            ended = true;
            Throwable e = f.error();
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof Error err) throw err;
            if (e instanceof IOException io) throw new UncheckedIOException(io);
            throw new IllegalStateException(e);
        }
        return (List<T>) item;
    }

    /** Stops the reader at its next row (if it still runs) and waits until its thread has ended. */
    @Override
    public void close() {
        closed = true;
        queue.clear(); // a reader waiting for room sees closed at its next try
        try {
            thread.join(10_000);
            if (thread.isAlive()) {
                thread.interrupt(); // blocked somewhere else than the hand-off: wake it
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
    }

    /** Whether the reader thread still runs (for tests: none may outlive its run). */
    boolean readerAlive() {
        return thread.isAlive();
    }
}

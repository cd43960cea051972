package io.guestlink.pipeline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-off between the reader thread and the writing thread, without a database. */
class ReadAheadTest {
    static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    @Test
    void shouldHandOverEveryRowInReadingOrderOnTheCallersThread() throws IOException {
        List<Long> written = new ArrayList<>();
        AtomicReference<String> writerThread = new AtomicReference<>();
        AtomicReference<String> readerThread = new AtomicReference<>();
        ReadAhead.<Long>run("test-reader-order", 7, 2, sink -> {
            readerThread.set(Thread.currentThread().getName());
            for (long i = 1; i <= 1000; i++) if (!sink.put(i)) return;
        }, row -> {
            writerThread.set(Thread.currentThread().getName());
            written.add(row);
            return true;
        });

        assertThat(written).hasSize(1000).isSorted().startsWith(1L).endsWith(1000L);
        assertThat(readerThread.get()).isEqualTo("test-reader-order");
        assertThat(writerThread.get()).isEqualTo(Thread.currentThread().getName());
        assertThat(threadAlive("test-reader-order")).isFalse();
    }

    @Test
    void shouldDeliverTheRowsReadBeforeAReaderFailureThenTheFailureWithItsType() {
        List<Long> written = new ArrayList<>();
        assertThatThrownBy(() -> ReadAhead.<Long>run("test-reader-fails", 10, 3, sink -> {
            for (long i = 1; i <= 95; i++) sink.put(i);
            throw new IOException("connection reset at line 96");
        }, row -> written.add(row)))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("connection reset at line 96");
        // the rows before the failure arrived, in order, the partial chunk included
        assertThat(written).hasSize(95).isSorted().endsWith(95L);
        assertThat(threadAlive("test-reader-fails")).isFalse();
    }

    @Test
    void shouldStopAndJoinTheReaderWhenTheWriterFails() {
        AtomicLong read = new AtomicLong();
        assertThatThrownBy(() -> ReadAhead.<Long>run("test-reader-writer-fails", 10, 2, sink -> {
            for (long i = 1; i <= 1_000_000; i++) {
                read.set(i);
                if (!sink.put(i)) return;
            }
        }, row -> {
            if (row == 25) throw new IllegalStateException("database gone");
            return true;
        })).isInstanceOf(IllegalStateException.class).hasMessage("database gone");

        assertThat(threadAlive("test-reader-writer-fails")).isFalse();
        // the reader stopped soon after: it was never more than the queue and a chunk either side ahead
        assertThat(read.get()).isLessThan(25 + (2 + 2) * 10 + 1);
    }

    @Test
    void shouldStopTheReaderWhenTheWriterStopsEarly() throws IOException {
        List<Long> written = new ArrayList<>();
        ReadAhead.<Long>run("test-reader-stop", 5, 1, sink -> {
            for (long i = 1; i <= 1_000_000; i++) if (!sink.put(i)) return;
        }, row -> {
            written.add(row);
            return row < 12; // a shutdown after the row 12's batch
        });
        assertThat(written).hasSize(12);
        assertThat(threadAlive("test-reader-stop")).isFalse();
    }

    @Test
    void shouldKeepTheReaderAtMostTheQueueAheadOfTheWriter() throws IOException {
        AtomicLong read = new AtomicLong();
        long[] maxAhead = {0};
        long[] written = {0};
        ReadAhead.<Long>run("test-reader-bound", 10, 3, sink -> {
            for (long i = 1; i <= 2000; i++) {
                read.set(i);
                if (!sink.put(i)) return;
            }
        }, row -> {
            written[0]++;
            if (written[0] % 10 == 0) {
                try {
                    Thread.sleep(1); // a slow writer: the reader fills the queue and waits
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            maxAhead[0] = Math.max(maxAhead[0], read.get() - written[0]);
            return true;
        });
        assertThat(written[0]).isEqualTo(2000);
        // queue of 3 chunks, the chunk being filled, the chunk being written: never more than 5 chunks of 10 rows
        assertThat(maxAhead[0]).isPositive().isLessThanOrEqualTo(50);
    }

    @Test
    void shouldReadOnTheCallersThreadWithoutReadAhead() throws IOException {
        List<String> threads = new ArrayList<>();
        ReadAhead.<Long>run("test-reader-none", 10, 0, sink -> {
            threads.add(Thread.currentThread().getName());
            sink.put(1L);
        }, row -> {
            threads.add(Thread.currentThread().getName());
            return true;
        });
        assertThat(threads).containsOnly(Thread.currentThread().getName()).hasSize(2);
    }
}

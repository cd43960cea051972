package io.guestlink.pipeline;

import io.guestlink.model.ImportCounts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared import loop without a database: a fake store commits batches of line numbers and keeps the resume mark
 * (the last line of the last committed batch), as BatchWriter does in one transaction.
 */
class BatchLoopTest {
    /** Commits what it is given, or fails (a crash, the database gone) on the batch number {@code failOn}. */
    static final class FakeStore implements BatchLoop.Commit<Long> {
        final List<List<Long>> commits = new ArrayList<>();
        long resumeMark;
        int failOn = -1;

        @Override
        public ImportCounts commit(List<Long> batch) {
            if (commits.size() + 1 == failOn) throw new IllegalStateException("database gone");
            commits.add(batch);
            resumeMark = batch.get(batch.size() - 1);
            long rejected = batch.stream().filter(line -> line % 4 == 0).count(); // every fourth line is rejected
            return new ImportCounts(batch.size(), batch.size() - rejected, 0, 0, rejected, 0);
        }

        List<Long> committedLines() {
            return commits.stream().flatMap(List::stream).toList();
        }
    }

    static List<Long> lines(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void eachFullBatchIsOneCommitAndTheLastPartialBatchCommitsAtTheEnd() {
        FakeStore store = new FakeStore();
        BatchLoop<Long> loop = new BatchLoop<>(3, 1000, System.nanoTime(), store, BatchLoop.Progress.NONE);
        for (long line : lines(1, 8)) {
            assertThat(loop.add(line)).isTrue();
            assertThat(loop.rowsSoFar()).isEqualTo(line);
        }
        assertThat(store.commits).containsExactly(lines(1, 3), lines(4, 6));
        assertThat(loop.counts().read()).as("rows in hand are not counted before they commit").isEqualTo(6);

        ImportCounts counts = loop.finish();
        assertThat(store.commits).containsExactly(lines(1, 3), lines(4, 6), lines(7, 8));
        assertThat(counts).isEqualTo(new ImportCounts(8, 6, 0, 0, 2, 0));
        assertThat(loop.finish()).as("nothing left to commit").isEqualTo(counts);
        assertThat(store.commits).hasSize(3);
    }

    @Test
    void aRunCutShortResumesAfterTheLastCommittedLineWithNothingLostOrDoubled() {
        FakeStore store = new FakeStore();
        store.failOn = 3;
        BatchLoop<Long> first = new BatchLoop<>(3, 1000, System.nanoTime(), store, BatchLoop.Progress.NONE);
        assertThatThrownBy(() -> lines(1, 10).forEach(first::add)).hasMessage("database gone");
        assertThat(store.resumeMark).isEqualTo(6);
        assertThat(first.counts().read()).as("counts stop at the last committed batch").isEqualTo(6);

        store.failOn = -1;
        BatchLoop<Long> again = new BatchLoop<Long>(3, 1000, System.nanoTime(), store, BatchLoop.Progress.NONE)
                .resume(store.resumeMark, first.counts());
        for (long line : lines(1, 10)) if (!again.committedBefore(line)) again.add(line);
        ImportCounts counts = again.finish();

        assertThat(store.commits).containsExactly(lines(1, 3), lines(4, 6), lines(7, 9), lines(10, 10));
        assertThat(store.committedLines()).as("every line once").isEqualTo(lines(1, 10));
        assertThat(counts).isEqualTo(new ImportCounts(10, 8, 0, 0, 2, 0));
        assertThatThrownBy(() -> again.resume(3, ImportCounts.ZERO)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void progressIsReportedAfterTheCommitThatPassesEachMultiple() {
        FakeStore store = new FakeStore();
        List<ImportCounts> reports = new ArrayList<>();
        List<Long> rates = new ArrayList<>();
        BatchLoop<Long> loop = new BatchLoop<>(2, 5, System.nanoTime(), store, (soFar, rowsPerSecond) -> {
            reports.add(soFar);
            rates.add(rowsPerSecond);
        });
        lines(1, 13).forEach(loop::add);
        loop.finish();

        assertThat(reports).extracting(ImportCounts::read).containsExactly(6L, 10L);
        assertThat(reports).extracting(ImportCounts::rejected).containsExactly(1L, 2L);
        assertThat(rates).allSatisfy(rate -> assertThat(rate).isPositive());
    }

    @Test
    void aResumedRunReportsProgressOnItsWholeCount() {
        FakeStore store = new FakeStore();
        List<Long> reported = new ArrayList<>();
        BatchLoop<Long> loop = new BatchLoop<Long>(2, 5, System.nanoTime(), store, (soFar, rate) -> reported.add(soFar.read()))
                .resume(4, new ImportCounts(4, 3, 0, 0, 1, 0));
        lines(5, 8).forEach(loop::add);
        assertThat(reported).containsExactly(6L);
    }

    @Test
    void stoppingIsAskedAfterEachCommitAndEndsTheRunBeforeItsProgressLine() {
        FakeStore store = new FakeStore();
        List<Long> reported = new ArrayList<>();
        BatchLoop<Long> loop = new BatchLoop<>(2, 2, System.nanoTime(), store, (soFar, rate) -> reported.add(soFar.read()),
                () -> store.commits.size() == 2);
        assertThat(loop.add(1L)).isTrue();
        assertThat(loop.add(2L)).isTrue();
        assertThat(loop.add(3L)).isTrue();
        assertThat(loop.add(4L)).as("the second commit is the last").isFalse();
        assertThat(store.commits).containsExactly(lines(1, 2), lines(3, 4));
        assertThat(reported).containsExactly(2L);
        assertThat(loop.rowsSoFar()).isEqualTo(loop.counts().read()).isEqualTo(4);
    }
}

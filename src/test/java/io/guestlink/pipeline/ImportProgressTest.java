package io.guestlink.pipeline;

import io.guestlink.model.ImportCounts;
import io.guestlink.store.ImportJournal;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ImportProgressTest {
    static final Instant STARTED = Instant.parse("2026-12-06T10:00:00Z");

    static ImportJournal.RunDetail run(long id, String status, long rows, Double rate) {
        return new ImportJournal.RunDetail(new ImportJournal.FileSummary(id, "feed", "f.csv", status, STARTED,
                new ImportCounts(rows, rows, 0, 0, 0, 0), null, rate, null), 1000, rows,
                status.equals("RUNNING") ? null : OffsetDateTime.ofInstant(STARTED.plusSeconds(40), ZoneOffset.UTC));
    }

    @Test
    void aPollIsABulkLoadOnceItHasCommittedMoreThanTwoBatchesAndRunLongerThanItsPeriod() {
        AlertWorkerTest.TestClock clock = new AlertWorkerTest.TestClock();
        ImportProgress progress = new ImportProgress(clock);
        // a database feed "pms-db" in batches of 1,000 polled every 5 s; any other feed is a file feed
        java.util.function.Predicate<ImportProgress.Running> steady = r -> r.feed().equals("pms-db")
                && ImportProgress.steadyPoll(r, 1_000, java.time.Duration.ofSeconds(5));
        assertThat(progress.bulkLoading(steady)).as("nothing running").isFalse();

        try (ImportProgress.Handle poll = progress.start("pms-db", 1, 0)) {
            poll.committed(2_001);
            assertThat(progress.bulkLoading(steady)).as("past two batches within its period").isFalse();
            clock.now = clock.now.plusSeconds(5);
            assertThat(progress.bulkLoading(steady)).as("for as long as its period").isFalse();
            clock.now = clock.now.plusMillis(1);
            assertThat(progress.bulkLoading(steady)).as("past two batches and longer than its period").isTrue();
        }
        try (ImportProgress.Handle poll = progress.start("pms-db", 2, 0)) {
            poll.committed(2_000);
            clock.now = clock.now.plusSeconds(60);
            assertThat(progress.bulkLoading(steady)).as("a minute long, two batches").isFalse();
        }
        try (ImportProgress.Handle resumed = progress.start("pms-db", 3, 5_000)) {
            clock.now = clock.now.plusSeconds(6);
            assertThat(progress.bulkLoading(steady)).as("a first poll resumed after 5,000 rows, 6 s on").isTrue();
        }
        try (ImportProgress.Handle file = progress.start("opera", 4, 0)) {
            assertThat(progress.bulkLoading(steady)).as("a file import before its first batch").isTrue();
        }
        assertThat(progress.bulkLoading(steady)).isFalse();
    }

    @Test
    void shouldEstimateTheTimeLeftFromTheBytesReadOfAFileBeingRead() throws Exception {
        ImportProgress progress = new ImportProgress();
        InputStream in = progress.reading(7, 1000, new ByteArrayInputStream(new byte[1000]));
        assertThat(in.readNBytes(250)).hasSize(250);
        ImportProgress.Progress p = progress.of(run(7, "RUNNING", 500, null), STARTED.plusSeconds(10));
        assertThat(p.rowsSoFar()).isEqualTo(500);
        assertThat(p.rowsPerSecond()).isEqualTo(50.0);
        assertThat(p.bytesRead()).isEqualTo(250);
        assertThat(p.bytesTotal()).isEqualTo(1000);
        // a quarter read in 10 s: three quarters left at that pace
        assertThat(p.estimatedSecondsLeft()).isEqualTo(30);
    }

    @Test
    void shouldSayNothingOfTheTimeLeftOfARunThisProcessIsNotReading() {
        ImportProgress progress = new ImportProgress();
        ImportProgress.Progress p = progress.of(run(8, "RUNNING", 500, null), STARTED.plusSeconds(10));
        assertThat(p.estimatedSecondsLeft()).isNull();
        assertThat(p.bytesRead()).isNull();
        assertThat(p.rowsPerSecond()).isEqualTo(50.0);
    }

    @Test
    void shouldForgetARunOnceItEndedAndShowTheJournalsRate() throws Exception {
        ImportProgress progress = new ImportProgress();
        progress.reading(9, 1000, new ByteArrayInputStream(new byte[1000])).readAllBytes();
        progress.ended(9);
        assertThat(progress.of(run(9, "RUNNING", 10, null), STARTED.plusSeconds(1)).estimatedSecondsLeft()).isNull();
        ImportProgress.Progress done = progress.of(run(9, "DONE", 1000, 25.0), STARTED.plusSeconds(60));
        assertThat(done.estimatedSecondsLeft()).isZero();
        assertThat(done.rowsPerSecond()).isEqualTo(25.0);
        assertThat(done.status()).isEqualTo("DONE");
    }
}

package io.guestlink.store;

import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.Survivorship;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.model.ImportSummary;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.pipeline.IdentityWorker;
import io.guestlink.pipeline.ImportProgress;
import io.guestlink.pipeline.MemoryWorker;
import io.guestlink.testing.NearDuplicateNight;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While the application stops, the identity and memory workers end their drain between two rounds: what they did is
 * committed, the rest stays queued, and the next drain (the next start) takes it. Without that, a drain of a night's
 * queue ran into Camel's graceful-shutdown timeout and failed its round on the closed store.
 */
class WorkersStopBetweenRoundsTest {
    @TempDir
    Path tmp;
    Database db;
    GoldenRecords golden;
    BatchWriter writer;
    ImportProgress progress = new ImportProgress();

    @BeforeEach
    void importANight() throws Exception {
        db = Database.open("jdbc:h2:file:" + tmp.resolve("store").toAbsolutePath(), "sa", "", 3);
        golden = new GoldenRecords(new Survivorship(Map.of("displayName", "source-priority"), List.of("OPERA")));
        writer = new BatchWriter(db, 10_000, true, golden);
        byte[] night = (NearDuplicateNight.HEADER + NearDuplicateNight.rows(20261207L, 300)).getBytes(StandardCharsets.UTF_8);
        ImportSummary s = new FileImporter(new ImportJournal(db), writer, 100, 100_000, progress).importStream(
                IdentityResolutionTest.feed(tmp, "pms", "OPERA", "LAST/FIRST TITLE"), new ByteArrayInputStream(night), night.length,
                "night.csv", FileImporter.sha256Of(night), tmp.resolve("rejects.csv"));
        assertThat(s.status()).isEqualTo("DONE");
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** A stop signal that turns on after {@code asked} questions, or never with {@link Integer#MAX_VALUE}. */
    private static java.util.function.BooleanSupplier stopAfter(AtomicInteger asked) {
        return () -> asked.getAndDecrement() <= 0;
    }

    @Test
    void theIdentityWorkerLinksSomeRoundsThenLeavesTheRestQueuedAndTheNextDrainLinksIt() {
        AtomicInteger asked = new AtomicInteger();
        IdentityWorker worker = new IdentityWorker(db, new ProbabilisticLinker(MatchModel.defaults(),
                new PersonRecords(new NameNormaliser())), golden, writer, 20, stopAfter(asked));
        long queued = worker.queued();
        assertThat(queued).as("profiles the night queued").isGreaterThan(100);

        // questions: one at the start, one per pair of rounds indexed, one per round of each of the two passes
        long rounds = (queued + 19) / 20;
        asked.set((int) (1 + (rounds + 1) / 2 + rounds + 3));
        int linked = worker.drain();
        assertThat(linked).as("three rounds of 20 of the linking pass, then the stop").isBetween(1, 60);
        long left = worker.queued();
        assertThat(left).as("the rest still queued").isBetween(1L, queued - linked);

        asked.set(Integer.MAX_VALUE);
        assertThat(worker.drain()).as("the next drain links the rest").isPositive();
        assertThat(worker.queued()).isZero();
    }

    @Test
    void theMemoryWorkerTakesSomeRoundsThenLeavesTheRestQueuedAndTheNextDrainTakesIt() {
        AtomicInteger asked = new AtomicInteger(2);
        MemoryWorker worker = new MemoryWorker(db, MemoryConfig.defaults(), Clock.systemUTC(), 50, 1, stopAfter(asked));
        long queued = worker.queued();
        assertThat(queued).as("requests the night queued").isGreaterThan(100);

        // a round takes 50 requests, and with them the other requests of the same guests
        int first = worker.drain();
        assertThat(first).as("two rounds, then the stop").isBetween(100, (int) queued - 1);
        assertThat(worker.queued()).isEqualTo(queued - first);

        asked.set(Integer.MAX_VALUE);
        assertThat(worker.drain()).isEqualTo((int) (queued - first));
        assertThat(worker.queued()).isZero();
    }
}

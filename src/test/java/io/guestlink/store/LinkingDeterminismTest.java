package io.guestlink.store;

import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.Survivorship;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.model.ImportSummary;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.pipeline.IdentityWorker;
import io.guestlink.pipeline.ImportProgress;
import io.guestlink.testing.NearDuplicateNight;
import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.StoreCounts;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same night imported into two fresh stores, in different batch sizes, with the identity worker's rounds of
 * different sizes and at different times (running all through the import, or only after it), gives the same guests:
 * the clusters compared as sets of sets of source record keys, never by generated profile ids.
 */
class LinkingDeterminismTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase first = new PostgresDatabase("guestlink_determinism");
    @RegisterExtension
    final PostgresDatabase second = new PostgresDatabase("guestlink_determinism");

    /** How one import goes: the import's batch size, the worker's round size, and whether it runs during the import. */
    private record Timing(int batchSize, int perRound, boolean workerDuringImport) {
    }

    /** One store's outcome: its clusters of source keys and how many probabilistic merges made them. */
    private record Outcome(Set<Set<String>> clusters, long probabilisticMerges) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldGiveTheSameClustersWhateverTheBatchesAndTheWorkersTiming(String store) throws Exception {
        byte[] night = (NearDuplicateNight.HEADER + NearDuplicateNight.rows(20261206L, 700)).getBytes(StandardCharsets.UTF_8);

        Outcome a = importNight(store.equals("h2") ? "h2a" : first.url(), night, new Timing(37, 23, true));
        Outcome b = importNight(store.equals("h2") ? "h2b" : second.url(), night, new Timing(1000, 5000, false));

        assertThat(a.probabilisticMerges()).as("the night has near-duplicates the linker merges").isGreaterThan(50);
        assertThat(a.clusters().stream().filter(c -> c.size() > 1).count()).as("several guests with several stays").isGreaterThan(100);
        assertThat(b.probabilisticMerges()).isEqualTo(a.probabilisticMerges());
        Set<Set<String>> onlyA = new HashSet<>(a.clusters());
        onlyA.removeAll(b.clusters());
        Set<Set<String>> onlyB = new HashSet<>(b.clusters());
        onlyB.removeAll(a.clusters());
        assertThat(onlyA).as("clusters of the first import only (the second has %s instead)", onlyB).isEmpty();
        assertThat(b.clusters()).isEqualTo(a.clusters());
    }

    private Outcome importNight(String where, byte[] night, Timing timing) throws Exception {
        boolean h2 = where.startsWith("h2");
        String url = h2 ? "jdbc:h2:file:" + tmp.resolve(where).resolve("store").toAbsolutePath() : where;
        Database db = Database.open(url, h2 ? "sa" : first.user(), "", 3);
        try {
            GoldenRecords golden = new GoldenRecords(new Survivorship(Map.of("displayName", "source-priority"), List.of("OPERA")));
            BatchWriter writer = new BatchWriter(db, 10_000, true, golden);
            ImportProgress progress = new ImportProgress();
            FileImporter importer = new FileImporter(new ImportJournal(db), writer, timing.batchSize(), 100_000, progress);
            IdentityWorker worker = new IdentityWorker(db, new ProbabilisticLinker(MatchModel.defaults(),
                    new PersonRecords(new NameNormaliser())), golden, writer, timing.perRound(), () -> !progress.running().isEmpty());

            // the identity route's timer, as often as it can, all through the import
            AtomicBoolean importing = new AtomicBoolean(true);
            Thread timer = new Thread(() -> {
                while (importing.get()) {
                    worker.drain();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            if (timing.workerDuringImport()) timer.start();
            ImportSummary s = importer.importStream(IdentityResolutionTest.feed(tmp, "pms", "OPERA", "LAST/FIRST TITLE"), new ByteArrayInputStream(night), night.length, "night.csv",
                    FileImporter.sha256Of(night), tmp.resolve(where + ".rejects.csv"));
            importing.set(false);
            if (timing.workerDuringImport()) timer.join();
            assertThat(s.status()).isEqualTo("DONE");
            assertThat(s.counts().rejected()).isZero();
            worker.drain();
            assertThat(worker.queued()).isZero();
            return new Outcome(clusters(db), StoreCounts.count(db, "SELECT COUNT(*) FROM profile_merge WHERE rule = 'probabilistic'"));
        } finally {
            db.close();
        }
    }

    /** Every live guest as the set of its records' source keys. */
    private static Set<Set<String>> clusters(Database db) throws Exception {
        Map<Long, Set<String>> byGuest = new HashMap<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT COALESCE(p.merged_into, p.id), "
                + "r.system, r.source_key FROM source_record r JOIN guest_profile p ON p.id = r.profile_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) byGuest.computeIfAbsent(rs.getLong(1), x -> new TreeSet<>()).add(rs.getString(2) + ":" + rs.getString(3));
        }
        return new HashSet<>(byGuest.values());
    }
}

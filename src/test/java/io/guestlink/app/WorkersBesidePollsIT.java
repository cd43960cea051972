package io.guestlink.app;

import io.guestlink.config.Settings;
import io.guestlink.pipeline.ImportProgress;
import io.guestlink.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity worker and guest memory work while a database feed polls its steady trickle of changes, and stop
 * between rounds for a bulk load: a file import, or a poll that has committed more than two of its batches and run
 * longer than its period (a first poll of a legacy table).
 * Before, any running poll stopped the identity worker, and under a busy PMS (a poll every second, all day) it never
 * linked: each drain indexed the queue, met the next poll and gave up. Guest memory did not stop for a bulk load, and
 * on two cores its rounds slowed a million-row first poll by a fifth.
 */
class WorkersBesidePollsIT {
    static final String POLLED = "legacy-pms-reservations";

    @TempDir
    Path root;

    @Test
    void aSteadyPollLeavesTheWorkersWorkingAndABulkLoadStopsThem() throws Exception {
        Files.createDirectories(root.resolve("sources"));
        Files.writeString(root.resolve("sources/opera-reservations.yaml"), Files.readString(Path.of("config/sources/opera-reservations.yaml")));
        // the legacy feed's URL variable is unset (not polled); its period shortened from 5 s, so the test need not wait
        Files.writeString(root.resolve("sources/" + POLLED + ".yaml"), Files.readString(Path.of("config/sources/" + POLLED + ".yaml"))
                .replace("every: PT5S", "every: PT0.2S"));
        Map<String, String> settings = new HashMap<>(TestApp.settingsFor(root, Map.of()));
        settings.put(Settings.BATCH_SIZE.key(), "10");
        try (GuestLink app = GuestLink.start(Settings.load(null, Map.of(), settings))) {
            assertThat(TestApp.importText(app, root, "opera-reservations", WorkersStopIT.reservations(30)).status()).isEqualTo("DONE");
            assertThat(app.linking().queued()).as("profiles queued for linking").isEqualTo(30);
            assertThat(app.remembering().queued()).as("requests queued for guest memory").isEqualTo(30);

            // a poll of the legacy feed (batches of 1,000) runs and has committed a batch of changes: a steady poll
            try (ImportProgress.Handle poll = app.progress().start(POLLED, 9_001, 0)) {
                poll.committed(1_000);
                assertThat(app.linking().drain()).as("linked beside a steady poll").isEqualTo(30);
                assertThat(app.linking().queued()).isZero();
                assertThat(app.remembering().drain()).as("remembered beside a steady poll").isEqualTo(30);
                assertThat(app.remembering().queued()).isZero();

                assertThat(TestApp.importText(app, root, "opera-reservations", WorkersStopIT.reservations(40, 1_000))
                        .status()).isEqualTo("DONE");
                assertThat(app.linking().queued()).isEqualTo(40);
                assertThat(app.remembering().queued()).isEqualTo(40);
                // the same poll goes on past two batches and longer than its period: a bulk load, which the worker
                // leaves the store to
                poll.committed(1_001);
                Thread.sleep(300);
                assertThat(app.linking().drain()).as("nothing linked beside a bulk load").isZero();
                assertThat(app.linking().queued()).isEqualTo(40);
                assertThat(app.remembering().drain()).as("nothing remembered beside a bulk load").isZero();
                assertThat(app.remembering().queued()).isEqualTo(40);
            }
            // a file import is a bulk load from its first row
            try (ImportProgress.Handle file = app.progress().start("opera-reservations", 9_002, 0)) {
                assertThat(app.linking().drain()).isZero();
                assertThat(app.linking().queued()).isEqualTo(40);
                assertThat(app.remembering().drain()).isZero();
                assertThat(app.remembering().queued()).isEqualTo(40);
            }
            assertThat(app.linking().drain()).isEqualTo(40);
            assertThat(app.linking().queued()).isZero();
            // linking merged nothing (forty different guests): each reservation is remembered once
            assertThat(app.remembering().drain()).isEqualTo(40);
            assertThat(app.remembering().queued()).isZero();
        }
    }
}

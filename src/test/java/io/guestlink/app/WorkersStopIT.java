package io.guestlink.app;

import io.guestlink.config.Settings;
import io.guestlink.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's stop signal reaches both workers ({@link GuestLink#stopsWhen}, which the Camel runtime sets to its
 * context's "stopping"): while it is on, a drain takes no further round and the queues stay as they are; once off, the
 * next drain empties them. How a drain ends between rounds is in {@code WorkersStopBetweenRoundsTest}.
 */
class WorkersStopIT {
    @TempDir
    Path root;

    static String reservations(int n) {
        return reservations(n, 0);
    }

    /** {@code n} reservations of as many guests, numbered from {@code from}. */
    static String reservations(int n, int from) {
        StringBuilder csv = new StringBuilder(GuestRightsIT.HEADER); // the shipped Opera feed's columns
        for (int i = from; i < from + n; i++)
            csv.append(5_000_000 + i).append(',').append(700_000 + i).append(",GUEST").append(i).append("/ANNA MRS,02-NOV-85,F,DE,de,,,,,,N,")
                    .append("07-JUN-25,11-JUN-25,SUPK,0905,BAR,3800.00,THB,RESERVED,GDS,2,0,,\n");
        return csv.toString();
    }

    @Test
    void whileTheApplicationStopsTheWorkersTakeNoRoundAndTheQueuesWaitForTheNextStart() throws Exception {
        Files.createDirectories(root.resolve("sources"));
        Files.writeString(root.resolve("sources/opera-reservations.yaml"), Files.readString(Path.of("config/sources/opera-reservations.yaml")));
        Map<String, String> settings = new HashMap<>(TestApp.settingsFor(root, Map.of()));
        settings.put(Settings.BATCH_SIZE.key(), "10");
        try (GuestLink app = GuestLink.start(Settings.load(null, Map.of(), settings))) {
            assertThat(TestApp.importText(app, root, "opera-reservations", reservations(30)).status()).isEqualTo("DONE");
            long linking = app.linking().queued();
            long memory = app.remembering().queued();
            assertThat(linking).as("profiles queued for linking").isEqualTo(30);
            assertThat(memory).as("requests queued for guest memory").isPositive();

            app.stopsWhen(() -> true);
            assertThat(app.linking().drain()).isZero();
            assertThat(app.remembering().drain()).isZero();
            assertThat(app.linking().queued()).isEqualTo(linking);
            assertThat(app.remembering().queued()).isEqualTo(memory);

            app.stopsWhen(() -> false);
            assertThat(app.linking().drain()).isEqualTo(30);
            assertThat(app.remembering().drain()).isEqualTo((int) memory);
            assertThat(app.linking().queued()).isZero();
            assertThat(app.remembering().queued()).isZero();
        }
    }
}

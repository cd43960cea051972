package io.guestlink.app;

import io.guestlink.testing.Cli;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.guestlink.app.InboxImportIT.FEED;
import static io.guestlink.app.InboxImportIT.HEADER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file imported as a person would, through the commands: a row with a phone libphonenumber rejects and an e-mail
 * that fails validation is stored, not rejected; {@code runs} counts it as flagged, {@code rejects RUN --flagged}
 * names its fields with the values masked, and neither value appears in clear in any log line.
 */
class EvidenceFlagsIT {
    static final String BAD_PHONE = "+1 212 155 0199";
    static final String BAD_EMAIL = "yu.ming@gmail";

    @RegisterExtension
    static final PhiLogScan LOGS = PhiLogScan.of(BAD_PHONE, "2121550199", "12121550199", BAD_EMAIL, "YU/MING MR");

    @TempDir
    Path tmp;
    Map<String, String> settings;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(tmp.resolve("sources"));
        Files.writeString(tmp.resolve("sources/test-res.yaml"), FEED);
        settings = new HashMap<>(TestApp.settingsFor(tmp, Map.of()));
    }

    @Test
    void shouldStoreCountAndListARowWhoseContactValuesFailValidation() throws Exception {
        Path file = Files.writeString(tmp.resolve("flags.csv"), HEADER
                + "C1,G1,YU/MING MR," + BAD_EMAIL + "," + BAD_PHONE + ",2025-06-08,2025-06-10,3500\n"
                + "C2,G2,DOE/JOHN MR,john.doe@mail.net,081-234-5678,2025-06-09,2025-06-11,1800\n");
        Cli.Result imported = Cli.run(tmp, settings, Map.of(), "import", "--feed", "test-res", file.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();

        Cli.Result runs = Cli.run(tmp, settings, Map.of(), "runs");
        assertThat(runs.exit()).as(runs.err()).isZero();
        String header = runs.out().lines().findFirst().orElseThrow();
        assertThat(header).endsWith("flagged");
        String run = runs.out().lines().filter(l -> l.contains("flags.csv")).findFirst().orElseThrow();
        String[] columns = run.trim().split("\\s+");
        assertThat(columns[columns.length - 1]).as("flagged: %s", run).isEqualTo("1");
        assertThat(columns[5]).as("imported: %s", run).isEqualTo("2");

        Cli.Result flagged = Cli.run(tmp, settings, Map.of(), "rejects", columns[0], "--flagged");
        assertThat(flagged.exit()).as(flagged.err()).isZero();
        assertThat(flagged.out().lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("line 2  IMPORTED  guest.email, guest.phone")
                .contains("kept as matching evidence", "not a valid number for region TH")
                .doesNotContain(BAD_EMAIL, "2121550199"));
        Cli.Result rejects = Cli.run(tmp, settings, Map.of(), "rejects", columns[0]);
        assertThat(rejects.out()).as("a flagged row is not a reject").isBlank();
    }
}

package io.guestlink.app;

import io.guestlink.config.ConfigurationException;
import io.guestlink.config.Settings;
import io.guestlink.store.Database;
import io.guestlink.store.RawText;
import io.guestlink.testing.Cli;
import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.StoreCounts;
import io.guestlink.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static io.guestlink.app.FtpImportIT.ROWS_WITH_ONE_BAD;
import static io.guestlink.app.InboxImportIT.FEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * `guestlink prune --dry-run` says per kind what a round would remove and removes nothing; `guestlink prune` removes
 * exactly that. And the store key: what the commands seal opens only with it; a PostgreSQL store without one, or a
 * key too short, stops the start naming the variable.
 */
class RetentionCommandsIT {
    @TempDir
    Path tmp;
    Map<String, String> settings;

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_retention");

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(tmp.resolve("sources"));
        Files.writeString(tmp.resolve("sources/test-res.yaml"), FEED);
        Files.writeString(tmp.resolve("alerts.yaml"), "rules: []\n");
        settings = new HashMap<>(TestApp.settingsFor(tmp, Map.of()));
    }

    @Test
    void aDryRunCountsWhatIsPastItsRetentionAndAPruneClearsIt() throws Exception {
        Path file = Files.writeString(tmp.resolve("res1.csv"), ROWS_WITH_ONE_BAD);
        Cli.Result imported = Cli.run(tmp, settings, Map.of(), "import", "--feed", "test-res", file.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        try (Database db = Database.open(TestApp.h2Store(tmp), "sa", "", 2,
                RawText.keyed(TestApp.STORE_KEY.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(StoreCounts.count(db, "SELECT COUNT(*) FROM import_row WHERE raw_text LIKE 'gl1:%'"))
                    .as("the command sealed its rows under the store key").isEqualTo(3);
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE import_file SET started_at = DATEADD('DAY', -100, started_at)");
            }
        }

        Cli.Result dry = Cli.run(tmp, settings, Map.of(), "prune", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).containsPattern("journal raw text +90 days +\\S+ +3 rows cleared")
                .containsPattern("source history +365 days +\\S+ +0 rows deleted")
                .containsPattern("audit +730 days +\\S+ +0 rows deleted").contains("would be");
        assertThat(rawTexts()).as("a dry run changes nothing").isEqualTo(3);

        Map<String, String> keepAudit = new HashMap<>(settings);
        keepAudit.put(Settings.RETENTION_AUDIT.key(), "0");
        Cli.Result pruned = Cli.run(tmp, keepAudit, Map.of(), "prune");
        assertThat(pruned.exit()).as(pruned.err()).isZero();
        assertThat(pruned.out()).containsPattern("journal raw text +90 days +\\S+ +3 rows cleared")
                .containsPattern("audit +for ever +- +kept");
        assertThat(rawTexts()).isZero();
        Cli.Result again = Cli.run(tmp, settings, Map.of(), "prune", "--dry-run");
        assertThat(again.out()).containsPattern("journal raw text +90 days +\\S+ +0 rows cleared");
        Cli.Result runs = Cli.run(tmp, settings, Map.of(), "runs");
        assertThat(runs.out()).as("the journal's runs and counts stay").contains("res1.csv");
    }

    @Test
    void aPostgresStoreWithoutAStoreKeyOrWithAShortOneDoesNotStart() {
        Map<String, String> onPostgres = new HashMap<>(settings);
        onPostgres.put(Settings.DB_URL.key(), pg.url());
        onPostgres.put(Settings.DB_USER.key(), pg.user());
        onPostgres.remove(Settings.STORE_KEY.key());
        assertThatThrownBy(() -> GuestLink.start(Settings.load(null, Map.of(), onPostgres)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("guestlink.store.key: not set")
                .hasMessageContaining("GUESTLINK_STORE_KEY");
        assertThatThrownBy(() -> GuestLink.start(Settings.load(null, Map.of("GUESTLINK_STORE_KEY", "too-short-key"), onPostgres)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("shorter than 32 bytes")
                .hasMessageNotContaining("too-short-key");
        try (GuestLink app = GuestLink.start(Settings.load(null, Map.of("GUESTLINK_STORE_KEY", TestApp.STORE_KEY), onPostgres))) {
            assertThat(app.database().rawText().open(app.database().rawText().seal("x"))).isEqualTo("x");
        }
    }

    private long rawTexts() throws Exception {
        try (Database db = Database.open(TestApp.h2Store(tmp), "sa", "", 2)) {
            return StoreCounts.count(db, "SELECT COUNT(*) FROM import_row WHERE raw_text IS NOT NULL");
        }
    }
}

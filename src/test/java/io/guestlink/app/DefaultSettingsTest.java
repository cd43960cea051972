package io.guestlink.app;

import io.guestlink.config.Settings;
import io.guestlink.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a newcomer gets with no setup must open: the shipped configuration, as is. */
class DefaultSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void shippedDatabaseUrlOpensAnEmbeddedStore() {
        Settings shipped = Settings.load(Path.of("config/application.properties"), Map.of(), Map.of());
        String url = shipped.get(Settings.DB_URL);
        assertThat(url).startsWith("jdbc:h2:file:./data/");
        // the same URL with its options, only the folder moved into the test's temporary directory
        String here = url.replace("./data/", tmp.toAbsolutePath() + "/");
        try (Database db = Database.open(here, shipped.get(Settings.DB_USER), shipped.get(Settings.DB_PASSWORD), 2)) {
            assertThat(db.isPostgres()).isFalse();
        }
        assertThat(Settings.DB_URL.defaultValue()).isEqualTo(url);
    }

    @Test
    void shippedIdentityConfigurationLoads() {
        Settings shipped = Settings.load(Path.of("config/application.properties"), Map.of(), Map.of());
        var identity = io.guestlink.identity.IdentityConfig.load(shipped.path(Settings.IDENTITY_CONFIG));
        assertThat(identity.probabilistic()).isTrue();
        assertThat(identity.match().review()).isLessThan(identity.match().autoMerge());
    }
}

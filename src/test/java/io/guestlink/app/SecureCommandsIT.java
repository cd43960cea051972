package io.guestlink.app;

import io.guestlink.app.camel.Runtime;
import io.guestlink.config.ConfigurationException;
import io.guestlink.config.Settings;
import io.guestlink.testing.Cli;
import io.guestlink.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.guestlink.app.FtpImportIT.ROWS_WITH_ONE_BAD;
import static io.guestlink.app.InboxImportIT.FEED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The command line's secure defaults on the real commands: a command that sends nothing runs without the alert
 * channels' secrets (only the service, which sends, needs them), and a mistyped variable or a secret on the command
 * line stops any command with the reason.
 */
class SecureCommandsIT {
    static final String ALERTS = """
            channels:
              hook: { type: webhook, url: "http://127.0.0.1:9/hook", secretEnv: GUESTLINK_TEST_HOOK_SECRET }
            rules:
              - id: returning
                on: [CHECKED_IN]
                audience: front-desk
                channels: [hook]
            """;
    @TempDir
    Path tmp;
    Map<String, String> settings;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(tmp.resolve("sources"));
        Files.writeString(tmp.resolve("sources/test-res.yaml"), FEED);
        Files.writeString(tmp.resolve("alerts.yaml"), ALERTS);
        settings = new HashMap<>(TestApp.settingsFor(tmp, Map.of()));
    }

    @Test
    void shouldRunCommandsThatSendNothingWithoutTheWebhookSecret() throws Exception {
        Path file = Files.writeString(tmp.resolve("res1.csv"), ROWS_WITH_ONE_BAD);
        Cli.Result imported = Cli.run(tmp, settings, Map.of(), "import", "--feed", "test-res", file.toString());
        assertThat(imported.exit()).as(imported.err()).isZero();
        for (String command : new String[]{"runs", "segments", "review", "alerts", "refused", "business-dates"}) {
            Cli.Result r = Cli.run(tmp, settings, Map.of(), command);
            assertThat(r.exit()).as(command + ": " + r.err()).isZero();
            assertThat(r.err()).doesNotContain("GUESTLINK_TEST_HOOK_SECRET");
        }
        Cli.Result runs = Cli.run(tmp, settings, Map.of(), "runs");
        assertThat(runs.out()).contains("res1.csv");
    }

    @Test
    void shouldNeedTheWebhookSecretOnlyWhereTheChannelsSend() throws Exception {
        try (GuestLink app = GuestLink.start(Settings.load(null, Map.of(), settings))) {
            assertThatThrownBy(() -> Runtime.create(app, tmp.resolve("none.properties"), true))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("channel hook: environment variable GUESTLINK_TEST_HOOK_SECRET (the webhook's HMAC key) is not set");
        }
        Path secret = Files.writeString(tmp.resolve("hook-secret"), "0123456789abcdef0123456789abcdef\n");
        try (GuestLink app = GuestLink.start(Settings.load(null, Map.of("GUESTLINK_TEST_HOOK_SECRET_FILE", secret.toString()), settings))) {
            assertThat(Runtime.create(app, tmp.resolve("none.properties"), true)).as("the key read from its file").isNotNull();
        }
    }

    @Test
    void shouldStopAnyCommandOnAMistypedVariableOrASecretOnTheCommandLine() {
        Cli.Result typo = Cli.run(tmp, settings, Map.of("GUESTLINK_INBOX_POLL_DELAY", "100"), "runs");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("GUESTLINK_INBOX_POLL_DELAY (from the environment)")
                .contains("did you mean GUESTLINK_INBOX_POLL_DELAY_MS (guestlink.inbox.poll-delay-ms)?");

        Cli.Result onCommandLine = Cli.run(tmp, settings, Map.of(), "--set", Settings.DB_PASSWORD.key() + "=visible-in-ps", "runs");
        assertThat(onCommandLine.exit()).isEqualTo(2);
        assertThat(onCommandLine.err()).contains("guestlink.db.password (from --set): a secret is never given on the command line")
                .doesNotContain("visible-in-ps");

        Cli.Result mistypedKey = Cli.run(tmp, settings, Map.of(), "--set", "guestlink.alert.config=x.yaml", "runs");
        assertThat(mistypedKey.exit()).isEqualTo(2);
        assertThat(mistypedKey.err()).contains("guestlink.alert.config (from --set): unknown key; did you mean guestlink.alerts.config?");
    }
}

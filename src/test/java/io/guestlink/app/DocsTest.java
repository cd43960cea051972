package io.guestlink.app;

import io.guestlink.app.cli.GuestLinkCli;
import io.guestlink.config.Settings;
import io.guestlink.config.Setting;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** README.md must stay true: every configuration key and every command it documents exist, and none is missing. */
class ReadmeTest {
    static final String README = read();

    static String read() {
        try {
            return Files.readString(Path.of("README.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everySettingIsDocumentedWithItsDefault() {
        for (Setting s : Settings.ALL) {
            assertThat(README).as("README documents " + s.key()).contains("| `" + s.key() + "` |");
            if (!s.defaultValue().isEmpty()) assertThat(README).as("README gives the default of " + s.key())
                    .contains("| `" + s.key() + "` | `" + s.defaultValue() + "` |");
        }
    }

    @Test
    void everyCommandIsDocumented() {
        for (String name : new CommandLine(new GuestLinkCli()).getSubcommands().keySet()) {
            assertThat(README).as("README documents the command " + name).contains("| `" + name);
        }
    }
}

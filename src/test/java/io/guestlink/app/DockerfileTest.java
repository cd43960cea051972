package io.guestlink.app;

import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.ChannelConfig;
import io.guestlink.config.Settings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image's secure defaults, read from the Dockerfile (no Docker daemon is needed): the service runs as
 * an unprivileged user, its heap follows the container's memory (JAVA_OPTS with MaxRAMPercentage, no fixed -Xmx),
 * every folder it writes by default is a declared volume, and a .dockerignore keeps local data out of the build.
 */
class DockerfileTest {
    private static final Pattern JSON_ITEM = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The final stage's instructions (after the last FROM), continuation lines joined; keyword to arguments. */
    static List<Map.Entry<String, String>> finalStage() throws IOException {
        String text = Files.readString(Path.of("Dockerfile")).replaceAll("\\\\\\r?\\n", " ");
        List<Map.Entry<String, String>> stage = new ArrayList<>();
        for (String line : text.split("\\r?\\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] parts = l.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(java.util.Locale.ROOT);
            if (keyword.equals("FROM")) stage.clear();
            stage.add(Map.entry(keyword, parts.length > 1 ? parts[1] : ""));
        }
        return stage;
    }

    static List<String> all(String keyword) throws IOException {
        return finalStage().stream().filter(e -> e.getKey().equals(keyword)).map(Map.Entry::getValue).toList();
    }

    static List<String> jsonItems(String args) {
        List<String> out = new ArrayList<>();
        Matcher m = JSON_ITEM.matcher(args);
        while (m.find()) out.add(m.group(1).replace("\\\"", "\""));
        return out;
    }

    @Test
    void shouldRunAsAnUnprivilegedUser() throws Exception {
        List<String> users = all("USER");
        assertThat(users).as("USER in the final stage").isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0].strip();
        assertThat(user).isNotIn("root", "0");
        // set before the command, so ENTRYPOINT and HEALTHCHECK run as that user
        List<String> order = finalStage().stream().map(Map.Entry::getKey).toList();
        assertThat(order.lastIndexOf("USER")).isLessThan(order.indexOf("ENTRYPOINT"));
    }

    @Test
    void shouldSizeTheHeapFromTheContainersMemoryThroughJavaOpts() throws Exception {
        String env = String.join(" ", all("ENV"));
        assertThat(env).contains("JAVA_OPTS=").containsPattern("-XX:MaxRAMPercentage=\\d+");
        String entrypoint = String.join(" ", jsonItems(all("ENTRYPOINT").get(0)));
        assertThat(entrypoint).contains("$JAVA_OPTS").contains("-jar guestlink.jar").doesNotContain("-Xmx").doesNotContain("-Xms");
        assertThat(env).doesNotContain("-Xmx");
        assertThat(String.join(" ", all("CMD"))).doesNotContain("-Xmx");
    }

    @Test
    void shouldDeclareAVolumeForEveryFolderWrittenByDefault() throws Exception {
        Path workdir = Path.of(all("WORKDIR").get(all("WORKDIR").size() - 1));
        List<Path> volumes = all("VOLUME").stream().flatMap(v -> jsonItems(v).stream()).map(Path::of).toList();
        Map<String, Path> written = new LinkedHashMap<>();
        String store = Settings.DB_URL.defaultValue().substring("jdbc:h2:file:".length()).split(";")[0];
        written.put(Settings.DB_URL.key(), Path.of(store));
        written.put(Settings.INBOX_DIR.key() + " (each feed's done/, failed/, .remote-work/)", Path.of(Settings.INBOX_DIR.defaultValue()));
        written.put(Settings.BROKER_DATA_DIR.key(), Path.of(Settings.BROKER_DATA_DIR.defaultValue()));
        written.put("the generated ID-document key", GuestLink.GENERATED_KEY_FILE);
        for (ChannelConfig c : AlertConfig.load(Path.of(Settings.ALERTS_CONFIG.defaultValue())).channels().values()) {
            if (c instanceof ChannelConfig.FileDrop f) written.put("alert channel " + f.name(), f.dir());
        }
        assertThat(written).as("the shipped alert file channel is among them").anySatisfy((what, p) -> assertThat(what).startsWith("alert channel"));
        written.forEach((what, path) -> {
            Path absolute = workdir.resolve(path).normalize();
            assertThat(volumes).as(what + " writes " + absolute).anySatisfy(v -> assertThat(absolute.startsWith(v)).isTrue());
        });
        // nothing is written beside the volumes: the user owns only them
        String chown = String.join(" ", all("RUN"));
        assertThat(volumes).allSatisfy(v -> assertThat(chown).contains(workdir.relativize(v).toString()));
    }

    @Test
    void shouldKeepLocalDataAndBuildOutputOutOfTheBuildContext() throws Exception {
        Path ignore = Path.of(".dockerignore");
        assertThat(ignore).exists();
        List<String> lines = Files.readAllLines(ignore).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(lines).contains(".git", "target/", "data/", "inbox/", "outbox/");
    }
}

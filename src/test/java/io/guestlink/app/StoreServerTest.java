package io.guestlink.app;

import io.guestlink.config.ConfigurationException;
import io.guestlink.config.Settings;
import io.guestlink.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded H2 store opens no TCP port unless guestlink.db.h2-server asks for one, and then H2's AUTO_SERVER
 * listens on 127.0.0.1 only (read from the kernel's socket table, /proc/net/tcp and tcp6).
 */
class StoreServerTest {
    @TempDir
    Path tmp;

    Settings shipped(Map<String, String> overrides) {
        Settings defaults = Settings.load(Path.of("config/application.properties"), Map.of(), Map.of());
        String here = defaults.get(Settings.DB_URL).replace("./data/", tmp.toAbsolutePath() + "/");
        Map<String, String> all = new java.util.HashMap<>(Map.of(Settings.DB_URL.key(), here));
        all.putAll(overrides);
        return Settings.load(Path.of("config/application.properties"), Map.of(), all);
    }

    @Test
    void shouldOpenTheShippedStoreWithoutATcpPort() {
        Settings s = shipped(Map.of());
        String url = GuestLink.storeUrl(s);
        assertThat(url).doesNotContainIgnoringCase("AUTO_SERVER");
        try (Database db = Database.open(url, s.get(Settings.DB_USER), s.get(Settings.DB_PASSWORD), 2)) {
            assertThat(db.isPostgres()).isFalse();
            assertThat(serverEntry()).as("no server announced in a lock file").isNull();
        }
    }

    /**
     * In a process of its own, as `run` is (in this JVM another test may have loaded H2 first, before the store could
     * set H2's bind address): the child opens the store and holds it while this test reads the socket table.
     */
    @Test
    void shouldListenOnLoopbackOnlyWhenAskedForTheH2Server() throws Exception {
        Settings s = shipped(Map.of(Settings.DB_H2_SERVER.key(), "true"));
        String url = GuestLink.storeUrl(s);
        assertThat(url).endsWith(";AUTO_SERVER=TRUE");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldStore.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("the child opened the store").isEqualTo("open");
            String server = serverEntry();
            assertThat(server).as("H2 announces its server in the lock file on the loopback name")
                    .matches("(127\\.0\\.0\\.1|localhost):\\d+");
            int port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
            List<String> listening = listeningAddresses(port);
            assertThat(listening).as("sockets listening on H2's port " + port).isNotEmpty()
                    .allSatisfy(a -> assertThat(a).isIn("0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"));
        } finally {
            child.getOutputStream().close(); // the child closes the store and exits
            if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) child.destroyForcibly();
        }
        assertThat(child.exitValue()).isZero();
    }

    /** The child process: opens the store at the URL given, says so, holds it until its standard input closes. */
    public static final class HoldStore {
        public static void main(String[] args) throws Exception {
            try (Database db = Database.open(args[0], "sa", "", 2)) {
                System.out.println("open");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold the store until the test is done reading the socket table
                }
            }
        }
    }

    @Test
    void shouldRefuseAutoServerInTheUrlUnlessAskedAndTheServerForAnotherDatabase() {
        Settings inUrl = shipped(Map.of(Settings.DB_URL.key(), "jdbc:h2:file:" + tmp.resolve("x") + ";AUTO_SERVER=TRUE"));
        assertThatThrownBy(() -> GuestLink.storeUrl(inUrl)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AUTO_SERVER=TRUE opens a TCP port").hasMessageContaining("guestlink.db.h2-server=true");
        Settings postgres = shipped(Map.of(Settings.DB_URL.key(), "jdbc:postgresql://127.0.0.1:5432/guestlink",
                Settings.DB_H2_SERVER.key(), "true"));
        assertThatThrownBy(() -> GuestLink.storeUrl(postgres)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("guestlink.db.h2-server = 'true': only for an embedded H2 file store");
    }

    /** The {@code server} entry of the store's H2 lock file: host:port, or null without a lock file or entry. */
    private String serverEntry() {
        Path lock = tmp.resolve("guestlink.lock.db");
        if (!Files.exists(lock)) return null;
        Properties p = new Properties();
        try (var in = Files.newInputStream(lock)) {
            p.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p.getProperty("server");
    }

    /** Local addresses (hex, as the kernel writes them) of the sockets listening on a TCP port. */
    private static List<String> listeningAddresses(int port) throws IOException {
        List<String> out = new ArrayList<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) continue;
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (local[1].equals(hexPort) && f[3].equals("0A")) out.add(local[0]);
            }
        }
        return out;
    }
}

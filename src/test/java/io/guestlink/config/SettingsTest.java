package io.guestlink.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where settings come from, what is refused at start-up, and how a mistyped name is answered. */
class SettingsTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRefuseAnUnknownSetKeyNamingTheNearestKey() {
        assertThatThrownBy(() -> Settings.fromCommandLine(null, Map.of(), Map.of("guestlink.db.ulr", "jdbc:h2:mem:x",
                "guestlink.inbox.poll-delay", "100")))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactlyInAnyOrder(
                        "guestlink.db.ulr (from --set): unknown key; did you mean guestlink.db.url? (every key: docs/configuration.md)",
                        "guestlink.inbox.poll-delay (from --set): unknown key; did you mean guestlink.inbox.poll-delay-ms? "
                                + "(every key: docs/configuration.md)"));
    }

    @Test
    void shouldRefuseAnUnknownKeyInThePropertiesFileNamingTheFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("application.properties"),
                "camel.main.name = guestlink\nguestlink.broker.lisen = tcp://127.0.0.1:61616\n");
        assertThatThrownBy(() -> Settings.load(file, Map.of(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("guestlink.broker.lisen (from " + file + "): unknown key; did you mean guestlink.broker.listen?")
                .hasMessageNotContaining("camel.main.name");
    }

    @Test
    void shouldRefuseAnUnknownGuestLinkVariableNamingTheNearestAndItsKey() {
        Settings s = Settings.load(null, Map.of("GUESTLINK_DB_ULR", "jdbc:postgresql://db/guestlink", "GUESTLINK_LEGACY_PMS_URL", "jdbc:x",
                "GUESTLINK_TEST_PG", "127.0.0.1:5432", "PATH", "/usr/bin", "GUESTLINK_HTTP_PORT", "8081"), Map.of());
        assertThatThrownBy(() -> s.refuseUnknownEnvironment(Set.of("GUESTLINK_LEGACY_PMS_URL")))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
                        "GUESTLINK_DB_ULR (from the environment): not a setting nor a variable a feed or alert channel "
                                + "names; did you mean GUESTLINK_DB_URL (guestlink.db.url)?"));
        assertThat(s.getInt(Settings.HTTP_PORT)).isEqualTo(8081);
    }

    @Test
    void shouldAcceptSettingsVariablesTheirFileFormsAndVariablesTheConfigurationNames() throws Exception {
        Path secret = Files.writeString(tmp.resolve("hook"), "0123456789abcdef0123456789abcdef\n");
        Settings s = Settings.load(null, Map.of("GUESTLINK_DB_USER", "guestlink", "GUESTLINK_ALERTS_WEBHOOK_SECRET_FILE",
                secret.toString(), "GUESTLINK_TEST_MARIADB", "127.0.0.1:3306"), Map.of());
        s.refuseUnknownEnvironment(Set.of("GUESTLINK_ALERTS_WEBHOOK_SECRET"));
        assertThat(s.environment("GUESTLINK_ALERTS_WEBHOOK_SECRET")).as("one trailing line break dropped")
                .isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(s.environment("GUESTLINK_NOT_SET")).isNull();
    }

    @Test
    void shouldReadASecretFromTheFileItsFileVariableNames() throws Exception {
        Path file = Files.writeString(tmp.resolve("db-password"), "s3cret with spaces \n");
        Settings s = Settings.load(null, Map.of("GUESTLINK_DB_PASSWORD_FILE", file.toString()), Map.of());
        assertThat(s.get(Settings.DB_PASSWORD)).isEqualTo("s3cret with spaces ");
    }

    @Test
    void shouldRefuseASecretInThePropertiesFileOrOnTheCommandLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("application.properties"), "guestlink.broker.password = in-a-file\n");
        assertThatThrownBy(() -> Settings.fromCommandLine(file, Map.of(), Map.of(Settings.HTTP_ADMIN_PASSWORD.key(), "on-the-command-line")))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactlyInAnyOrder(
                        "guestlink.broker.password (from " + file + "): a secret is never kept in a file of settings; set "
                                + "GUESTLINK_BROKER_PASSWORD or GUESTLINK_BROKER_PASSWORD_FILE (a file holding it) in the environment",
                        "guestlink.http.admin-password (from --set): a secret is never given on the command line; set "
                                + "GUESTLINK_HTTP_ADMIN_PASSWORD or GUESTLINK_HTTP_ADMIN_PASSWORD_FILE (a file holding it) in the environment"))
                .hasMessageNotContaining("in-a-file").hasMessageNotContaining("on-the-command-line");
    }

    @Test
    void shouldRefuseBothAVariableAndItsFileFormAndAnUnreadableFileWithoutShowingAValue() {
        assertThatThrownBy(() -> Settings.load(null, Map.of("GUESTLINK_IDENTITY_HMAC_KEY", "direct-0123456789abcdef",
                "GUESTLINK_IDENTITY_HMAC_KEY_FILE", "/run/secrets/hmac", "GUESTLINK_DB_PASSWORD_FILE",
                tmp.resolve("missing").toString()), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactlyInAnyOrder(
                        "GUESTLINK_IDENTITY_HMAC_KEY and GUESTLINK_IDENTITY_HMAC_KEY_FILE (from the environment) are both set: keep one",
                        "GUESTLINK_DB_PASSWORD_FILE = '" + tmp.resolve("missing") + "' (from the environment): cannot be read "
                                + "(NoSuchFileException)"))
                .hasMessageNotContaining("direct-0123456789abcdef");
    }

    @Test
    void shouldNameEverySecretSettingAndKeepThemWithoutACommittedValue() throws Exception {
        assertThat(Settings.SECRETS).extracting(Setting::key).containsExactlyInAnyOrder("guestlink.db.password",
                "guestlink.identity.hmac-key", "guestlink.broker.password", "guestlink.http.tls.keystore-password",
                "guestlink.http.admin-password", "guestlink.store.key");
        assertThat(Settings.SECRETS).allSatisfy(s -> assertThat(s.defaultValue()).isEmpty());
        String shipped = Files.readString(Path.of("config/application.properties"));
        assertThat(Settings.SECRETS).allSatisfy(s -> assertThat(shipped).doesNotContain(s.key()));
    }

    @Test
    void shouldSuggestTheClosestCandidate() {
        assertThat(Settings.nearest("GUESTLINK_HTTP_PROT", List.of("GUESTLINK_HTTP_PORT", "GUESTLINK_HL7_PORT"))).isEqualTo("GUESTLINK_HTTP_PORT");
        assertThat(Settings.nearest("guestlink.sftp.knownhosts", Settings.ALL.stream().map(Setting::key).toList()))
                .isEqualTo("guestlink.sftp.known-hosts");
    }
}

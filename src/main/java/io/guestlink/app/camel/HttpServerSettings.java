package io.guestlink.app.camel;

import io.guestlink.config.ConfigurationException;
import io.guestlink.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The guestlink.http.* settings as the camel.server.* (embedded Vert.x server), camel.ssl.* (its certificate),
 * camel.metrics.* and camel.health.* keys Camel Main reads: one port for the API, health and metrics. Camel's own
 * management server (a second port) stays off.
 */
final class HttpServerSettings {
    private HttpServerSettings() {
    }

    /** @param listen false for one-off commands: no HTTP port, like the MLLP listener */
    static void apply(Settings settings, boolean listen, Properties camel) {
        boolean on = listen && settings.getFlag(Settings.HTTP_ENABLED);
        camel.setProperty("camel.server.enabled", Boolean.toString(on));
        if (!on) return;
        camel.setProperty("camel.server.host", settings.get(Settings.HTTP_BIND_ADDRESS).strip());
        camel.setProperty("camel.server.port", settings.get(Settings.HTTP_PORT).strip());
        camel.setProperty("camel.server.max-body-size", settings.get(Settings.HTTP_MAX_BODY_BYTES).strip());
        camel.setProperty("camel.metrics.enabled", "true");
        camel.setProperty("camel.metrics.enable-route-policy", "true");
        camel.setProperty("camel.health.enabled", "true");
        camel.setProperty("camel.health.routes-enabled", "true");
        camel.setProperty("camel.health.consumers-enabled", "true");
        String keystore = settings.get(Settings.HTTP_TLS_KEYSTORE).strip();
        if (!keystore.isEmpty()) {
            String password = settings.get(Settings.HTTP_TLS_KEYSTORE_PASSWORD);
            if (!Files.isRegularFile(Path.of(keystore)))
                throw new ConfigurationException(List.of(Settings.HTTP_TLS_KEYSTORE.key() + " = '" + keystore
                        + "': no such file"));
            if (password.isEmpty())
                throw new ConfigurationException(List.of(Settings.HTTP_TLS_KEYSTORE_PASSWORD.key()
                        + ": empty; set " + Settings.HTTP_TLS_KEYSTORE_PASSWORD.envName() + " for " + keystore));
            camel.setProperty("camel.ssl.enabled", "true");
            camel.setProperty("camel.ssl.key-store", "file:" + Path.of(keystore).toAbsolutePath());
            camel.setProperty("camel.ssl.keystore-password", password);
            camel.setProperty("camel.server.use-global-ssl-context-parameters", "true");
        }
    }
}

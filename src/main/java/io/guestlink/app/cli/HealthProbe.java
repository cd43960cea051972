package io.guestlink.app.cli;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * The container's HEALTHCHECK: asks this machine's GuestLink for {@code /health/ready} and exits 0 when it answers
 * 200, 1 otherwise. The port and scheme follow the same environment the service reads (GUESTLINK_HTTP_PORT,
 * GUESTLINK_HTTP_TLS_KEYSTORE); over TLS the certificate is not checked, because the probe only ever talks to
 * 127.0.0.1. A main class of its own: it must start fast and open nothing else.
 */
public final class HealthProbe {
    private HealthProbe() {
    }

    public static void main(String[] args) throws Exception {
        String port = System.getenv().getOrDefault("GUESTLINK_HTTP_PORT", "8080");
        boolean tls = !System.getenv().getOrDefault("GUESTLINK_HTTP_TLS_KEYSTORE", "").isBlank();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
        if (tls) {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[]{new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) {
                }

                public void checkServerTrusted(X509Certificate[] c, String a) {
                }

                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            b.sslContext(ssl);
        }
        try {
            HttpResponse<Void> r = b.build().send(HttpRequest.newBuilder(URI.create((tls ? "https" : "http")
                    + "://127.0.0.1:" + port.strip() + "/health/ready")).timeout(Duration.ofSeconds(4)).build(),
                    HttpResponse.BodyHandlers.discarding());
            System.exit(r.statusCode() == 200 ? 0 : 1);
        } catch (Exception e) {
            System.exit(1);
        }
    }
}

package io.guestlink.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestlink.access.ApiToken;
import io.guestlink.access.PasswordHash;
import io.guestlink.access.Role;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real HTTP client (java.net.http) for the API of a {@link TestApp} started with {@link #settings}: one user per
 * role (name = the role's id, password {@link #PASSWORD}), a system token with the operator role ({@link #TOKEN}),
 * and the first administrator from the environment ({@code admin} / {@link #ADMIN_PASSWORD}).
 */
public final class ApiClient {
    public static final String PASSWORD = "a long test password";
    public static final String ADMIN_PASSWORD = "the first admin's password";
    public static final String TOKEN = ApiToken.newToken();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A users file in {@code root}, and the settings that serve HTTP on {@code port} with it. */
    public static Map<String, String> settings(Path root, int port) throws IOException {
        StringBuilder users = new StringBuilder("users:\n");
        String hash = PasswordHash.hash(PASSWORD);
        for (Role r : Role.values()) {
            if (r == Role.ADMIN) continue;
            users.append("  - name: ").append(r.id()).append("\n    roles: [").append(r.id()).append("]\n    password: \"")
                    .append(hash).append("\"\n");
        }
        users.append("tokens:\n  - name: monitoring\n    roles: [operator]\n    sha256: \"").append(ApiToken.sha256(TOKEN)).append("\"\n");
        Path file = Files.writeString(root.resolve("users.yaml"), users);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("guestlink.http.enabled", "true");
        s.put("guestlink.http.port", Integer.toString(port));
        s.put("guestlink.http.users", file.toString());
        s.put("guestlink.http.max-body-bytes", "4096");
        return s;
    }

    public static Map<String, String> env() {
        return Map.of("GUESTLINK_HTTP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The Authorization header of a role's user (admin: the first administrator). */
    public static String as(Role role) {
        return role == Role.ADMIN ? basic("admin", ADMIN_PASSWORD) : basic(role.id(), PASSWORD);
    }

    public HttpResponse<String> send(String method, String pathAndQuery, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * GET of a server-sent event stream: the status and headers once they arrive, the body left open to read events
     * from (close it to hang up).
     */
    public HttpResponse<java.io.InputStream> stream(String pathAndQuery, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).header("Accept", "text/event-stream");
        if (authorization != null) b.header("Authorization", authorization);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    public HttpResponse<String> get(String pathAndQuery, String authorization) throws Exception {
        return send("GET", pathAndQuery, authorization, null);
    }

    /** GET with an Accept header (text/csv, ...). */
    public HttpResponse<String> get(String pathAndQuery, String authorization, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Accept", accept).GET();
        if (authorization != null) b.header("Authorization", authorization);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET expecting 200, the body as JSON. */
    public JsonNode json(String pathAndQuery, String authorization) throws Exception {
        HttpResponse<String> r = get(pathAndQuery, authorization);
        if (r.statusCode() != 200) throw new AssertionError("GET " + pathAndQuery + " -> " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    public static JsonNode parse(String body) throws IOException {
        return JSON.readTree(body);
    }

    /** One operation of the served OpenAPI document: id, method, path template, the roles of its security scopes. */
    public record Operation(String id, String method, String path, java.util.Set<String> roles) {
        /** No security scopes: open to everybody (health). */
        public boolean open() {
            return roles.isEmpty();
        }
    }

    /** Every operation of an OpenAPI document (GET /api/v1/openapi.json), in the document's order. */
    public static java.util.List<Operation> operations(JsonNode doc) {
        java.util.List<Operation> out = new java.util.ArrayList<>();
        for (var paths = doc.get("paths").fields(); paths.hasNext(); ) {
            var p = paths.next();
            for (var ops = p.getValue().fields(); ops.hasNext(); ) {
                var o = ops.next();
                java.util.Set<String> roles = new java.util.TreeSet<>();
                if (o.getValue().has("security"))
                    o.getValue().get("security").forEach(req -> req.fields().forEachRemaining(s -> s.getValue().forEach(r -> roles.add(r.asText()))));
                out.add(new Operation(o.getValue().get("operationId").asText(), o.getKey().toUpperCase(java.util.Locale.ROOT),
                        p.getKey(), roles));
            }
        }
        return out;
    }

    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Waits until readiness is UP, as a container probe would: each feed's poller is not ready before its first poll,
     * so an application just started answers 503 for a few seconds.
     */
    public void awaitReady() throws Exception {
        Wait.forValue("readiness UP", java.time.Duration.ofSeconds(30),
                () -> get("/health/ready", null).statusCode() == 200 ? Boolean.TRUE : null,
                () -> get("/health/ready", null).body());
    }
}

package io.guestlink.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.access.Role;
import io.guestlink.config.Settings;
import io.guestlink.testing.ApiClient;
import io.guestlink.testing.ApiClient.Operation;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.PostgresServer;
import io.guestlink.testing.StoreCounts;
import io.guestlink.testing.TestApp;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.guestlink.testing.ApiClient.as;
import static io.guestlink.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input and attacks against the real application on PostgreSQL (real routes, real Vert.x server, a real
 * java.net.http client), table-driven over the served OpenAPI document wherever the table is "every operation":
 * unknown paths and wrong methods, bodies over the limit (with and without a length), malformed JSON with its path,
 * line and column, SQL and script injection in every text parameter, path traversal in every path parameter,
 * malformed credentials on every guarded operation, the security headers on every kind of answer, brute force
 * slowed for Basic and tokens. The log of the whole class is
 * scanned for what it sent (names, contacts, attack strings, passwords, tokens).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpApiSecurityIT {
    /** Mr. Yu as the demo files and the searches below spell him. */
    private static final List<String> YU = List.of("于明", "YU/MING MR", "MING YU", "+66 81 234 5678", "+66812345678",
            "yu.ming@example.net", "548213907", "BR7012345", "G0008812", "100482");
    private static final List<String> ATTACKS = List.of("' OR '1'='1", "' OR 1=1 --", "\" OR \"\"=\"", "1; DROP TABLE guest_profile; --",
            "Robert'); DROP TABLE stay;--", "' UNION SELECT id, display_name, birth_date, nationality, vip_code FROM guest_profile --",
            "%' OR display_name LIKE '%", "%", "_", "*", ".*", "\\", "'; WAITFOR DELAY '0:0:5'--", "1' AND pg_sleep(5)--",
            "1 OR 1=1", "-1", "0x31", "1e3", "999999999999999999999", "admin'--", "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "#{7*7}",
            "$(id)", "`id`", "; cat /etc/passwd", "../../etc/passwd", "{\"$gt\": \"\"}", "*)(uid=*))(|(uid=*");
    private static final String WRONG_PASSWORD = "not the password of anybody 7c1e";
    private static final String WRONG_TOKEN = "glt_this-is-no-token-of-ours-4d2b";

    @RegisterExtension
    static final PhiLogScan LOGS = PhiLogScan.of(YU.toArray(String[]::new)).sent(ATTACKS.toArray(String[]::new))
            .sent(ApiClient.PASSWORD, ApiClient.ADMIN_PASSWORD, ApiClient.TOKEN, WRONG_PASSWORD, WRONG_TOKEN);

    @TempDir
    static Path tmp;
    String pgUrl;
    TestApp t;
    ApiClient api;
    int port;
    List<Operation> operations;
    long yu;

    @BeforeAll
    void start() throws Exception {
        pgUrl = PostgresServer.createDatabase("guestlink_security");
        port = FreePorts.any();
        Map<String, String> settings = new HashMap<>(ApiClient.settings(tmp, port));
        settings.put(Settings.DB_URL.key(), pgUrl);
        settings.put(Settings.DB_USER.key(), PostgresServer.USER);
        // the table of bad credentials below fails often: the throttle is tested on its own application
        settings.put(Settings.HTTP_MAX_FAILURES.key(), "100000");
        Map<String, String> feeds = new HashMap<>();
        for (String feed : List.of("opera-reservations", "cn-pms-guests"))
            feeds.put(feed, Files.readString(Path.of("config/sources", feed + ".yaml")));
        t = TestApp.in(tmp).feeds(feeds).settings(settings).env(ApiClient.env()).start();
        for (String feed : List.of("opera-reservations", "cn-pms-guests")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo", feed))) {
                for (Path f : files.toList()) t.importFile(feed, f);
            }
        }
        t.app.linking().drain();
        yu = t.app.profiles().byKey("SRC:CNPMS:G0008812").orElseThrow();
        api = new ApiClient(port);
        HttpResponse<String> doc = api.get("/api/v1/openapi.json", null);
        assertThat(doc.statusCode()).isEqualTo(200);
        operations = ApiClient.operations(ApiClient.parse(doc.body()));
        assertThat(operations).hasSizeGreaterThanOrEqualTo(16);
        api.awaitReady();
    }

    @AfterAll
    void stop() {
        try {
            if (t != null) t.close();
        } finally {
            if (pgUrl != null) PostgresServer.dropDatabase(pgUrl);
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status, String what) throws Exception {
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(what).startsWith("application/problem+json");
        JsonNode p = ApiClient.parse(r.body());
        assertThat(p.get("status").asInt()).as(what).isEqualTo(status);
        assertThat(p.get("title").asText()).as(what).isNotBlank();
    }

    /** The operation's path with every {parameter} replaced. */
    private static String path(Operation o, String value) {
        return o.path().replaceAll("\\{[^}/]+}", value);
    }

    @Test
    void noHttpRouteEscapesTheOpenApiDocumentAndItsGate() throws Exception {
        // every route the HTTP server feeds is a documented operation: a route added beside the REST DSL would be
        // neither in the document nor behind the gate, and the contract table would never call it
        Set<String> documented = new TreeSet<>();
        for (Operation o : operations) documented.add(o.id());
        List<String> undocumented = new ArrayList<>();
        int http = 0;
        for (Route r : t.main.getCamelContext().getRoutes()) {
            String uri = r.getEndpoint().getEndpointUri();
            // the REST DSL's operations consume rest:, which platform-http serves; a route of its own would be platform-http:
            if (!uri.startsWith("platform-http:") && !uri.startsWith("rest:")) continue;
            http++;
            if (!documented.contains(r.getRouteId())) undocumented.add(r.getRouteId() + " " + r.getEndpoint().getEndpointUri());
        }
        assertThat(http).as("HTTP routes").isEqualTo(operations.size());
        assertThat(undocumented).as("HTTP routes outside the OpenAPI document").isEmpty();
        // and the gate knows every guarded operation's roles from the same scopes the document publishes
        for (Operation o : operations) {
            if (o.open()) continue;
            HttpResponse<String> r = api.send(o.method(), path(o, Long.toString(yu)) + (o.id().equals("searchGuests") ? "?profile=" + yu : ""),
                    null, o.method().equals("POST") ? "{\"decision\":\"distinct\"}" : null);
            assertProblem(r, 401, o.id() + " without credentials");
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllowForEveryPath() throws Exception {
        for (String p : List.of("/api/v1/nothing", "/api/v2/guests", "/api/v1/guests/" + 1 + "/nothing", "/", "/api", "/console.php",
                "/api/v1/openapi.yaml", "/.env", "/WEB-INF/web.xml", "/api/v1/guests/1/card/extra")) {
            assertProblem(api.get(p, as(Role.ADMIN)), 404, "GET " + p);
            assertProblem(api.get(p, null), 404, "GET " + p + " without credentials");
        }
        Map<String, Set<String>> methods = new LinkedHashMap<>();
        for (Operation o : operations) methods.computeIfAbsent(o.path(), k -> new TreeSet<>()).add(o.method());
        int checked = 0;
        for (var e : methods.entrySet()) {
            String concrete = e.getKey().replaceAll("\\{[^}/]+}", Long.toString(yu));
            for (String m : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                if (e.getValue().contains(m)) continue;
                HttpResponse<String> r = api.send(m, concrete, as(Role.ADMIN), m.equals("GET") || m.equals("DELETE") ? null : "{}");
                assertProblem(r, 405, m + " " + concrete);
                assertThat(Set.of(r.headers().firstValue("Allow").orElse("").split(",\\s*"))).as(m + " " + concrete + " Allow")
                        .isEqualTo(e.getValue());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void bodiesOverTheLimitAre413OnEveryOperationWithOrWithoutALength() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        byte[] big = ("{\"decision\":\"" + "x".repeat(4200) + "\"}").getBytes(StandardCharsets.UTF_8); // limit 4096
        long before = StoreCounts.count(t.app.database(), "SELECT count(*) FROM audit_entry");
        for (Operation o : operations) {
            for (boolean chunked : List.of(false, true)) {
                HttpRequest.BodyPublisher body = chunked
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))
                        : HttpRequest.BodyPublishers.ofByteArray(big);
                String what = o.method() + " " + o.path() + (chunked ? " chunked" : "");
                // The request timeout only covers the wait for the headers; a whole-exchange deadline keeps an
                // operation that answers with an endless body (the arrival stream) from hanging the suite.
                HttpResponse<String> r = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path(o, "1")))
                        .method(o.method(), body).header("Content-Type", "application/json")
                        .header("Authorization", as(Role.ADMIN)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())
                        .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                        .exceptionally(e -> { throw new AssertionError(what + " gave no whole answer within 30 s", e); }).join();
                assertProblem(r, 413, what);
            }
        }
        assertThat(StoreCounts.count(t.app.database(), "SELECT count(*) FROM audit_entry")).as("nothing reached an operation")
                .isEqualTo(before);
    }

    @Test
    void malformedJsonIs400WithThePathLineAndColumn() throws Exception {
        String supervisor = as(Role.SUPERVISOR);
        record Case(String body, String path, Integer line, Integer column) {
        }
        for (Case c : List.of(
                new Case("{\"decision\": \"same\"", "$", 1, null),
                new Case("{\n  \"decision\": \"same\",\n  \"why\" 1\n}", "$", 3, 9),
                new Case("{\"decision\": same}", "$", 1, null),
                new Case("{\"decision\": \"same\"} {}", "$", 1, null),
                new Case("decision=same", "$", 1, null),
                new Case("\u0000", "$", 1, null),
                new Case("{\"decision\": [\"same\"]}", "$.decision", 1, null),
                new Case("{\n  \"decision\":\n    {\"is\": \"same\"}}", "$.decision", 3, null),
                new Case("{\"decision\": \"same\", \"by\": \"somebody else\"}", "$.by", null, null),
                new Case("{\"decision\": null}", "$.decision", null, null),
                new Case("{}", "$.decision", null, null),
                new Case("[]", "$", null, null),
                new Case("{\"decision\": \"maybe\"}", "$.decision", null, null),
                new Case("", "$", null, null))) {
            HttpResponse<String> r = api.send("POST", "/api/v1/reviews/1/decision", supervisor, c.body());
            assertProblem(r, 400, c.body());
            JsonNode p = ApiClient.parse(r.body());
            assertThat(p.get("path").asText()).as(c.body()).isEqualTo(c.path());
            if (c.line() != null) assertThat(p.path("line").asInt()).as(c.body() + " line: " + r.body()).isEqualTo(c.line());
            if (c.column() != null) assertThat(p.path("column").asInt()).as(c.body() + " column: " + r.body()).isEqualTo(c.column());
            if (c.line() != null) assertThat(p.path("column").asInt()).as(c.body() + ": " + r.body()).isPositive();
        }
    }

    @Test
    void injectionInEveryTextParameterFindsNothingExtraAndNeverFails() throws Exception {
        String desk = as(Role.FRONT_DESK);
        Map<String, String> legit = new LinkedHashMap<>();
        legit.put("name", "于明");
        legit.put("phone", "+66 81 234 5678");
        legit.put("email", "yu.ming@example.net");
        legit.put("confirmation", "548213907");
        legit.put("member", "BR7012345");
        legit.put("profile", Long.toString(yu));
        Map<String, Long> before = counts();
        List<String> wrong = new ArrayList<>();
        for (var field : legit.entrySet()) {
            Set<Long> found = ids(api.json("/api/v1/guests?" + field.getKey() + "=" + q(field.getValue()), desk));
            assertThat(found).as(field.getKey()).containsExactly(yu);
            for (String attack : ATTACKS) {
                // alone: finds nobody; after a real value: finds at most what the value alone finds
                check(wrong, "/api/v1/guests?" + field.getKey() + "=" + q(attack), desk, Set.of());
                check(wrong, "/api/v1/guests?" + field.getKey() + "=" + q(field.getValue() + attack), desk, found);
            }
        }
        // every other text parameter: refused (400) or answered with nothing extra, never a failure
        for (String attack : ATTACKS) {
            String a = q(attack);
            for (String path : List.of("/api/v1/guests?phone=" + q("081-234-5678") + "&region=" + a,
                    "/api/v1/guests?name=" + q("MING YU") + "&offset=" + a, "/api/v1/guests?name=" + q("MING YU") + "&limit=" + a,
                    "/api/v1/guests/" + yu + "/card?asOf=" + a, "/api/v1/reviews?limit=" + a, "/api/v1/runs?offset=" + a,
                    "/api/v1/alerts?limit=" + a, "/api/v1/audit?profile=" + a)) {
                HttpResponse<String> r = api.get(path, as(Role.ADMIN));
                if (r.statusCode() != 400) wrong.add(path + ": " + r.statusCode() + " " + r.body());
            }
            JsonNode audit = api.json("/api/v1/audit?actor=" + a, as(Role.PRIVACY_OFFICER));
            if (!audit.get("items").isEmpty()) wrong.add("audit?actor=" + attack + ": " + audit);
            HttpResponse<String> retry = api.send("POST", "/api/v1/alerts/no-such-alert/retry?channel=" + a, as(Role.OPERATOR), null);
            if (retry.statusCode() != 200 || ApiClient.parse(retry.body()).get("deliveriesDue").asInt() != 0)
                wrong.add("retry channel=" + attack + ": " + retry.statusCode() + " " + retry.body());
        }
        assertThat(wrong).as("answers to injection").isEmpty();
        assertThat(counts()).as("rows of the store after the attacks").isEqualTo(before);
    }

    private void check(List<String> wrong, String path, String auth, Set<Long> atMost) throws Exception {
        HttpResponse<String> r = api.get(path, auth);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).matches("application/(problem\\+)?json.*");
        if (r.statusCode() == 400) return; // refused (a value over a limit, control characters)
        if (r.statusCode() != 200) {
            wrong.add(path + ": " + r.statusCode() + " " + r.body());
            return;
        }
        Set<Long> found = ids(ApiClient.parse(r.body()));
        if (!atMost.containsAll(found)) wrong.add(path + " found " + found + ", at most " + atMost);
    }

    private static Set<Long> ids(JsonNode page) {
        Set<Long> out = new TreeSet<>();
        page.get("items").forEach(i -> out.add(i.get("id").asLong()));
        return out;
    }

    private Map<String, Long> counts() throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String table : List.of("guest_profile", "profile_name", "profile_key", "profile_block", "stay", "source_record",
                "profile_merge", "possible_duplicate"))
            out.put(table, StoreCounts.count(t.app.database(), "SELECT count(*) FROM " + table));
        return out;
    }

    @Test
    void pathTraversalInEveryPathParameterIsRefusedAndTouchesNoFile() throws Exception {
        Path canary = Files.writeString(tmp.resolve("canary.json"), "{\"canary\": \"CANARY-5e1d\"}");
        String absolute = q(canary.toString());
        List<String> values = List.of("..", ".", "%2e%2e", "%2E%2E", ".%2e", "../../../../etc/passwd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
                "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%252F..%252Fetc%252Fpasswd", "%252e%252e%252f", "..%5C..%5Cwindows%5Cwin.ini",
                "..%c0%af..%c0%afetc%c0%afpasswd", "%c0%ae%c0%ae%2f", "..;", "..;%2F..;%2Fetc", "%00", "1%00", "1%00.json",
                "%2500", absolute, "..%2F..%2F" + q(tmp.getFileName().toString()) + "%2Fcanary.json", "file:%2F%2F%2Fetc%2Fpasswd",
                "~root", "1%2F..%2F2", "%2F", "%2F%2F");
        List<Path> filesBefore = files(tmp);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Operation o : operations) {
            if (!o.path().contains("{")) continue;
            for (String v : values) {
                String p = path(o, v);
                HttpResponse<String> r = api.send(o.method(), p, as(Role.ADMIN), o.method().equals("POST") ? "{\"decision\":\"same\"}" : null);
                checked++;
                boolean refused = r.statusCode() == 400 || r.statusCode() == 404;
                if (!refused || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                        || r.body().contains("root:") || r.body().contains("CANARY-5e1d") || r.body().contains("[fonts]"))
                    wrong.add(o.method() + " " + p + ": " + r.statusCode() + " " + r.body());
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(wrong).as("path traversal answers").isEmpty();
        assertThat(files(tmp)).as("files under the application's folder").isEqualTo(filesBefore);
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            // the broker's and H2's own files change on their own; the feeds' folders and the canary do not
            return s.filter(p -> !p.toString().contains("activemq") && !p.toString().contains(".db")).sorted().toList();
        }
    }

    @Test
    void malformedCredentialsAre401WithAChallengeOnEveryGuardedOperation() throws Exception {
        List<String> bad = new ArrayList<>(List.of("", "Basic", "Basic ", "Basic !!!not base64!!!",
                "Basic " + b64("no colon here"), "Basic " + b64(":" + WRONG_PASSWORD), "Basic " + b64("front-desk:" + WRONG_PASSWORD),
                "Basic " + b64("nobody-at-all:" + WRONG_PASSWORD), "Basic " + b64("front-desk:" + ApiClient.PASSWORD + " "),
                "Basic " + b64("FRONT-DESK:" + ApiClient.PASSWORD), "Bearer", "Bearer ", "Bearer " + WRONG_TOKEN,
                "Bearer " + ApiClient.TOKEN + "x", "Bearer " + ApiClient.TOKEN.substring(1), "Digest username=\"admin\"",
                "Negotiate YII=", "Token " + ApiClient.TOKEN, "Basic " + b64("admin:" + WRONG_PASSWORD),
                "Basic " + b64("x".repeat(3000) + ":" + WRONG_PASSWORD)));
        List<String> wrong = new ArrayList<>();
        for (Operation o : operations) {
            if (o.open() || o.id().equals("metrics")) continue;
            for (String auth : bad) {
                HttpResponse<String> r = api.send(o.method(), path(o, Long.toString(yu)) + (o.id().equals("searchGuests") ? "?profile=" + yu : ""),
                        auth.isEmpty() ? null : auth, o.method().equals("POST") ? "{\"decision\":\"distinct\"}" : null);
                if (r.statusCode() != 401 || r.headers().firstValue("WWW-Authenticate").isEmpty()
                        || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"))
                    wrong.add(o.id() + " with '" + auth.substring(0, Math.min(40, auth.length())) + "': " + r.statusCode() + " " + r.body());
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyKindOfAnswerCarriesTheSecurityHeaders() throws Exception {
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("200 JSON", api.get("/api/v1/guests/" + yu, as(Role.SUPERVISOR)));
        answers.put("200 card", api.get("/api/v1/guests/" + yu + "/card", as(Role.FRONT_DESK)));
        answers.put("400", api.get("/api/v1/guests", as(Role.FRONT_DESK)));
        answers.put("401", api.get("/api/v1/guests/" + yu, null));
        answers.put("403", api.get("/api/v1/runs", as(Role.FRONT_DESK)));
        answers.put("404 operation", api.get("/api/v1/guests/987654321", as(Role.SUPERVISOR)));
        answers.put("404 path", api.get("/api/v1/nothing", null));
        answers.put("405", api.send("DELETE", "/api/v1/guests/" + yu, as(Role.SUPERVISOR), null));
        answers.put("413", api.send("POST", "/api/v1/reviews/1/decision", as(Role.SUPERVISOR), "x".repeat(5000)));
        answers.put("health", api.get("/health/ready", null));
        answers.put("metrics", api.get("/metrics", "Bearer " + ApiClient.TOKEN));
        answers.put("openapi", api.get("/api/v1/openapi.json", null));
        for (var e : answers.entrySet()) {
            var h = e.getValue().headers();
            assertThat(h.firstValue("Cache-Control")).as(e.getKey()).contains("no-store");
            assertThat(h.firstValue("X-Content-Type-Options")).as(e.getKey()).contains("nosniff");
            assertThat(h.firstValue("X-Frame-Options")).as(e.getKey()).contains("DENY");
            assertThat(h.firstValue("Content-Security-Policy")).as(e.getKey()).contains("frame-ancestors 'none'");
            assertThat(h.firstValue("Referrer-Policy")).as(e.getKey()).contains("no-referrer");
            assertThat(h.map()).as(e.getKey() + ": the request's credentials are not echoed").doesNotContainKey("authorization");
        }
    }

    @Test
    void repeatedFailuresAre429WithRetryAfterForBasicAndForTokens() throws Exception {
        // an application of its own: the lock-out would otherwise refuse the other tests' tokens from this address
        Path root = Files.createDirectories(tmp.resolve("throttle"));
        int p2 = FreePorts.any();
        Map<String, String> settings = new HashMap<>(ApiClient.settings(root, p2));
        settings.put(Settings.HTTP_MAX_FAILURES.key(), "3");
        settings.put(Settings.HTTP_LOCKOUT.key(), "60000");
        try (TestApp other = TestApp.in(root).settings(settings).env(ApiClient.env()).withoutFeedRoutes().start()) {
            ApiClient c = new ApiClient(p2);
            // a name that does not exist is locked like one that does: the answers do not tell names apart
            for (String user : List.of("operator", "nobody-of-ours")) {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 3; i++) statuses.add(c.get("/api/v1/me", ApiClient.basic(user, WRONG_PASSWORD)).statusCode());
                assertThat(statuses).as(user).containsExactly(401, 401, 429);
                HttpResponse<String> locked = c.get("/api/v1/me", ApiClient.basic(user, user.equals("operator") ? ApiClient.PASSWORD : WRONG_PASSWORD));
                assertProblem(locked, 429, user + " locked, even with the right password");
                assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            }
            // each further failure doubles the wait
            HttpResponse<String> again = c.get("/api/v1/me", ApiClient.basic("nobody-of-ours", WRONG_PASSWORD));
            assertThat(again.statusCode()).isEqualTo(429);
            assertThat(c.get("/api/v1/me", as(Role.SUPERVISOR)).statusCode()).as("another user").isEqualTo(200);

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) statuses.add(c.get("/api/v1/me", "Bearer " + WRONG_TOKEN + i).statusCode());
            assertThat(statuses).as("tokens guessed from one address").containsExactly(401, 401, 429);
            HttpResponse<String> locked = c.get("/metrics", "Bearer " + ApiClient.TOKEN);
            assertProblem(locked, 429, "the right token from the locked address");
            assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(c.get("/api/v1/me", as(Role.PRIVACY_OFFICER)).statusCode()).as("Basic is keyed by name, not address").isEqualTo(200);
        }
    }
}

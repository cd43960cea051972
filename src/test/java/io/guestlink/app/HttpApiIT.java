package io.guestlink.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.access.Role;
import io.guestlink.config.Settings;
import io.guestlink.testing.ApiClient;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.TestApp;
import io.guestlink.identity.match.Decision;
import io.guestlink.identity.match.FieldComparison;
import io.guestlink.identity.match.MatchResult;
import io.guestlink.store.ReviewQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.guestlink.testing.ApiClient.as;
import static io.guestlink.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP API of the real application (real routes, real Vert.x server on a free port, a real java.net.http
 * client): Mr. Yu found by every key and in either script, his card and profile by role, the audit trail, bad input
 * answered with problem+json, brute force slowed, health and metrics.
 */
class HttpApiIT {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_api");
    TestApp t;
    ApiClient api;

    @AfterEach
    void close() {
        if (t != null) t.close();
    }

    private void start(String store, Map<String, String> extra) throws Exception {
        int port = FreePorts.any();
        Map<String, String> settings = new HashMap<>(ApiClient.settings(tmp, port));
        if (store.equals("postgres")) {
            settings.put(Settings.DB_URL.key(), pg.url());
            settings.put(Settings.DB_USER.key(), pg.user());
        }
        settings.putAll(extra);
        Map<String, String> feeds = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("config/sources"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList())
                feeds.put(f.getFileName().toString().replace(".yaml", ""), Files.readString(f));
        }
        t = TestApp.in(tmp).feeds(feeds).settings(settings).env(ApiClient.env()).start();
        api = new ApiClient(port);
    }

    /** Mr. Yu's OPERA stay (YU/MING MR) and his Chinese PMS booking (于明), linked into one profile. */
    private long importMrYu() throws Exception {
        for (String feed : List.of("opera-reservations", "cn-pms-guests")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo", feed))) {
                for (Path f : files.toList()) t.importFile(feed, f);
            }
        }
        t.app.linking().drain();
        return t.app.profiles().byKey("SRC:CNPMS:G0008812").orElseThrow();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("id").asLong()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void frontDeskFindsMrYuByEveryKeyInEitherScriptAndReadsHisCard(String store) throws Exception {
        start(store, Map.of());
        long yu = importMrYu();
        String desk = as(Role.FRONT_DESK);
        for (String query : List.of("name=" + q("于明"), "name=" + q("MING YU"), "name=" + q("Yu Ming"), "name=" + q("YU/MING MR"),
                "phone=" + q("+66 81 234 5678"), "phone=" + q("0066812345678"), "phone=" + q("081-234-5678") + "&region=TH",
                "email=" + q("YU.Ming@Example.net"), "confirmation=548213907", "member=BR7012345", "profile=" + yu)) {
            assertThat(ids(api.json("/api/v1/guests?" + query, desk))).as(query).containsExactly(yu);
        }
        // nothing extra: another guest's name, a placeholder, a one-part name
        assertThat(ids(api.json("/api/v1/guests?name=" + q("Anna Schmidt"), desk))).doesNotContain(yu).hasSize(1);
        assertThat(ids(api.json("/api/v1/guests?name=GUEST", desk))).isEmpty();
        assertThat(ids(api.json("/api/v1/guests?name=YU", desk))).isEmpty();

        JsonNode card = api.json("/api/v1/guests/" + yu + "/card?asOf=2026-06-15", as(Role.OUTLET));
        assertThat(card.get("text").asText()).isEqualTo(t.app.memory().card(yu, java.time.LocalDate.of(2026, 6, 15))
                .orElseThrow().toText()).contains("Mr. Yu").contains("于先生");
        assertThat(card.get("card").get("name").asText()).isNotBlank();

        JsonNode masked = api.json("/api/v1/guests/" + yu, desk);
        assertThat(masked.get("contacts").toString()).doesNotContain("yu.ming@example.net").doesNotContain("812345678")
                .contains("\"masked\":true");
        assertThat(masked.get("names").toString()).contains("于明").contains("MING YU");
        JsonNode whole = api.json("/api/v1/guests/" + yu, as(Role.SUPERVISOR));
        assertThat(whole.get("contacts").toString()).contains("yu.ming@example.net").contains("+66812345678");

        JsonNode audit = api.json("/api/v1/audit?profile=" + yu, as(Role.PRIVACY_OFFICER));
        assertThat(audit.toString()).contains("\"actor\":\"front-desk\",\"action\":\"VIEW_PROFILE\"")
                .contains("\"actor\":\"outlet\",\"action\":\"VIEW_CARD\"").contains("\"actor\":\"supervisor\",\"action\":\"VIEW_PROFILE\"");
        assertThat(api.json("/api/v1/audit?actor=front-desk&limit=500", as(Role.PRIVACY_OFFICER)).toString())
                .contains("by name: 1 found").doesNotContain("MING").doesNotContain("于明");
    }

    @Test
    void theDeskRecordsAWithdrawalThatOutranksTheFeedsYesAndMarketingListsLeaveTheGuestOut() throws Exception {
        start("h2", Map.of());
        long yu = importMrYu();
        String desk = as(Role.FRONT_DESK);
        HttpResponse<String> recorded = api.send("POST", "/api/v1/guests/" + yu + "/consent", desk,
                "{\"purpose\": \"email\", \"granted\": false, \"evidence\": \"asked at check-in\"}");
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(200);
        assertThat(recorded.body()).contains("\"source\":\"console\"").contains("\"recordedBy\":\"front-desk\"");
        JsonNode consent = api.json("/api/v1/guests/" + yu + "/consent", as(Role.PRIVACY_OFFICER));
        assertThat(consent.get("current").get("email").get("granted").asBoolean()).isFalse();
        assertThat(consent.get("current").get("email").get("evidence").asText()).isEqualTo("asked at check-in");
        assertThat(t.app.memory().card(yu, java.time.LocalDate.of(2026, 6, 15))).isPresent();
        // bad input is refused with its path; an outlet may not record consent; an unknown guest is 404
        HttpResponse<String> bad = api.send("POST", "/api/v1/guests/" + yu + "/consent", desk, "{\"purpose\": \"fax\", \"granted\": false}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("$.purpose");
        assertThat(api.send("POST", "/api/v1/guests/" + yu + "/consent", desk,
                "{\"purpose\": \"sms\", \"granted\": true, \"statedAt\": \"2099-01-01T00:00:00Z\"}").statusCode()).isEqualTo(400);
        assertThat(api.send("POST", "/api/v1/guests/" + yu + "/consent", as(Role.OUTLET),
                "{\"purpose\": \"email\", \"granted\": true}").statusCode()).isEqualTo(403);
        assertThat(api.send("POST", "/api/v1/guests/424242424/consent", desk, "{\"purpose\": \"email\", \"granted\": true}")
                .statusCode()).isEqualTo(404);
        assertThat(api.json("/api/v1/audit?profile=" + yu, as(Role.PRIVACY_OFFICER)).toString())
                .contains("\"actor\":\"front-desk\",\"action\":\"CONSENT\"");
        assertThat(api.get("/api/v1/segments/guests?consent=fax", as(Role.SUPERVISOR)).statusCode()).isEqualTo(400);
    }

    @Test
    void aSupervisorDecidesAndUnmergesWithTheDesksRulesAndTheTrailNamesThem() throws Exception {
        start("h2", Map.of());
        long yu = importMrYu();
        long anna = t.app.profiles().byKey("SRC:OPERA:100517").orElseThrow();
        long review = t.app.database().inTransaction("test: a possible duplicate", tx -> {
            ReviewQueue.queue(tx, Math.min(yu, anna), Math.max(yu, anna), new MatchResult(9.5, Decision.REVIEW,
                    List.of(new FieldComparison("birthDate", "different", -3.0, null)), "test"));
            return ReviewQueue.open(tx, 10).get(0).id();
        });
        JsonNode queue = api.json("/api/v1/reviews", as(Role.SUPERVISOR));
        assertThat(queue.get("items").get(0).get("id").asLong()).isEqualTo(review);
        assertThat(queue.get("items").get(0).get("evidence").asText()).contains("birthDate");
        assertThat(api.send("POST", "/api/v1/reviews/" + review + "/decision", as(Role.FRONT_DESK), "{\"decision\":\"same\"}")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> decided = api.send("POST", "/api/v1/reviews/" + review + "/decision", as(Role.SUPERVISOR),
                "{\"decision\":\"same\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(api.send("POST", "/api/v1/reviews/" + review + "/decision", as(Role.SUPERVISOR), "{\"decision\":\"distinct\"}")
                .statusCode()).as("decided already").isEqualTo(409);
        assertThat(api.send("POST", "/api/v1/reviews/424242/decision", as(Role.SUPERVISOR), "{\"decision\":\"same\"}")
                .statusCode()).isEqualTo(404);

        JsonNode merges = api.json("/api/v1/guests/" + anna + "/merges", as(Role.SUPERVISOR));
        assertThat(merges).hasSize(1);
        assertThat(merges.get(0).get("rule").asText()).isEqualTo("review");
        long merge = merges.get(0).get("id").asLong();
        assertThat(api.send("POST", "/api/v1/merges/" + merge + "/unmerge", as(Role.FRONT_DESK), null).statusCode()).isEqualTo(403);
        HttpResponse<String> done = api.send("POST", "/api/v1/merges/" + merge + "/unmerge", as(Role.SUPERVISOR), null);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(t.app.desk().merges(yu).get(0).unmergedAt()).isNotNull();
        HttpResponse<String> again = api.send("POST", "/api/v1/merges/" + merge + "/unmerge", as(Role.SUPERVISOR), null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already undone");
        assertThat(api.json("/api/v1/audit", as(Role.ADMIN)).toString())
                .contains("\"actor\":\"supervisor\",\"action\":\"UNMERGE\"")
                .contains("\"actor\":\"supervisor\",\"action\":\"DECIDE\"");
        assertThat(api.json("/api/v1/reviews", as(Role.SUPERVISOR)).get("items")).isEmpty();
    }

    @Test
    void badInputIsAnsweredWithProblemDetailsAndFindsNothingExtra() throws Exception {
        start("h2", Map.of());
        long yu = importMrYu();
        String desk = as(Role.FRONT_DESK);
        record Case(String method, String path, String auth, String body, int status) {
        }
        for (Case c : List.of(
                new Case("GET", "/api/v1/nowhere", desk, null, 404),
                new Case("GET", "/nowhere", null, null, 404),
                new Case("DELETE", "/api/v1/guests/" + yu, desk, null, 405),
                new Case("PUT", "/api/v1/reviews/1/decision", as(Role.SUPERVISOR), "{}", 405),
                new Case("POST", "/api/v1/reviews/1/decision", as(Role.SUPERVISOR), "{\"decision\":\"" + "x".repeat(5000) + "\"}", 413),
                new Case("GET", "/api/v1/guests?name=YU", null, null, 401),
                new Case("GET", "/api/v1/guests?name=YU", ApiClient.basic("front-desk", "wrong"), null, 401),
                new Case("GET", "/api/v1/guests?name=YU", "Bearer glt_not-a-token", null, 401),
                new Case("GET", "/api/v1/runs", desk, null, 403),
                new Case("GET", "/api/v1/guests/" + yu, as(Role.OUTLET), null, 403),
                new Case("GET", "/api/v1/guests", desk, null, 400),
                new Case("GET", "/api/v1/guests?name=a&phone=1", desk, null, 400),
                new Case("GET", "/api/v1/guests?name=" + "x".repeat(201), desk, null, 400),
                new Case("GET", "/api/v1/guests?name=YU%00MING", desk, null, 400),
                new Case("GET", "/api/v1/guests?name=YU&limit=100000", desk, null, 400),
                new Case("GET", "/api/v1/guests/abc", desk, null, 400),
                new Case("GET", "/api/v1/guests/..%2F..%2Fetc%2Fpasswd", desk, null, 400),
                new Case("GET", "/api/v1/../../etc/passwd", desk, null, 404),
                new Case("GET", "/api/v1/guests/" + yu + "/card?asOf=tomorrow", desk, null, 400))) {
            HttpResponse<String> r = api.send(c.method(), c.path(), c.auth(), c.body());
            assertThat(r.statusCode()).as(c.method() + " " + c.path() + ": " + r.body()).isEqualTo(c.status());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(c.path()).startsWith("application/problem+json");
            JsonNode problem = ApiClient.parse(r.body());
            assertThat(problem.get("status").asInt()).isEqualTo(c.status());
            assertThat(problem.get("title").asText()).isNotBlank();
            assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        }
        HttpResponse<String> malformed = api.send("POST", "/api/v1/reviews/1/decision", as(Role.SUPERVISOR), "{\"decision\": \"same\"");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(ApiClient.parse(malformed.body()).get("path").asText()).isEqualTo("$");
        assertThat(ApiClient.parse(malformed.body()).get("column").asInt()).isPositive();
        HttpResponse<String> wrongType = api.send("POST", "/api/v1/reviews/1/decision", as(Role.SUPERVISOR), "{\"decision\": [1]}");
        assertThat(ApiClient.parse(wrongType.body()).get("path").asText()).isEqualTo("$.decision");
        HttpResponse<String> unknownMember = api.send("POST", "/api/v1/reviews/1/decision", as(Role.SUPERVISOR),
                "{\"decision\": \"same\", \"reason\": 1}");
        assertThat(ApiClient.parse(unknownMember.body()).get("path").asText()).isEqualTo("$.reason");
        assertThat(api.send("DELETE", "/api/v1/guests/" + yu, desk, null).headers().firstValue("Allow")).contains("GET");
        assertThat(api.get("/api/v1/guests/" + yu, desk).headers().map()).doesNotContainKey("authorization");

        long profiles = t.app.profiles().countLiveProfiles();
        for (String attack : List.of("' OR '1'='1", "YU' OR 1=1 --", "%", "_", "*", "1; DROP TABLE guest_profile",
                "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "Robert'); DROP TABLE stay;--", "../../etc/passwd")) {
            for (String field : List.of("name", "phone", "email", "confirmation", "member", "profile")) {
                assertThat(ids(api.json("/api/v1/guests?" + field + "=" + q(attack), desk))).as(field + "=" + attack).isEmpty();
            }
        }
        assertThat(t.app.profiles().countLiveProfiles()).isEqualTo(profiles);
    }

    @Test
    void repeatedFailuresLockTheNameOutForAWhileAndTokensAreChecked() throws Exception {
        start("h2", Map.of(Settings.HTTP_MAX_FAILURES.key(), "3", Settings.HTTP_LOCKOUT.key(), "60000"));
        for (int i = 0; i < 3; i++)
            assertThat(api.get("/api/v1/me", ApiClient.basic("supervisor", "guess " + i)).statusCode()).isIn(401, 429);
        HttpResponse<String> locked = api.get("/api/v1/me", as(Role.SUPERVISOR));
        assertThat(locked.statusCode()).as("the right password while locked").isEqualTo(429);
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(api.json("/api/v1/me", as(Role.OPERATOR)).get("name").asText()).as("another user").isEqualTo("operator");

        JsonNode me = api.json("/api/v1/me", "Bearer " + ApiClient.TOKEN);
        assertThat(me.get("name").asText()).isEqualTo("monitoring");
        assertThat(me.get("kind").asText()).isEqualTo("system");
        assertThat(api.get("/api/v1/me", "Bearer " + ApiClient.TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(api.get("/api/v1/me", ApiClient.basic("admin", "not the admin's password")).statusCode()).isEqualTo(401);
        assertThat(api.json("/api/v1/me", as(Role.ADMIN)).get("roles").toString()).isEqualTo("[\"admin\"]");
    }

    @Test
    void healthIsOpenAndMetricsNeedTheOperator() throws Exception {
        start("h2", Map.of());
        importMrYu();
        api.awaitReady();
        for (String path : List.of("/health/live", "/health/ready")) {
            HttpResponse<String> r = api.get(path, null);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            assertThat(ApiClient.parse(r.body()).get("status").asText()).isEqualTo("UP");
        }
        assertThat(api.get("/health/ready", null).body()).contains("{\"name\":\"guestlink:database\",\"state\":\"UP\"}")
                .contains("{\"name\":\"guestlink:broker\",\"state\":\"UP\"}").contains("camel:context");
        assertThat(api.get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/metrics", as(Role.FRONT_DESK)).statusCode()).isEqualTo(403);
        HttpResponse<String> metrics = api.get("/metrics", "Bearer " + ApiClient.TOKEN);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).contains("guestlink_rows_imported_total{feed=\"opera-reservations\"}")
                .contains("guestlink_rows_rejected_total{feed=\"cn-pms-guests\"}").contains("guestlink_link_queue_depth")
                .contains("guestlink_memory_queue_depth").contains("camel_exchanges_total");
        String imported = metrics.body().lines().filter(l -> l.startsWith("guestlink_rows_imported_total{feed=\"opera-reservations\"}"))
                .findFirst().orElseThrow();
        assertThat(Double.parseDouble(imported.substring(imported.lastIndexOf(' ') + 1))).isPositive();
    }

    @Test
    void theDatabaseAwayMakesReadinessDown() throws Exception {
        start("h2", Map.of());
        t.app.database().close();
        HttpResponse<String> r = api.get("/health/ready", null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("{\"name\":\"guestlink:database\",\"state\":\"DOWN\",\"detail\":\"the profile store is unreachable\"}");
        assertThat(api.get("/health/live", null).statusCode()).isEqualTo(200);
    }
}

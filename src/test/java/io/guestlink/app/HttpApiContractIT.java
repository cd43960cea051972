package io.guestlink.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.access.Role;
import io.guestlink.testing.ApiClient;
import io.guestlink.testing.ApiClient.Operation;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.TestApp;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the application serves, checked against the application itself: every documented operation
 * exists and answers, every operation of the routes is documented, docs/api.md lists the same operations with the
 * same roles, and a table over the document: every operation x (no credentials, every role) gets the 401, 403 or
 * 2xx its security scopes say.
 */
class HttpApiContractIT {
    @TempDir
    Path tmp;
    TestApp t;
    ApiClient api;
    JsonNode doc;
    long yu;
    long run;
    long rejectedLine;

    @BeforeEach
    void start() throws Exception {
        int port = FreePorts.any();
        Map<String, String> feeds = Map.of("opera-reservations", Files.readString(Path.of("config/sources/opera-reservations.yaml")));
        t = TestApp.in(tmp).feeds(feeds).settings(ApiClient.settings(tmp, port)).env(ApiClient.env()).start();
        api = new ApiClient(port);
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/demo/opera-reservations"))) {
            for (Path f : files.toList()) run = t.importFile("opera-reservations", f).runId();
        }
        yu = t.app.profiles().byKey("SRC:OPERA:100482").orElseThrow();
        rejectedLine = t.app.journal().rows(run, "REJECTED", 0, 1).stream().findFirst().map(r -> r.line()).orElse(2L);
        HttpResponse<String> r = api.get("/api/v1/openapi.json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        doc = ApiClient.parse(r.body());
        api.awaitReady(); // the table expects /health/ready to answer 2xx
    }

    @AfterEach
    void stop() {
        if (t != null) t.close();
    }

    private List<Operation> operations() {
        return ApiClient.operations(doc);
    }

    private String concrete(Operation o) {
        String id = switch (o.id()) {
            case "listRejects" -> Long.toString(run);
            case "retryAlert" -> "no-such-alert";
            case "decideReview", "unmerge" -> "987654";
            case "eraseGuest" -> "987654"; // an erasure of Mr. Yu would leave the other operations nobody to look at
            case "getRun", "reprocessReject" -> Long.toString(run);
            case "getJob", "reprocessMessage" -> "987654";
            case "listArrivals", "streamArrivals" -> "";
            default -> Long.toString(yu);
        };
        // a search needs what it is by: the profile id finds Mr. Yu
        return o.path().replace("{id}", id).replace("{name}", "opera-reservations").replace("{line}", Long.toString(rejectedLine))
                + (o.id().equals("searchGuests") ? "?profile=" + yu : "")
                + (o.id().equals("listArrivals") || o.id().equals("streamArrivals") ? "?property=BKK01" : "");
    }

    /** What the table looks at: the status and the body. */
    record Answer(int statusCode, String body) {
    }

    private Answer answer(Operation o, String path, String authorization, String body) throws Exception {
        if (!o.id().equals("streamArrivals")) {
            HttpResponse<String> r = api.send(o.method(), path, authorization, body);
            return new Answer(r.statusCode(), r.body());
        }
        // an event stream stays open: its status is what the table checks, then it is hung up
        HttpResponse<java.io.InputStream> open = api.stream(path, authorization);
        try (var in = open.body()) {
            return new Answer(open.statusCode(), open.statusCode() == 200 ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Operations the table calls with an id that names nothing (404 shows the gate let the call through). */
    static final Set<String> MADE_UP_IDS = Set.of("decideReview", "unmerge", "getJob", "reprocessMessage", "eraseGuest");
    /** Operations whose concrete call is refused for its state (409 shows the gate let it through). */
    static final Set<String> CONFLICTS = Set.of("resyncFeed");

    @Test
    void everyOperationAnswersEveryRoleAsItsSecurityScopesSay() throws Exception {
        List<Operation> ops = operations();
        assertThat(ops).hasSizeGreaterThanOrEqualTo(16);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Operation o : ops) {
            String body = switch (o.id()) {
                case "decideReview" -> "{\"decision\":\"distinct\"}";
                case "createSession" -> "{\"user\":\"outlet\",\"password\":\"" + ApiClient.PASSWORD + "\"}";
                case "runDaily" -> "{\"property\":\"BKK01\",\"date\":\"2025-06-11\"}";
                case "addNote" -> "{\"kind\":\"note\",\"text\":\"asked for a quiet table\"}";
                case "rectifyGuest" -> "{\"field\":\"language\",\"value\":\"en\",\"reason\":\"request 1\"}";
                case "eraseGuest" -> "{\"reason\":\"request 2\"}";
                case "recordGuestConsent" -> "{\"purpose\":\"email\",\"granted\":false,\"evidence\":\"asked at the desk\"}";
                default -> null;
            };
            List<Role> principals = new ArrayList<>(List.of(Role.values()));
            principals.add(0, null);
            for (Role who : principals) {
                Answer r = answer(o, concrete(o), who == null ? null : ApiClient.as(who), body);
                int s = r.statusCode();
                boolean allowed = o.open() || (who != null && (who == Role.ADMIN || o.roles().contains(who.id())));
                String expected;
                boolean ok;
                if (allowed) {
                    // the operation exists and answers: 2xx, or 404 for the made-up review, merge, job, message ids,
                    // or 409 for a resync of a file feed (only database feeds have a watermark)
                    expected = "2xx" + (MADE_UP_IDS.contains(o.id()) ? " or 404" : "") + (CONFLICTS.contains(o.id()) ? " or 409" : "");
                    ok = (s >= 200 && s < 300) || (s == 404 && expected.contains("404") && r.body().contains("no "))
                            || (s == 409 && expected.contains("409"));
                } else if (who == null) {
                    expected = "401";
                    ok = s == 401;
                } else {
                    expected = "403";
                    ok = s == 403;
                }
                checked++;
                if (!ok) wrong.add(o.id() + " as " + (who == null ? "nobody" : who.id()) + ": " + s + ", expected " + expected
                        + " (" + r.body() + ")");
            }
        }
        assertThat(wrong).as("operations answering against their documented roles").isEmpty();
        assertThat(checked).isEqualTo(ops.size() * (Role.values().length + 1));
    }

    @Test
    void theDocumentTheRoutesAndTheReferencePageListTheSameOperations() throws Exception {
        Set<String> documented = new TreeSet<>();
        for (Operation o : operations()) documented.add(o.id());
        Set<String> routed = new TreeSet<>();
        for (RestDefinition rest : t.main.getCamelContext().getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions())
            for (VerbDefinition v : rest.getVerbs()) routed.add(v.getId());
        assertThat(documented).as("OpenAPI operations = REST operations of routes/api.camel.yaml").isEqualTo(routed);

        String reference = Files.readString(Path.of("docs/api.md"));
        Matcher m = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\| `([A-Z]+) ([^`]+)` \\| ([^|]+) \\|").matcher(reference);
        Set<String> listed = new TreeSet<>();
        while (m.find()) {
            listed.add(m.group(1));
            Operation o = operations().stream().filter(x -> x.id().equals(m.group(1))).findFirst().orElse(null);
            assertThat(o).as("docs/api.md lists " + m.group(1) + ", which the OpenAPI document does not have").isNotNull();
            assertThat(m.group(2) + " " + m.group(3)).as(o.id() + " method and path").isEqualTo(o.method() + " " + o.path());
            String roles = o.open() ? "none (open)" : String.join(", ", o.roles().stream().sorted(
                    java.util.Comparator.comparing(r -> Role.of(r).orElseThrow().ordinal())).toList());
            assertThat(m.group(4).strip()).as(o.id() + " roles in docs/api.md").isEqualTo(roles);
        }
        assertThat(listed).as("docs/api.md lists every operation").isEqualTo(documented);
    }
}

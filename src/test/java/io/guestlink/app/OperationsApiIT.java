package io.guestlink.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.access.Role;
import io.guestlink.config.Settings;
import io.guestlink.event.Refusal;
import io.guestlink.testing.ApiClient;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.guestlink.testing.ApiClient.as;
import static io.guestlink.testing.ApiClient.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations endpoints of the real application over real HTTP: feeds with their state, a run with its progress,
 * one rejected row re-mapped after a mapping fix (once), the message journal masked and a refused message applied
 * again, replay and resync; on H2 and PostgreSQL where the store matters.
 */
class OperationsApiIT {
    static final String FEED = "opera-reservations";
    static final String HEADER = "CONFIRMATION_NO,NAME_ID,GUEST_NAME,BIRTH_DATE,GENDER,NATIONALITY,LANGUAGE,EMAIL,PHONE,"
            + "PASSPORT_NO,VIP_STATUS,MEMBERSHIP_NO,EMAIL_OPT_IN,ARRIVAL,DEPARTURE,ROOM_TYPE,ROOM_NO,RATE_CODE,RATE_AMOUNT,"
            + "CURRENCY,RES_STATUS,SOURCE,ADULTS,CHILDREN,PREFERENCES,ANNIVERSARY\n";
    /** Line 2 imports; line 3's status IN HOUSE is not in the feed's resStatus table, so the mapping rejects it. */
    static final String FILE = HEADER
            + "700001,900001,LEE/ANNA MS,02-NOV-85,F,DE,de,anna.lee@example.org,+49 151 23456789,C01X00T47,,,N,07-JUN-25,"
            + "11-JUN-25,SUPK,0905,BAR,3800.00,THB,RESERVED,GDS,2,0,,\n"
            + "700002,900002,TANAKA/KENJI MR,14-MAR-78,M,JP,ja,kenji.tanaka@example.jp,+81 90 1234 5678,TK1234567,,,Y,"
            + "08-JUN-25,10-JUN-25,DLXK,1208,BB2,4200.00,THB,IN HOUSE,WEB,1,0,,\n";

    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_opsapi");
    TestApp t;
    ApiClient api;

    @AfterEach
    void close() {
        if (t != null) t.close();
    }

    private void start(String store) throws Exception {
        int port = FreePorts.any();
        Map<String, String> settings = new HashMap<>(ApiClient.settings(tmp, port));
        if (store.equals("postgres")) {
            settings.put(Settings.DB_URL.key(), pg.url());
            settings.put(Settings.DB_USER.key(), pg.user());
        }
        t = TestApp.in(tmp).feed(FEED, Files.readString(Path.of("config/sources", FEED + ".yaml"))).settings(settings)
                .env(ApiClient.env()).start();
        api = new ApiClient(port);
    }

    private HttpResponse<String> post(String path, Role who) throws Exception {
        return api.send("POST", path, as(who), null);
    }

    private long stays(String confirmation) throws Exception {
        return t.count("SELECT COUNT(*) FROM stay WHERE confirmation_no = '" + confirmation + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRowRejectedByTheMappingIsImportedOnceAfterTheMappingIsFixed(String store) throws Exception {
        start(store);
        long run = t.importText(FEED, FILE).runId();
        String operator = as(Role.OPERATOR);

        JsonNode shown = api.json("/api/v1/runs/" + run, operator);
        assertThat(shown.get("run").get("status").asText()).isEqualTo("DONE");
        assertThat(shown.get("progress").get("rowsSoFar").asLong()).isEqualTo(2);
        assertThat(shown.get("progress").get("estimatedSecondsLeft").asLong()).isZero();
        JsonNode rejects = api.json("/api/v1/runs/" + run + "/rejects", operator);
        assertThat(rejects.get("items")).hasSize(1);
        long line = rejects.get("items").get(0).get("line").asLong();
        assertThat(line).isEqualTo(3);
        assertThat(stays("700002")).isZero();

        // before the fix: rejected again, with the reason, and nothing written
        JsonNode again = ApiClient.parse(post("/api/v1/runs/" + run + "/rejects/" + line + "/reprocess", Role.OPERATOR).body());
        assertThat(again.get("status").asText()).isEqualTo("REJECTED");
        assertThat(again.get("reason").asText()).contains("resStatus");
        assertThat(stays("700002")).isZero();

        // the IT person adds the status to the feed's table; the running service has not restarted
        Path feedFile = t.root.resolve("sources").resolve(FEED + ".yaml");
        Files.writeString(feedFile, Files.readString(feedFile).replace("    \"DUE OUT\": \"IN_HOUSE\"\n",
                "    \"DUE OUT\": \"IN_HOUSE\"\n    \"IN HOUSE\": \"IN_HOUSE\"\n"));
        HttpResponse<String> fixed = post("/api/v1/runs/" + run + "/rejects/" + line + "/reprocess", Role.OPERATOR);
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
        JsonNode imported = ApiClient.parse(fixed.body());
        assertThat(imported.get("status").asText()).isEqualTo("IMPORTED");
        long storedBy = imported.get("storedBy").asLong();
        assertThat(stays("700002")).isEqualTo(1);
        assertThat(t.count("SELECT COUNT(*) FROM stay WHERE confirmation_no = '700002' AND status = 'IN_HOUSE'")).isEqualTo(1);

        // called again: nothing doubled
        JsonNode twice = ApiClient.parse(post("/api/v1/runs/" + run + "/rejects/" + line + "/reprocess", Role.OPERATOR).body());
        assertThat(twice.get("status").asText()).isEqualTo("ALREADY_REPROCESSED");
        assertThat(twice.get("storedBy").asLong()).isEqualTo(storedBy);
        assertThat(stays("700002")).isEqualTo(1);
        assertThat(t.count("SELECT COUNT(*) FROM source_record WHERE source_key = '700002'")).isEqualTo(1);
        assertThat(t.count("SELECT COUNT(*) FROM import_row WHERE file_id = " + storedBy)).isEqualTo(1);
        assertThat(api.json("/api/v1/runs/" + storedBy, operator).get("run").get("fileName").asText())
                .isEqualTo("reprocess:" + FEED + ":run " + run + " line " + line);

        // a line that was imported, and one that does not exist
        assertThat(post("/api/v1/runs/" + run + "/rejects/2/reprocess", Role.OPERATOR).statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/runs/" + run + "/rejects/99/reprocess", Role.OPERATOR).statusCode()).isEqualTo(404);
        assertThat(post("/api/v1/runs/987654/rejects/3/reprocess", Role.OPERATOR).statusCode()).isEqualTo(404);

        // a replay of the feed afterwards replays the original rows once each: still one stay
        HttpResponse<String> replay = post("/api/v1/feeds/" + FEED + "/replay", Role.OPERATOR);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        long replayRun = ApiClient.parse(replay.body()).get("run").asLong();
        long job = ApiClient.parse(replay.body()).get("job").asLong();
        JsonNode done = Wait.forValue("the replay run done", Duration.ofSeconds(30), () -> {
            JsonNode r = api.json("/api/v1/runs/" + replayRun, operator);
            return "DONE".equals(r.get("run").get("status").asText()) ? r : null;
        }, () -> "run " + replayRun);
        assertThat(done.get("run").get("counts").get("read").asLong()).isEqualTo(2);
        assertThat(done.get("run").get("counts").get("rejected").asLong()).isZero();
        assertThat(Wait.forValue("the replay job done", Duration.ofSeconds(30), () -> {
            JsonNode j = api.json("/api/v1/jobs/" + job, operator);
            return "DONE".equals(j.get("status").asText()) ? j : null;
        }, () -> "job " + job).get("kind").asText()).isEqualTo("replay");
        assertThat(stays("700002")).isEqualTo(1);

        assertThat(api.json("/api/v1/audit?actor=operator", as(Role.PRIVACY_OFFICER)).toString())
                .contains("\"action\":\"REPROCESS_ROW\"").contains("IMPORTED by run " + storedBy)
                .contains("\"action\":\"REPLAY\"").doesNotContain("TANAKA");
    }

    @Test
    void feedsShowTheirStateAndAFileThatCannotBeReadIsNamedInFailed() throws Exception {
        start("h2");
        long run = t.importText(FEED, FILE).runId();
        t.drop(FEED, "broken.csv", "NOT,THE,LAYOUT\n1,2,3\n");
        t.awaitRun(FEED, "broken.csv");
        Wait.forValue("broken.csv in failed/", Duration.ofSeconds(30),
                () -> t.files(FEED, "failed").isEmpty() ? null : Boolean.TRUE, () -> "failed/: " + t.files(FEED, "failed"));

        String operator = as(Role.OPERATOR);
        JsonNode feeds = api.json("/api/v1/feeds", operator);
        assertThat(feeds.get("items")).extracting(f -> f.get("name").asText()).containsExactly(FEED, "jms");
        JsonNode feed = api.json("/api/v1/feeds/" + FEED, operator);
        assertThat(feed.get("kind").asText()).isEqualTo("file");
        assertThat(feed.get("lastFile").asText()).isEqualTo("broken.csv");
        assertThat(feed.get("lastRunStatus").asText()).isEqualTo("FAILED");
        assertThat(feed.get("rows").get("imported").asLong()).isEqualTo(1);
        assertThat(feed.get("rows").get("rejected").asLong()).isEqualTo(1);
        assertThat(feed.get("lastError").get("error").asText()).contains("missing columns");
        assertThat(feed.get("failed").get("count").asInt()).isEqualTo(1);
        // the archive name the route gave it (a time stamp before the file's own name)
        assertThat(feed.get("failed").get("names").get(0).asText()).endsWith("broken.csv")
                .isEqualTo(t.files(FEED, "failed").get(0).getFileName().toString());
        assertThat(feed.get("running")).isEmpty();
        assertThat(feed.toString()).doesNotContain("NOT,THE,LAYOUT"); // names, never contents
        assertThat(run).isPositive();

        // names that are no configured feed: never a file access
        assertThat(api.get("/api/v1/feeds/no-such-feed", operator).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/feeds/..", operator).statusCode()).isIn(400, 404);
        assertThat(api.get("/api/v1/feeds/" + q("../" + FEED), operator).statusCode()).isIn(400, 404);
        assertThat(api.get("/api/v1/feeds/..%2F..%2Fetc", operator).statusCode()).isIn(400, 404);
        HttpResponse<String> traversal = post("/api/v1/feeds/" + q("../../etc") + "/replay", Role.OPERATOR);
        assertThat(traversal.statusCode()).as(traversal.headers().map() + " " + traversal.body()).isIn(400, 404);
        assertThat(post("/api/v1/feeds/" + FEED + "/resync", Role.OPERATOR).statusCode()).as("a file feed has no watermark")
                .isEqualTo(409);
        assertThat(post("/api/v1/feeds/jms/replay", Role.OPERATOR).statusCode()).isEqualTo(409);
        assertThat(api.get("/api/v1/feeds", as(Role.FRONT_DESK)).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/feeds", null).statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void theMessageJournalIsMaskedAndARefusedMessageIsAppliedOnce(String store) throws Exception {
        start(store);
        String event = EventMessages.reservation("OPS-1", "reservation.created", "OPS-R1");
        long refused = t.app.intake().refused(new Refusal("jms", "OPERA", "OPS-1", "ID:broker-1", "DLQ", null,
                "$.reservation.arrival", "the schema did not allow it then", event));
        assertThat(refused).isPositive();
        String operator = as(Role.OPERATOR);

        JsonNode journal = api.json("/api/v1/messages?channel=jms", operator);
        assertThat(journal.get("items")).hasSize(1);
        JsonNode m = journal.get("items").get(0);
        assertThat(m.get("refusalId").asLong()).isEqualTo(refused);
        assertThat(m.get("status").asText()).isEqualTo("REFUSED");
        assertThat(m.get("feed").asText()).isEqualTo("jms:OPERA");
        assertThat(m.get("raw").asText()).contains("\"eventId\": \"OPS-1\"").contains("\"guest\"")
                .doesNotContain("YU/MING").doesNotContain("yu.ming").doesNotContain("081-234-5678").doesNotContain("1208");
        assertThat(api.json("/api/v1/messages?status=accepted", operator).get("items")).isEmpty();
        assertThat(api.json("/api/v1/messages?feed=hl7", operator).get("items")).isEmpty();
        assertThat(api.json("/api/v1/messages?from=2099-01-01", operator).get("items")).isEmpty();
        assertThat(api.get("/api/v1/messages?channel=ftp", operator).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/messages?from=yesterday", operator).statusCode()).isEqualTo(400);

        HttpResponse<String> applied = post("/api/v1/messages/" + refused + "/reprocess", Role.OPERATOR);
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
        assertThat(ApiClient.parse(applied.body()).get("status").asText()).isEqualTo("REPROCESSED");
        JsonNode twice = ApiClient.parse(post("/api/v1/messages/" + refused + "/reprocess", Role.OPERATOR).body());
        assertThat(twice.get("status").asText()).isEqualTo("REPROCESSED");
        assertThat(twice.get("text").asText()).contains("nothing done");
        assertThat(t.count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'OPS-1'")).isEqualTo(1);
        assertThat(post("/api/v1/messages/987654/reprocess", Role.OPERATOR).statusCode()).isEqualTo(404);

        JsonNode after = api.json("/api/v1/messages?feed=" + q("jms:OPERA"), operator);
        assertThat(after.get("items")).extracting(i -> i.get("status").asText())
                .containsExactlyInAnyOrder("ACCEPTED", "REPROCESSED");
        JsonNode jms = api.json("/api/v1/feeds/jms", operator);
        assertThat(jms.get("messages").get("accepted").asLong()).isEqualTo(1);
        assertThat(jms.get("messages").get("refused").asLong()).isEqualTo(1);
        assertThat(jms.get("messages").get("refusedOpen").asLong()).isZero();
        assertThat(api.json("/api/v1/audit?actor=operator", as(Role.PRIVACY_OFFICER)).toString())
                .contains("\"action\":\"REPROCESS_MESSAGE\"");
    }
}

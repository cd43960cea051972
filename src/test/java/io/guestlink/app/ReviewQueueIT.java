package io.guestlink.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.access.Role;
import io.guestlink.config.Settings;
import io.guestlink.identity.match.MatchConfig;
import io.guestlink.testing.ApiClient;
import io.guestlink.testing.Cli;
import io.guestlink.testing.FreePorts;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.guestlink.testing.ApiClient.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review queue through the real application on H2 and PostgreSQL: records imported through a feed produce
 * possible duplicates; {@code guestlink review} and {@code GET /api/v1/reviews} show the total, the total per reason,
 * both sides' names and their keys masked, the evidence and why each pair was not merged; a later record settles a
 * pair by itself (merged anyway, or scored below review with the new evidence: closed by "system" with the reason);
 * {@code reestimate-model} writes a model file only when asked.
 */
class ReviewQueueIT {
    static final String FEED = """
            id: res
            system: PMS
            kind: reservation
            phoneRegion: TH
            key: [CONF]
            fields:
              property: PROP
              guest.key: GID
              guest.name: { column: NAME, nameFormat: "LAST/FIRST TITLE" }
              guest.gender: SEX
              guest.birthDate: BIRTH
              guest.email: EMAIL
              guest.phone: PHONE
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
            """;
    static final String HEADER = "CONF,GID,NAME,SEX,BIRTH,EMAIL,PHONE,PROP,ARR,DEP\n";
    /** Two namesakes each: a full record, and one with only the name (names alone never merge: two pairs for review). */
    static final String NAMESAKES = """
            R1,GUEST-100001,KOWALSKI/PIOTR MR,M,1971-04-12,piotr.k@poczta.pl,081-234-5678,BKK01,2026-06-08,2026-06-10
            R2,GUEST-100002,KOWALSKI/PIOTR,,,,,BKK01,2026-09-01,2026-09-03
            R3,GUEST-100003,NOWAK/ANNA MS,F,1980-01-02,anna.nowak@poczta.pl,081-555-0101,BKK01,2026-06-08,2026-06-10
            R4,GUEST-100004,NOWAK/ANNA,,,,,BKK01,2026-09-01,2026-09-03
            """;

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_review");
    @RegisterExtension
    static final PhiLogScan PHI = PhiLogScan.of("KOWALSKI", "NOWAK", "GUEST-100001", "piotr.k@poczta.pl");

    @TempDir
    Path tmp;
    TestApp t;
    ApiClient api;
    Map<String, String> store = new HashMap<>();

    @AfterEach
    void close() {
        if (t != null) t.close();
    }

    void start(String db) throws Exception {
        if (db.equals("postgres")) {
            store.put(Settings.DB_URL.key(), pg.url());
            store.put(Settings.DB_USER.key(), pg.user());
        }
        int port = FreePorts.any();
        Map<String, String> settings = new HashMap<>(store);
        settings.putAll(ApiClient.settings(tmp, port));
        t = TestApp.in(tmp.resolve("app")).feed("res", FEED).settings(settings).env(ApiClient.env()).start();
        api = new ApiClient(port);
    }

    void load(String rows) throws Exception {
        assertThat(t.importText("res", HEADER + rows).counts().rejected()).isZero();
        t.app.linking().drain(); // what the identity route does every second
    }

    String cli(String... command) {
        Cli.Result r = Cli.against(tmp.resolve("app"), store, command);
        assertThat(r.exit()).as(String.join(" ", command) + ": " + r.err()).isZero();
        return r.out();
    }

    JsonNode queue() throws Exception {
        return api.json("/api/v1/reviews", as(Role.SUPERVISOR));
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldShowTheQueueWithItsTotalNamesAndMaskedKeysAndCloseWhatLaterRecordsSettle(String db) throws Exception {
        start(db);
        load(NAMESAKES);

        JsonNode q = queue();
        assertThat(q.get("total").asLong()).as(q.toString()).isEqualTo(2);
        assertThat(q.get("guests").asInt()).isEqualTo(2);
        long perReason = 0;
        for (JsonNode n : q.get("byReason")) perReason += n.asLong();
        assertThat(perReason).isEqualTo(2);
        assertThat(q.get("byReason").has("score ≥ autoMerge but names alone")).as(q.get("byReason").toString()).isTrue();
        assertThat(q.get("items")).hasSize(2);
        JsonNode kowalski = null, nowak = null;
        for (JsonNode item : q.get("items")) {
            assertThat(item.get("rank").asInt()).isBetween(1, 2);
            assertThat(item.get("reason").asText()).contains(">= autoMerge 12.00 but only names/gender/place agree");
            assertThat(item.get("reasonKind").asText()).isEqualTo("score ≥ autoMerge but names alone");
            assertThat(item.get("evidence").asText()).contains("\"field\":\"given\"", "\"level\":\"EXACT\"");
            assertThat(item.get("group").get("open").asInt()).isEqualTo(1);
            String names = texts(item.get("a").get("names")) + " " + texts(item.get("b").get("names"));
            if (names.contains("KOWALSKI")) kowalski = item;
            else nowak = item;
        }
        assertThat(kowalski).isNotNull();
        assertThat(nowak).isNotNull();
        assertThat(texts(kowalski.get("a").get("names"))).containsExactly("PIOTR KOWALSKI");
        assertThat(texts(kowalski.get("b").get("names"))).containsExactly("PIOTR KOWALSKI");
        assertThat(texts(nowak.get("a").get("names"))).containsExactly("ANNA NOWAK");
        assertThat(kowalski.get("a").get("keys").toString()).contains("\"type\":\"SRC\"", "PMS:********0001");
        assertThat(q.toString()).as("keys and contacts are masked").doesNotContain("GUEST-100001", "GUEST-100002",
                "piotr.k@poczta.pl", "812345678");

        String review = cli("review");
        assertThat(review).contains("review queue: 2 pairs waiting for a person, 2 guests", "score ≥ autoMerge but names alone 2",
                "PIOTR KOWALSKI", "ANNA NOWAK", "SRC PMS:********0001", "SRC PMS:********0002", "why not merged: score 14.",
                "given", "EXACT").doesNotContain("GUEST-100001", "piotr.k@poczta.pl");
        assertThat(review.indexOf("#1 ")).isLessThan(review.indexOf("#2 "));

        // later records: NOWAK's second profile now gives Anna's e-mail (the linker merges them: the pair was merged
        // anyway); KOWALSKI's second profile turns out a woman born 1990 with other contacts (below review now)
        load("""
                R5,GUEST-100004,NOWAK/ANNA,,,anna.nowak@poczta.pl,,BKK01,2026-10-01,2026-10-03
                R6,GUEST-100002,KOWALSKI/PIOTR,F,1990-11-30,p.kowalska@onet.pl,089-999-0000,BKK01,2026-10-01,2026-10-03
                """);

        JsonNode after = queue();
        assertThat(after.get("total").asLong()).as(after.toString()).isZero();
        assertThat(after.get("items")).isEmpty();
        assertThat(t.count("SELECT COUNT(*) FROM possible_duplicate WHERE status = 'OPEN'")).isZero();
        List<String> settled = strings("SELECT status || ' ' || decided_by || ' ' || settled_reason FROM possible_duplicate ORDER BY id");
        assertThat(settled).hasSize(2);
        assertThat(settled).anySatisfy(s -> assertThat(s).startsWith("MERGED system merged anyway"));
        assertThat(settled).anySatisfy(s -> assertThat(s).startsWith("DISTINCT system new evidence: score").contains("< review"));
        assertThat(t.count("SELECT COUNT(*) FROM distinct_pair")).as("the system's 'distinct' is not a person's: not for good")
                .isZero();
        assertThat(cli("review")).contains("review queue: 0 pairs waiting for a person");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldReestimateTheModelFromDecisionsAndWriteItOnlyWhenAsked(String db) throws Exception {
        start(db);
        load(NAMESAKES);
        JsonNode items = queue().get("items");
        assertThat(items).hasSize(2);
        long first = items.get(0).get("id").asLong();
        assertThat(api.send("POST", "/api/v1/reviews/" + first + "/decision", as(Role.SUPERVISOR), "{\"decision\":\"distinct\"}")
                .statusCode()).isEqualTo(200);
        assertThat(queue().get("total").asLong()).isEqualTo(1);

        Path model = tmp.resolve("identity-model.yaml");
        String dry = cli("reestimate-model");
        assertThat(dry).contains("decided pairs: 0 same, 1 different", "m old", "u new", "open pairs: current model",
                "nothing written");
        assertThat(model).doesNotExist();

        String written = cli("reestimate-model", "--out", model.toString(), "--prior-pairs", "10");
        assertThat(written).contains("written: " + model, "not in use until config/identity.yaml says model: identity-model.yaml");
        MatchConfig estimated = MatchConfig.load(model);
        assertThat(estimated.autoMerge()).isEqualTo(MatchConfig.defaults().autoMerge());
        assertThat(estimated.levels("given").get(0).u()).as("a 'different' decision with the given names equal raises their u")
                .isGreaterThan(MatchConfig.defaults().levels("given").get(0).u());
        assertThat(Files.readString(model)).startsWith("# Match model re-estimated by `guestlink reestimate-model`");

        Cli.Result again = Cli.against(tmp.resolve("app"), store, "reestimate-model", "--out", model.toString());
        assertThat(again.exit()).as("an existing file is kept without --force").isEqualTo(2);
        assertThat(again.err()).contains("exists");
    }

    List<String> strings(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (var c = t.store(); var ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}

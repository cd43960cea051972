package io.guestlink.app;

import com.fasterxml.jackson.databind.JsonNode;
import ca.uhn.hl7v2.AcknowledgmentCode;
import io.guestlink.app.camel.Hl7Endpoint;
import io.guestlink.config.Settings;
import io.guestlink.hl7.AdtReceiver;
import io.guestlink.store.GuestRights;
import io.guestlink.store.Payloads;
import io.guestlink.testing.Cli;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.StoreCounts;
import io.guestlink.testing.TestApp;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guest's rights end to end, on H2 and on the real PostgreSQL: a guest imported from a file (two versions of the
 * reservation, so it has history) and from an HL7 A01 (the same passport, so the same profile), with an alert in the
 * outbox; exported with every part present; rectified with provenance; erased, after which none of the guest's
 * values is in any text column of any table; then the same files and the same message again are journaled
 * SUPPRESSED and create no profile. Each action leaves its audit row; the command line does the same.
 */
class GuestRightsIT {
    static final String NAME = "YU/MING MR", EMAIL = "yu.ming@example.net", PHONE = "+66812345678", PASSPORT = "E58213946",
            MEMBER = "BR7012345", GUEST_KEY = "100482", CONFIRMATION = "548213907", HL7_KEY = "G-YU9", HL7_VISIT = "HL7CONF77",
            JSON_KEY = "C-YU5", JSON_CONFIRMATION = "CRS-77123";
    /** What must be gone after the erasure, wherever the store keeps text. */
    static final List<String> TRACES = List.of(NAME, "MING", EMAIL, PHONE, "812345678", "81 234 5678", PASSPORT, MEMBER,
            GUEST_KEY, CONFIRMATION, HL7_KEY, HL7_VISIT, JSON_KEY, JSON_CONFIRMATION);

    @RegisterExtension
    static final PhiLogScan LOGS = PhiLogScan.of(NAME, EMAIL, PHONE, "+66 81 234 5678", PASSPORT, MEMBER, GUEST_KEY, HL7_KEY,
            "SCHMIDT/ANNA MRS", "Anna.Schmidt@web.de", "C01X00T47");
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_rights");
    @TempDir
    Path root;

    static final String HEADER = "CONFIRMATION_NO,NAME_ID,GUEST_NAME,BIRTH_DATE,GENDER,NATIONALITY,LANGUAGE,EMAIL,PHONE,"
            + "PASSPORT_NO,VIP_STATUS,MEMBERSHIP_NO,EMAIL_OPT_IN,ARRIVAL,DEPARTURE,ROOM_TYPE,ROOM_NO,RATE_CODE,RATE_AMOUNT,"
            + "CURRENCY,RES_STATUS,SOURCE,ADULTS,CHILDREN,PREFERENCES,ANNIVERSARY\n";
    static final String SCHMIDT = "548214110,100517,SCHMIDT/ANNA MRS,02-NOV-85,F,DE,de,Anna.Schmidt@web.de,+49 151 23456789,"
            + "C01X00T47,,,N,07-JUN-25,11-JUN-25,SUPK,0905,BAR,3800.00,THB,RESERVED,GDS,2,0,,\n";

    static String yu(String room) {
        return CONFIRMATION + "," + GUEST_KEY + "," + NAME + ",14-MAR-78,M,CN,zh," + EMAIL + ",+66 81 234 5678," + PASSPORT
                + ",," + MEMBER + ",Y,08-JUN-25,10-JUN-25,DLXK," + room + ",BB2,4200.00,THB,CHECKED OUT,WEB,1,0,\"HF,FP\",\n";
    }

    static final String FIRST = HEADER + yu("1208") + SCHMIDT;
    static final String SECOND = HEADER + yu("1210") + SCHMIDT; // Mr. Yu moved: a second version, the first in history

    static byte[] a01() {
        return a01("RIGHTS-1", "19780314");
    }

    static byte[] a01(String controlId, String birth) {
        return String.join("\r", "MSH|^~\\&|PMS|BKK01|GL|GL|20250608120000||ADT^A01|" + controlId + "|P|2.5",
                "EVN|A01|20250608120000",
                "PID|1||" + HL7_KEY + "^^^PMS~" + PASSPORT + "^^^^PPN||YU^MING^^^MR||" + birth + "|M|||||+66 81 234 5678",
                "PV1|1|I|^1208^^BKK01||||||||||||||||" + HL7_VISIT).getBytes(StandardCharsets.UTF_8);
    }

    /** The same guest booked through another system, as a JSON event (the same passport links them). */
    static final String EVENT = "{\"eventId\": \"crs-evt-1\", \"type\": \"reservation.created\", \"source\": \"CRS\", "
            + "\"occurredAt\": \"2025-06-01T10:00:00+07:00\", \"property\": \"BKK01\", \"phoneRegion\": \"TH\", "
            + "\"reservation\": {\"confirmationNumber\": \"" + JSON_CONFIRMATION + "\", \"arrival\": \"2025-09-01\", "
            + "\"departure\": \"2025-09-03\"}, \"guest\": {\"key\": \"" + JSON_KEY + "\", \"names\": [{\"text\": \""
            + NAME + "\", \"format\": \"LAST/FIRST TITLE\"}], \"emails\": [\"" + EMAIL + "\"], \"phones\": [\"081-234-5678\"], "
            + "\"idDocuments\": [{\"type\": \"PASSPORT\", \"number\": \"" + PASSPORT + "\"}]}}";

    static final String ALERTS = """
            channels:
              topic:
                type: activemq-topic
                destination: guestlink.alerts.rights
            rules:
              - id: every-arrival
                on: [CHECKED_IN]
                audience: front-desk
                channels: [topic]
            """;

    Map<String, String> settings(String store) throws Exception {
        Files.createDirectories(root.resolve("sources"));
        Files.writeString(root.resolve("sources/opera-reservations.yaml"), Files.readString(Path.of("config/sources/opera-reservations.yaml")));
        Files.writeString(root.resolve("alerts.yaml"), ALERTS);
        Map<String, String> s = new HashMap<>(TestApp.settingsFor(root, Map.of()));
        if (store.equals("postgres")) {
            s.put(Settings.DB_URL.key(), pg.url());
            s.put(Settings.DB_USER.key(), pg.user());
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldExportRectifyEraseAndSuppressTheGuestWhereverTheyCameFrom(String store) throws Exception {
        Map<String, String> settings = settings(store);
        long yu, schmidt;
        try (GuestLink app = GuestLink.start(Settings.load(null, Map.of(), settings))) {
            TestApp.importText(app, root, "opera-reservations", FIRST);
            TestApp.importText(app, root, "opera-reservations", SECOND);
            AdtReceiver hl7 = Hl7Endpoint.receiver(app);
            AdtReceiver.Reply reply = hl7.receive(a01());
            assertThat(reply.code()).isEqualTo(AcknowledgmentCode.AA);
            var json = io.guestlink.app.camel.JsonEventEndpoint.reader(app);
            assertThat(app.intake().apply(json.read(EVENT)).duplicate()).isFalse();
            // a message of the guest refused for its content, journaled with its raw text as the listener does
            AdtReceiver.Reply refused = hl7.receive(a01("RIGHTS-BAD", "NOTADATE"));
            assertThat(refused.refusal()).isNotNull();
            assertThat(app.intake().refused(Hl7Endpoint.refusal(refused))).isPositive();
            yu = app.profiles().byKey("SRC:OPERA:" + GUEST_KEY).orElseThrow();
            schmidt = app.profiles().byKey("SRC:OPERA:100517").orElseThrow();
            assertThat(app.profiles().byKey("SRC:PMS:" + HL7_KEY)).as("the HL7 guest is Mr. Yu by his passport").contains(yu);
            assertThat(app.profiles().byKey("SRC:CRS:" + JSON_KEY)).as("so is the JSON event's").contains(yu);
            assertThat(app.alerting().evaluate(reply.stored().id())).as("the arrival's alert in the outbox").isNotEmpty();

            // rectification: wins over the sources, named in the provenance, audited
            var fixed = app.rights().rectify(yu, "birthDate", "1978-03-15", "request R-1", "dpo");
            assertThat(fixed.profile()).isEqualTo(yu);
            TestApp.importText(app, root, "opera-reservations", SECOND.replace(",1210,", ",1211,"));
            assertThat(app.profiles().profile(yu).orElseThrow().toString()).as("a later import does not undo it").contains("1978-03-15");

            JsonNode doc = Payloads.JSON.valueToTree(app.rights().export(yu, "dpo"));
            assertThat(doc.get("profileId").asLong()).isEqualTo(yu);
            assertThat(doc.at("/profiles/0/birth_date").asText()).isEqualTo("1978-03-15");
            assertThat(doc.at("/profiles/0/provenance/birthDate/rule").asText()).isEqualTo("RECTIFIED");
            assertThat(doc.at("/profiles/0/provenance/birthDate/by").asText()).isEqualTo("dpo");
            assertThat(doc.at("/rectifications/0/reason").asText()).isEqualTo("request R-1");
            assertThat(doc.get("sourceRecords")).as("the file's and the messages' records").hasSize(3);
            JsonNode opera = null;
            for (JsonNode r : doc.get("sourceRecords")) if (r.get("system").asText().equals("OPERA")) opera = r;
            assertThat(opera).isNotNull();
            assertThat(opera.get("history")).as("earlier versions").hasSize(2);
            assertThat(opera.at("/payload/guest/emails/0").asText()).isEqualTo(EMAIL);
            assertThat(doc.get("journalRows").size()).as("rows of three files and two messages").isGreaterThanOrEqualTo(5);
            assertThat(doc.get("journalRows").toString()).contains(NAME);
            assertThat(doc.get("names")).isNotEmpty();
            assertThat(doc.get("identityKeys").toString()).contains("IDDOC:").doesNotContain(PASSPORT);
            assertThat(doc.get("contacts").toString()).contains(EMAIL);
            assertThat(doc.get("stays")).hasSize(3);
            assertThat(doc.get("events")).hasSize(2);
            assertThat(doc.get("alerts")).hasSize(1);
            assertThat(doc.at("/alerts/0/deliveries")).hasSize(1);
            assertThat(doc.at("/alerts/0/payload").isObject()).isTrue();
            assertThat(doc.get("audit").toString()).contains("RECTIFY");
            assertThat(doc.has("memory") && doc.has("segments") && doc.has("merges") && doc.has("reviews")).isTrue();

            // the scan below sees the guest where the store holds them (so an empty scan after the erasure means something)
            assertThat(traces(app)).as("before the erasure").anyMatch(t -> t.toLowerCase(Locale.ROOT).startsWith("import_row.raw_text: " + NAME.toLowerCase(Locale.ROOT)))
                    .anyMatch(t -> t.toLowerCase(Locale.ROOT).startsWith("source_record.payload: " + EMAIL))
                    .anyMatch(t -> t.toLowerCase(Locale.ROOT).startsWith("refused_message.raw_text: " + HL7_VISIT.toLowerCase(Locale.ROOT)))
                    .anyMatch(t -> t.toLowerCase(Locale.ROOT).startsWith("alert.payload"));
            Map<String, Long> runCounts = runCounts(app);
            GuestRights.Erased erased = app.rights().erase(yu, "request R-2", "dpo");
            assertThat(erased.profiles()).isEqualTo(1);
            assertThat(erased.records()).isEqualTo(3);
            assertThat(erased.events()).isEqualTo(2);
            assertThat(erased.alerts()).isEqualTo(1);
            assertThat(erased.journalRows()).isGreaterThanOrEqualTo(5);
            // record x3, source guest x3 (OPERA, PMS, CRS), the passport once
            assertThat(erased.suppressions()).isEqualTo(7);
            assertThat(count(app, "SELECT count(*) FROM refused_message WHERE raw_text IS NULL AND reason LIKE 'erased%'"))
                    .as("the refused message's text").isEqualTo(1);
            assertThat(traces(app)).as("the guest's values left in the store").isEmpty();
            assertThat(io.guestlink.testing.StoreIntegrity.orphans(app.database())).as("rows left pointing at what was erased").isEmpty();
            assertThat(runCounts(app)).as("anonymous counts kept").isEqualTo(runCounts);
            assertThat(app.profiles().profile(schmidt)).as("the other guest untouched").isPresent();
            assertThat(count(app, "SELECT count(*) FROM guest_profile")).isEqualTo(1);
            assertThat(count(app, "SELECT count(*) FROM guest_erasure WHERE records = 3 AND profiles = 1")).isEqualTo(1);
            for (String action : List.of("EXPORT", "RECTIFY", "ERASE"))
                assertThat(count(app, "SELECT count(*) FROM audit_entry WHERE actor = 'dpo' AND profile_id = " + yu
                        + " AND action = '" + action + "'")).as(action + " audited").isEqualTo(1);

            // the same files and message again: journaled SUPPRESSED, nothing stored, nobody recreated
            long before = count(app, "SELECT count(*) FROM import_row WHERE outcome = 'SUPPRESSED'");
            TestApp.importText(app, root, "opera-reservations", FIRST);
            TestApp.importText(app, root, "opera-reservations", SECOND);
            AdtReceiver.Reply again = hl7.receive(a01());
            assertThat(again.code()).isEqualTo(AcknowledgmentCode.AA);
            assertThat(again.duplicate()).as("the message's id was erased with it").isFalse();
            assertThat(app.intake().apply(json.read(EVENT)).duplicate()).isFalse();
            assertThat(count(app, "SELECT count(*) FROM import_row WHERE outcome = 'SUPPRESSED'") - before).isEqualTo(4);
            assertThat(count(app, "SELECT count(*) FROM import_row WHERE outcome = 'SUPPRESSED' AND raw_text IS NULL "
                    + "AND source_key IS NULL AND reason LIKE 'suppressed: a guest erased by erasure " + erased.erasure() + "%'"))
                    .isEqualTo(4);
            assertThat(count(app, "SELECT count(*) FROM guest_profile")).as("no new profile").isEqualTo(1);
            assertThat(app.profiles().byKey("SRC:OPERA:" + GUEST_KEY)).isEmpty();
            assertThat(count(app, "SELECT count(*) FROM source_record")).isEqualTo(1);
            assertThat(hl7.receive(a01()).duplicate()).as("a re-send of the suppressed message is a duplicate").isTrue();
            assertThat(traces(app)).as("the guest's values after the re-import").isEmpty();
            schmidt = app.profiles().byKey("SRC:OPERA:100517").orElseThrow();
        }

        // the same rights from the command line, audited as --by
        Path file = root.resolve("schmidt.json");
        Cli.Result export = Cli.run(root, settings, Map.of(), "guest-export", Long.toString(schmidt), "--out", file.toString(), "--by", "dpo2");
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(Files.readString(file)).contains("SCHMIDT/ANNA MRS").contains("\"sourceRecords\"");
        Cli.Result rectify = Cli.run(root, settings, Map.of(), "rectify", Long.toString(schmidt), "--field", "language",
                "--value", "en", "--reason", "request R-3", "--by", "dpo2");
        assertThat(rectify.exit()).as(rectify.err()).isZero();
        Cli.Result bad = Cli.run(root, settings, Map.of(), "rectify", Long.toString(schmidt), "--field", "email", "--value", "x",
                "--reason", "r");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("field must be one of");
        Cli.Result erase = Cli.run(root, settings, Map.of(), "erase", Long.toString(schmidt), "--reason", "request R-4", "--by", "dpo2");
        assertThat(erase.exit()).as(erase.err()).isZero();
        assertThat(erase.out()).contains("erased (erasure");
        Cli.Result none = Cli.run(root, settings, Map.of(), "erase", "987654", "--reason", "request R-5");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no profile 987654");
        try (GuestLink app = GuestLink.start(Settings.load(null, Map.of(), settings))) {
            assertThat(count(app, "SELECT count(*) FROM guest_profile")).isZero();
            assertThat(count(app, "SELECT count(*) FROM audit_entry WHERE actor = 'dpo2'")).isEqualTo(3);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldServeTheRightsOverHttpToThePrivacyOfficerOnly() throws Exception {
        int port = io.guestlink.testing.FreePorts.any();
        Map<String, String> feeds = Map.of("opera-reservations", Files.readString(Path.of("config/sources/opera-reservations.yaml")));
        try (TestApp t = TestApp.in(root).feeds(feeds).settings(io.guestlink.testing.ApiClient.settings(root, port))
                .env(io.guestlink.testing.ApiClient.env()).start()) {
            t.importText("opera-reservations", FIRST);
            long yu = t.app.profiles().byKey("SRC:OPERA:" + GUEST_KEY).orElseThrow();
            io.guestlink.testing.ApiClient api = new io.guestlink.testing.ApiClient(port);
            String dpo = io.guestlink.testing.ApiClient.as(io.guestlink.access.Role.PRIVACY_OFFICER);
            String supervisor = io.guestlink.testing.ApiClient.as(io.guestlink.access.Role.SUPERVISOR);

            var exported = api.send("GET", "/api/v1/guests/" + yu + "/export", dpo, null);
            assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
            JsonNode doc = io.guestlink.testing.ApiClient.parse(exported.body());
            assertThat(doc.at("/sourceRecords/0/payload/guest/emails/0").asText()).isEqualTo(EMAIL);
            assertThat(api.send("GET", "/api/v1/guests/" + yu + "/export", supervisor, null).statusCode()).isEqualTo(403);

            // bad bodies: 400 naming the member, nothing recorded
            for (String[] c : List.of(new String[]{"{\"field\": \"email\", \"value\": \"x\", \"reason\": \"r\"}", "$.field"},
                    new String[]{"{\"field\": \"birthDate\", \"value\": \"14-MAR-78\", \"reason\": \"r\"}", "$.value"},
                    new String[]{"{\"field\": \"language\", \"value\": \"en\", \"reason\": \" \"}", "$.reason"},
                    new String[]{"{\"field\": \"language\", \"value\": \"en\"}", "$"},
                    new String[]{"{\"field\": \"language\", \"value\": \"en\", \"reason\": \"r\", \"by\": \"x\"}", "$.by"})) {
                var r = api.send("POST", "/api/v1/guests/" + yu + "/rectify", dpo, c[0]);
                assertThat(r.statusCode()).as(c[0] + ": " + r.body()).isEqualTo(400);
                assertThat(io.guestlink.testing.ApiClient.parse(r.body()).path("path").asText()).as(c[0]).startsWith(c[1]);
            }
            assertThat(count(t.app, "SELECT count(*) FROM profile_rectification")).isZero();

            var fixed = api.send("POST", "/api/v1/guests/" + yu + "/rectify", dpo,
                    "{\"field\": \"language\", \"value\": \"en\", \"reason\": \"request H-1\"}");
            assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
            assertThat(api.json("/api/v1/guests/" + yu, dpo).path("language").asText()).isEqualTo("en");

            var erased = api.send("POST", "/api/v1/guests/" + yu + "/erase", dpo, "{\"reason\": \"request H-2\"}");
            assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
            assertThat(io.guestlink.testing.ApiClient.parse(erased.body()).path("profiles").asInt()).isEqualTo(1);
            assertThat(api.send("GET", "/api/v1/guests/" + yu, dpo, null).statusCode()).isEqualTo(404);
            var again = api.send("POST", "/api/v1/guests/" + yu + "/erase", dpo, "{\"reason\": \"request H-3\"}");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(404);
            assertThat(count(t.app, "SELECT count(*) FROM audit_entry WHERE actor = 'privacy-officer' AND action IN "
                    + "('EXPORT', 'RECTIFY', 'ERASE') AND profile_id = " + yu)).isEqualTo(3);
        }
    }

    static long count(GuestLink app, String sql) {
        try {
            return StoreCounts.count(app.database(), sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static Map<String, Long> runCounts(GuestLink app) {
        Map<String, Long> out = new java.util.TreeMap<>();
        out.put("rows read", count(app, "SELECT COALESCE(SUM(rows_read), 0) FROM import_file"));
        out.put("journal rows", count(app, "SELECT count(*) FROM import_row"));
        return out;
    }

    /** table.column: value, for every text column of every table that holds one of the guest's values. */
    static List<String> traces(GuestLink app) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = app.database().connection()) {
            DatabaseMetaData md = c.getMetaData();
            String schema = app.database().isPostgres() ? "public" : "PUBLIC";
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, schema, "%", "%")) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME");
                    String type = rs.getString("TYPE_NAME").toLowerCase(Locale.ROOT);
                    if (table.toLowerCase(Locale.ROOT).contains("flyway")) continue;
                    if (type.contains("char") || type.contains("text") || type.contains("clob"))
                        columns.add(new String[]{table, rs.getString("COLUMN_NAME")});
                }
            }
            assertThat(columns.size()).as("text columns scanned").isGreaterThan(50);
            // every value read and, where sealed (RawText: journal raw text, refused messages, history), opened with
            // the store key: a sealed copy of the guest is still the guest's data
            for (String[] col : columns) {
                Set<String> seen = new java.util.TreeSet<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + col[1] + " FROM " + col[0] + " WHERE " + col[1] + " IS NOT NULL");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String text = app.database().rawText().open(rs.getString(1)).toLowerCase(Locale.ROOT);
                        for (String value : TRACES)
                            if (text.contains(value.toLowerCase(Locale.ROOT))) seen.add(value);
                    }
                }
                for (String value : TRACES) if (seen.contains(value)) found.add(col[0] + "." + col[1] + ": " + value);
            }
        }
        return found;
    }
}

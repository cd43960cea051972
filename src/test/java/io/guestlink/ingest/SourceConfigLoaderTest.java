package io.guestlink.ingest;

import io.guestlink.config.ConfigurationException;
import io.guestlink.model.RecordKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SourceConfigLoaderTest {

    private static final String BASE = """
            id: opera-res
            kind: reservation
            key: [CONF]
            """;
    private static final String VALID = BASE + """
            fields:
              reservation.confirmationNumber: CONF
              guest.name: {column: NAME, nameFormat: "LAST/FIRST TITLE"}
            """;

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private List<String> problemsOf(String yaml) throws IOException {
        Path file = write("feed.yaml", yaml);
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> SourceConfigLoader.load(file));
        assertThat(e).as("expected a ConfigurationException").isNotNull();
        assertThat(e.problems()).allSatisfy(p -> assertThat(p).startsWith(file.toString() + ": "));
        return e.problems().stream().map(p -> p.substring(file.toString().length() + 2)).toList();
    }

    @Test
    void shouldLoadValidFeedWithDefaults() throws IOException {
        SourceConfig c = SourceConfigLoader.load(write("opera-res.yaml", VALID));

        assertThat(c.id()).isEqualTo("opera-res");
        assertThat(c.system()).isEqualTo("opera-res");
        assertThat(c.kind()).isEqualTo(RecordKind.RESERVATION);
        assertThat(c.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(c.format().type()).isEqualTo(FormatSpec.DELIMITED);
        assertThat(c.format().charset()).isEqualTo("UTF-8");
        assertThat(c.format().delimiter()).isEqualTo(",");
        assertThat(c.format().maxFieldChars()).isEqualTo(4096);
        assertThat(c.maxAmount()).isEqualByComparingTo(new BigDecimal("1000000"));
        assertThat(c.fields()).containsOnlyKeys("reservation.confirmationNumber", "guest.name");
        assertThat(c.fields().get("guest.name").nameFormat()).isEqualTo("LAST/FIRST TITLE");
    }

    @Test
    void shouldReadTabDelimiterAndLineKey() throws IOException {
        SourceConfig c = SourceConfigLoader.load(write("f.yaml", VALID.replace("key: [CONF]", "key: [\"$line\"]")
                + "format: {delimiter: '\\t', charset: GBK}\n"));

        assertThat(c.format().delimiter()).isEqualTo("\t");
        assertThat(c.keyIsLineNumber()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "delimitr|format: {type: delimited, delimitr: ';'}",
            "fromat|fromat: {type: delimited}",
            "colum|fields: {reservation.arrival: {colum: ARR}}",
            "timezone|timezone: Asia/Bangkok",
    })
    void shouldReportUnknownKeyByName(String unknownKey, String yamlLine) throws IOException {
        List<String> problems = problemsOf(BASE + yamlLine + "\n");

        assertThat(problems).singleElement().asString()
                .startsWith("unknown key '" + unknownKey + "' at line ")
                .contains("(known: ");
    }

    @Test
    void shouldReportUnknownCharset() throws IOException {
        assertThat(problemsOf(VALID + "format: {charset: UTF-9}\n"))
                .containsExactly("format.charset: 'UTF-9' is not a charset this Java knows");
    }

    @Test
    void shouldReportBadDatePatternsWhereverTheyAre() throws IOException {
        List<String> problems = problemsOf(VALID.replace("  guest.name:", "  reservation.arrival: {column: ARR, formats: [\"dd-MM-yyyy{\"]}\n  guest.name:")
                + "dateFormats: [\"yyyy-MM-dd\", \"yyyy-bb-dd\"]\n");

        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("date pattern 'yyyy-bb-dd': "));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("date pattern 'dd-MM-yyyy{': "));
    }

    @Test
    void shouldReportFieldsThatAreNotCanonicalForTheKind() throws IOException {
        List<String> problems = problemsOf(VALID + "  guest.shoeSize: SHOE\n  folio.amount: AMT\n");

        assertThat(problems).containsExactlyInAnyOrder(
                "fields.guest.shoeSize: not a canonical field for kind reservation (see docs/feeds.md, 'Canonical fields')",
                "fields.folio.amount: not a canonical field for kind reservation (see docs/feeds.md, 'Canonical fields')");
    }

    @Test
    void shouldReportEveryProblemOfOneFileAtOnce() throws IOException {
        List<String> problems = problemsOf("""
                id: "bad id!"
                kind: reservation
                format: {charset: NOPE, delimiter: ";;"}
                dateFormats: ["qqqq-bb"]
                fields:
                  reservation.roomColour: COLOUR
                  reservation.status: {column: STATUS, codes: statuses}
                  guest.name: {join: " "}
                """);

        assertThat(problems).hasSize(8).contains(
                "id: 'bad id!' must be 1-63 letters, digits, '-' or '_'",
                "key: missing (the columns that identify a record, or $line)",
                "format.delimiter: ';;' must be one character",
                "format.charset: 'NOPE' is not a charset this Java knows",
                "fields.reservation.roomColour: not a canonical field for kind reservation (see docs/feeds.md, 'Canonical fields')",
                "fields.reservation.status.codes: no code table 'statuses' in codes",
                "fields.guest.name: needs column, columns, constant, default or from");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("date pattern 'qqqq-bb': "));
    }

    @Test
    void shouldReportProblemsOfSeveralFilesAllAtOnce() throws IOException {
        Path a = write("a.yaml", VALID.replace("opera-res", "feed-a") + "delimiter: ';'\n");
        Path b = write("b.yaml", VALID.replace("opera-res", "feed-b") + "format: {charset: UTF-9}\ndateFormats: [\"yyyy-MM-dd{\"]\n");
        Path c = write("c.yaml", VALID.replace("opera-res", "feed-c") + "  guest.shoeSize: SHOE\n");
        write("d.yaml", VALID.replace("opera-res", "feed-dup"));
        write("e.yaml", VALID.replace("opera-res", "feed-dup"));
        write("f.yaml", VALID.replace("opera-res", "feed-f"));
        write("notes.txt", "not a feed");

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> SourceConfigLoader.loadAll(dir));

        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(5);
        assertThat(e.problems().get(0)).startsWith(a + ": unknown key 'delimiter'");
        assertThat(e.problems()).contains(
                b + ": format.charset: 'UTF-9' is not a charset this Java knows",
                c + ": fields.guest.shoeSize: not a canonical field for kind reservation (see docs/feeds.md, 'Canonical fields')",
                dir.resolve("e.yaml") + ": id 'feed-dup' is used by another feed file");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(b + ": date pattern 'yyyy-MM-dd{'"));
        assertThat(e.getMessage()).contains("a.yaml", "b.yaml", "c.yaml", "e.yaml").doesNotContain("d.yaml", "f.yaml");
    }

    @Test
    void shouldLoadEveryYamlFileOfAFolderInNameOrder() throws IOException {
        write("b.yaml", VALID.replace("opera-res", "feed-b"));
        write("a.yaml", VALID.replace("opera-res", "feed-a"));
        write("readme.md", "ignored");

        assertThat(SourceConfigLoader.loadAll(dir)).extracting(SourceConfig::id).containsExactly("feed-a", "feed-b");
    }

    @Test
    void shouldReportMissingFolderAndEmptyFile() throws IOException {
        assertThatThrownBy(() -> SourceConfigLoader.loadAll(dir.resolve("nope")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no such folder of feed files");
        // a 0-byte file and a file holding only a null document are both reported, naming the file
        assertThat(problemsOf("")).hasSize(1);
        assertThat(problemsOf("---\n~\n")).containsExactly("empty file");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "kind: hotel|unknown record kind 'hotel'",
            "timeZone: Mars/Olympus|Mars/Olympus",
            "maxAmount: lots|lots",
    })
    void shouldReportValuesThatCannotBeRead(String line, String fragment) throws IOException {
        String yaml = VALID.replace("kind: reservation\n", line.startsWith("kind") ? "" : "kind: reservation\n") + line + "\n";

        assertThat(problemsOf(yaml)).singleElement().asString().contains(fragment);
    }

    @Test
    void shouldReportUnknownNameFormatAtLoadTime() throws IOException {
        List<String> problems = problemsOf(VALID.replace("LAST/FIRST TITLE", "FIRST LAST"));

        assertThat(problems).singleElement().asString()
                .startsWith("fields.guest.name.nameFormat: 'FIRST LAST'");
    }

    // ---------------------------------------------------------------- database feeds

    @Test
    void shouldLoadADatabaseFeedAsJsonRowsForReplay() throws IOException {
        SourceConfig c = SourceConfigLoader.load(write("db.yaml", VALID + """
                poll:
                  urlEnv: LEGACY_URL
                  query: SELECT * FROM reservation
                  watermark: updated_at
                  lag: PT30S
                  every: PT2S
                """));
        assertThat(c.isDatabaseFeed()).isTrue();
        assertThat(c.format().type()).isEqualTo(FormatSpec.JSON_LINES);
        assertThat(c.poll().lagDuration()).hasSeconds(30);
        assertThat(c.poll().every()).hasSeconds(2);
        assertThat(c.poll().tieBreakerOr(c.key())).isEqualTo("CONF");
        assertThat(c.poll().resolveUrl(java.util.Map.of("LEGACY_URL", "jdbc:mariadb://pms/db")::get)).isEqualTo("jdbc:mariadb://pms/db");
    }

    @Test
    void shouldReportEveryProblemOfAPollSection() throws IOException {
        List<String> problems = problemsOf(VALID + """
                poll:
                  url: jdbc:mariadb://pms/db?password=secret
                  query: SELECT * FROM reservation ORDER BY updated_at
                  mode: trigger
                  lag: soon
                  batchSize: 0
                  charsets: { guest_name: KLINGON }
                """);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("poll.url: holds a password"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("poll.query: must not end with ORDER BY"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("poll.mode: 'trigger'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("poll.lag: 'soon'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("poll.batchSize: 0"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("poll.charsets.guest_name: 'KLINGON'"));
    }

    @Test
    void shouldNeedWatermarkOrOnConsumeByMode() throws IOException {
        assertThat(problemsOf(VALID + "poll: {url: 'jdbc:h2:mem:x', query: SELECT 1}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("poll.watermark: needed in watermark mode"));
        assertThat(problemsOf(VALID + "poll: {url: 'jdbc:h2:mem:x', query: SELECT 1, mode: flag}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("poll.onConsume: needed in flag mode"));
        assertThat(problemsOf(BASE.replace("[CONF]", "[$line]") + "poll: {url: 'jdbc:h2:mem:x', query: SELECT 1, watermark: t}\n"))
                .anySatisfy(p -> assertThat(p).startsWith("key: a database feed needs key columns"));
    }

    @Test
    void shouldKeepARemoteFeedsSecretsOutOfTheFileAndItsHostKeysChecked() throws IOException {
        List<String> problems = problemsOf(VALID + """
                endpoint: 'sftp://pms:hunter2@sftp.hotel.lan/exports?privateKeyPassphrase=RAW(open-sesame)&strictHostKeyChecking=no&useUserKnownHostsFile=true'
                """);
        assertThat(problems).containsExactlyInAnyOrder(
                "endpoint: a password in user:password@ is never kept in a feed file; give passwordEnv: <VARIABLE>",
                "endpoint: privateKeyPassphrase= holds a secret written in the feed file; give passwordEnv: <VARIABLE> "
                        + "(or privateKeyPassphrase=RAW({{env:VARIABLE}})) and set it in the environment",
                "endpoint: strictHostKeyChecking=no: SFTP host keys are always checked against a known_hosts file; name it "
                        + "with the feed's knownHosts or guestlink.sftp.known-hosts (docs/feeds.md)",
                "endpoint: useUserKnownHostsFile=true: SFTP host keys are always checked against a known_hosts file; name it "
                        + "with the feed's knownHosts or guestlink.sftp.known-hosts (docs/feeds.md)");
        assertThat(String.join("\n", problems)).doesNotContain("hunter2").doesNotContain("open-sesame");
        assertThat(problemsOf(VALID + "endpoint: 'ftp://pms@ftp.hotel.lan/x?password=secret'\n"))
                .containsExactly("endpoint: password= holds a secret written in the feed file; give passwordEnv: <VARIABLE> "
                        + "(or password=RAW({{env:VARIABLE}})) and set it in the environment");
        assertThat(problemsOf(VALID + "knownHosts: config/known_hosts\npasswordEnv: X\n"))
                .containsExactlyInAnyOrder("passwordEnv: only for a feed with an endpoint", "knownHosts: only for a feed with an sftp: endpoint");
    }

    @Test
    void shouldTakeARemoteFeedsPasswordFromTheEnvironment() throws IOException {
        SourceConfig c = SourceConfigLoader.load(write("feed.yaml", VALID + """
                endpoint: 'sftp://pms@sftp.hotel.lan:2222/exports'
                passwordEnv: OPERA_SFTP_PASSWORD
                knownHosts: config/opera_known_hosts
                """));
        assertThat(c.passwordEnv()).isEqualTo("OPERA_SFTP_PASSWORD");
        assertThat(c.knownHosts()).isEqualTo("config/opera_known_hosts");
        assertThat(RemoteEndpoint.namedVariables("ftp://pms@h/x?password=RAW({{env:OPERA_FTP_PASSWORD}})")).containsExactly("OPERA_FTP_PASSWORD");
        SourceConfigLoader.load(write("placeholder.yaml", VALID + "endpoint: 'ftp://pms@h/x?password=RAW({{env:OPERA_FTP_PASSWORD}})'\n"));
    }
}

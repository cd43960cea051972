package io.guestlink.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RecordReaderTest {

    private static final String HEADER = "id,name,city\n";

    // ---------------------------------------------------------------- helpers

    private static FormatSpec csv() {
        return FormatSpec.defaults();
    }

    private static FormatSpec csv(String charset, int maxRecordLines) {
        return FormatSpec.fromYaml(null, charset, null, null, null, null, null, null, null, null, null, null, null, maxRecordLines, null);
    }

    private static FormatSpec fixedWidth(String charset) {
        return FormatSpec.fromYaml(FormatSpec.FIXED_WIDTH, charset, null, null, null, null, null,
                Map.of("id", new FormatSpec.Position(2, 4),
                        "name", new FormatSpec.Position(6, 10),
                        "city", new FormatSpec.Position(16, 6)),
                new FormatSpec.Position(1, 1), Set.of("D"), null, null, null, null, null);
    }

    private static FormatSpec jsonLines() {
        return FormatSpec.fromYaml(FormatSpec.JSON_LINES, null, null, null, null, null, null, null, null, null, "items",
                null, null, null, null);
    }

    private static List<RawRecord> readAll(FormatSpec format, byte[] bytes) throws IOException {
        try (RecordReader reader = RecordReader.open(new ByteArrayInputStream(bytes), format)) {
            List<RawRecord> out = new ArrayList<>();
            reader.forEachRemaining(out::add);
            return out;
        }
    }

    private static List<RawRecord> readCsv(String text) throws IOException {
        return readAll(csv(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(Object... parts) {
        var out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            else if (p instanceof byte[] b) out.writeBytes(b);
            else throw new IllegalArgumentException(String.valueOf(p));
        }
        return out.toByteArray();
    }

    private static byte[] raw(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    /** Line number, id value and problem of each record, for one-glance assertions on a whole file. */
    private static List<org.assertj.core.groups.Tuple> summary(List<RawRecord> records) {
        return records.stream().map(r -> tuple(r.line(), r.values().get("id"), r.problem() == null)).toList();
    }

    // ---------------------------------------------------------------- delimited: lines without quotes

    /** Lines without a quote are split without a parser: every value must come out as Commons CSV reads it. */
    @ParameterizedTest
    @ValueSource(strings = {"1,Anna,Bangkok", "2,,", ",,", "3, Anna ,Bang kok ", "4,Anna,", "5,\u738b\u82b3,\u5317\u4eac", "6,a\tb,c"})
    void shouldSplitALineWithoutQuotesExactlyAsCommonsCsvReadsIt(String line) throws IOException {
        String text = line.translateEscapes();
        List<RawRecord> records = readCsv(HEADER + text + "\n");

        List<String> expected;
        try (var parser = org.apache.commons.csv.CSVParser.parse(text, org.apache.commons.csv.CSVFormat.RFC4180)) {
            expected = parser.getRecords().get(0).toList();
        }
        assertThat(records).hasSize(1);
        assertThat(records.get(0).problem()).isNull();
        assertThat(List.copyOf(records.get(0).values().values())).isEqualTo(expected);
    }

    @Test
    void shouldRejectALineWithoutQuotesThatHasTooManyValues() throws IOException {
        List<RawRecord> records = readCsv(HEADER + "1,Anna,Bangkok,extra\n2,Ben,Hua Hin\n");

        assertThat(summary(records)).containsExactly(tuple(2L, null, false), tuple(3L, "2", true));
        assertThat(records.get(0).problem()).contains("wrong column count: 4 values, expected 3");
    }

    // ---------------------------------------------------------------- delimited: quoting

    @Test
    void shouldReadQuotedValueSpanningTwoLinesAsOneRecordNumberedByItsFirstLine() throws IOException {
        List<RawRecord> records = readCsv(HEADER
                + "1,\"Ann\nSmith\",Paris\n"
                + "2,Bob,Oslo\n");

        assertThat(records).hasSize(2);
        assertThat(records.get(0).problem()).isNull();
        assertThat(records.get(0).line()).isEqualTo(2);
        assertThat(records.get(0).values()).containsEntry("name", "Ann\nSmith").containsEntry("city", "Paris");
        assertThat(records.get(1).line()).isEqualTo(4);
        assertThat(records.get(1).values()).containsEntry("id", "2").containsEntry("name", "Bob");
    }

    @Test
    void shouldKeepDoubledQuotesAndDelimitersInsideQuotedValues() throws IOException {
        List<RawRecord> records = readCsv(HEADER + "1,\"Smith, \"\"Jr\"\"\",Paris\n");

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.problem()).isNull();
            assertThat(r.values()).containsEntry("name", "Smith, \"Jr\"");
        });
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"2,ab\"c,Rome", "2,\"abc\"def,Rome", "2,\"Ro\"\"me\"x,Rome"})
    void shouldRejectRowWithMalformedQuotingAndKeepReadingNextRows(String badRow) throws IOException {
        List<RawRecord> records = readCsv(HEADER
                + "1,Ann,Paris\n"
                + badRow + "\n"
                + "3,Bob,Oslo\n"
                + "4,Cy,Nice\n");

        assertThat(summary(records)).containsExactly(
                tuple(2L, "1", true), tuple(3L, null, false), tuple(4L, "3", true), tuple(5L, "4", true));
        assertThat(records.get(1).problem()).startsWith("malformed quoting");
        assertThat(records.get(1).raw()).isEqualTo(badRow);
        assertThat(records.get(2).values()).containsEntry("name", "Bob").containsEntry("city", "Oslo");
    }

    @Test
    void shouldRejectOnlyTheStrayQuoteRowsWhenTwoStrayQuotesBalanceEachOther() throws IOException {
        // two odd quotes a few lines apart balance each other; the good row between them must survive
        List<RawRecord> records = readCsv(HEADER
                + "1,Ann,Paris\n"
                + "2,ab\"c,Rome\n"
                + "3,Bob,Oslo\n"
                + "4,O\"Neil,Nice\n"
                + "5,Cy,Lima\n");

        assertThat(summary(records)).containsExactly(
                tuple(2L, "1", true), tuple(3L, null, false), tuple(4L, "3", true), tuple(5L, null, false),
                tuple(6L, "5", true));
        assertThat(records.get(1).problem()).startsWith("malformed quoting").contains("line 3");
        assertThat(records.get(1).raw()).isEqualTo("2,ab\"c,Rome");
        assertThat(records.get(3).problem()).startsWith("malformed quoting").contains("line 5");
    }

    @Test
    void shouldRejectUnclosedQuoteOpeningMidFileAndKeepReadingNextRows() throws IOException {
        List<RawRecord> records = readCsv(HEADER
                + "1,Ann,Paris\n"
                + "2,\"Unclosed,Rome\n"
                + "3,Bob,Oslo\n"
                + "4,\"Quoted, fine\",Nice\n"
                + "5,Cy,Lima\n");

        assertThat(summary(records)).containsExactly(
                tuple(2L, "1", true), tuple(3L, null, false), tuple(4L, "3", true), tuple(5L, "4", true),
                tuple(6L, "5", true));
        assertThat(records.get(1).problem())
                .isEqualTo("malformed quoting: a quoted value opened on line 3 is not closed within 50 lines");
        assertThat(records.get(1).raw()).isEqualTo("2,\"Unclosed,Rome");
        assertThat(records.get(3).values()).containsEntry("name", "Quoted, fine");
    }

    @Test
    void shouldRejectUnclosedQuoteWithoutSwallowingALaterValidMultiLineRecord() throws IOException {
        // the unclosed quote on line 3 is balanced by the quote opening the valid two-line value on line 5
        List<RawRecord> records = readCsv(HEADER
                + "1,Ann,Paris\n"
                + "2,\"Unclosed,Rome\n"
                + "3,Bob,Oslo\n"
                + "4,\"Two\nlines\",Nice\n"
                + "5,Cy,Lima\n");

        assertThat(summary(records)).containsExactly(
                tuple(2L, "1", true), tuple(3L, null, false), tuple(4L, "3", true), tuple(5L, "4", true),
                tuple(7L, "5", true));
        assertThat(records.get(1).problem()).startsWith("malformed quoting").contains("line 3");
        assertThat(records.get(3).values()).containsEntry("name", "Two\nlines").containsEntry("city", "Nice");
    }

    @Test
    void shouldRejectQuoteNotClosedWithinMaxRecordLinesAndReReadTheLinesAfterIt() throws IOException {
        List<RawRecord> records = readAll(csv("UTF-8", 3), (HEADER
                + "1,\"Never closed,Rome\n"
                + "2,Bob,Oslo\n"
                + "3,Cy,Lima\n"
                + "4,Dee,Bonn\n").getBytes(StandardCharsets.UTF_8));

        assertThat(summary(records)).containsExactly(
                tuple(2L, null, false), tuple(3L, "2", true), tuple(4L, "3", true), tuple(5L, "4", true));
        assertThat(records.get(0).problem())
                .isEqualTo("malformed quoting: a quoted value opened on line 2 is not closed within 3 lines");
    }

    // ---------------------------------------------------------------- delimited: column count

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "2,Bob|wrong column count: 2 values, expected 3",
            "2,Bob,Oslo,extra|wrong column count: 4 values, expected 3",
            "2|wrong column count: 1 values, expected 3",
    })
    void shouldRejectRowWithWrongColumnCountAndKeepNeighbours(String badRow, String reason) throws IOException {
        List<RawRecord> records = readCsv(HEADER + "1,Ann,Paris\n" + badRow + "\n3,Cy,Lima\n");

        assertThat(summary(records)).containsExactly(tuple(2L, "1", true), tuple(3L, null, false), tuple(4L, "3", true));
        assertThat(records.get(1).problem()).isEqualTo(reason);
        assertThat(records.get(1).raw()).isEqualTo(badRow);
    }

    @Test
    void shouldNameTheLineSpanOfAMultiLineRecordWithWrongColumnCount() throws IOException {
        List<RawRecord> records = readCsv(HEADER + "1,\"Ann\nSmith\"\n2,Bob,Oslo\n");

        assertThat(records.get(0).problem())
                .isEqualTo("wrong column count: 2 values, expected 3 (record spans lines 2-3)");
        assertThat(records.get(1).line()).isEqualTo(4);
        assertThat(records.get(1).problem()).isNull();
    }

    @Test
    void shouldRejectTruncatedLastLineWithoutTrailingNewline() throws IOException {
        List<RawRecord> records = readCsv(HEADER + "1,Ann,Paris\n2,Bo");

        assertThat(summary(records)).containsExactly(tuple(2L, "1", true), tuple(3L, null, false));
        assertThat(records.get(1).problem()).isEqualTo("wrong column count: 2 values, expected 3");
    }

    @Test
    void shouldAcceptCompleteLastLineWithoutTrailingNewline() throws IOException {
        List<RawRecord> records = readCsv(HEADER + "1,Ann,Paris\n2,Bob,Oslo");

        assertThat(summary(records)).containsExactly(tuple(2L, "1", true), tuple(3L, "2", true));
        assertThat(records.get(1).values()).containsEntry("city", "Oslo");
    }

    @Test
    void shouldReadCrLfLineEndingsAndSkipBlankLinesKeepingFileLineNumbers() throws IOException {
        List<RawRecord> records = readCsv("id,name,city\r\n1,Ann,Paris\r\n\r\n3,Cy,Lima\r\n");

        assertThat(summary(records)).containsExactly(tuple(2L, "1", true), tuple(4L, "3", true));
        assertThat(records.get(1).values()).containsEntry("city", "Lima");
    }

    // ---------------------------------------------------------------- delimited: charsets and BOM

    @Test
    void shouldRejectRowWithInvalidUtf8BytesAndKeepOtherRows() throws IOException {
        byte[] file = bytes(HEADER, "1,Ann,Paris\n", "2,B", raw(0xC3, 0x28), "b,Rome\n", "3,Jos\u00e9,S\u00e3o Paulo\n");

        List<RawRecord> records = readAll(csv(), file);

        assertThat(summary(records)).containsExactly(tuple(2L, "1", true), tuple(3L, null, false), tuple(4L, "3", true));
        assertThat(records.get(1).problem()).isEqualTo("bytes not valid in the declared charset");
        assertThat(records.get(2).values()).containsEntry("name", "Jos\u00e9").containsEntry("city", "S\u00e3o Paulo");
    }

    @ParameterizedTest(name = "[{index}] bad bytes {0}")
    @ValueSource(strings = {"FF", "80"})
    void shouldRejectRowWithBytesInvalidInGbkAndDecodeValidGbkRows(String badByteHex) throws IOException {
        Charset gbk = Charset.forName("GBK");
        byte[] file = bytes(
                "id,name,city\n".getBytes(gbk),
                "1,\u4e8e\u660e,\u5317\u4eac\n".getBytes(gbk),
                "2,X".getBytes(gbk), raw(Integer.parseInt(badByteHex, 16)), "Y,\u4e0a\u6d77\n".getBytes(gbk),
                "3,\u674e\u56db,\u5e7f\u5dde\n".getBytes(gbk));

        List<RawRecord> records = readAll(csv("GBK", 50), file);

        assertThat(summary(records)).containsExactly(tuple(2L, "1", true), tuple(3L, null, false), tuple(4L, "3", true));
        assertThat(records.get(0).values()).containsEntry("name", "\u4e8e\u660e").containsEntry("city", "\u5317\u4eac");
        assertThat(records.get(1).problem()).contains("not valid in the declared charset");
        assertThat(records.get(2).values()).containsEntry("name", "\u674e\u56db");
    }

    @Test
    void shouldDropUtf8BomBeforeHeader() throws IOException {
        byte[] file = bytes(raw(0xEF, 0xBB, 0xBF), HEADER, "1,Ann,Paris\n");

        try (RecordReader reader = RecordReader.open(new ByteArrayInputStream(file), csv())) {
            assertThat(reader.columnNames()).containsExactly("id", "name", "city");
            assertThat(reader.columnNames()).noneMatch(c -> c.contains("\uFEFF"));
            assertThat(reader.headerText()).isEqualTo("id,name,city");
            RawRecord r = reader.next();
            assertThat(r.problem()).isNull();
            assertThat(r.values()).containsEntry("id", "1");
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void shouldDropUtf8BomBeforeFirstJsonLine() throws IOException {
        byte[] file = bytes(raw(0xEF, 0xBB, 0xBF), "{\"id\":\"1\"}\n");

        assertThat(readAll(jsonLines(), file)).singleElement()
                .satisfies(r -> assertThat(r.values()).containsExactly(Map.entry("id", "1")));
    }

    // ---------------------------------------------------------------- delimited: empty files

    @Test
    void shouldReadNoRecordsFromEmptyFile() throws IOException {
        try (RecordReader reader = RecordReader.open(new ByteArrayInputStream(new byte[0]), csv())) {
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.columnNames()).isEmpty();
            assertThat(reader.headerText()).isNull();
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"id,name,city\n", "id,name,city", "id,name,city\n\n\n", "\n\nid,name,city\n"})
    void shouldReadNoRecordsFromFileWithOnlyAHeader(String content) throws IOException {
        try (RecordReader reader = RecordReader.open(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), csv())) {
            assertThat(reader.columnNames()).containsExactly("id", "name", "city");
            assertThat(reader.hasNext()).isFalse();
        }
    }

    // ---------------------------------------------------------------- fixed width

    private static String fw(String type, String id, String name, String city) {
        return type + String.format("%-4s%-10s%-6s", id, name, city);
    }

    @Test
    void shouldRejectShortFixedWidthLineAsTruncatedAndSkipOtherRecordTypes() throws IOException {
        String text = "H20250301 EXPORT BANNER\n"
                + fw("D", "0001", "Ann", "Paris") + "\n"
                + "D0002Bob       Os\n"
                + fw("D", "0003", "Cy", "Lima") + "\n"
                + "T0003\n";

        List<RawRecord> records = readAll(fixedWidth("UTF-8"), text.getBytes(StandardCharsets.UTF_8));

        assertThat(records).extracting(RawRecord::line, RawRecord::skip, RawRecord::problem).containsExactly(
                tuple(1L, true, null),
                tuple(2L, false, null),
                tuple(3L, false, "line is 17 characters, the record layout needs 21 (truncated?)"),
                tuple(4L, false, null),
                tuple(5L, true, null));
        assertThat(records.get(1).values()).containsEntry("id", "0001").containsEntry("name", "Ann").containsEntry("city", "Paris");
        assertThat(records.get(3).values()).containsEntry("id", "0003").containsEntry("city", "Lima");
    }

    @Test
    void shouldDecodeGbkFixedWidthCountingCharactersNotBytes() throws IOException {
        Charset gbk = Charset.forName("GBK");
        String text = fw("D", "0001", "\u4e8e\u660e", "\u5317\u4eac") + "\n" + fw("D", "0002", "Ann", "Paris") + "\n";

        List<RawRecord> records = readAll(fixedWidth("GBK"), text.getBytes(gbk));

        assertThat(records).extracting(RawRecord::problem).containsOnlyNulls();
        assertThat(records.get(0).values()).containsEntry("name", "\u4e8e\u660e").containsEntry("city", "\u5317\u4eac");
        assertThat(records.get(1).values()).containsEntry("name", "Ann");
    }

    @Test
    void shouldDecodeWindows1252FixedWidthAndRejectItsUndefinedBytes() throws IOException {
        Charset cp1252 = Charset.forName("windows-1252");
        byte[] file = bytes(
                (fw("D", "0001", "M\u00fcller \u20ac", "K\u00f6ln") + "\n").getBytes(cp1252),
                "D0002Bad".getBytes(cp1252), raw(0x81), "       Paris \n".getBytes(cp1252),
                (fw("D", "0003", "Fran\u00e7ois", "N\u00eemes") + "\n").getBytes(cp1252));

        List<RawRecord> records = readAll(fixedWidth("windows-1252"), file);

        assertThat(records).extracting(RawRecord::line, RawRecord::problem).containsExactly(
                tuple(1L, null), tuple(2L, "bytes not valid in the declared charset"), tuple(3L, null));
        assertThat(records.get(0).values()).containsEntry("name", "M\u00fcller \u20ac").containsEntry("city", "K\u00f6ln");
        assertThat(records.get(2).values()).containsEntry("name", "Fran\u00e7ois").containsEntry("city", "N\u00eemes");
    }

    // ---------------------------------------------------------------- json lines

    @Test
    void shouldFlattenNestedObjectsAndItemsArrayIntoDottedNames() throws IOException {
        String line = "{\"id\":\"T1\",\"guest\":{\"name\":\"Ann\",\"contact\":{\"email\":\"ann@example.com\"}},"
                + "\"total\":12.5,\"note\":null,"
                + "\"items\":[{\"name\":\"Tea\",\"price\":3.5},{\"name\":\"Cake\",\"qty\":2}]}";

        RawRecord r = readAll(jsonLines(), (line + "\n").getBytes(StandardCharsets.UTF_8)).get(0);

        assertThat(r.problem()).isNull();
        assertThat(r.values()).containsOnly(
                Map.entry("id", "T1"),
                Map.entry("guest.name", "Ann"),
                Map.entry("guest.contact.email", "ann@example.com"),
                Map.entry("total", "12.5"),
                Map.entry("items.0.name", "Tea"),
                Map.entry("items.0.price", "3.5"),
                Map.entry("items.1.name", "Cake"),
                Map.entry("items.1.qty", "2"));
        assertThat(r.raw()).isEqualTo(line);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"id\":\"2\",\"guest\":{\"name\":\"Bob\"|invalid JSON",
            "{id: 2}|invalid JSON",
            "{\"id\":\"2\"} {\"id\":\"2b\"}|invalid JSON",
            "[1,2,3]|not a JSON object",
            "\"just a string\"|not a JSON object",
    })
    void shouldRejectInvalidJsonLineAndKeepReadingNextLines(String badLine, String reason) throws IOException {
        String text = "{\"id\":\"1\"}\n" + badLine + "\n{\"id\":\"3\"}\n";

        List<RawRecord> records = readAll(jsonLines(), text.getBytes(StandardCharsets.UTF_8));

        assertThat(summary(records)).containsExactly(tuple(1L, "1", true), tuple(2L, null, false), tuple(3L, "3", true));
        assertThat(records.get(1).problem()).startsWith(reason);
        assertThat(records.get(1).raw()).isEqualTo(badLine);
    }

    @Test
    void shouldRejectJsonLineWithUndecodableBytes() throws IOException {
        byte[] file = bytes("{\"id\":\"1\"}\n", "{\"id\":\"2\",\"name\":\"B", raw(0xC3, 0x28), "\"}\n", "{\"id\":\"3\"}\n");

        List<RawRecord> records = readAll(jsonLines(), file);

        assertThat(summary(records)).containsExactly(tuple(1L, "1", true), tuple(2L, null, false), tuple(3L, "3", true));
        assertThat(records.get(1).problem()).contains("not valid in the declared charset");
    }
}

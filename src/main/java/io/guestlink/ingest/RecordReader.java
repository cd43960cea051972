package io.guestlink.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams the records of one file: memory stays flat whatever the file size. A record that cannot be split into
 * values comes out as a {@link RawRecord#bad} record with its line number and reason, and reading goes on with the
 * next record, so one bad row never stops a file. Only I/O failures end the stream.
 */
public abstract class RecordReader implements Iterator<RawRecord>, Closeable {
    private static final char REPLACEMENT = '\uFFFD';
    // FAIL_ON_TRAILING_TOKENS, so a line holding more than one value ({"id":1} {"id":2}) is rejected as invalid
    // JSON instead of importing the first object and silently dropping the rest of the line.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final BufferedReader in;
    private final Deque<String> pushedBack = new ArrayDeque<>();
    protected final FormatSpec format;
    private long lineNo;
    private RawRecord next;
    private boolean done;

    protected RecordReader(InputStream input, FormatSpec format) {
        // REPLACE, not REPORT: a strict decoder would abort the whole file at the first bad byte; instead the row
        // holding U+FFFD is rejected and the rest of the file still imports.
        var decoder = format.decodeCharset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.in = new BufferedReader(new InputStreamReader(input, decoder), 1 << 16);
        this.format = format;
    }

    public static RecordReader open(InputStream input, FormatSpec format) throws IOException {
        RecordReader reader = switch (format.type()) {
            case FormatSpec.DELIMITED -> new Delimited(input, format);
            case FormatSpec.FIXED_WIDTH -> new FixedWidth(input, format);
            case FormatSpec.JSON_LINES -> new JsonLines(input, format);
            default -> throw new IllegalArgumentException("unknown format type " + format.type());
        };
        for (int i = 0; i < format.skipLines(); i++) reader.readLine();
        reader.start();
        return reader;
    }

    /**
     * Reads one journaled row back (replay) exactly as the import read it: its file's header, if any, then the row,
     * through a reader of the feed's format without its lines to skip. The record keeps the given line number.
     */
    public static RawRecord reread(FormatSpec format, String headerText, String raw, long line) {
        java.nio.charset.Charset cs = format.decodeCharset();
        String text = headerText == null ? raw : headerText + "\n" + raw;
        FormatSpec noSkip = FormatSpec.fromYaml(format.type(), cs.name(), format.delimiter(), format.quote(), format.header(),
                format.columns(), 0, format.positions(), format.recordType(), format.dataRecords(), format.itemsArray(),
                format.nullValues(), format.maxFieldChars(), format.maxRecordLines(), format.decimalComma());
        try (RecordReader reader = open(new java.io.ByteArrayInputStream(text.getBytes(cs)), noSkip)) {
            if (!reader.hasNext()) return RawRecord.bad(line, raw, "journaled row is empty");
            RawRecord r = reader.next();
            return new RawRecord(line, r.values(), r.raw(), r.problem(), r.skip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The header as read from the file (delimited files with a header), else null. Kept for replay. */
    public String headerText() {
        return null;
    }

    /** Column names this file offers, or null when any name is possible (JSON). */
    public List<String> columnNames() {
        return null;
    }

    protected void start() throws IOException {
    }

    /** Reads the next record, or returns null at end of file. */
    protected abstract RawRecord read() throws IOException;

    protected final String readLine() throws IOException {
        if (!pushedBack.isEmpty()) {
            lineNo++;
            return pushedBack.pop();
        }
        String line = in.readLine();
        if (line == null) return null;
        lineNo++;
        if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line = line.substring(1);
        return line;
    }

    /** Blank lines carry no record (trailing newlines, spacer lines): skipped everywhere. */
    protected final String nextNonBlankLine() throws IOException {
        String line;
        do {
            line = readLine();
        } while (line != null && line.isBlank());
        return line;
    }

    protected final void pushBack(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            pushedBack.push(lines.get(i));
            lineNo--;
        }
    }

    protected final long lineNo() {
        return lineNo;
    }

    protected static String undecodable(String text) {
        return text.indexOf(REPLACEMENT) >= 0 ? "bytes not valid in the declared charset" : null;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            done = next == null;
        }
        return next != null;
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) throw new NoSuchElementException();
        RawRecord r = next;
        next = null;
        return r;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Delimited text. Commons CSV parses each record; this class only finds where a record ends (see assemble). */
    static final class Delimited extends RecordReader {
        private final CSVFormat csv;
        private final char quote;
        private List<String> columns;
        private String headerText;

        Delimited(InputStream input, FormatSpec format) {
            super(input, format);
            CSVFormat.Builder b = CSVFormat.RFC4180.builder()
                    .setDelimiter(format.delimiter().charAt(0))
                    .setIgnoreEmptyLines(true)
                    .setRecordSeparator("\n");
            this.quote = format.quote().isEmpty() ? 0 : format.quote().charAt(0);
            b.setQuote(format.quote().isEmpty() ? null : quote);
            this.csv = b.get();
            this.columns = format.columns();
        }

        @Override
        protected void start() throws IOException {
            if (!format.header()) return;
            String line = nextNonBlankLine();
            if (line == null) {
                columns = List.of();
                return;
            }
            headerText = line;
            List<String> names = parse(line);
            if (names == null) throw new IOException("header line " + lineNo() + " cannot be parsed");
            columns = names.stream().map(String::trim).toList();
        }

        @Override
        public String headerText() {
            return headerText;
        }

        @Override
        public List<String> columnNames() {
            return columns;
        }

        @Override
        protected RawRecord read() throws IOException {
            String first = nextNonBlankLine();
            if (first == null) return null;
            long startLine = lineNo();
            String text = assemble(first);
            if (text == null) {
                return RawRecord.bad(startLine, first, "malformed quoting: a quoted value opened on line " + startLine
                        + " is not closed within " + format.maxRecordLines() + " lines");
            }
            List<String> values = parse(text);
            // An odd quote on this line (stray quote in an unquoted value like ab"c, or an unclosed quote) made
            // assemble() join lines up to the next odd quote, which may sit on a later bad row or open a valid
            // multi-line value. If the joined text is not one record, reject only this first line and read the
            // joined lines again as records of their own, instead of losing every good row in between.
            if (values == null && !assembledExtra.isEmpty()) {
                pushBack(assembledExtra);
                return RawRecord.bad(startLine, first, "malformed quoting: the quote on line " + startLine
                        + " neither closes on that line nor with the following lines as one record");
            }
            String bad = undecodable(text);
            if (bad != null) return RawRecord.bad(startLine, text, bad);
            if (values == null) return RawRecord.bad(startLine, text, "malformed quoting: " + lastError);
            if (values.size() != columns.size()) {
                return RawRecord.bad(startLine, text, "wrong column count: " + values.size() + " values, expected "
                        + columns.size() + (lineNo() > startLine ? " (record spans lines " + startLine + "-" + lineNo() + ")" : ""));
            }
            Map<String, String> map = new LinkedHashMap<>(columns.size() * 2);
            for (int i = 0; i < columns.size(); i++) map.put(columns.get(i), values.get(i));
            return RawRecord.ok(startLine, map, text);
        }

        /**
         * A quoted value may hold line breaks, so a record ends where its quotes balance. Counting quotes is enough
         * because RFC 4180 escapes a quote by doubling it. If they do not balance within maxRecordLines, only the
         * first line is rejected and the following lines are read again as records of their own.
         */
        private String assemble(String first) throws IOException {
            assembledExtra = List.of();
            if (quote == 0 || quotesBalanced(first)) return first;
            List<String> extra = new java.util.ArrayList<>();
            StringBuilder sb = new StringBuilder(first);
            while (extra.size() < format.maxRecordLines() - 1) {
                String more = readLine();
                if (more == null) break;
                extra.add(more);
                sb.append('\n').append(more);
                if (quotesBalanced(sb)) {
                    assembledExtra = extra;
                    return sb.toString();
                }
            }
            pushBack(extra);
            return null;
        }

        private boolean quotesBalanced(CharSequence s) {
            int n = 0;
            for (int i = 0; i < s.length(); i++) if (s.charAt(i) == quote) n++;
            return (n & 1) == 0;
        }

        private String lastError;
        /** The lines assemble() joined after the first one, for read() to push back if they do not make one record. */
        private List<String> assembledExtra = List.of();

        private List<String> parse(String text) {
            // A line without a quote or a carriage return holds its values between the delimiters as they stand, which
            // is what Commons CSV returns for it; a parser built per line (the error recovery above needs one record
            // at a time) was an eighth of the reader thread's time on a reservation file. Anything quoted still goes
            // to Commons CSV.
            if (text.indexOf('\r') < 0 && (quote == 0 || text.indexOf(quote) < 0)) return split(text);
            try (CSVParser parser = CSVParser.parse(text, csv)) {
                Iterator<CSVRecord> it = parser.iterator();
                if (!it.hasNext()) return List.of();
                CSVRecord r = it.next();
                if (it.hasNext()) {
                    lastError = "more than one record on one line";
                    return null;
                }
                return r.toList();
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                return null;
            }
        }

        /** The values of a line that holds no quote, between its delimiters (empty ones included). */
        private List<String> split(String text) {
            char delimiter = csv.getDelimiterString().charAt(0);
            List<String> values = new java.util.ArrayList<>(columns == null ? 16 : columns.size());
            int from = 0;
            for (int i = text.indexOf(delimiter); i >= 0; i = text.indexOf(delimiter, from)) {
                values.add(text.substring(from, i));
                from = i + 1;
            }
            values.add(text.substring(from));
            return values;
        }
    }

    /** Fixed-width lines with an optional record-type column. Positions count characters after decoding. */
    static final class FixedWidth extends RecordReader {
        private final int minLength;

        FixedWidth(InputStream input, FormatSpec format) {
            super(input, format);
            this.minLength = format.positions().values().stream().mapToInt(p -> p.start() - 1 + p.length()).max().orElse(0);
        }

        @Override
        public List<String> columnNames() {
            return List.copyOf(format.positions().keySet());
        }

        @Override
        protected RawRecord read() throws IOException {
            String line = nextNonBlankLine();
            if (line == null) return null;
            long n = lineNo();
            if (format.recordType() != null && !format.dataRecords().isEmpty()) {
                String type = format.recordType().slice(line).trim();
                if (!format.dataRecords().contains(type)) return RawRecord.skipped(n, line);
            }
            String bad = undecodable(line);
            if (bad != null) return RawRecord.bad(n, line, bad);
            // a line shorter than the layout was cut (truncated last line, FTP transfer stopped): reject, never guess
            if (line.length() < minLength) {
                return RawRecord.bad(n, line, "line is " + line.length() + " characters, the record layout needs "
                        + minLength + " (truncated?)");
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (var e : format.positions().entrySet()) map.put(e.getKey(), e.getValue().slice(line).strip());
            return RawRecord.ok(n, map, line);
        }
    }

    /** One JSON object per line; nested objects and arrays become dotted names ({@code guest.email}, {@code items.0.name}). */
    static final class JsonLines extends RecordReader {
        JsonLines(InputStream input, FormatSpec format) {
            super(input, format);
        }

        @Override
        protected RawRecord read() throws IOException {
            String line = nextNonBlankLine();
            if (line == null) return null;
            long n = lineNo();
            String bad = undecodable(line);
            if (bad != null) return RawRecord.bad(n, line, bad);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                return RawRecord.bad(n, line, "invalid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) return RawRecord.bad(n, line, "not a JSON object");
            Map<String, String> map = new LinkedHashMap<>();
            flatten("", node, map);
            return RawRecord.ok(n, map, line);
        }

        private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
            if (node.isObject()) {
                node.fields().forEachRemaining(e -> flatten(prefix + e.getKey() + ".", e.getValue(), out));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) flatten(prefix + i + ".", node.get(i), out);
            } else if (!node.isNull()) {
                out.put(prefix.substring(0, prefix.length() - 1), node.asText());
            }
        }
    }
}

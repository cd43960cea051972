package io.guestlink.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The physical shape of a feed's files.
 *
 * @param type          {@code delimited}, {@code fixed-width} or {@code json-lines}
 * @param charset       any Java charset name: UTF-8 (a BOM is skipped), GBK, GB18030, windows-1252...
 * @param delimiter     delimited: the separator, one character; {@code \t} for tab
 * @param quote         delimited: the quote character, empty for none
 * @param header        delimited: the first record names the columns
 * @param columns       delimited without header: column names in order
 * @param skipLines     lines skipped before anything else (banners)
 * @param positions     fixed-width: column name to 1-based start and length, in characters
 * @param recordType    fixed-width: where the record-type code stands
 * @param dataRecords   fixed-width: record-type codes that carry data; other codes are counted as skipped
 * @param itemsArray    json-lines: name of the array of POS items in each object
 * @param nullValues    values that mean "no value" (NULL, NA...), compared case-insensitively after trim
 * @param maxFieldChars a value longer than this rejects the row
 * @param maxRecordLines a quoted value may span lines; a record spanning more is rejected as malformed quoting
 * @param decimalComma  amounts are written 1.234,50 (comma decimal, dot thousands)
 */
public record FormatSpec(
        String type,
        String charset,
        String delimiter,
        String quote,
        boolean header,
        List<String> columns,
        int skipLines,
        Map<String, Position> positions,
        Position recordType,
        Set<String> dataRecords,
        String itemsArray,
        List<String> nullValues,
        Integer maxFieldChars,
        Integer maxRecordLines,
        boolean decimalComma) {

    public static final String DELIMITED = "delimited";
    public static final String FIXED_WIDTH = "fixed-width";
    public static final String JSON_LINES = "json-lines";

    public static FormatSpec defaults() {
        return fromYaml(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Rows of a database feed, journaled as JSON objects. */
    public static FormatSpec jsonLines() {
        return fromYaml(JSON_LINES, "UTF-8", null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @JsonCreator
    public static FormatSpec fromYaml(@JsonProperty("type") String type,
                      @JsonProperty("charset") String charset,
                      @JsonProperty("delimiter") String delimiter,
                      @JsonProperty("quote") String quote,
                      @JsonProperty("header") Boolean header,
                      @JsonProperty("columns") List<String> columns,
                      @JsonProperty("skipLines") Integer skipLines,
                      @JsonProperty("positions") Map<String, Position> positions,
                      @JsonProperty("recordType") Position recordType,
                      @JsonProperty("dataRecords") Set<String> dataRecords,
                      @JsonProperty("itemsArray") String itemsArray,
                      @JsonProperty("nullValues") List<String> nullValues,
                      @JsonProperty("maxFieldChars") Integer maxFieldChars,
                      @JsonProperty("maxRecordLines") Integer maxRecordLines,
                      @JsonProperty("decimalComma") Boolean decimalComma) {
        return new FormatSpec(type == null ? DELIMITED : type.toLowerCase(Locale.ROOT),
                charset == null ? "UTF-8" : charset,
                "\\t".equals(delimiter) ? "\t" : (delimiter == null ? "," : delimiter),
                quote == null ? "\"" : quote,
                header == null || header,
                columns == null ? List.of() : List.copyOf(columns),
                skipLines == null ? 0 : skipLines,
                positions == null ? Map.of() : Map.copyOf(positions),
                recordType,
                dataRecords == null ? Set.of() : Set.copyOf(dataRecords),
                itemsArray,
                nullValues == null ? List.of("", "NULL", "NA", "N/A") : List.copyOf(nullValues),
                maxFieldChars == null ? 4096 : maxFieldChars,
                maxRecordLines == null ? 50 : maxRecordLines,
                decimalComma != null && decimalComma);
    }

    public Charset decodeCharset() {
        return Charset.forName(charset);
    }

    /** A 1-based character position and length in a fixed-width line. */
    public record Position(@JsonProperty("start") int start, @JsonProperty("length") int length) {
        public String slice(String line) {
            int from = Math.min(start - 1, line.length());
            int to = Math.min(from + length, line.length());
            return line.substring(from, to);
        }
    }
}

package io.guestlink.ingest;

import io.guestlink.identity.names.NameParsing;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.guestlink.model.RecordKind;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One feed, as declared in {@code config/sources/<id>.yaml}. Everything an IT team changes per hotel lives here:
 * the format, the column-to-field mapping, date patterns, code tables, property and time zone. Built only through
 * {@link SourceConfigLoader}, which validates it and reports every problem at once.
 *
 * @param id          the feed id: inbox sub-folder, journal name, CLI argument
 * @param system      the source system named in source references (two feeds of one PMS share it)
 * @param key         columns whose values make the record's source key; {@code $line} for the file line number
 * @param endpoint    optional Camel endpoint URI to poll (FTP/SFTP...); the local inbox folder when absent
 * @param maxAmount   an amount whose absolute value is larger rejects the row
 * @param poll        present for a database feed: polled with SQL instead of reading files
 * @param passwordEnv a remote feed's password: the environment variable holding it (or {@code <name>_FILE})
 * @param knownHosts  an SFTP feed's known_hosts file, instead of {@code guestlink.sftp.known-hosts}
 */
public record SourceConfig(
        String id,
        String system,
        RecordKind kind,
        String property,
        ZoneId timeZone,
        String phoneRegion,
        String currency,
        String endpoint,
        FormatSpec format,
        List<String> key,
        List<String> dateFormats,
        List<String> dateTimeFormats,
        Map<String, FieldSpec> fields,
        Map<String, Map<String, String>> codes,
        BigDecimal maxAmount,
        PollSpec poll,
        String passwordEnv,
        String knownHosts) {

    public static final String LINE_KEY = "$line";

    @JsonCreator
    static SourceConfig fromYaml(@JsonProperty("id") String id,
                                 @JsonProperty("system") String system,
                                 @JsonProperty("kind") String kind,
                                 @JsonProperty("property") String property,
                                 @JsonProperty("timeZone") String timeZone,
                                 @JsonProperty("phoneRegion") String phoneRegion,
                                 @JsonProperty("currency") String currency,
                                 @JsonProperty("endpoint") String endpoint,
                                 @JsonProperty("format") FormatSpec format,
                                 @JsonProperty("key") List<String> key,
                                 @JsonProperty("dateFormats") List<String> dateFormats,
                                 @JsonProperty("dateTimeFormats") List<String> dateTimeFormats,
                                 @JsonProperty("fields") LinkedHashMap<String, FieldSpec> fields,
                                 @JsonProperty("codes") Map<String, Map<String, String>> codes,
                                 @JsonProperty("maxAmount") BigDecimal maxAmount,
                                 @JsonProperty("poll") PollSpec poll,
                                 @JsonProperty("passwordEnv") String passwordEnv,
                                 @JsonProperty("knownHosts") String knownHosts) {
        if (poll != null && format != null) {
            throw new IllegalArgumentException("format: a database feed (poll) reads columns, not a file format; remove format");
        }
        // a polled row is journaled as one JSON object, so replay re-reads it with the JSON-lines reader
        if (poll != null) format = FormatSpec.jsonLines();
        return new SourceConfig(id, system == null ? id : system, kind == null ? null : RecordKind.parse(kind),
                property, timeZone == null ? ZoneId.of("UTC") : ZoneId.of(timeZone),
                phoneRegion == null ? "ZZ" : phoneRegion, currency, endpoint,
                format == null ? FormatSpec.defaults() : format,
                key == null ? List.of() : List.copyOf(key),
                dateFormats == null ? List.of("yyyy-MM-dd") : List.copyOf(dateFormats),
                dateTimeFormats == null ? List.of("yyyy-MM-dd HH:mm[:ss]", "yyyy-MM-dd'T'HH:mm[:ss]") : List.copyOf(dateTimeFormats),
                fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields)),
                codes == null ? Map.of() : Map.copyOf(codes),
                maxAmount == null ? new BigDecimal("1000000") : maxAmount, poll, passwordEnv, knownHosts);
    }

    /** Problems that make this configuration unusable, each naming the key and the value. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}"))
            out.add("id: '" + id + "' must be 1-63 letters, digits, '-' or '_'");
        if (kind == null) out.add("kind: missing (reservation, folio, pos-ticket or guest-profile)");
        if (key.isEmpty()) out.add("key: missing (the columns that identify a record, or $line)");
        if (poll != null) {
            if (keyIsLineNumber()) out.add("key: a database feed needs key columns, not $line");
            out.addAll(poll.problems());
        }
        out.addAll(RemoteEndpoint.problems(endpoint, passwordEnv, knownHosts));
        if (poll == null) switch (format.type()) {
            case FormatSpec.DELIMITED -> {
                if (format.delimiter().length() != 1) out.add("format.delimiter: '" + format.delimiter() + "' must be one character");
                if (format.quote().length() > 1) out.add("format.quote: '" + format.quote() + "' must be one character or empty");
                if (!format.header() && format.columns().isEmpty()) out.add("format.columns: needed when format.header is false");
            }
            case FormatSpec.FIXED_WIDTH -> {
                if (format.positions().isEmpty()) out.add("format.positions: needed for fixed-width files");
                format.positions().forEach((col, p) -> {
                    if (p.start() < 1 || p.length() < 1) out.add("format.positions." + col + ": start and length must be >= 1");
                });
            }
            case FormatSpec.JSON_LINES -> { }
            default -> out.add("format.type: '" + format.type() + "' (expected delimited, fixed-width or json-lines)");
        }
        try {
            format.decodeCharset();
        } catch (RuntimeException e) {
            out.add("format.charset: '" + format.charset() + "' is not a charset this Java knows");
        }
        fields.forEach((name, spec) -> {
            if (!CanonicalFields.isKnown(name, kind)) out.add("fields." + name + ": not a canonical field for kind "
                    + (kind == null ? "?" : kind.configName()) + " (see docs/feeds.md, 'Canonical fields')");
            if (spec == null || spec.readsNothing()) out.add("fields." + name + ": needs column, columns, constant, default or from");
            else if (spec.codes() != null && !codes.containsKey(spec.codes()))
                out.add("fields." + name + ".codes: no code table '" + spec.codes() + "' in codes");
            // An unknown nameFormat was only found at import time, rejecting every row of the file
            if (spec != null && spec.split() != null && !CanonicalFields.LISTS.contains(name))
                out.add("fields." + name + ".split: only list fields " + new java.util.TreeSet<>(CanonicalFields.LISTS) + " are split");
            if (spec != null && spec.codes() != null && codes.containsKey(spec.codes()) && CanonicalFields.LISTS.contains(name))
                out.addAll(PreferenceCodes.problems(name, spec.codes(), codes.get(spec.codes())));
            if (spec != null && spec.nameFormat() != null && !NameParsing.LAYOUTS.contains(spec.nameFormat().toUpperCase(java.util.Locale.ROOT)))
                out.add("fields." + name + ".nameFormat: '" + spec.nameFormat() + "' (expected one of " + NameParsing.LAYOUTS + ")");
        });
        for (String pattern : allPatterns()) {
            try {
                DateParsing.formatter(pattern);
            } catch (IllegalArgumentException e) {
                out.add("date pattern '" + pattern + "': " + e.getMessage());
            }
        }
        return out;
    }

    private List<String> allPatterns() {
        List<String> all = new ArrayList<>(dateFormats);
        all.addAll(dateTimeFormats);
        fields.values().forEach(f -> { if (f != null) all.addAll(f.formats()); });
        return all;
    }

    public boolean isDatabaseFeed() {
        return poll != null;
    }

    public boolean keyIsLineNumber() {
        return key.size() == 1 && LINE_KEY.equals(key.get(0));
    }
}

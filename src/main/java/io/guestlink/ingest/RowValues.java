package io.guestlink.ingest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to one raw row through the feed's field mapping: cleaning (control characters, null markers,
 * length), code tables and conversions, each failure a {@link RowRejected} naming the field and value.
 */
final class RowValues {
    private static final Set<String> SENSITIVE = Set.of("guest.email", "guest.phone", "guest.mobile", "guest.idNumber");
    private static final Set<String> YES = Set.of("Y", "YES", "TRUE", "1", "T", "OPT-IN", "OPTIN", "是");
    private static final Set<String> NO = Set.of("N", "NO", "FALSE", "0", "F", "OPT-OUT", "OPTOUT", "否");
    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 2);

    private final SourceConfig config;
    private final Map<String, String> raw;
    private final Set<String> nullValues;
    private final LocalDate latest;
    private final String prefix;
    private final long line;

    RowValues(SourceConfig config, Map<String, String> raw, Set<String> nullValues, LocalDate today, long line) {
        this(config, raw, nullValues, today.plusYears(10), "", line);
    }

    private RowValues(SourceConfig config, Map<String, String> raw, Set<String> nullValues, LocalDate latest, String prefix,
                      long line) {
        this.line = line;
        this.config = config;
        this.raw = raw;
        this.nullValues = nullValues;
        this.latest = latest;
        this.prefix = prefix;
    }

    /** A view whose columns are read under a prefix: one element of a JSON array ({@code items.0.}). */
    RowValues withPrefix(String p) {
        return new RowValues(config, raw, nullValues, latest, p, line);
    }

    boolean mapped(String field) {
        return config.fields().containsKey(field);
    }

    /** The cleaned text of a field after code-table translation, or null when it has no value. */
    String text(String field) throws RowRejected {
        FieldSpec spec = config.fields().get(field);
        if (spec == null) return null;
        String v = source(field, spec);
        if (v == null && spec.defaultValue() != null) v = spec.defaultValue();
        if (v == null) return null;
        if (spec.codes() != null) v = code(field, spec.codes(), v);
        return v;
    }

    /** One item of a list field: as written, its code-table value (null without a table), and whether "*" gave it. */
    record Item(String raw, String decoded, boolean wildcard) {
    }

    /**
     * A list field's items: the cleaned value split at the field's separator, each item trimmed (empty ones dropped)
     * and decoded on its own by the field's code table. An item the table does not know rejects the row, unless the
     * table has a "*" entry.
     */
    List<Item> items(String field) throws RowRejected {
        FieldSpec spec = config.fields().get(field);
        if (spec == null) return List.of();
        String v = source(field, spec);
        if (v == null && spec.defaultValue() != null) v = spec.defaultValue();
        if (v == null) return List.of();
        List<Item> out = new ArrayList<>();
        for (String part : v.split(java.util.regex.Pattern.quote(spec.separator()))) {
            String item = part.strip();
            if (item.isEmpty() || nullValues.contains(item.toUpperCase(Locale.ROOT))) continue;
            if (spec.codes() == null) {
                out.add(new Item(item, null, false));
                continue;
            }
            String hit = lookup(spec.codes(), item);
            boolean wildcard = hit == null;
            if (wildcard) hit = config.codes().get(spec.codes()).get("*");
            if (hit == null) throw new RowRejected(field, item, "not in code table '" + spec.codes() + "'");
            out.add(new Item(item, hit, wildcard));
        }
        return out;
    }

    String required(String field) throws RowRejected {
        String v = text(field);
        if (v == null) throw new RowRejected(field, "", "required value is empty");
        return v;
    }

    LocalDate date(String field) throws RowRejected {
        String v = text(field);
        FieldSpec spec = config.fields().get(field);
        if (v == null) return spec != null && spec.from() != null ? derivedDate(field, spec) : null;
        List<String> formats = spec.formats().isEmpty() ? config.dateFormats() : spec.formats();
        LocalDate d = DateParsing.date(v, formats);
        if (d == null) throw new RowRejected(field, v, "not a date in the formats " + formats);
        return d;
    }

    /** A stay or business date: must lie between 1900 and ten years from now. */
    LocalDate businessDate(String field) throws RowRejected {
        LocalDate d = date(field);
        if (d != null && (d.isBefore(EARLIEST) || d.isAfter(latest)))
            throw new RowRejected(field, d.toString(), "date out of range " + EARLIEST + " .. " + latest);
        return d;
    }

    LocalDateTime dateTime(String field) throws RowRejected {
        String v = text(field);
        if (v == null) return null;
        FieldSpec spec = config.fields().get(field);
        List<String> formats = spec.formats().isEmpty() ? config.dateTimeFormats() : spec.formats();
        LocalDateTime t = DateParsing.dateTime(v, formats, config.timeZone());
        if (t == null) throw new RowRejected(field, v, "not a date-time in the formats " + formats);
        if (t.toLocalDate().isBefore(EARLIEST) || t.toLocalDate().isAfter(latest))
            throw new RowRejected(field, v, "date out of range " + EARLIEST + " .. " + latest);
        return t;
    }

    /** An amount; the sign is kept (credits, voids) and the magnitude is bounded by the feed's maxAmount. */
    BigDecimal amount(String field) throws RowRejected {
        String v = text(field);
        if (v == null) return null;
        BigDecimal d;
        String n = v.replace(" ", "").replace("\u00A0", "");
        if (config.format().decimalComma()) {
            n = n.replace(".", "").replace(',', '.');
        } else if (n.indexOf(',') >= 0) {
            // a comma is only a thousands separator before groups of exactly three digits (1,234.50); anything else
            // (12,50) is a decimal comma the feed did not declare: reject rather than import 1250
            if (!n.matches("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d*)?"))
                throw new RowRejected(field, v, "ambiguous comma in a number (set format.decimalComma: true for 12,50)");
            n = n.replace(",", "");
        }
        try {
            d = new BigDecimal(n);
        } catch (NumberFormatException e) {
            throw new RowRejected(field, v, "not a number");
        }
        if (d.abs().compareTo(config.maxAmount()) > 0)
            throw new RowRejected(field, v, "amount beyond the feed's maxAmount " + config.maxAmount().toPlainString());
        return d;
    }

    BigDecimal nonNegativeAmount(String field) throws RowRejected {
        BigDecimal d = amount(field);
        if (d != null && d.signum() < 0) throw new RowRejected(field, d.toPlainString(), "must not be negative");
        return d;
    }

    Integer count(String field) throws RowRejected {
        String v = text(field);
        if (v == null) return null;
        try {
            int n = new BigDecimal(v.strip()).intValueExact();
            if (n < 0 || n > 999) throw new RowRejected(field, v, "count out of range 0 .. 999");
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RowRejected(field, v, "not a whole number");
        }
    }

    Boolean flag(String field) throws RowRejected {
        String v = text(field);
        if (v == null) return null;
        String u = v.strip().toUpperCase(Locale.ROOT);
        if (YES.contains(u)) return true;
        if (NO.contains(u)) return false;
        throw new RowRejected(field, v, "not a yes/no value (Y/N, true/false, 1/0)");
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type, E fallback) throws RowRejected {
        String v = text(field);
        if (v == null) return fallback;
        try {
            return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
        } catch (IllegalArgumentException e) {
            throw new RowRejected(field, v, "not one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + " (add it to the feed's code table)");
        }
    }

    private LocalDate derivedDate(String field, FieldSpec spec) throws RowRejected {
        LocalDate base = date(spec.from());
        if (base == null) return null;
        long days = 0;
        for (String col : spec.plusDays()) {
            String v = clean(field, raw.get(col));
            if (v == null) continue;
            try {
                days += Long.parseLong(v.strip());
            } catch (NumberFormatException e) {
                throw new RowRejected(field, v, "column " + col + " is not a whole number of days");
            }
        }
        return base.plusDays(days);
    }

    private String source(String field, FieldSpec spec) throws RowRejected {
        if (spec.constant() != null) return spec.constant();
        if (SourceConfig.LINE_KEY.equals(spec.column())) return Long.toString(line);
        if (spec.column() != null) return clean(field, raw.get(prefix + spec.column()));
        if (spec.columns().isEmpty()) return null;
        List<String> parts = new ArrayList<>(spec.columns().size());
        for (String col : spec.columns()) {
            String v = clean(field, raw.get(prefix + col));
            if (v != null) parts.add(v);
        }
        return parts.isEmpty() ? null : String.join(spec.join(), parts);
    }

    private String code(String field, String table, String v) throws RowRejected {
        String hit = lookup(table, v);
        if (hit == null) hit = config.codes().get(table).get("*");
        if (hit == null) throw new RowRejected(field, v, "not in code table '" + table + "'");
        return hit;
    }

    /** The table's value for a code, exact or ignoring case; null when the table does not list it ("*" aside). */
    private String lookup(String table, String v) {
        Map<String, String> codes = config.codes().get(table);
        String hit = codes.get(v);
        if (hit != null) return hit;
        for (var e : codes.entrySet()) {
            if (!"*".equals(e.getKey()) && e.getKey().equalsIgnoreCase(v.strip())) return e.getValue();
        }
        return null;
    }

    /** Strips control characters, applies null markers and the length limit. */
    private String clean(String field, String v) throws RowRejected {
        if (v == null) return null;
        if (v.length() > config.format().maxFieldChars()) {
            throw new RowRejected(field, v, "value is " + v.length() + " characters, more than maxFieldChars "
                    + config.format().maxFieldChars());
        }
        String s = stripControls(v).strip();
        if (s.isEmpty() || nullValues.contains(s.toUpperCase(Locale.ROOT))) return null;
        return s;
    }

    // A terminal escape sequence (ESC [ 31 m, or the one-character CSI U+009B) is removed whole; stripping only
    // the ESC control character left "[31m" glued to the name ("[31mYU/MING MR[0m"), which broke name parsing.
    private static final java.util.regex.Pattern ANSI_ESCAPE =
            java.util.regex.Pattern.compile("(?:\u001B\\[|\u009B)[0-?]*[ -/]*[@-~]|\u001B[@-_]");

    static String stripControls(String v) {
        if (v.indexOf('\u001B') >= 0 || v.indexOf('\u009B') >= 0) v = ANSI_ESCAPE.matcher(v).replaceAll("");
        StringBuilder sb = null;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            // bidi overrides (U+202A-202E, U+2066-2069) can make a stored name display as something else
            boolean control = Character.isISOControl(c) || c == '\u200B' || c == '\uFEFF'
                    || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            if (control && sb == null) {
                sb = new StringBuilder(v.length());
                sb.append(v, 0, i);
            }
            if (sb != null && !control) sb.append(c);
            else if (sb != null && (c == '\t' || c == '\n' || c == '\r')) sb.append(' ');
        }
        return sb == null ? v : sb.toString();
    }

    /** The value as it may appear in a journal: shortened, and masked for contact and document fields. */
    static String shown(String field, String v) {
        if (v == null) return null;
        if (SENSITIVE.contains(field)) {
            return v.length() <= 4 ? "****" : "*".repeat(Math.min(v.length() - 4, 20)) + v.substring(v.length() - 4);
        }
        return v.length() > 200 ? v.substring(0, 200) + "…(" + v.length() + " chars)" : v;
    }
}

package io.guestlink.ingest;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dates and times in the shapes legacy exports write: any java.time pattern (case-insensitive month names, English),
 * plus {@code excel} for spreadsheet serial day numbers. Patterns are tried in the order configured.
 */
final class DateParsing {
    static final String EXCEL = "excel";
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);
    private static final Map<String, DateTimeFormatter> CACHE = new ConcurrentHashMap<>();

    private DateParsing() {
    }

    static DateTimeFormatter formatter(String pattern) {
        if (EXCEL.equals(pattern)) return null;
        return CACHE.computeIfAbsent(pattern, p -> new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendPattern(p)
                .parseDefaulting(ChronoField.ERA, 1)
                .toFormatter(Locale.ENGLISH)
                // STRICT, not SMART. SMART silently moves an impossible day to the month's end (2025-02-31 and
                // 31-FEB-2025 became 2025-02-28); STRICT rejects it. The ERA default above keeps 'yyyy'/'yy'
                // patterns working under STRICT (no uuuu/era trap).
                .withResolverStyle(ResolverStyle.STRICT));
    }

    /** @return the date, or null when no pattern fits */
    static LocalDate date(String text, List<String> patterns) {
        for (String pattern : patterns) {
            if (EXCEL.equals(pattern)) {
                LocalDate d = excelSerial(text);
                if (d != null) return d;
                continue;
            }
            try {
                var parsed = formatter(pattern).parse(text);
                return LocalDate.from(parsed);
            } catch (java.time.DateTimeException e) {
                // next pattern
            }
        }
        return null;
    }

    /** A date-time as written, an offset or zone in the text ignored (see the three-argument form). */
    static LocalDateTime dateTime(String text, List<String> patterns) {
        return dateTime(text, patterns, null);
    }

    /**
     * @param local the feed's time zone: a time written with an offset or zone ({@code 2026-11-01T05:30:00Z}, pattern
     *              with X, Z or VV) is the same instant in this zone's wall-clock time. Taking its local part instead
     *              (05:30) put a UTC-stamped breakfast into the wrong meal period, by an amount that changes with
     *              daylight saving.
     * @return the local date-time, or null when no pattern fits; a date-only pattern gives midnight
     */
    static LocalDateTime dateTime(String text, List<String> patterns, java.time.ZoneId local) {
        for (String pattern : patterns) {
            if (EXCEL.equals(pattern)) continue;
            try {
                var parsed = formatter(pattern).parse(text);
                java.time.ZoneId written = parsed.query(java.time.temporal.TemporalQueries.zone());
                if (written != null && local != null && parsed.isSupported(ChronoField.HOUR_OF_DAY))
                    return java.time.ZonedDateTime.from(parsed).withZoneSameInstant(local).toLocalDateTime();
                if (parsed.isSupported(ChronoField.HOUR_OF_DAY)) return LocalDateTime.from(parsed);
                return LocalDate.from(parsed).atStartOfDay();
            } catch (java.time.DateTimeException e) {
                // next pattern
            }
        }
        return null;
    }

    private static LocalDate excelSerial(String text) {
        try {
            double serial = Double.parseDouble(text);
            // Written as a positive range check so NaN ("NaN" is accepted by parseDouble) fails it too;
            // `serial < 1 || serial > max` is false for NaN and turned "NaN" into 1899-12-30.
            if (!(serial >= 1 && serial <= 2_958_465)) return null;
            return EXCEL_EPOCH.plusDays((long) Math.floor(serial));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package io.guestlink.ingest.poll;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the next poll of a watermark feed starts, and which rows it has already applied.
 *
 * <p>Each poll reads every row whose watermark is at or after {@code min(watermark, database clock) - lag}. The lag
 * catches rows committed late with an older timestamp (a long PMS transaction); rows it reads again unchanged are
 * recognised by their content digest ({@link ColumnText#digest}) and skipped, so re-reading costs a scan, never a second write. The database's clock
 * caps the watermark: a row stamped in the future (a server whose clock jumped ahead) cannot push the window past rows
 * written after the clock is fixed, and a clock set back moves the window back with it.
 */
public final class WatermarkWindow {
    private final Duration lag;
    private final long numericLag;
    private Comparable<?> mark;
    private String markText;
    private String tieText;
    // rows applied inside the window: key -> content hash and watermark. Bounded by the rows of one lag window.
    private final Map<String, Seen> seen = new HashMap<>();

    private record Seen(String hash, Comparable<?> mark) {
    }

    public WatermarkWindow(Duration lag, long numericLag, String storedMark, String storedTie) {
        this.lag = lag;
        this.numericLag = numericLag;
        this.mark = parse(storedMark);
        this.markText = storedMark;
        this.tieText = storedTie;
    }

    /** The lower bound of the next poll, or null to read everything (first poll). */
    public Object from(Object databaseNow) {
        if (mark == null) return null;
        Comparable<?> start = mark;
        Comparable<?> now = value(databaseNow);
        if (now != null && sameKind(now, start) && compare(now, start) < 0) start = now;
        Object bound = minus(start);
        prune(bound);
        return bound;
    }

    /** Whether a row read by this poll must be applied: not already applied with this very content. */
    public boolean isNew(String key, String contentHash) {
        Seen s = seen.get(key);
        return s == null || !s.hash().equals(contentHash);
    }

    /** Records a row as applied (call after its batch committed). */
    public void applied(String key, String contentHash, Object rowMark) {
        Comparable<?> m = value(rowMark);
        seen.put(key, new Seen(contentHash, m));
    }

    /** The watermark after a batch whose last row carried {@code rowMark}, capped by the database clock. */
    public Comparable<?> next(Object rowMark, Object databaseNow) {
        Comparable<?> m = value(rowMark);
        if (m == null) return mark;
        Comparable<?> now = value(databaseNow);
        if (now != null && sameKind(now, m) && compare(m, now) > 0) m = now;
        if (mark == null || !sameKind(mark, m) || compare(m, mark) > 0) return m;
        return mark;
    }

    /** Moves the watermark (after the batch that carries it committed). */
    public void moveTo(Comparable<?> newMark, String tieBreaker) {
        this.mark = newMark;
        this.markText = text(newMark);
        this.tieText = tieBreaker;
        // a million-row first poll must not remember every row: only the last lag window can be read again
        if (newMark != null) prune(minus(newMark));
    }

    public String markText() {
        return markText;
    }

    public String tieText() {
        return tieText;
    }

    public int seenRows() {
        return seen.size();
    }

    private void prune(Object bound) {
        Comparable<?> b = value(bound);
        seen.values().removeIf(s -> s.mark() != null && sameKind(s.mark(), b) && compare(s.mark(), b) < 0);
    }

    private Object minus(Comparable<?> start) {
        if (start instanceof LocalDateTime t) return t.minus(lag);
        if (start instanceof Long n) return n - numericLag;
        return start;
    }

    /** A JDBC watermark value as something comparable: local date-times (dates at midnight) or longs. */
    static Comparable<?> value(Object v) {
        if (v == null) return null;
        if (v instanceof java.sql.Timestamp t) return t.toLocalDateTime();
        if (v instanceof LocalDateTime t) return t;
        if (v instanceof java.sql.Date d) return d.toLocalDate().atStartOfDay();
        if (v instanceof LocalDate d) return d.atStartOfDay();
        if (v instanceof java.time.OffsetDateTime t) return t.toLocalDateTime();
        if (v instanceof Number n) return n.longValue();
        throw new IllegalArgumentException("a watermark column must be a timestamp, a date or a number, not "
                + v.getClass().getSimpleName() + " (" + v + ")");
    }

    public static String text(Comparable<?> v) {
        return v == null ? null : v.toString();
    }

    static Comparable<?> parse(String text) {
        if (text == null || text.isBlank()) return null;
        if (text.matches("-?\\d+")) return Long.parseLong(text);
        return LocalDateTime.parse(text);
    }

    private static boolean sameKind(Object a, Object b) {
        return a != null && b != null && a.getClass() == b.getClass();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable a, Comparable b) {
        return a.compareTo(b);
    }
}

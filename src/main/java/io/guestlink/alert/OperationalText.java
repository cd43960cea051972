package io.guestlink.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operational alerts themselves: their one-line text and details, built only from names, counts, times and
 * error texts passed through {@link #safe}, so no personal value reaches a channel.
 */
public final class OperationalText {
    /** Longest error text an alert carries. */
    public static final int MAX_REASON = 300;
    /** Shown where a quoted value or a long number was. */
    public static final String HIDDEN = "…";

    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@'\"<>()\\[\\],;:]+@[^\\s@'\"<>()\\[\\],;:]+");
    /** Numbers of five or more digits, possibly grouped (phones, ids, dates, document numbers). */
    private static final Pattern NUMBER = Pattern.compile("\\+?\\d(?:[\\d\\s./()-]{3,}\\d)");
    /** FileImporter lists a wrong file's own first line after this; it may be a data row. */
    private static final String FILE_HAS = "; the file has ";

    private OperationalText() {
    }

    /**
     * An error text without anything that may be personal: values in quotes, e-mail addresses and numbers of five
     * or more digits become {@value #HIDDEN}; a wrong file's first line (FileImporter's "; the file has [...]") is
     * dropped; at most {@value #MAX_REASON} characters. Class names, column names, feed and table structure stay only
     * where unquoted. Null gives "unknown error".
     */
    public static String safe(String errorClass, String message) {
        String m = message == null ? "" : message;
        int cut = m.indexOf(FILE_HAS);
        if (cut >= 0) m = m.substring(0, cut);
        m = QUOTED.matcher(m).replaceAll(HIDDEN);
        m = EMAIL.matcher(m).replaceAll(HIDDEN);
        m = NUMBER.matcher(m).replaceAll(HIDDEN);
        m = m.replaceAll("[\\r\\n\\t]+", " ").strip();
        String s = (errorClass == null || errorClass.isBlank() ? "" : errorClass + (m.isEmpty() ? "" : ": ")) + m;
        if (s.isEmpty()) s = "unknown error";
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON - 1) + HIDDEN;
    }

    /** A file moved to failed/ (one alert per move). */
    public static OperationalAlert failedFile(String feed, String fileName, String archivedName, String reason, Instant now) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("feed", feed);
        d.put("file", fileName);
        d.put("archivedAs", archivedName);
        d.put("reason", reason);
        return new OperationalAlert(OperationalConditions.failedFileId(feed, archivedName), OperationalKind.FAILED_FILE.type(),
                OperationalAlert.RAISED, feed, "Feed " + feed + ": file " + fileName + " moved to failed/ (" + reason + ")",
                d, now, now);
    }

    /** A database feed's polls fail (raised, reminder) or poll again (cleared). */
    public static OperationalAlert pollError(OperationalConditions.Step step, String feed, String reason, Instant now) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("feed", feed);
        if (reason != null) d.put("error", reason);
        Instant since = since(step, now);
        String text = switch (state(step)) {
            case OperationalAlert.RAISED -> "Feed " + feed + ": poll failed: " + reason;
            case OperationalAlert.REMINDER -> "Feed " + feed + ": polls still failing since " + at(since) + ": " + reason;
            default -> "Feed " + feed + ": polls again (they failed for " + took(since, now) + ")";
        };
        return alert(step, OperationalKind.POLL_ERROR, feed, text, d, since, now);
    }

    /** A dead-letter queue over its depth or grown within the window (raised, reminder), or back within (cleared). */
    public static OperationalAlert deadLetterQueue(OperationalConditions.Step step, OperationsConfig.Watch w, String queue,
                                                   long depth, long growth, Instant now) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("queue", queue);
        d.put("depth", Long.toString(depth));
        d.put("growthWithinWindow", Long.toString(growth));
        if (w.above() != null) d.put("depthAbove", Long.toString(w.above()));
        if (w.growth() != null) d.put("growthAbove", Long.toString(w.growth()));
        if (w.window() != null) d.put("windowMs", Long.toString(w.window().toMillis()));
        Instant since = since(step, now);
        String what = depth + " message" + (depth == 1 ? "" : "s")
                + (w.growth() != null && growth > 0 ? ", " + growth + " more within " + took(w.window()) : "");
        String text = switch (state(step)) {
            case OperationalAlert.RAISED -> "Dead-letter queue " + queue + ": " + what + limits(w);
            case OperationalAlert.REMINDER -> "Dead-letter queue " + queue + " still over its limit since " + at(since) + ": " + what + limits(w);
            default -> "Dead-letter queue " + queue + " back within its limit: " + what;
        };
        return alert(step, OperationalKind.DEAD_LETTER_QUEUE, queue, text, d, since, now);
    }

    private static String limits(OperationsConfig.Watch w) {
        StringBuilder s = new StringBuilder(" (limit:");
        if (w.above() != null) s.append(" more than ").append(w.above());
        if (w.above() != null && w.growth() != null) s.append(" or");
        if (w.growth() != null) s.append(" ").append(w.growth()).append(" more within ").append(took(w.window()));
        return s.append(")").toString();
    }

    /**
     * An alert channel whose deliveries have failed for longer than allowed (raised, reminder), or deliver again
     * (cleared).
     *
     * @param failingSince the oldest undelivered delivery with a failed attempt: when it was written (null once clear)
     */
    public static OperationalAlert channelFailing(OperationalConditions.Step step, OperationsConfig.Watch w, String channel,
                                                  Instant failingSince, long undelivered, String lastError, Instant now) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("channel", channel);
        d.put("undelivered", Long.toString(undelivered));
        if (failingSince != null) d.put("failingSince", failingSince.toString());
        if (lastError != null) d.put("lastError", lastError);
        d.put("failingForMs", Long.toString(w.failingFor().toMillis()));
        Instant since = since(step, now);
        String text = switch (state(step)) {
            case OperationalAlert.RAISED -> "Alert channel " + channel + " failing since " + at(failingSince) + ": "
                    + undelivered + " undelivered" + (lastError == null ? "" : "; last error: " + lastError);
            case OperationalAlert.REMINDER -> "Alert channel " + channel + " still failing (since " + at(failingSince) + "): "
                    + undelivered + " undelivered" + (lastError == null ? "" : "; last error: " + lastError);
            default -> "Alert channel " + channel + " delivers again (it failed for " + took(since, now) + " after the "
                    + took(w.failingFor()) + " allowed)";
        };
        return alert(step, OperationalKind.CHANNEL_FAILING, channel, text, d, since, now);
    }

    /** The identity review queue over its size (raised, reminder), or back within (cleared). */
    public static OperationalAlert reviewQueue(OperationalConditions.Step step, OperationsConfig.Watch w, long waiting, Instant now) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("waiting", Long.toString(waiting));
        d.put("sizeAbove", Long.toString(w.above()));
        Instant since = since(step, now);
        String pairs = waiting + " possible duplicate" + (waiting == 1 ? "" : "s") + " waiting for a person";
        String text = switch (state(step)) {
            case OperationalAlert.RAISED -> "Identity review queue: " + pairs + " (more than " + w.above() + ")";
            case OperationalAlert.REMINDER -> "Identity review queue still over " + w.above() + " since " + at(since) + ": " + pairs;
            default -> "Identity review queue back within " + w.above() + ": " + pairs;
        };
        return alert(step, OperationalKind.REVIEW_QUEUE, REVIEW_SUBJECT, text, d, since, now);
    }

    /** The subject of the review-queue condition (there is one queue). */
    public static final String REVIEW_SUBJECT = "review";

    private static OperationalAlert alert(OperationalConditions.Step step, OperationalKind kind, String subject, String text,
                                          Map<String, String> details, Instant since, Instant now) {
        String id;
        if (step instanceof OperationalConditions.Step.Raise r) id = r.id();
        else if (step instanceof OperationalConditions.Step.Remind r) id = r.id();
        else if (step instanceof OperationalConditions.Step.Clear c) id = c.id();
        else throw new IllegalArgumentException("nothing to tell for a quiet step");
        return new OperationalAlert(id, kind.type(), state(step), subject, text, details, since, now);
    }

    private static String state(OperationalConditions.Step step) {
        if (step instanceof OperationalConditions.Step.Raise) return OperationalAlert.RAISED;
        if (step instanceof OperationalConditions.Step.Remind) return OperationalAlert.REMINDER;
        if (step instanceof OperationalConditions.Step.Clear) return OperationalAlert.CLEARED;
        throw new IllegalArgumentException("nothing to tell for a quiet step");
    }

    private static Instant since(OperationalConditions.Step step, Instant now) {
        if (step instanceof OperationalConditions.Step.Raise r) return r.since();
        if (step instanceof OperationalConditions.Step.Remind r) return r.open().since();
        if (step instanceof OperationalConditions.Step.Clear c) return c.open().since();
        return now;
    }

    private static String at(Instant t) {
        return t == null ? "?" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String took(Instant from, Instant to) {
        return took(Duration.between(from, to));
    }

    /** 45 s, 12 min, 3 h 5 min. */
    static String took(Duration d) {
        if (d == null) return "?";
        long s = Math.max(0, d.toSeconds());
        if (s < 120) return s + " s";
        if (s < 7200) return s / 60 + " min";
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
}

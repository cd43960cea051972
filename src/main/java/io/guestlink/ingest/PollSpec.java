package io.guestlink.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code poll:} section of a database feed: where the legacy database is, which rows to read, and how changes
 * are tracked. Secrets never sit here: the password (and, where it holds one, the URL) comes from the environment.
 *
 * @param url         JDBC URL, when it holds no secret; else {@code urlEnv} names the environment variable
 * @param query       the rows to read; GuestLink wraps it, so it must not end with ORDER BY or LIMIT
 * @param mode        {@code watermark} (a last-modified column) or {@code flag} (a processed column set by onConsume)
 * @param watermark   the change-tracking column: a timestamp without time zone, a date or a number
 * @param tieBreaker  orders rows with one watermark value; the first key column when absent
 * @param lag         how far behind the watermark each poll reads again, for rows committed late with an older
 *                    timestamp: a duration (PT30S) for temporal columns, a number for numeric ones
 * @param every       time between two polls
 * @param charsets    columns whose bytes are in another charset than the column declares (latin1 holding GBK)
 * @param onConsume   flag mode: run for each row once it is stored; named parameters {@code :#column}
 */
public record PollSpec(
        String url,
        String urlEnv,
        String user,
        String userEnv,
        String passwordEnv,
        String query,
        String mode,
        String watermark,
        String tieBreaker,
        String lag,
        Duration every,
        int batchSize,
        int fetchSize,
        Map<String, String> charsets,
        String onConsume) {

    public static final String WATERMARK = "watermark";
    public static final String FLAG = "flag";

    @JsonCreator
    static PollSpec fromYaml(@JsonProperty("url") String url,
                             @JsonProperty("urlEnv") String urlEnv,
                             @JsonProperty("user") String user,
                             @JsonProperty("userEnv") String userEnv,
                             @JsonProperty("passwordEnv") String passwordEnv,
                             @JsonProperty("query") String query,
                             @JsonProperty("mode") String mode,
                             @JsonProperty("watermark") String watermark,
                             @JsonProperty("tieBreaker") String tieBreaker,
                             @JsonProperty("lag") String lag,
                             @JsonProperty("every") String every,
                             @JsonProperty("batchSize") Integer batchSize,
                             @JsonProperty("fetchSize") Integer fetchSize,
                             @JsonProperty("charsets") LinkedHashMap<String, String> charsets,
                             @JsonProperty("onConsume") String onConsume) {
        Duration period;
        try {
            period = every == null ? Duration.ofSeconds(5) : Duration.parse(every);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("poll.every: '" + every + "' is not an ISO-8601 duration such as PT5S");
        }
        return new PollSpec(url, urlEnv, user, userEnv, passwordEnv, query == null ? null : query.strip(),
                mode == null ? WATERMARK : mode.toLowerCase(Locale.ROOT), watermark, tieBreaker, lag == null ? null : lag.strip(),
                period, batchSize == null ? 1000 : batchSize, fetchSize == null ? 1000 : fetchSize,
                charsets == null ? Map.of() : java.util.Collections.unmodifiableMap(charsets), onConsume);
    }

    public boolean flagMode() {
        return FLAG.equals(mode);
    }

    /** The column that orders rows sharing one watermark value. */
    public String tieBreakerOr(List<String> key) {
        return tieBreaker != null ? tieBreaker : key.get(0);
    }

    /** The lag as a duration (temporal watermarks); zero when not set. */
    public Duration lagDuration() {
        if (lag == null || !lag.startsWith("P")) return Duration.ZERO;
        return Duration.parse(lag);
    }

    /** The lag as a number (numeric watermarks such as a row version); zero when not set. */
    public long lagNumber() {
        if (lag == null || lag.startsWith("P")) return 0;
        return Long.parseLong(lag);
    }

    /** The JDBC URL: the literal one, or the one in the environment variable {@code urlEnv}. */
    public String resolveUrl(Function<String, String> env) {
        return urlEnv != null ? env.apply(urlEnv) : url;
    }

    public String resolveUser(Function<String, String> env) {
        return userEnv != null ? env.apply(userEnv) : user;
    }

    public String resolvePassword(Function<String, String> env) {
        return passwordEnv == null ? null : env.apply(passwordEnv);
    }

    List<String> problems() {
        List<String> out = new ArrayList<>();
        if (url == null && urlEnv == null) out.add("poll.url or poll.urlEnv: needed (the legacy database's JDBC URL)");
        if (url != null && url.matches("(?i).*password=.*"))
            out.add("poll.url: holds a password; put it in the environment and name the variable in poll.passwordEnv");
        if (query == null || query.isBlank()) out.add("poll.query: missing (the SELECT that reads the legacy rows)");
        else if (query.matches("(?is).*\\b(order\\s+by|limit)\\b[^)]*$"))
            out.add("poll.query: must not end with ORDER BY or LIMIT; GuestLink orders and windows the rows itself");
        if (!WATERMARK.equals(mode) && !FLAG.equals(mode)) out.add("poll.mode: '" + mode + "' (expected watermark or flag)");
        if (WATERMARK.equals(mode) && watermark == null) out.add("poll.watermark: needed in watermark mode (the last-modified column)");
        if (FLAG.equals(mode) && (onConsume == null || onConsume.isBlank()))
            out.add("poll.onConsume: needed in flag mode (the UPDATE that marks a row as processed)");
        if (lag != null) {
            try {
                if (lag.startsWith("P")) {
                    if (Duration.parse(lag).isNegative()) out.add("poll.lag: '" + lag + "' must not be negative");
                } else if (Long.parseLong(lag) < 0) out.add("poll.lag: '" + lag + "' must not be negative");
            } catch (RuntimeException e) {
                out.add("poll.lag: '" + lag + "' (expected a duration such as PT30S, or a number for numeric watermarks)");
            }
        }
        if (every.isZero() || every.isNegative()) out.add("poll.every: '" + every + "' must be positive");
        if (batchSize < 1) out.add("poll.batchSize: " + batchSize + " must be >= 1");
        if (fetchSize < 1) out.add("poll.fetchSize: " + fetchSize + " must be >= 1");
        charsets.forEach((column, cs) -> {
            try {
                Charset.forName(cs);
            } catch (RuntimeException e) {
                out.add("poll.charsets." + column + ": '" + cs + "' is not a charset this Java knows");
            }
        });
        return out;
    }
}

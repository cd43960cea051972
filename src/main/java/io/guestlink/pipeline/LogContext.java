package io.guestlink.pipeline;

import org.slf4j.MDC;

/**
 * The feed and run a log line belongs to, in the logging MDC ({@value #FEED}, {@value #RUN}) while a file import, a
 * poll or a message is processed: the JSON log layout carries them as fields, the text pattern shows them. Only feed
 * ids, channel names and journal run ids go here, never anything of a guest.
 *
 * <pre>{@code
 * try (LogContext.Scope s = LogContext.run(feed, runId)) { ... }   // restores what was there before
 * }</pre>
 */
public final class LogContext {
    public static final String FEED = "feed";
    public static final String RUN = "run";

    private LogContext() {
    }

    /** Puts the feed (a feed id or a channel name) in the MDC until the scope closes. */
    public static Scope feed(String feed) {
        Scope s = new Scope(MDC.get(FEED), MDC.get(RUN));
        put(FEED, feed);
        return s;
    }

    /** Puts the feed and the journal run in the MDC until the scope closes. */
    public static Scope run(String feed, long runId) {
        Scope s = new Scope(MDC.get(FEED), MDC.get(RUN));
        put(FEED, feed);
        put(RUN, Long.toString(runId));
        return s;
    }

    private static void put(String key, String value) {
        if (value == null) MDC.remove(key);
        else MDC.put(key, value);
    }

    /** What the MDC held before; {@link #close} puts it back. */
    public static final class Scope implements AutoCloseable {
        private final String feed;
        private final String run;

        private Scope(String feed, String run) {
            this.feed = feed;
            this.run = run;
        }

        @Override
        public void close() {
            put(FEED, feed);
            put(RUN, run);
        }
    }
}

package io.guestlink.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.guestlink.config.Settings;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/**
 * The console's log layout from guestlink.log.format, applied when the configuration is read: {@code text} is the
 * pattern of logback.xml (date, level, logger, [feed run], message); {@code json} is logback's own
 * {@link JsonEncoder}, one object per line with timestamp, level, logger, thread, the MDC (feed, run) and the
 * formatted message (not the arguments apart, nor logback's context). Only the encoder changes: levels, loggers and
 * the rule that nothing personal is logged stay as they are.
 */
public final class LogFormat {
    /** The logback.xml context property holding the text pattern. */
    static final String PATTERN_PROPERTY = "guestlink.log.pattern";

    private LogFormat() {
    }

    /** Sets every console appender of the root logger to the configured layout (nothing when logback is not the backend). */
    public static void apply(Settings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        boolean json = settings.get(Settings.LOG_FORMAT).strip().equals("json");
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (!(it.next() instanceof ConsoleAppender<ILoggingEvent> console)) continue;
            if (json == console.getEncoder() instanceof JsonEncoder) continue;
            String pattern = context.getProperty(PATTERN_PROPERTY);
            if (!json && pattern == null) continue; // a logback.xml of the operator's own: its pattern stays
            Encoder<ILoggingEvent> encoder = json ? jsonEncoder() : textEncoder(pattern);
            encoder.setContext(context);
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }

    private static Encoder<ILoggingEvent> jsonEncoder() {
        JsonEncoder e = new JsonEncoder();
        e.setWithContext(false);
        e.setWithSequenceNumber(false);
        e.setWithNanoseconds(false);
        e.setWithMessage(false);
        e.setWithArguments(false);
        e.setWithFormattedMessage(true);
        return e;
    }

    private static Encoder<ILoggingEvent> textEncoder(String pattern) {
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setPattern(pattern);
        return e;
    }
}

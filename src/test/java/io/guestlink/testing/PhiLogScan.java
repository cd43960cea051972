package io.guestlink.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every log line a test class causes, at every level of GuestLink's own loggers (TRACE) and of camel-mllp's
 * (DEBUG, where its logPhi applies), scanned after the class for the personal values the class sent: names, guest
 * ids, phones, e-mails, document numbers. The class fails, naming each line, when one appears in clear. Register
 * it as a static extension: {@code @RegisterExtension static final PhiLogScan LOGS = PhiLogScan.of(...)}; values
 * can be added while the tests run ({@link #sent}).
 */
public final class PhiLogScan implements BeforeAllCallback, AfterAllCallback {
    private static final Map<String, Level> LEVELS = Map.of("io.guestlink", Level.TRACE,
            "org.apache.camel.component.mllp", Level.DEBUG);
    /** Values shorter than this would match ordinary words and numbers of the log itself. */
    private static final int SHORTEST = 3;

    private final Set<String> personal = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Stay numbers (PV1-19, PID-18, PV1-50) of the messages sent: logs name the stay, so a personal value that is
     * also a stay number somewhere (a sample's SSN 123456789 is another sample's account number) proves nothing.
     */
    private final Set<String> stays = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<String, Level> before = new LinkedHashMap<>();
    private final Map<ch.qos.logback.core.Appender<ILoggingEvent>, ch.qos.logback.core.filter.Filter<ILoggingEvent>> quieted =
            new LinkedHashMap<>();

    private PhiLogScan(List<String> values) {
        values.forEach(this::add);
    }

    public static PhiLogScan of(String... values) {
        return new PhiLogScan(List.of(values));
    }

    /** Adds personal values the class sends; blank and too short ones are ignored. */
    public PhiLogScan sent(String... values) {
        for (String v : values) add(v);
        return this;
    }

    /**
     * The personal values of HL7 messages: PID-3 identifiers, PID-5 name parts, PID-13/14 phones and e-mails,
     * PID-19 and PID-20 (social security, driving licence), MRG-1.
     */
    public PhiLogScan sentHl7(String... messages) {
        for (String m : messages) {
            List<String> values = new ArrayList<>();
            for (String segment : m.split("[\r\n]+")) {
                if (segment.length() < 4) continue;
                String fs = Pattern.quote(String.valueOf(segment.charAt(3)));
                String[] f = segment.split(fs, -1);
                if (segment.startsWith("PID")) {
                    for (int field : new int[]{3, 5, 13, 14, 19, 20}) if (f.length > field) components(f[field], values);
                    if (f.length > 18) stays.add(first(f[18]));
                } else if (segment.startsWith("MRG") && f.length > 1) {
                    components(f[1], values);
                } else if (segment.startsWith("PV1")) {
                    if (f.length > 19) stays.add(first(f[19]));
                    if (f.length > 50) stays.add(first(f[50]));
                }
            }
            values.forEach(this::add);
        }
        return this;
    }

    private static String first(String field) {
        return field.split("[\\^~]", 2)[0].strip();
    }

    private static void components(String field, List<String> values) {
        for (String rep : field.split("~")) {
            String[] c = rep.split("\\^", -1);
            // XPN: family, given, middle; CX: id; XTN: number or address: the first three components are the person
            for (int i = 0; i < Math.min(3, c.length); i++) values.add(c[i].replace("&", " ").strip());
            if (c.length > 3 && c[3].contains("@")) values.add(c[3].strip()); // XTN-4 e-mail
            if (c.length > 11) values.add(c[11].strip()); // XTN-12 unformatted number
        }
    }

    private void add(String v) {
        if (v == null) return;
        String s = v.strip();
        if (s.length() >= SHORTEST && !s.chars().allMatch(ch -> ch == '"')) personal.add(s);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LEVELS.forEach((name, level) -> {
            Logger l = (Logger) LoggerFactory.getLogger(name);
            before.put(name, l.getLevel());
            l.setLevel(level);
        });
        // the console keeps its usual INFO: the lines below it are for the scan, not for the build output
        for (var it = root().iteratorForAppenders(); it.hasNext(); ) {
            var console = it.next();
            ch.qos.logback.core.filter.Filter<ILoggingEvent> quiet = new ch.qos.logback.core.filter.Filter<>() {
                @Override
                public ch.qos.logback.core.spi.FilterReply decide(ILoggingEvent e) {
                    return e.getLevel().isGreaterOrEqual(Level.INFO) ? ch.qos.logback.core.spi.FilterReply.NEUTRAL
                            : ch.qos.logback.core.spi.FilterReply.DENY;
                }
            };
            quiet.start();
            console.addFilter(quiet);
            quieted.put(console, quiet);
        }
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
        quieted.forEach((console, quiet) -> {
            List<ch.qos.logback.core.filter.Filter<ILoggingEvent>> others = new ArrayList<>(console.getCopyOfAttachedFiltersList());
            others.remove(quiet);
            console.clearAllFilters();
            others.forEach(console::addFilter);
        });
        quieted.clear();
        before.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        if (events.isEmpty()) throw new AssertionError("no log line captured: the scan would prove nothing");
        Set<String> scanned = new LinkedHashSet<>(personal);
        scanned.removeAll(stays);
        List<String> hits = hits(events, scanned);
        if (!hits.isEmpty())
            throw new AssertionError(hits.size() + " log lines carry personal values in clear (guestlink.log.phi is off):\n"
                    + String.join("\n", hits.subList(0, Math.min(20, hits.size()))));
    }

    /** The lines (message, and every exception message in the chain) that contain one of the values. */
    static List<String> hits(List<ILoggingEvent> events, Set<String> personal) {
        List<Pattern> patterns = new ArrayList<>();
        for (String v : new LinkedHashSet<>(personal)) {
            // a value inside a longer word or number is not that value (a guest id 1234 inside a port 12345)
            patterns.add(Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(v.toLowerCase(Locale.ROOT)) + "(?![\\p{L}\\p{N}])"));
        }
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : events) {
            StringBuilder text = new StringBuilder(String.valueOf(e.getFormattedMessage()));
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause())
                text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            String lower = text.toString().toLowerCase(Locale.ROOT);
            for (Pattern p : patterns) {
                Matcher m = p.matcher(lower);
                if (m.find()) {
                    out.add(e.getLevel() + " " + e.getLoggerName() + " [" + m.group() + "]: " + text);
                    break;
                }
            }
        }
        return out;
    }

    /** The captured lines, for a test that checks what it logs. */
    public List<ILoggingEvent> lines() {
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}

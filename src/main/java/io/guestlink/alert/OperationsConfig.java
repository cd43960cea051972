package io.guestlink.alert;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code operations:} section of config/alerts.yaml: which operational alerts are on, where they go, their
 * thresholds, and how often a condition that lasts is told again. A kind not listed is off.
 *
 * <pre>
 * operations:
 *   channels: [ops-hook]            # default for every entry
 *   failedFile: {}
 *   pollError: { reAlertMs: 3600000, cleared: true }
 *   deadLetterQueue: { depthAbove: 0, growthAbove: 10, windowMs: 600000 }
 *   channelFailing: { failingForMs: 600000, channels: [ops-files] }
 *   reviewQueue: { sizeAbove: 200 }
 * </pre>
 */
public record OperationsConfig(Map<OperationalKind, Watch> watches) {
    public static final OperationsConfig NONE = new OperationsConfig(Map.of());
    /** Default time before a condition that still holds is told again. */
    public static final Duration DEFAULT_RE_ALERT = Duration.ofHours(1);

    /**
     * One kind's entry.
     *
     * @param channels   where its alerts go (the entry's, else the section's)
     * @param reAlert    a condition still holding after this long since its last alert is told again; null: never
     * @param cleared    a condition's end is told ({@code cleared} alert); events never clear
     * @param above      deadLetterQueue: depth over this; reviewQueue: pairs waiting over this; null elsewhere or off
     * @param growth     deadLetterQueue: grown by at least this many messages within {@code window}; null: not watched
     * @param window     deadLetterQueue: the window growth is measured over
     * @param failingFor channelFailing: deliveries undelivered with failed attempts for at least this long
     * @param queues     deadLetterQueue: queues watched; empty means the dead-letter queues GuestLink uses
     */
    public record Watch(OperationalKind kind, List<String> channels, Duration reAlert, boolean cleared, Long above,
                        Long growth, Duration window, Duration failingFor, List<String> queues) {
        public Watch {
            Objects.requireNonNull(kind, "kind");
            channels = List.copyOf(channels);
            queues = queues == null ? List.of() : List.copyOf(queues);
            if (channels.isEmpty()) throw new IllegalArgumentException("no channels");
        }
    }

    public OperationsConfig {
        watches = watches.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(watches));
    }

    public Optional<Watch> watch(OperationalKind kind) {
        return Optional.ofNullable(watches.get(kind));
    }

    public boolean on(OperationalKind kind) {
        return watches.containsKey(kind);
    }

    /** Reads the section; problems go to the reader, each with file, key and value. */
    static OperationsConfig read(AlertConfig.Reader r, JsonNode n, Map<String, ChannelConfig> channels) {
        if (n == null || n.isNull()) return NONE;
        if (!n.isObject()) {
            r.problem("operations", n, "expected a map: channels and one entry per kind " + OperationalKind.keys());
            return NONE;
        }
        Set<String> known = new LinkedHashSet<>(OperationalKind.keys());
        known.add("channels");
        r.known(n, "operations", known);
        List<String> defaults = channels(r, n, "operations", channels);
        Map<OperationalKind, Watch> out = new EnumMap<>(OperationalKind.class);
        for (OperationalKind kind : OperationalKind.values()) {
            JsonNode e = n.get(kind.key());
            if (e == null) continue;
            String at = "operations." + kind.key();
            if (e.isNull()) e = r.emptyObject();
            if (!e.isObject()) {
                r.problem(at, e, "expected a map (enabled, channels" + (kind.condition() ? ", reAlertMs, cleared" : "") + ", ...)");
                continue;
            }
            Watch w = watch(r, kind, at, e, defaults, channels);
            if (w != null) out.put(kind, w);
        }
        return new OperationsConfig(out);
    }

    private static Watch watch(AlertConfig.Reader r, OperationalKind kind, String at, JsonNode e, List<String> defaults,
                               Map<String, ChannelConfig> channels) {
        List<String> keys = new ArrayList<>(List.of("enabled", "channels"));
        if (kind.condition()) keys.addAll(List.of("reAlertMs", "cleared"));
        switch (kind) {
            case DEAD_LETTER_QUEUE -> keys.addAll(List.of("queues", "depthAbove", "growthAbove", "windowMs"));
            case CHANNEL_FAILING -> keys.add("failingForMs");
            case REVIEW_QUEUE -> keys.add("sizeAbove");
            default -> {
            }
        }
        r.known(e, at, Set.copyOf(keys));
        Boolean enabled = r.bool(e, at, "enabled");
        List<String> own = e.has("channels") ? channels(r, e, at, channels) : defaults;
        Duration reAlert = DEFAULT_RE_ALERT;
        if (e.has("reAlertMs")) {
            JsonNode v = e.get("reAlertMs");
            // 0: told once per occurrence, never again while it lasts
            if (v.isIntegralNumber() && v.asLong() == 0) reAlert = null;
            else reAlert = r.millis(e, at, "reAlertMs", DEFAULT_RE_ALERT);
        }
        Boolean cleared = r.bool(e, at, "cleared");
        Long above = null, growth = null;
        Duration window = null, failingFor = null;
        List<String> queues = List.of();
        switch (kind) {
            case DEAD_LETTER_QUEUE -> {
                // without depthAbove: any message, unless only growth is watched
                if (e.has("depthAbove")) above = r.atLeastZero(e, at, "depthAbove", 0);
                else if (!e.has("growthAbove")) above = 0L;
                growth = e.has("growthAbove") ? (long) r.positive(e, at, "growthAbove", 1) : null;
                window = r.millis(e, at, "windowMs", Duration.ofMinutes(10));
                queues = r.strings(e.get("queues"), at + ".queues");
            }
            case CHANNEL_FAILING -> failingFor = r.millis(e, at, "failingForMs", Duration.ofMinutes(10));
            case REVIEW_QUEUE -> above = r.atLeastZero(e, at, "sizeAbove", 100);
            default -> {
            }
        }
        if (Boolean.FALSE.equals(enabled)) return null;
        if (own.isEmpty()) {
            r.problem(at + ".channels", null, "no channel: name them here or in operations.channels");
            return null;
        }
        return new Watch(kind, own, kind.condition() ? reAlert : null, kind.condition() && !Boolean.FALSE.equals(cleared),
                above, growth, window, failingFor, queues);
    }

    /** Channel names that exist and can carry an operational alert (not HL7: its ORU^R01 is about a guest). */
    private static List<String> channels(AlertConfig.Reader r, JsonNode n, String at, Map<String, ChannelConfig> channels) {
        List<String> out = new ArrayList<>();
        for (String c : r.strings(n.get("channels"), at + ".channels")) {
            ChannelConfig cc = channels.get(c);
            if (cc == null) r.problem(at + ".channels", c, "no such channel (channels: " + channels.keySet() + ")");
            else if (cc instanceof ChannelConfig.Hl7)
                r.problem(at + ".channels", c, "an hl7-mllp channel sends guest alerts (ORU^R01 about a guest); operational "
                        + "alerts go to activemq-topic, webhook or file channels");
            else out.add(c);
        }
        return out;
    }
}

package io.guestlink.alert;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.event.GuestEventType;
import io.guestlink.config.ConfigurationException;
import io.guestlink.config.YamlConfig;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * config/alerts.yaml: the properties daily rules run for, how deliveries are retried, the channels and the rules.
 * Validated at load; every problem is reported at once, each naming the file, the key and the value. A missing file
 * means no rules and no channels (alerts off). Time zones are not here: a property's zone is the one in
 * config/memory.yaml ({@code zones}), so "today" means the same to guest memory and to alerts.
 *
 * @param properties  properties daily rules run for (besides any property a night audit has given a business date)
 * @param businessDay what moves each property's business date (night audit or clock)
 * @param operations  operational alerts (a file moved to failed/, a poll error, ...): {@link OperationsConfig}
 * @param marketing   the audiences and channels held to the guest's consent ({@link MarketingConsent})
 */
public record AlertConfig(List<String> properties, Delivery delivery, Map<String, ChannelConfig> channels,
                          List<AlertRule> rules, BusinessDay businessDay, OperationsConfig operations,
                          MarketingConsent marketing) {

    /** No audience or channel held to consent (configurations written before {@code marketing:}). */
    public AlertConfig(List<String> properties, Delivery delivery, Map<String, ChannelConfig> channels,
                       List<AlertRule> rules, BusinessDay businessDay, OperationsConfig operations) {
        this(properties, delivery, channels, rules, businessDay, operations, MarketingConsent.NONE);
    }

    /**
     * @param lease      a claimed delivery not finished within this (crash, hang) is due again
     * @param batch      deliveries a channel's sweep claims at once
     * @param eventGrace the sweep leaves events younger than this to the fast path
     * @param queue      deliveries waiting per channel on the fast path; beyond it they wait for the sweep
     */
    public record Delivery(Duration lease, int batch, Duration eventGrace, int queue, Backoff backoff) {
        public static final Delivery DEFAULTS = new Delivery(Duration.ofSeconds(60), 50, Duration.ofSeconds(2), 1000,
                new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(10), 20));
    }

    public static final AlertConfig NONE = new AlertConfig(List.of(), Delivery.DEFAULTS, Map.of(), List.of());

    /** Every property's day moved by its night audit. */
    public AlertConfig(List<String> properties, Delivery delivery, Map<String, ChannelConfig> channels, List<AlertRule> rules) {
        this(properties, delivery, channels, rules, BusinessDay.DEFAULT);
    }

    /** Without operational alerts. */
    public AlertConfig(List<String> properties, Delivery delivery, Map<String, ChannelConfig> channels, List<AlertRule> rules,
                       BusinessDay businessDay) {
        this(properties, delivery, channels, rules, businessDay, OperationsConfig.NONE);
    }

    public AlertConfig {
        properties = List.copyOf(properties);
        businessDay = businessDay == null ? BusinessDay.DEFAULT : businessDay;
        operations = operations == null ? OperationsConfig.NONE : operations;
        marketing = marketing == null ? MarketingConsent.NONE : marketing;
        channels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        rules = List.copyOf(rules);
    }

    public List<AlertRule> rulesFor(GuestEventType type) {
        return rules.stream().filter(r -> r.trigger() instanceof Trigger.OnEvents on && on.types().contains(type)).toList();
    }

    public List<AlertRule> dailyRules() {
        return rules.stream().filter(AlertRule::isDaily).toList();
    }

    /** The rule's channels that are enabled: the ones that get a delivery row. */
    public List<String> deliveryChannels(AlertRule rule) {
        return rule.channels().stream().filter(c -> channels.containsKey(c) && channels.get(c).enabled()).toList();
    }

    public List<ChannelConfig> enabledChannels() {
        return channels.values().stream().filter(ChannelConfig::enabled).toList();
    }

    // ---- loading ---------------------------------------------------------------------------------------------

    public static AlertConfig load(Path file) {
        if (file == null || !Files.isRegularFile(file)) return NONE;
        return parse(YamlConfig.text(file), file.toString());
    }

    public static AlertConfig parse(String yaml, String source) {
        JsonNode root = YamlConfig.tree(yaml, source);
        if (root == null || root.isMissingNode() || root.isNull()) return NONE;
        return new Reader(source).read(root);
    }

    /** Walks the YAML tree, collecting every problem with its key path. */
    static final class Reader {
        private final String source;
        private final List<String> problems = new ArrayList<>();

        Reader(String source) {
            this.source = source;
        }

        AlertConfig read(JsonNode root) {
            known(root, "", Set.of("properties", "businessDay", "delivery", "channels", "rules", "operations", "marketing"));
            List<String> properties = strings(root.get("properties"), "properties");
            BusinessDay businessDay = businessDay(root.get("businessDay"));
            Delivery delivery = delivery(root.get("delivery"));
            Map<String, ChannelConfig> channels = new LinkedHashMap<>();
            JsonNode ch = root.get("channels");
            if (ch != null && !ch.isObject()) problem("channels", ch, "expected a map of channel name to channel");
            else if (ch != null) ch.fields().forEachRemaining(e -> {
                ChannelConfig c = channel(e.getKey(), e.getValue());
                if (c != null) channels.put(e.getKey(), c);
            });
            List<AlertRule> rules = new ArrayList<>();
            JsonNode rs = root.get("rules");
            if (rs != null && !rs.isArray()) problem("rules", rs, "expected a list of rules");
            else if (rs != null) {
                Set<String> ids = new LinkedHashSet<>();
                for (int i = 0; i < rs.size(); i++) {
                    AlertRule r = rule("rules[" + i + "]", rs.get(i), channels.keySet());
                    if (r == null) continue;
                    if (!ids.add(r.id())) problem("rules[" + i + "].id", rs.get(i).get("id"), "another rule has this id");
                    else rules.add(r);
                }
            }
            // a claim must outlast an attempt, or a slow attempt that still succeeds is sent again by the sweep
            for (ChannelConfig c : channels.values()) {
                Duration t = c instanceof ChannelConfig.Webhook w ? w.timeout() : c instanceof ChannelConfig.Hl7 h ? h.timeout() : null;
                if (t != null && delivery.lease().compareTo(t.multipliedBy(3)) < 0)
                    problems.add(source + ": delivery.leaseMs = '" + delivery.lease().toMillis() + "': must be at least 3 x channels."
                            + c.name() + ".timeoutMs (" + t.toMillis() + "): an attempt may take connect + send + answer");
            }
            OperationsConfig operations = OperationsConfig.read(this, root.get("operations"), channels);
            MarketingConsent marketing = marketing(root.get("marketing"), channels.keySet());
            if (!problems.isEmpty()) throw new ConfigurationException(problems);
            return new AlertConfig(properties, delivery, channels, rules, businessDay, operations, marketing);
        }

        /** {@code marketing: { audiences: { <audience>: [email, ...] }, channels: { <channel>: [sms] } }}. */
        MarketingConsent marketing(JsonNode n, Set<String> channelNames) {
            if (n == null || n.isNull()) return MarketingConsent.NONE;
            if (!n.isObject()) {
                problem("marketing", n, "expected { audiences: {...}, channels: {...} }");
                return MarketingConsent.NONE;
            }
            known(n, "marketing", Set.of("audiences", "channels"));
            Map<String, Set<io.guestlink.model.ConsentPurpose>> audiences = purposes(n.get("audiences"), "marketing.audiences", null);
            Map<String, Set<io.guestlink.model.ConsentPurpose>> chans = purposes(n.get("channels"), "marketing.channels", channelNames);
            return new MarketingConsent(audiences, chans);
        }

        private Map<String, Set<io.guestlink.model.ConsentPurpose>> purposes(JsonNode n, String at, Set<String> names) {
            Map<String, Set<io.guestlink.model.ConsentPurpose>> out = new LinkedHashMap<>();
            if (n == null || n.isNull()) return out;
            if (!n.isObject()) {
                problem(at, n, "expected a map of name to a list of purposes");
                return out;
            }
            n.fields().forEachRemaining(e -> {
                String key = at + "." + e.getKey();
                if (names != null && !names.contains(e.getKey())) problem(key, null, "no such channel (known: " + names + ")");
                Set<io.guestlink.model.ConsentPurpose> ps = EnumSet.noneOf(io.guestlink.model.ConsentPurpose.class);
                for (String p : strings(e.getValue(), key)) {
                    var purpose = io.guestlink.model.ConsentPurpose.of(p);
                    if (purpose.isEmpty()) problem(key, p, "not a consent purpose (" + io.guestlink.model.ConsentPurpose.codes() + ")");
                    else ps.add(purpose.get());
                }
                if (ps.isEmpty()) problem(key, e.getValue(), "expected at least one purpose (" + io.guestlink.model.ConsentPurpose.codes() + ")");
                else out.put(e.getKey(), ps);
            });
            return out;
        }

        /** {@code businessDay: nightAudit | clock}, or {@code { default: nightAudit, properties: { SGN01: clock } }}. */
        BusinessDay businessDay(JsonNode n) {
            if (n == null || n.isNull()) return BusinessDay.DEFAULT;
            BusinessDay.Source fallback = BusinessDay.Source.NIGHT_AUDIT;
            Map<String, BusinessDay.Source> per = new LinkedHashMap<>();
            if (n.isValueNode()) {
                fallback = source("businessDay", n, fallback);
            } else if (n.isObject()) {
                known(n, "businessDay", Set.of("default", "properties"));
                if (n.has("default")) fallback = source("businessDay.default", n.get("default"), fallback);
                JsonNode ps = n.get("properties");
                if (ps != null && !ps.isNull() && !ps.isObject()) problem("businessDay.properties", ps, "expected a map of property to nightAudit or clock");
                else if (ps != null && ps.isObject()) ps.fields().forEachRemaining(e -> {
                    BusinessDay.Source s = source("businessDay.properties." + e.getKey(), e.getValue(), null);
                    if (s != null) per.put(e.getKey(), s);
                });
            } else {
                problem("businessDay", n, "expected nightAudit, clock or { default: ..., properties: { <property>: ... } }");
            }
            return new BusinessDay(fallback, per);
        }

        BusinessDay.Source source(String at, JsonNode v, BusinessDay.Source def) {
            try {
                if (v != null && v.isTextual()) return BusinessDay.Source.of(v.asText());
            } catch (IllegalArgumentException e) {
                // reported below
            }
            problem(at, v, "expected nightAudit (the PMS night audit moves the date) or clock (the local calendar date)");
            return def;
        }

        Delivery delivery(JsonNode n) {
            Delivery d = Delivery.DEFAULTS;
            if (n == null) return d;
            known(n, "delivery", Set.of("leaseMs", "batch", "eventGraceMs", "queue", "backoff"));
            Duration lease = millis(n, "delivery", "leaseMs", d.lease());
            int batch = positive(n, "delivery", "batch", d.batch());
            Duration grace = millis(n, "delivery", "eventGraceMs", d.eventGrace());
            int queue = positive(n, "delivery", "queue", d.queue());
            Backoff b = d.backoff();
            JsonNode bn = n.get("backoff");
            if (bn != null) {
                known(bn, "delivery.backoff", Set.of("firstMs", "factor", "maxMs", "maxAttempts"));
                try {
                    b = new Backoff(millis(bn, "delivery.backoff", "firstMs", b.first()),
                            bn.has("factor") ? bn.get("factor").asDouble(Double.NaN) : b.factor(),
                            millis(bn, "delivery.backoff", "maxMs", b.max()),
                            positive(bn, "delivery.backoff", "maxAttempts", b.maxAttempts()));
                } catch (IllegalArgumentException e) {
                    problems.add(source + ": delivery." + e.getMessage());
                }
            }
            return new Delivery(lease, batch, grace, queue, b);
        }

        ChannelConfig channel(String name, JsonNode n) {
            String at = "channels." + name;
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                problem(at, null, "a channel name is letters, digits, '-' and '_' (it names routes and threads)");
                return null;
            }
            if (n == null || !n.isObject()) {
                problem(at, n, "expected a map with a type");
                return null;
            }
            String type = text(n, at, "type", true);
            boolean enabled = !n.has("enabled") || n.get("enabled").asBoolean(true);
            int concurrency = positive(n, at, "concurrency", 2);
            if (type == null) return null;
            return switch (type) {
                case "activemq-topic" -> {
                    known(n, at, Set.of("type", "enabled", "concurrency", "destination"));
                    String destination = text(n, at, "destination", true);
                    yield destination == null ? null : new ChannelConfig.Topic(name, enabled, concurrency, destination);
                }
                case "webhook" -> {
                    known(n, at, Set.of("type", "enabled", "concurrency", "url", "secretEnv", "timeoutMs"));
                    String url = text(n, at, "url", true);
                    String secretEnv = text(n, at, "secretEnv", true);
                    Duration timeout = millis(n, at, "timeoutMs", Duration.ofSeconds(5));
                    if (url != null && !url.matches("https?://.+")) {
                        problem(at + ".url", url, "expected an http:// or https:// URL");
                        url = null;
                    }
                    yield url == null || secretEnv == null ? null
                            : new ChannelConfig.Webhook(name, enabled, concurrency, url, secretEnv, timeout);
                }
                case "hl7-mllp" -> {
                    known(n, at, Set.of("type", "enabled", "concurrency", "host", "port", "timeoutMs",
                            "receivingApplication", "receivingFacility"));
                    String host = text(n, at, "host", true);
                    int port = positive(n, at, "port", 0);
                    if (!n.has("port")) problem(at + ".port", null, "missing");
                    else if (port > 65535) problem(at + ".port", n.get("port"), "expected a TCP port (1-65535)");
                    yield host == null || port < 1 || port > 65535 ? null
                            : new ChannelConfig.Hl7(name, enabled, concurrency, host, port,
                            millis(n, at, "timeoutMs", Duration.ofSeconds(10)), text(n, at, "receivingApplication", false),
                            text(n, at, "receivingFacility", false));
                }
                case "file" -> {
                    known(n, at, Set.of("type", "enabled", "concurrency", "dir"));
                    String dir = text(n, at, "dir", true);
                    yield dir == null ? null : new ChannelConfig.FileDrop(name, enabled, concurrency, Path.of(dir));
                }
                default -> {
                    problem(at + ".type", type, "unknown channel type (known: activemq-topic, webhook, hl7-mllp, file)");
                    yield null;
                }
            };
        }

        AlertRule rule(String at, JsonNode n, Set<String> channelNames) {
            if (n == null || !n.isObject()) {
                problem(at, n, "expected a rule (id, on or daily, when, audience, channels)");
                return null;
            }
            known(n, at, Set.of("id", "on", "daily", "when", "audience", "channels", "oncePer"));
            String id = text(n, at, "id", true);
            if (id != null && !id.matches("[a-z0-9][a-z0-9-]*")) problem(at + ".id", n.get("id"), "a rule id is lower-case letters, digits and '-' (it is part of alert ids)");
            if (id != null) at = "rules." + id;
            Trigger trigger = null;
            if (n.has("on") == n.has("daily")) problem(at, null, "give exactly one of 'on' (event types) and 'daily'");
            else if (n.has("on")) {
                Set<GuestEventType> types = EnumSet.noneOf(GuestEventType.class);
                for (String t : strings(n.get("on"), at + ".on")) {
                    try {
                        types.add(GuestEventType.valueOf(t.trim().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        problem(at + ".on", t, "unknown event type (known: " + List.of(GuestEventType.values()) + ")");
                    }
                }
                if (types.isEmpty()) problem(at + ".on", n.get("on"), "needs at least one event type");
                else trigger = new Trigger.OnEvents(types);
            } else trigger = daily(at + ".daily", n.get("daily"));
            Conditions when = conditions(at + ".when", n.get("when"));
            String audience = text(n, at, "audience", true);
            List<String> channels = strings(n.get("channels"), at + ".channels");
            for (String c : channels) if (!channelNames.contains(c)) problem(at + ".channels", c, "no such channel (channels: " + channelNames + ")");
            OncePer once = trigger instanceof Trigger.Daily ? OncePer.DAY : OncePer.EVENT;
            if (n.has("oncePer")) {
                String v = n.get("oncePer").asText();
                try {
                    once = OncePer.valueOf(v.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problem(at + ".oncePer", v, "expected event, day, year or stay");
                }
            }
            if (id == null || trigger == null || audience == null) return null;
            try {
                return new AlertRule(id, trigger, when, audience, channels, once);
            } catch (IllegalArgumentException e) {
                problem(at + ".oncePer", n.get("oncePer"), e.getMessage());
                return null;
            }
        }

        Trigger.Daily daily(String at, JsonNode n) {
            if (n == null || !n.isObject()) {
                problem(at, n, "expected { at: \"HH:mm\", select: <population> }");
                return null;
            }
            known(n, at, Set.of("at", "atProperty", "select"));
            // no time: the rule runs as soon as the business date begins (the night audit, or local midnight)
            LocalTime time = n.has("at") ? time(at + ".at", n.get("at")) : null;
            boolean timeOk = !n.has("at") || time != null;
            Map<String, LocalTime> per = new LinkedHashMap<>();
            JsonNode ap = n.get("atProperty");
            if (ap != null) ap.fields().forEachRemaining(e -> {
                LocalTime t = time(at + ".atProperty." + e.getKey(), e.getValue());
                if (t != null) per.put(e.getKey(), t);
            });
            Population population = null;
            String select = text(n, at, "select", true);
            if (select != null) {
                try {
                    population = Population.of(select);
                } catch (IllegalArgumentException e) {
                    problem(at + ".select", select, e.getMessage());
                }
            }
            return !timeOk || population == null ? null : new Trigger.Daily(time, per, population);
        }

        Conditions conditions(String at, JsonNode n) {
            if (n == null) return Conditions.ALWAYS;
            known(n, at, Set.of("minStayNumber", "vip", "birthdayThisStay", "birthdayToday", "lapsed", "consent",
                    "adjustmentsAbove", "properties", "possiblyReturning"));
            Integer minStay = n.has("minStayNumber") ? positive(n, at, "minStayNumber", 1) : null;
            BigDecimal above = null;
            if (n.has("adjustmentsAbove")) {
                JsonNode v = n.get("adjustmentsAbove");
                if (!v.isNumber() || v.decimalValue().signum() < 0) problem(at + ".adjustmentsAbove", v, "expected an amount >= 0 in the base currency");
                else above = v.decimalValue();
            }
            return new Conditions(minStay, bool(n, at, "vip"), bool(n, at, "birthdayThisStay"),
                    bool(n, at, "birthdayToday"), bool(n, at, "lapsed"),
                    new LinkedHashSet<>(strings(n.get("consent"), at + ".consent").stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()),
                    above, new LinkedHashSet<>(strings(n.get("properties"), at + ".properties")), bool(n, at, "possiblyReturning"));
        }

        // ---- small readers, each reporting what is wrong ----

        void known(JsonNode n, String at, Set<String> keys) {
            if (n == null || !n.isObject()) return;
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!keys.contains(k)) problems.add(source + ": " + (at.isEmpty() ? "" : at + ".") + k
                        + ": unknown key (known: " + keys.stream().sorted().toList() + ")");
            }
        }

        String text(JsonNode n, String at, String key, boolean required) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
                if (required) problem(at + "." + key, null, "missing");
                return null;
            }
            if (!v.isValueNode()) {
                problem(at + "." + key, v, "expected a single value");
                return null;
            }
            return v.asText().trim();
        }

        List<String> strings(JsonNode n, String at) {
            if (n == null || n.isNull()) return List.of();
            if (n.isValueNode()) return List.of(n.asText().trim());
            if (!n.isArray()) {
                problem(at, n, "expected a list");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            n.forEach(v -> out.add(v.asText().trim()));
            return out;
        }

        Boolean bool(JsonNode n, String at, String key) {
            JsonNode v = n.get(key);
            if (v == null || v.isNull()) return null;
            if (!v.isBoolean()) {
                problem(at + "." + key, v, "expected true or false");
                return null;
            }
            return v.asBoolean();
        }

        int positive(JsonNode n, String at, String key, int def) {
            JsonNode v = n.get(key);
            if (v == null) return def;
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
                problem(at + "." + key, v, "expected a whole number > 0");
                return def;
            }
            return v.asInt();
        }

        long atLeastZero(JsonNode n, String at, String key, long def) {
            JsonNode v = n.get(key);
            if (v == null) return def;
            if (!v.isIntegralNumber() || v.asLong() < 0) {
                problem(at + "." + key, v, "expected a whole number >= 0");
                return def;
            }
            return v.asLong();
        }

        JsonNode emptyObject() {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }

        Duration millis(JsonNode n, String at, String key, Duration def) {
            JsonNode v = n.get(key);
            if (v == null) return def;
            if (!v.isIntegralNumber() || v.asLong() < 1) {
                problem(at + "." + key, v, "expected milliseconds > 0");
                return def;
            }
            return Duration.ofMillis(v.asLong());
        }

        LocalTime time(String at, JsonNode v) {
            if (v == null || !v.isTextual()) {
                problem(at, v, "expected a local time \"HH:mm\" (quoted)");
                return null;
            }
            try {
                return LocalTime.parse(v.asText().trim());
            } catch (DateTimeParseException e) {
                problem(at, v, "expected a local time \"HH:mm\"");
                return null;
            }
        }

        void problem(String at, Object value, String why) {
            String shown = value == null ? "" : " = '" + (value instanceof JsonNode j ? (j.isValueNode() ? j.asText() : j.toString()) : value) + "'";
            problems.add(source + ": " + at + shown + ": " + why);
        }
    }
}

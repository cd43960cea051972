package io.guestlink.config;


import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every guestlink.* configuration key (docs/configuration.md lists the same table). Secrets are never given a
 * committed value: they come from the environment.
 */
public final class Settings {
    public static final Setting SOURCES_DIR = Setting.text("guestlink.sources.dir", "config/sources",
            "folder of feed files (one YAML file per feed)");
    public static final Setting INBOX_DIR = Setting.text("guestlink.inbox.dir", "inbox",
            "local inbox: each feed polls <inbox>/<feed id>/, archives to done/, failed files to failed/");
    public static final Setting POLL_DELAY = Setting.positive("guestlink.inbox.poll-delay-ms", "5000",
            "how often the inbox folders and remote endpoints are polled");
    public static final Setting READ_LOCK_INTERVAL = Setting.positive("guestlink.inbox.read-lock-interval-ms", "1000",
            "a file is taken only once its size and time stamp stay unchanged for this long (still being written)");
    public static final Setting DB_URL = Setting.text("guestlink.db.url",
            "jdbc:h2:file:./data/guestlink", "JDBC URL of the profile store (H2 file or PostgreSQL)");
    public static final Setting DB_USER = Setting.text("guestlink.db.user", "sa", "database user");
    public static final Setting DB_PASSWORD = Setting.text("guestlink.db.password", "",
            "database password: set GUESTLINK_DB_PASSWORD in the environment, never in a committed file");
    public static final Setting DB_POOL = Setting.positive("guestlink.db.pool-size", "4", "connection pool size");
    public static final Setting BATCH_SIZE = Setting.positive("guestlink.import.batch-size", "1000",
            "rows written per transaction (and per progress mark)");
    public static final Setting PROGRESS_EVERY = Setting.positive("guestlink.import.progress-every", "100000",
            "log progress every N rows of a long file");
    public static final Setting READ_AHEAD = Setting.nonNegative("guestlink.import.read-ahead", "2",
            "batches a reader thread reads and maps ahead of the batch being written, for file imports and database "
                    + "feeds (memory: this many batches more); 0 reads, maps and writes on one thread, one after the other");
    public static final Setting MAX_RAW = Setting.positive("guestlink.journal.max-raw-chars", "65536",
            "raw row text kept in the journal for replay, at most this many characters; a longer one is not kept "
                    + "(never cut: the journal row says so, and replay skips that row)");
    public static final Setting HMAC_KEY = Setting.text("guestlink.identity.hmac-key", "",
            "key for hashing ID documents (16+ bytes): GUESTLINK_IDENTITY_HMAC_KEY in the environment; when empty, "
                    + "a random key is generated once into data/identity.key (embedded setups only)");
    public static final Setting IDENTITY_CONFIG = Setting.text("guestlink.identity.config", "config/identity.yaml",
            "identity resolution: thresholds, match model, survivorship rules (a missing file means the defaults)");
    public static final Setting LINK_INTERVAL = Setting.positive("guestlink.identity.link-interval-ms", "1000",
            "how often the identity worker links the profiles imports queued (probabilistic matching)");
    public static final Setting ARRIVAL_LINK_BUDGET = atLeastZero("guestlink.identity.arrival-link-budget-ms", "300",
            "an arriving guest (check-in) is linked by the identity worker's rules before the arrival alert rules look; "
                    + "the longest that waits for an import batch holding the identity lock (0: not linked first; a later "
                    + "merge makes the rules look again)");
    public static final Setting MEMORY_CONFIG = Setting.text("guestlink.memory.config", "config/memory.yaml",
            "guest memory: base currency and rates, meal periods per outlet, usual-order rules, lapsed months (recognition card)");
    public static final Setting ROOM_CHANGEOVER = new Setting("guestlink.pos.room-changeover", "12:00",
            "on a day one guest leaves a room and another arrives, a room-charged POS ticket opened before this local time "
                    + "is the leaving guest's, from it the arriving guest's", v -> {
                try {
                    java.time.LocalTime.parse(v.trim());
                    return true;
                } catch (java.time.format.DateTimeParseException e) {
                    return false;
                }
            }, "a local time HH:MM");
    public static final Setting ALERTS_CONFIG = Setting.text("guestlink.alerts.config", "config/alerts.yaml",
            "alert rules, channels and delivery retries (a missing file means no alerts)");
    public static final Setting ALERTS_SWEEP = Setting.positive("guestlink.alerts.sweep-ms", "1000",
            "how often events the fast path missed and due daily rules are evaluated, and each channel looks for due deliveries");
    public static final Setting ALERTS_OPERATIONS_CHECK = Setting.positive("guestlink.alerts.operations-check-ms", "10000",
            "how often operational conditions (dead-letter queues, failing alert channels, the review queue) are checked");
    public static final Setting STAYS_CHECKOUT_GRACE = new Setting("guestlink.stays.checkout-grace-days", "2",
            "a stay still in house this many whole days after its departure date, with no check-out from the PMS, is "
                    + "closed as departed on that date (journaled as inferred; a later PMS message wins)", v -> {
                try {
                    return Integer.parseInt(v.trim()) >= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }, "a whole number >= 0");
    public static final Setting STAYS_CLOSE_INTERVAL = Setting.positive("guestlink.stays.close-interval-ms", "3600000",
            "how often stays left in house past their departure and the grace are closed (the daily run closes them too)");
    public static final Setting PLACEHOLDER_EMAILS = Setting.text("guestlink.identity.placeholder-emails", "",
            "extra e-mail placeholders (comma-separated globs, e.g. frontdesk@myhotel.com) besides the built-in list");
    public static final Setting PLACEHOLDER_PHONES = Setting.text("guestlink.identity.placeholder-phones", "",
            "extra phone placeholders (comma-separated globs of E.164 numbers, e.g. +6620000000)");
    public static final Setting PLACEHOLDER_DOCS = Setting.text("guestlink.identity.placeholder-documents", "",
            "extra ID document placeholders (comma-separated globs)");

    // Broker: the embedded ActiveMQ broker or an external one, and the JSON events queue (docs/real-time.md)
    public static final Setting BROKER_EMBEDDED = flag("guestlink.broker.embedded", "true",
            "run an ActiveMQ broker inside GuestLink (KahaDB under guestlink.broker.data-dir); false: connect to guestlink.broker.url");
    public static final Setting BROKER_URL = Setting.text("guestlink.broker.url", "vm://guestlink?create=false",
            "OpenWire URL GuestLink connects to: vm://<broker name> for the embedded broker, tcp://host:61616 (or failover:(...)) for an external one");
    public static final Setting BROKER_LISTEN = Setting.text("guestlink.broker.listen", "",
            "the embedded broker's OpenWire connector for other systems, e.g. tcp://127.0.0.1:61616; empty: none (in-JVM only)");
    public static final Setting BROKER_DATA_DIR = Setting.text("guestlink.broker.data-dir", "data/activemq",
            "the embedded broker's persistence (KahaDB) and temporary storage");
    public static final Setting BROKER_JMX = flag("guestlink.broker.jmx", "false", "expose the embedded broker over JMX");
    public static final Setting BROKER_USER = Setting.text("guestlink.broker.user", "",
            "broker user: GUESTLINK_BROKER_USER in the environment; with the embedded broker it is also required of clients");
    public static final Setting BROKER_PASSWORD = Setting.text("guestlink.broker.password", "",
            "broker password: set GUESTLINK_BROKER_PASSWORD in the environment, never in a committed file");
    public static final Setting BROKER_REDELIVERIES = atLeastZero("guestlink.broker.redelivery.max-redeliveries", "10",
            "a message whose processing failed (store down) is delivered again this many times, then goes to ActiveMQ's DLQ.<queue>");
    public static final Setting BROKER_REDELIVERY_DELAY = Setting.positive("guestlink.broker.redelivery.initial-delay-ms", "1000",
            "delay before the first redelivery; each next one waits twice as long");
    public static final Setting BROKER_REDELIVERY_MAX_DELAY = Setting.positive("guestlink.broker.redelivery.max-delay-ms", "60000",
            "the longest wait between two redeliveries");
    public static final Setting EVENTS_QUEUE = Setting.text("guestlink.events.queue", "guestlink.events",
            "queue of JSON guest events (config/schemas/guest-event.schema.json)");
    public static final Setting EVENTS_DLQ = Setting.text("guestlink.events.dead-letter-queue", "guestlink.events.DLQ",
            "where invalid events go, unchanged, with the reason in the GuestLinkError header");
    public static final Setting EVENTS_CONSUMERS = Setting.positive("guestlink.events.consumers", "1",
            "concurrent consumers of the events queue (more than 1: order only within a JMSXGroupID)");
    public static final Setting EVENTS_SCHEMA = Setting.text("guestlink.events.schema", "config/schemas/guest-event.schema.json",
            "the JSON Schema events are validated against");
    public static final Setting EVENTS_MAX_BYTES = Setting.positive("guestlink.events.max-bytes", "1048576",
            "larger event messages go to the dead-letter queue unread");

    // HL7 ADT over MLLP (routes/hl7-mllp.camel.yaml)
    public static final Setting HL7_ENABLED = new Setting("guestlink.hl7.enabled", "true",
            "listen for HL7 ADT over MLLP (false: the listener is not started)", v -> v.equals("true") || v.equals("false"),
            "true or false");
    public static final Setting HL7_BIND_ADDRESS = Setting.text("guestlink.hl7.bind-address", "0.0.0.0",
            "address the MLLP listener binds to (0.0.0.0: every interface)");
    public static final Setting HL7_PORT = new Setting("guestlink.hl7.port", "2575", "TCP port of the MLLP listener",
            v -> v.matches("\\d{1,5}") && Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= 65535, "a port 1..65535");
    public static final Setting HL7_MAX_MESSAGE_BYTES = Setting.positive("guestlink.hl7.max-message-bytes", "1048576",
            "larger messages are answered AR; beyond twice this the connection is reset without reading further");
    public static final Setting HL7_IDLE_TIMEOUT = Setting.positive("guestlink.hl7.idle-timeout-ms", "600000",
            "a connection that sends nothing for this long is closed (senders reconnect for their next message)");
    public static final Setting HL7_READ_TIMEOUT = Setting.positive("guestlink.hl7.read-timeout-ms", "5000",
            "once a message has started, the longest wait for its next bytes; then the connection is reset");
    public static final Setting HL7_MAX_CONNECTIONS = Setting.positive("guestlink.hl7.max-connections", "50",
            "connections served at once; one more is reset at once (its sender retries)");
    public static final Setting HL7_PROPERTY = Setting.text("guestlink.hl7.property", "",
            "property of messages that name no facility (PV1-3.4, MSH-4)");
    public static final Setting HL7_FACILITIES = new Setting("guestlink.hl7.facilities", "",
            "facility code (PV1-3.4 / MSH-4) to property code, e.g. GHHS=BKK01,PHKT=HKT01; unmapped codes are used as sent",
            Settings::isMapping, "CODE=VALUE pairs separated by commas");
    public static final Setting HL7_SYSTEMS = new Setting("guestlink.hl7.systems", "",
            "sending application (MSH-3) to the source system of the same PMS's feed files, e.g. OPERA-IFC=OPERA",
            Settings::isMapping, "CODE=VALUE pairs separated by commas");
    public static final Setting HL7_PHONE_REGION = new Setting("guestlink.hl7.phone-region", "",
            "ISO 3166 region for phone numbers written without a country code (empty: only international numbers)",
            v -> v.isBlank() || v.strip().matches("[A-Za-z]{2}"), "a two-letter region code or nothing");
    public static final Setting LOG_PHI = new Setting("guestlink.log.phi", "false",
            "true: log lines of failed messages may carry guest data (the store's own error texts, stack traces) for "
                    + "troubleshooting; false: never a name, guest id, phone, e-mail or document in a log line at any level", v -> v.equals("true") || v.equals("false"), "true or false");

    // HTTP API, health and metrics on one embedded server (routes/api.camel.yaml; docs/api.md, docs/operations.md)
    public static final Setting HTTP_ENABLED = flag("guestlink.http.enabled", "true",
            "serve the HTTP API, health and metrics (false: no HTTP port is opened)");
    public static final Setting HTTP_BIND_ADDRESS = Setting.text("guestlink.http.bind-address", "127.0.0.1",
            "address the HTTP server binds to (0.0.0.0: every interface; put TLS or a proxy in front then)");
    public static final Setting HTTP_PORT = new Setting("guestlink.http.port", "8080", "TCP port of the HTTP server",
            v -> v.matches("\\d{1,5}") && Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= 65535, "a port 1..65535");
    public static final Setting HTTP_MAX_BODY_BYTES = Setting.positive("guestlink.http.max-body-bytes", "65536",
            "a request body larger than this is refused with 413 before it is read whole");
    public static final Setting HTTP_TLS_KEYSTORE = Setting.text("guestlink.http.tls.keystore", "",
            "PKCS12 or JKS keystore with the server certificate: HTTPS instead of HTTP (empty: plain HTTP)");
    public static final Setting HTTP_TLS_KEYSTORE_PASSWORD = Setting.text("guestlink.http.tls.keystore-password", "",
            "the keystore's password: GUESTLINK_HTTP_TLS_KEYSTORE_PASSWORD in the environment, never in a committed file");
    public static final Setting HTTP_USERS = Setting.text("guestlink.http.users", "config/users.yaml",
            "people and systems allowed in: roles, Argon2id password hashes, SHA-256 token hashes (a missing file: nobody but the first admin)");
    public static final Setting HTTP_ADMIN_USER = Setting.text("guestlink.http.admin-user", "admin",
            "name of the first administrator, whose password comes from guestlink.http.admin-password");
    public static final Setting HTTP_ADMIN_PASSWORD = new Setting("guestlink.http.admin-password", "",
            "the first administrator's password: GUESTLINK_HTTP_ADMIN_PASSWORD in the environment (12+ characters; "
                    + "empty: no such user); kept only as a hash once read", v -> v.isEmpty() || v.length() >= 12,
            "empty or at least 12 characters");
    public static final Setting HTTP_MAX_FAILURES = Setting.positive("guestlink.http.auth.max-failures", "5",
            "failed sign-ins in a row (per user name, per client address for tokens) before that name is refused for a while");
    public static final Setting HTTP_LOCKOUT = Setting.positive("guestlink.http.auth.lockout-ms", "60000",
            "how long a name is refused after too many failures; each further failure doubles it (up to 64 times)");
    public static final Setting HTTP_METRICS_PUBLIC = flag("guestlink.http.metrics-public", "false",
            "serve /metrics without credentials (for a Prometheus that cannot send a token); false: operator or admin only");
    public static final Setting HTTP_SESSION_IDLE = Setting.positive("guestlink.http.session-idle-minutes", "30",
            "a browser session (the console's cookie) unused this long is signed out; sessions live in memory, so a restart signs everybody out");
    // A file import interrupted by a transient failure (routes/file-import.camel.yaml, ImportRetries)
    public static final Setting IMPORT_RETRY_ATTEMPTS = Setting.positive("guestlink.import.retry-attempts", "10",
            "retries in place of a file import a transient failure interrupted (database away, connection cut, deadlock), "
                    + "each resuming after the last committed batch; after the last one the file stays in the inbox and the "
                    + "next poll starts again (never failed/)");
    public static final Setting IMPORT_RETRY_DELAY = Setting.positive("guestlink.import.retry-delay-ms", "1000",
            "the first retry's delay; each next one waits twice as long, up to guestlink.import.retry-max-delay-ms");
    public static final Setting DB_CONNECTION_TIMEOUT = Setting.positive("guestlink.db.connection-timeout-ms", "30000",
            "how long a store call waits for a database connection (the database away or restarting) before it fails "
                    + "with a transient error (a file import then retries in place)");
    public static final Setting IMPORT_RETRY_MAX_DELAY = Setting.positive("guestlink.import.retry-max-delay-ms", "60000",
            "the longest wait between two retries of an interrupted file import");

    // Readiness thresholds and the log layout (docs/operations.md, "Health and metrics", "Logs")
    public static final Setting HEALTH_LINK_QUEUE_MAX = atLeastZero("guestlink.health.link-queue-max", "10000",
            "readiness is DOWN while more profiles than this wait for identity linking (not while a bulk load runs: linking waits for it)");
    public static final Setting HEALTH_MEMORY_QUEUE_MAX = atLeastZero("guestlink.health.memory-queue-max", "10000",
            "readiness is DOWN while more guest-memory requests than this wait (not while a bulk load runs: guest memory waits for it)");
    public static final Setting HEALTH_OUTBOX_MAX = atLeastZero("guestlink.health.outbox-max", "1000",
            "readiness is DOWN while more alert deliveries than this are undelivered on one channel (waiting or given up)");
    public static final Setting HEALTH_DEAD_LETTER_MAX = atLeastZero("guestlink.health.dead-letter-max", "100",
            "readiness is DOWN while more messages than this wait in a dead-letter queue (each queue on its own)");
    public static final Setting HEALTH_FEED_ERRORS = flag("guestlink.health.feed-errors", "true",
            "readiness is DOWN while a database feed's last poll failed or a file feed's latest file failed; false: feeds' "
                    + "errors show only in metrics, `polls` and `runs`");
    public static final Setting LOG_FORMAT = new Setting("guestlink.log.format", "text",
            "console log layout: text (date, level, logger, feed and run, message) or json (one JSON object a line, "
                    + "logback's JsonEncoder, with the feed and run in its mdc)", v -> v.strip().equals("text") || v.strip().equals("json"),
            "text or json");
    // Secure defaults (docs/operations.md, "Secure defaults")
    public static final Setting DB_H2_SERVER = flag("guestlink.db.h2-server", "false",
            "true: the embedded H2 store also serves other processes on this machine (commands beside `run`) through "
                    + "H2's AUTO_SERVER on a TCP port bound to 127.0.0.1; false: no TCP port (one process at a time)");
    public static final Setting SFTP_KNOWN_HOSTS = Setting.text("guestlink.sftp.known-hosts", "config/known_hosts",
            "OpenSSH known_hosts file of the SFTP servers feeds may connect to (host keys checked; a feed's "
                    + "knownHosts overrides it); an unknown or changed host key is refused");
    // Data protection and retention (docs/privacy.md)
    public static final Setting STORE_KEY = Setting.text("guestlink.store.key", "",
            "key (32+ bytes) sealing the raw text the store keeps for reprocessing (AES-256-GCM): GUESTLINK_STORE_KEY "
                    + "in the environment; when empty, an embedded H2 store generates one once into data/store.key, a "
                    + "PostgreSQL store refuses to start");
    public static final Setting RETENTION_JOURNAL_RAW = atLeastZero("guestlink.retention.journal-raw-text-days", "90",
            "the raw text of journaled rows and refused messages is cleared this many days after it arrived (the "
                    + "journal rows and their outcomes stay); 0 keeps it for ever");
    public static final Setting RETENTION_SOURCE_HISTORY = atLeastZero("guestlink.retention.source-history-days", "365",
            "earlier versions of source records (source_record_history) are deleted this many days after they were "
                    + "replaced; 0 keeps them for ever");
    public static final Setting RETENTION_INBOUND = atLeastZero("guestlink.retention.inbound-messages-days", "365",
            "remembered real-time messages (inbound_message) and refused ones (refused_message) are deleted this many "
                    + "days after they arrived; a message resent after that is applied again; 0 keeps them for ever");
    public static final Setting RETENTION_OUTBOX = atLeastZero("guestlink.retention.outbox-payloads-days", "90",
            "an alert's payload (its recognition card) is cleared this many days after it was raised, once no "
                    + "delivery of it is pending (the alert, its deliveries and attempts stay); 0 keeps them for ever");
    public static final Setting RETENTION_AUDIT = atLeastZero("guestlink.retention.audit-days", "730",
            "audit entries (who looked at or changed which guest) are deleted this many days after they were written; "
                    + "0 keeps them for ever");
    public static final Setting RETENTION_INTERVAL = Setting.positive("guestlink.retention.prune-interval-ms", "3600000",
            "how often the service prunes what is past its retention (routes/retention.camel.yaml)");

    public static final List<Setting> ALL = List.of(SOURCES_DIR, INBOX_DIR, POLL_DELAY, READ_LOCK_INTERVAL, DB_URL, DB_USER,
            DB_PASSWORD, DB_POOL, BATCH_SIZE, PROGRESS_EVERY, READ_AHEAD, MAX_RAW, HMAC_KEY, IDENTITY_CONFIG, LINK_INTERVAL, ARRIVAL_LINK_BUDGET, MEMORY_CONFIG, PLACEHOLDER_EMAILS, PLACEHOLDER_PHONES,
            PLACEHOLDER_DOCS, ROOM_CHANGEOVER,
            BROKER_EMBEDDED, BROKER_URL, BROKER_LISTEN, BROKER_DATA_DIR, BROKER_JMX, BROKER_USER, BROKER_PASSWORD,
            BROKER_REDELIVERIES, BROKER_REDELIVERY_DELAY, BROKER_REDELIVERY_MAX_DELAY, EVENTS_QUEUE, EVENTS_DLQ,
            EVENTS_CONSUMERS, EVENTS_SCHEMA, EVENTS_MAX_BYTES,
            HL7_ENABLED, HL7_BIND_ADDRESS, HL7_PORT, HL7_MAX_MESSAGE_BYTES,
            HL7_IDLE_TIMEOUT, HL7_READ_TIMEOUT, HL7_MAX_CONNECTIONS, HL7_PROPERTY, HL7_FACILITIES, HL7_SYSTEMS,
            HL7_PHONE_REGION, ALERTS_CONFIG, ALERTS_SWEEP,
            LOG_PHI,
            STAYS_CHECKOUT_GRACE, STAYS_CLOSE_INTERVAL,
            HTTP_ENABLED, HTTP_BIND_ADDRESS, HTTP_PORT, HTTP_MAX_BODY_BYTES, HTTP_TLS_KEYSTORE, HTTP_TLS_KEYSTORE_PASSWORD,
            HTTP_USERS, HTTP_ADMIN_USER, HTTP_ADMIN_PASSWORD, HTTP_MAX_FAILURES, HTTP_LOCKOUT, HTTP_METRICS_PUBLIC,
            HEALTH_LINK_QUEUE_MAX, HEALTH_MEMORY_QUEUE_MAX, HEALTH_OUTBOX_MAX, HEALTH_DEAD_LETTER_MAX, HEALTH_FEED_ERRORS,
            LOG_FORMAT, ALERTS_OPERATIONS_CHECK,
            DB_H2_SERVER, SFTP_KNOWN_HOSTS,
            HTTP_SESSION_IDLE,
            STORE_KEY, RETENTION_JOURNAL_RAW, RETENTION_SOURCE_HISTORY, RETENTION_INBOUND, RETENTION_OUTBOX,
            RETENTION_AUDIT, RETENTION_INTERVAL,
            IMPORT_RETRY_ATTEMPTS, IMPORT_RETRY_DELAY, IMPORT_RETRY_MAX_DELAY, DB_CONNECTION_TIMEOUT);

    /**
     * Settings that are secrets: only from the environment, as the variable itself or as {@code <VARIABLE>_FILE}
     * naming a file that holds it; refused in a properties file and in {@code --set}.
     */
    public static final List<Setting> SECRETS = List.of(DB_PASSWORD, HMAC_KEY, BROKER_PASSWORD, HTTP_TLS_KEYSTORE_PASSWORD,
            HTTP_ADMIN_PASSWORD, STORE_KEY);
    /** Suffix of an environment variable that names a file holding the value ({@code GUESTLINK_DB_PASSWORD_FILE}). */
    public static final String FILE_SUFFIX = "_FILE";
    /** Environment variables of the test suite, not of the application (GUESTLINK_TEST_PG...). */
    static final String TEST_VARIABLES = "GUESTLINK_TEST_";
    private static final String ENV_PREFIX = "GUESTLINK_";

    private final Map<String, String> values;
    private final Map<String, String> env;

    private Settings(Map<String, String> values, Map<String, String> env) {
        this.values = values;
        this.env = Map.copyOf(env);
    }

    private static Setting flag(String key, String def, String description) {
        return new Setting(key, def, description, v -> v.trim().equals("true") || v.trim().equals("false"), "true or false");
    }

    private static Setting atLeastZero(String key, String def, String description) {
        return new Setting(key, def, description, v -> v.trim().matches("\\d{1,9}"), "a whole number >= 0");
    }

    public boolean getFlag(Setting s) {
        return Boolean.parseBoolean(get(s).trim());
    }

    /**
     * Reads the file (if present), the environment and the overrides (tests and benchmarks give settings this way);
     * reports every invalid value and every unknown key at once.
     */
    public static Settings load(Path propertiesFile, Map<String, String> env, Map<String, String> overrides) {
        return load(propertiesFile, env, overrides, "overrides", false);
    }

    /**
     * The command line's settings: as {@link #load}, with {@code --set} as the overrides, which may not carry a secret
     * (a command line shows in the process list and the shell's history).
     */
    public static Settings fromCommandLine(Path propertiesFile, Map<String, String> env, Map<String, String> sets) {
        return load(propertiesFile, env, sets, "--set", true);
    }

    private static Settings load(Path propertiesFile, Map<String, String> env, Map<String, String> overrides,
                                 String overridesName, boolean refuseSecretOverrides) {
        Properties file = new Properties();
        if (propertiesFile != null && Files.isRegularFile(propertiesFile)) {
            try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                file.load(r);
            } catch (IOException e) {
                throw new ConfigurationException(List.of(propertiesFile + ": " + e.getMessage()));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Setting s : ALL) {
            String fromEnv = fromEnvironment(s.envName(), env, problems);
            boolean secret = SECRETS.contains(s);
            if (secret && file.containsKey(s.key()))
                problems.add(s.key() + " (from " + propertiesFile + "): a secret is never kept in a file of settings; "
                        + "set " + s.envName() + " or " + s.envName() + FILE_SUFFIX + " (a file holding it) in the environment");
            if (secret && refuseSecretOverrides && overrides.containsKey(s.key()))
                problems.add(s.key() + " (from " + overridesName + "): a secret is never given on the command line; "
                        + "set " + s.envName() + " or " + s.envName() + FILE_SUFFIX + " (a file holding it) in the environment");
            String v = overrides.containsKey(s.key()) ? overrides.get(s.key())
                    : fromEnv != null ? fromEnv
                    : file.getProperty(s.key(), s.defaultValue());
            if (!s.valid().test(v)) {
                problems.add(s.key() + " = '" + (secret ? "****" : v) + "': expected " + s.expected());
            }
            values.put(s.key(), v);
        }
        for (String name : file.stringPropertyNames()) {
            if (name.startsWith("guestlink.") && !isKey(name))
                problems.add(unknownKey(name, "" + propertiesFile));
        }
        for (String name : overrides.keySet()) {
            if (!isKey(name)) problems.add(unknownKey(name, overridesName));
        }
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
        return new Settings(values, env);
    }

    private static boolean isKey(String name) {
        return ALL.stream().anyMatch(s -> s.key().equals(name));
    }

    private static String unknownKey(String name, String from) {
        return name + " (from " + from + "): unknown key; did you mean " + nearest(name, ALL.stream().map(Setting::key).toList())
                + "? (every key: docs/configuration.md)";
    }

    /** The candidate closest to a mistyped name (Levenshtein distance, case ignored). */
    static String nearest(String wrong, List<String> candidates) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String lower = wrong.toLowerCase(Locale.ROOT);
        return candidates.stream().min(Comparator.comparingInt((String c) -> distance.apply(lower, c.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder())).orElse("?");
    }

    /**
     * A variable's value from the environment: the variable itself, or the content of the file named by
     * {@code <name>_FILE} (Docker and Kubernetes secrets; one trailing line break dropped); null when neither is set.
     */
    private static String fromEnvironment(String name, Map<String, String> env, List<String> problems) {
        String direct = env.get(name);
        String file = env.get(name + FILE_SUFFIX);
        if (file == null) return direct;
        if (direct != null) {
            problems.add(name + " and " + name + FILE_SUFFIX + " (from the environment) are both set: keep one");
            return direct;
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).replaceFirst("\\r?\\n$", "");
        } catch (IOException | RuntimeException e) {
            problems.add(name + FILE_SUFFIX + " = '" + file + "' (from the environment): cannot be read ("
                    + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /**
     * Refuses a {@code GUESTLINK_*} environment variable that is neither a setting (nor its {@code _FILE} form) nor a
     * variable the configuration files name (a feed's passwordEnv, a webhook's secretEnv...), so a mistyped name is
     * not silently ignored. {@code GUESTLINK_TEST_*} belong to the test suite and are left alone.
     *
     * @param namedByConfiguration the variables the loaded feed and alert files name
     */
    public void refuseUnknownEnvironment(Collection<String> namedByConfiguration) {
        Set<String> known = new TreeSet<>(namedByConfiguration);
        Map<String, String> envNames = new LinkedHashMap<>();
        for (Setting s : ALL) envNames.put(s.envName(), s.key());
        known.addAll(envNames.keySet());
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith(ENV_PREFIX) || name.startsWith(TEST_VARIABLES)) continue;
            String base = name.endsWith(FILE_SUFFIX) ? name.substring(0, name.length() - FILE_SUFFIX.length()) : name;
            if (known.contains(name) || known.contains(base)) continue;
            String near = nearest(base, List.copyOf(known));
            problems.add(name + " (from the environment): not a setting nor a variable a feed or alert channel names; "
                    + "did you mean " + near + (envNames.containsKey(near) ? " (" + envNames.get(near) + ")" : "") + "?");
        }
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
    }

    private static boolean isMapping(String v) {
        try {
            mapping(v);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A CODE=VALUE,CODE=VALUE setting as a map (keys and values stripped); empty for a blank value. */
    public static Map<String, String> mapping(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return out;
        for (String entry : text.split(",")) {
            if (entry.isBlank()) continue;
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1 || entry.substring(eq + 1).isBlank())
                throw new IllegalArgumentException("'" + entry.strip() + "' is not CODE=VALUE");
            out.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return out;
    }

    public String get(Setting s) {
        return values.get(s.key());
    }

    public int getInt(Setting s) {
        return Integer.parseInt(get(s).trim());
    }

    public Path path(Setting s) {
        return Path.of(get(s));
    }

    /**
     * An environment variable named by a feed or alert file (database URLs, users, passwords, webhook keys), or the
     * content of the file its {@code <name>_FILE} variable names; null when neither is set.
     *
     * @throws ConfigurationException when both are set or the file cannot be read
     */
    public String environment(String name) {
        List<String> problems = new ArrayList<>();
        String value = fromEnvironment(name, env, problems);
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
        return value;
    }
}

package io.guestlink.app;

import io.guestlink.config.Setting;
import io.guestlink.config.Settings;
import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.config.ConfigurationException;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.identity.Normalisers;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfig;
import io.guestlink.ingest.SourceConfigLoader;
import io.guestlink.identity.IdentityConfig;
import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.match.MatchModel;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.ingest.poll.LegacyPools;
import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.ChannelConfig;
import io.guestlink.ingest.RemoteEndpoint;
import io.guestlink.alert.AlertEvaluator;
import io.guestlink.store.AlertOutbox;
import io.guestlink.store.AlertRows;
import io.guestlink.pipeline.AlertWorker;
import io.guestlink.pipeline.OperationsWatch;
import io.guestlink.pipeline.StaffNotes;
import io.guestlink.pipeline.GuestRightsDesk;
import io.guestlink.pipeline.BusinessDates;
import io.guestlink.pipeline.StayCloser;
import io.guestlink.memory.CheckoutGrace;
import io.guestlink.store.GoldenRecords;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.store.GuestMemoryReader;
import io.guestlink.pipeline.MemoryWorker;
import io.guestlink.store.SegmentQueries;
import io.guestlink.pipeline.IdentityDesk;
import io.guestlink.pipeline.IdentityWorker;
import io.guestlink.store.ProbabilisticLinker;
import io.guestlink.pipeline.ImportProgress;
import io.guestlink.pipeline.PollImporter;
import io.guestlink.store.PollState;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.pipeline.EventIntake;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.ProfileQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The assembled application: settings, store, feeds and importer. Built once; shared by the routes and the CLI. */
public final class GuestLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuestLink.class);
    /** Where an embedded setup without guestlink.identity.hmac-key keeps the ID-document key it generated. */
    public static final Path GENERATED_KEY_FILE = Path.of("data", "identity.key");

    private final Settings settings;
    private final Database db;
    private final ImportJournal journal;
    private final FileImporter importer;
    private final Map<String, RecordMapper> mappers = new LinkedHashMap<>();
    private final PollImporter poller;
    private final ImportProgress progress = new ImportProgress();
    /** Whether the application is stopping: the workers' drains then end between rounds (see {@link #stopsWhen}). */
    private volatile java.util.function.BooleanSupplier stopping = () -> false;
    private final IdentityConfig identity;
    private final IdentityDesk desk;
    private final IdentityWorker linking;
    private final GuestMemoryReader memory;
    private final MemoryWorker remembering;
    private final SegmentQueries segments;
    private final LegacyPools legacy;
    private final AlertWorker alerting;
    private final StaffNotes staffNotes;
    private final StayCloser stays;
    private final AlertOutbox outbox;
    private final OperationsWatch operations;
    private final EventIntake intake;
    private final Normalisers normalisers;
    private final GuestRightsDesk rights;

    private GuestLink(Settings settings, Database db, List<SourceConfig> sources, Normalisers normalisers, AlertConfig alerts) {
        this.settings = settings;
        this.db = db;
        this.journal = new ImportJournal(db);
        IdentityConfig identity = IdentityConfig.load(settings.path(Settings.IDENTITY_CONFIG));
        MatchModel model = new MatchModel(identity.match());
        PersonRecords persons = new PersonRecords(new NameNormaliser());
        GoldenRecords golden = new GoldenRecords(identity.survivorship());
        this.identity = identity;
        this.desk = new IdentityDesk(db, golden, model, persons);
        // the suppression list's hashes use a key derived from the ID-document key: see SuppressionKeys
        io.guestlink.identity.SuppressionKeys suppression = new io.guestlink.identity.SuppressionKeys(hmacKey(settings));
        BatchWriter writer = new BatchWriter(db, settings.getInt(Settings.MAX_RAW), identity.probabilistic(), golden,
                java.time.LocalTime.parse(settings.get(Settings.ROOM_CHANGEOVER).trim()),
                r -> suppression.of(r).stream().map(io.guestlink.identity.SuppressionKeys.Key::hash).toList());
        this.rights = new GuestRightsDesk(db, writer, golden, suppression);
        this.linking = new IdentityWorker(db, identity.probabilistic() ? new ProbabilisticLinker(model, persons)
                : BatchWriter.ProfileLinker.NONE, golden, writer, settings.getInt(Settings.BATCH_SIZE),
                () -> bulkLoading() || stopping.getAsBoolean());
        this.importer = new FileImporter(journal, writer, settings.getInt(Settings.BATCH_SIZE),
                settings.getInt(Settings.PROGRESS_EVERY), progress,
                settings.getInt(Settings.READ_AHEAD));
        for (SourceConfig s : sources) mappers.put(s.id(), new RecordMapper(s, normalisers, Clock.systemDefaultZone()));
        MemoryConfig memoryConfig = MemoryConfig.load(settings.path(Settings.MEMORY_CONFIG));
        this.memory = new GuestMemoryReader(db, memoryConfig);
        // memory-rebuild runs one transaction per pool connection but one, which stays free for the routes. Rounds of
        // 1,000 requests: a round costs about sixteen statements and a commit whatever its size, and after a night's
        // folio lines (a million requests at full scale) that fixed cost was about half of PostgreSQL's CPU at 200 a round.
        // Like linking, guest memory waits for a bulk load (a file, a replay, a feed's first poll or catch-up): its
        // guests' other facts are still arriving, and on two cores the worker's rounds slowed a million-row first poll
        // by a fifth; it remembers them all once the load has ended. A feed's steady polls do not stop it
        this.remembering = new MemoryWorker(db, memoryConfig, Clock.systemDefaultZone(), 1000,
                settings.getInt(Settings.DB_POOL) - 1, () -> bulkLoading() || stopping.getAsBoolean());
        this.segments = new SegmentQueries(db, memoryConfig);
        this.poller = new PollImporter(journal, writer, new PollState(db), settings.getInt(Settings.PROGRESS_EVERY), progress,
                settings.getInt(Settings.READ_AHEAD));
        this.legacy = LegacyPools.open(sources, settings::environment);
        AlertRows alertRows = new AlertRows(memory);
        AlertEvaluator alertEvaluator = new AlertEvaluator(alerts, memoryConfig);
        this.stays = new StayCloser(db, writer, journal, new CheckoutGrace(settings.getInt(Settings.STAYS_CHECKOUT_GRACE)),
                new BusinessDates(db, alertRows, alertEvaluator, Clock.systemUTC()), Clock.systemUTC());
        this.alerting = new AlertWorker(db, alertRows, alertEvaluator, Clock.systemUTC(), stays,
                linking::linkArriving, java.time.Duration.ofMillis(settings.getInt(Settings.ARRIVAL_LINK_BUDGET)));
        this.outbox = new AlertOutbox(db, alerts.delivery().backoff(), alerts.delivery().lease(), Clock.systemUTC());
        this.operations = new OperationsWatch(db, alerts, Clock.systemUTC());
        this.intake = new EventIntake(db, writer, journal, golden, settings.getInt(Settings.MAX_RAW), Clock.systemDefaultZone());
        this.staffNotes = new StaffNotes(db, journal, writer, Clock.systemDefaultZone());
        this.normalisers = normalisers;
    }

    /** The e-mail, phone and ID-document normalisers every feed and real-time channel shares. */
    public Normalisers normalisers() {
        return normalisers;
    }

    public static GuestLink start(Settings settings) {
        LogFormat.apply(settings);
        List<SourceConfig> sources = SourceConfigLoader.loadAll(settings.path(Settings.SOURCES_DIR));
        AlertConfig alerts = AlertConfig.load(settings.path(Settings.ALERTS_CONFIG));
        settings.refuseUnknownEnvironment(namedVariables(sources, alerts));
        Normalisers normalisers = normalisers(settings);
        String url = storeUrl(settings);
        io.guestlink.store.RawText rawText = io.guestlink.store.RawText.keyed(storeKey(settings, url));
        Database db = Database.open(url, settings.get(Settings.DB_USER),
                settings.get(Settings.DB_PASSWORD), settings.getInt(Settings.DB_POOL), rawText,
                settings.getInt(Settings.DB_CONNECTION_TIMEOUT));
        LOG.info("profile store {}; {} feeds: {}", db.describe(), sources.size(),
                sources.stream().map(SourceConfig::id).toList());
        return new GuestLink(settings, db, sources, normalisers, alerts);
    }

    /** The environment variables the feed and alert files name (not settings of their own, yet expected). */
    static Set<String> namedVariables(List<SourceConfig> sources, AlertConfig alerts) {
        Set<String> named = new TreeSet<>();
        for (SourceConfig s : sources) {
            if (s.poll() != null) {
                Stream.of(s.poll().urlEnv(), s.poll().userEnv(), s.poll().passwordEnv()).filter(Objects::nonNull).forEach(named::add);
            }
            if (s.passwordEnv() != null) named.add(s.passwordEnv());
            named.addAll(RemoteEndpoint.namedVariables(s.endpoint()));
        }
        for (ChannelConfig c : alerts.channels().values()) {
            if (c instanceof ChannelConfig.Webhook w) named.add(w.secretEnv());
        }
        return named;
    }

    /**
     * The store's JDBC URL: H2's AUTO_SERVER (a TCP port for other processes) only when guestlink.db.h2-server asks
     * for it, and then on 127.0.0.1 ({@link Database} binds H2's servers to the loopback address).
     */
    static String storeUrl(Settings settings) {
        String url = settings.get(Settings.DB_URL).strip();
        boolean asked = settings.getFlag(Settings.DB_H2_SERVER);
        String upper = url.toUpperCase(Locale.ROOT);
        boolean embeddedH2 = upper.startsWith("JDBC:H2:") && !upper.startsWith("JDBC:H2:TCP:")
                && !upper.startsWith("JDBC:H2:SSL:") && !upper.startsWith("JDBC:H2:MEM:");
        boolean inUrl = upper.replace(" ", "").contains(";AUTO_SERVER=TRUE");
        if (inUrl && !asked)
            throw new ConfigurationException(List.of(Settings.DB_URL.key() + " = '" + url + "': AUTO_SERVER=TRUE opens a "
                    + "TCP port; remove it, and set " + Settings.DB_H2_SERVER.key() + "=true if other processes must reach "
                    + "the store (the port is then bound to 127.0.0.1)"));
        if (asked && !embeddedH2)
            throw new ConfigurationException(List.of(Settings.DB_H2_SERVER.key() + " = 'true': only for an embedded H2 "
                    + "file store (" + Settings.DB_URL.key() + " = jdbc:h2:file:...)"));
        return asked && !inUrl ? url + ";AUTO_SERVER=TRUE" : url;
    }

    public static Normalisers normalisers(Settings settings) {
        Map<PlaceholderList.Kind, List<String>> patterns = new EnumMap<>(PlaceholderList.defaultPatterns());
        add(patterns, PlaceholderList.Kind.EMAIL, settings.get(Settings.PLACEHOLDER_EMAILS));
        add(patterns, PlaceholderList.Kind.PHONE, settings.get(Settings.PLACEHOLDER_PHONES));
        add(patterns, PlaceholderList.Kind.ID_DOCUMENT, settings.get(Settings.PLACEHOLDER_DOCS));
        PlaceholderList placeholders = PlaceholderList.of(patterns);
        return new Normalisers(new EmailNormaliser(placeholders), new PhoneNormaliser(placeholders),
                new IdDocumentHasher(hmacKey(settings), placeholders));
    }

    private static void add(Map<PlaceholderList.Kind, List<String>> patterns, PlaceholderList.Kind kind, String extra) {
        List<String> more = PlaceholderList.parse(extra);
        if (more.isEmpty()) return;
        List<String> all = new java.util.ArrayList<>(patterns.getOrDefault(kind, List.of()));
        all.addAll(more);
        patterns.put(kind, all);
    }

    /** The key from the environment; for an embedded setup without one, a random key kept under data/. */
    private static byte[] hmacKey(Settings settings) {
        String configured = settings.get(Settings.HMAC_KEY);
        if (!configured.isBlank()) {
            byte[] key = configured.getBytes(StandardCharsets.UTF_8);
            if (key.length < IdDocumentHasher.MIN_KEY_BYTES)
                throw new ConfigurationException(List.of(Settings.HMAC_KEY.key() + ": shorter than "
                        + IdDocumentHasher.MIN_KEY_BYTES + " bytes"));
            return key;
        }
        return generatedKey(GENERATED_KEY_FILE, "ID-document key", Settings.HMAC_KEY);
    }

    /**
     * A random key generated once into {@code file} (an embedded setup without the key in its environment), then
     * read from there on every start, so what it protects stays readable.
     */
    private static byte[] generatedKey(Path file, String what, Setting setting) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(file.getParent());
                Files.writeString(file, HexFormat.of().formatHex(key));
                LOG.warn("no {} set: generated a random {} into {}; set the environment variable in production "
                        + "(docs/privacy.md)", setting.envName(), what, file);
            }
            return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** The guest's rights: export, rectify, erase (privacy officer; docs/privacy.md). */
    public GuestRightsDesk rights() {
        return rights;
    }

    /** Where an embedded H2 setup without guestlink.store.key keeps the store key it generated. */
    public static final Path GENERATED_STORE_KEY_FILE = Path.of("data", "store.key");

    /**
     * The key that seals the store's raw texts. From the environment (GUESTLINK_STORE_KEY or its _FILE form) when
     * set. Without one, an embedded H2 store (a newcomer's or the demo's: one process, its data folder beside it)
     * gets a random key generated once into data/store.key, so it works out of the box. A PostgreSQL store without
     * one refuses to start: it is shared by nodes and backed up apart from any node's disk, so a key generated on
     * one node would leave the others unable to open what it sealed, and would be lost with that disk; a serious
     * deployment sets the key where its other secrets are.
     */
    static byte[] storeKey(Settings settings, String url) {
        String configured = settings.get(Settings.STORE_KEY);
        if (!configured.isBlank()) {
            byte[] key = configured.getBytes(StandardCharsets.UTF_8);
            if (key.length < io.guestlink.store.RawText.MIN_KEY_BYTES)
                throw new ConfigurationException(List.of(Settings.STORE_KEY.key() + ": shorter than "
                        + io.guestlink.store.RawText.MIN_KEY_BYTES + " bytes (`openssl rand -hex 32` makes one)"));
            return key;
        }
        if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:"))
            throw new ConfigurationException(List.of(Settings.STORE_KEY.key() + ": not set; a PostgreSQL store needs "
                    + Settings.STORE_KEY.envName() + " (or " + Settings.STORE_KEY.envName() + Settings.FILE_SUFFIX
                    + ") in the environment, the same on every node (`openssl rand -hex 32` makes one): it seals the "
                    + "raw text the journal keeps"));
        return generatedKey(GENERATED_STORE_KEY_FILE, "store key", Settings.STORE_KEY);
    }

    public Settings settings() {
        return settings;
    }

    public Database database() {
        return db;
    }

    public ImportJournal journal() {
        return journal;
    }

    public FileImporter importer() {
        return importer;
    }

    public ProfileQueries profiles() {
        return new ProfileQueries(db);
    }

    /** The worker that links queued profiles (the timer route in routes/identity.camel.yaml calls it). */
    public IdentityWorker linking() {
        return linking;
    }

    /** Recognition cards from the store (guest memory; config from guestlink.memory.config). */
    public GuestMemoryReader memory() {
        return memory;
    }

    /** Keeps each live profile's roll-up and usual orders up to date (routes/guest-memory.camel.yaml calls it). */
    public MemoryWorker remembering() {
        return remembering;
    }

    /** Segment counts and lists (guestlink segments) from the memory the worker keeps. */
    public SegmentQueries segments() {
        return segments;
    }

    /** Alert rules over stored events and daily schedules (routes/alerts.camel.yaml calls it). */
    public AlertWorker alerting() {
        return alerting;
    }

    /** Closes stays left in house past their departure and the grace (routes/stays.camel.yaml, the daily run). */
    public StayCloser stays() {
        return stays;
    }

    /** Operational alerts (config/alerts.yaml operations:): failed files, poll errors, queues, failing channels. */
    public OperationsWatch operations() {
        return operations;
    }

    /** The alert outbox the channels deliver from. */
    public AlertOutbox outbox() {
        return outbox;
    }

    /** Removes what is past its retention (guestlink.retention.*; routes/retention.camel.yaml, `guestlink prune`). */
    public io.guestlink.pipeline.Pruner pruner() {
        Map<io.guestlink.store.Retention.Kind, Integer> days = new EnumMap<>(io.guestlink.store.Retention.Kind.class);
        days.put(io.guestlink.store.Retention.Kind.JOURNAL_RAW_TEXT, settings.getInt(Settings.RETENTION_JOURNAL_RAW));
        days.put(io.guestlink.store.Retention.Kind.SOURCE_HISTORY, settings.getInt(Settings.RETENTION_SOURCE_HISTORY));
        days.put(io.guestlink.store.Retention.Kind.INBOUND_MESSAGES, settings.getInt(Settings.RETENTION_INBOUND));
        days.put(io.guestlink.store.Retention.Kind.OUTBOX_PAYLOADS, settings.getInt(Settings.RETENTION_OUTBOX));
        days.put(io.guestlink.store.Retention.Kind.AUDIT, settings.getInt(Settings.RETENTION_AUDIT));
        return new io.guestlink.pipeline.Pruner(db, days, Clock.systemUTC());
    }

    /** Applies real-time messages (HL7 ADT, JSON events) to the store once each. */
    public EventIntake intake() {
        return intake;
    }

    /** What staff write on a guest in the console, stored as source records of system "console". */
    public StaffNotes staffNotes() {
        return staffNotes;
    }

    public IdentityDesk desk() {
        return desk;
    }

    public IdentityConfig identity() {
        return identity;
    }

    /**
     * Whether a bulk load runs in this process (a file import, a replay, a database feed's first poll or catch-up, not
     * its steady polls: {@link ImportProgress#bulkLoading}): the identity worker and guest memory wait for its end.
     */
    public boolean bulkLoading() {
        return progress.bulkLoading(this::steadyPoll);
    }

    /** Whether a running import is a database feed's steady poll ({@link ImportProgress#steadyPoll}). */
    private boolean steadyPoll(ImportProgress.Running run) {
        RecordMapper m = mappers.get(run.feed());
        if (m == null || m.config().poll() == null) return false; // a file import or a replay of one
        return ImportProgress.steadyPoll(run, m.config().poll().batchSize(), m.config().poll().every());
    }

    /**
     * Tells the identity and memory workers how to know that the application is stopping (Camel's context, once it
     * exists): a drain of a night's queue then ends after its round in progress, and the rest waits for the next start.
     */
    public void stopsWhen(java.util.function.BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    /** The imports running now (file, replay, poll) and how far each is. */
    public ImportProgress progress() {
        return progress;
    }

    public PollImporter poller() {
        return poller;
    }

    public LegacyPools legacyPools() {
        return legacy;
    }

    public Map<String, RecordMapper> feeds() {
        return mappers;
    }

    /**
     * The feed's mapping as its file reads now, for work asked for while the service runs (a replay or one row
     * reprocessed through the API after an IT person fixed the feed file): the service's own routes keep the mapping
     * they started with until a restart. Only a feed configured at start-up; a feed file with a problem now is a
     * {@link ConfigurationException} naming it.
     */
    public RecordMapper currentFeed(String id) {
        feed(id);
        SourceConfig now = SourceConfigLoader.loadAll(settings.path(Settings.SOURCES_DIR)).stream()
                .filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("feed '" + id + "' is no longer in "
                        + settings.get(Settings.SOURCES_DIR)));
        return new RecordMapper(now, normalisers, Clock.systemDefaultZone());
    }

    /** Every feed with its state (file, database, HL7, JSON events), for the operations API. */
    public io.guestlink.pipeline.FeedBoard feedBoard() {
        return new io.guestlink.pipeline.FeedBoard(db, journal, importer.progress(),
                mappers.values().stream().map(RecordMapper::config).toList(), settings.path(Settings.INBOX_DIR),
                settings.getFlag(Settings.HL7_ENABLED), Clock.systemUTC());
    }

    public RecordMapper feed(String id) {
        RecordMapper m = mappers.get(id);
        if (m == null) throw new IllegalArgumentException("no feed '" + id + "' in " + settings.get(Settings.SOURCES_DIR)
                + " (feeds: " + mappers.keySet() + ")");
        return m;
    }

    @Override
    public void close() {
        try {
            intake.closeRuns(); // no message run of this node stays RUNNING after a stop
        } catch (RuntimeException e) {
            LOG.warn("message runs not closed on stop ({}); the next day's runs close them", e.getClass().getSimpleName());
        }
        legacy.close();
        db.close();
    }
}

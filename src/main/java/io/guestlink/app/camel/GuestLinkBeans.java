package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.EventIntake;
import io.guestlink.pipeline.IdentityWorker;
import io.guestlink.pipeline.MemoryWorker;
import io.guestlink.pipeline.StayCloser;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.component.activemq6.ActiveMQComponent;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

/**
 * Every bean the routes in routes/*.camel.yaml refer to by name ({@code ref: importEndpoint}, {@code #fileRepository},
 * the {@code mllp:} and {@code activemq:} components), in one place; Camel binds each method's result under the
 * method's name. The beans are built here, when {@link Runtime} assembles Camel, so a configuration problem (a broken
 * event schema, contradicting broker settings) stops the command before Camel starts; the alert channels' secrets
 * are read by {@link AlertEndpoint#openChannels()} only for commands that send (the service, the demo).
 */
public final class GuestLinkBeans implements CamelConfiguration {
    /** The processor name of the files remembered in the JDBC idempotent repository. */
    public static final String PROCESSOR_NAME = "guestlink-files";

    private final ImportEndpoint importEndpoint;
    private final PollEndpoint pollEndpoint;
    private final IdentityWorker identityWorker;
    private final Hl7Endpoint hl7Endpoint;
    private final GuardedMllpComponent mllp;
    private final MemoryWorker memoryWorker;
    private final AlertEndpoint alertEndpoint;
    private final JdbcMessageIdRepository fileRepository;
    private final Broker broker;
    private final ActiveMQComponent activemq;
    private final JsonEventEndpoint jsonEventEndpoint;
    private final EventIntake eventIntake;
    private final StayCloser stayCloser;
    private final HttpApi http;
    private final OperationsAlerts operationsAlerts;
    private final RemotePollStrategy remotePollStrategy = new RemotePollStrategy();
    private final io.guestlink.pipeline.Pruner pruner;
    private final ImportRetries importRetries;
    private final InboxClaims inboxClaims;

    /** @param consumeEvents true for the service: the broker-events route's endpoint is built and bound */
    GuestLinkBeans(GuestLink app, boolean consumeEvents) {
        broker = Broker.of(app.settings());
        MetricsApi metrics = new MetricsApi(app, broker);
        importEndpoint = new ImportEndpoint(app);
        pollEndpoint = new PollEndpoint(app);
        identityWorker = app.linking();
        hl7Endpoint = new Hl7Endpoint(app, metrics);
        // camel-mllp with logPhi off whatever a properties file says, and a reset instead of a hang for a frame
        // over the size limit on a new connection
        mllp = new GuardedMllpComponent();
        memoryWorker = app.remembering();
        alertEndpoint = new AlertEndpoint(app, metrics);
        fileRepository = new JdbcMessageIdRepository(app.database().dataSource(), PROCESSOR_NAME);
        fileRepository.setCreateTableIfNotExists(false); // Flyway owns the table, with a primary key
        activemq = broker.component();
        jsonEventEndpoint = consumeEvents ? new JsonEventEndpoint(app) : null;
        eventIntake = app.intake();
        stayCloser = app.stays();
        http = new HttpApi(app, broker, consumeEvents, metrics);
        // one-off commands start no broker: their checks leave the dead-letter queues alone
        operationsAlerts = new OperationsAlerts(app, consumeEvents ? broker : null);
        pruner = app.pruner();
        importRetries = new ImportRetries(app.journal(), app.settings().getInt(io.guestlink.config.Settings.IMPORT_RETRY_ATTEMPTS));
        inboxClaims = new InboxClaims(new io.guestlink.store.FileClaims(app.database()));
    }

    /** The HTTP API's beans (routes/api.camel.yaml) and what the server needs once Camel runs. */
    HttpApi http() {
        return http;
    }

    /** The broker behind the {@code activemq} component; the service starts it as a Camel service. */
    Broker broker() {
        return broker;
    }

    @BindToRegistry
    public StayCloser stayCloser() {
        return stayCloser;
    }

    @BindToRegistry
    public ImportEndpoint importEndpoint() {
        return importEndpoint;
    }

    /** Retries in place of a file import a transient failure interrupted (routes/file-import.camel.yaml). */
    @BindToRegistry
    public ImportRetries importRetries() {
        return importRetries;
    }

    /** The inbox's read lock shared by every process on one store (routes/file-import.camel.yaml). */
    @BindToRegistry
    public InboxClaims inboxClaims() {
        return inboxClaims;
    }

    @BindToRegistry
    public PollEndpoint pollEndpoint() {
        return pollEndpoint;
    }

    /** How camel-sql makes a polled row (routes/database-poll.camel.yaml). */
    @BindToRegistry
    public PolledRows polledRows() {
        return new PolledRows();
    }

    @BindToRegistry
    public IdentityWorker identityWorker() {
        return identityWorker;
    }

    @BindToRegistry
    public Hl7Endpoint hl7Endpoint() {
        return hl7Endpoint;
    }

    @BindToRegistry
    public GuardedMllpComponent mllp() {
        return mllp;
    }

    @BindToRegistry
    public MemoryWorker memoryWorker() {
        return memoryWorker;
    }

    @BindToRegistry
    public AlertEndpoint alertEndpoint() {
        return alertEndpoint;
    }

    @BindToRegistry
    public JdbcMessageIdRepository fileRepository() {
        return fileRepository;
    }

    @BindToRegistry
    public ActiveMQComponent activemq() {
        return activemq;
    }

    /** Real-time intake: the timer in routes/message-runs.camel.yaml closes a sender's journal run when its day is over. */
    @BindToRegistry
    public EventIntake eventIntake() {
        return eventIntake;
    }

    /** Only the service consumes events: for a one-off command this is null, and Camel binds nothing. */
    @BindToRegistry
    public JsonEventEndpoint jsonEventEndpoint() {
        return jsonEventEndpoint;
    }

    @BindToRegistry
    public ApiAccess apiAccess() {
        return http.access();
    }

    @BindToRegistry
    public GuestApi guestApi() {
        return http.guests();
    }

    @BindToRegistry
    public DeskApi deskApi() {
        return http.desk();
    }

    @BindToRegistry
    public PrivacyApi privacyApi() {
        return http.privacy();
    }

    @BindToRegistry
    public OperationsApi operationsApi() {
        return http.operations();
    }

    @BindToRegistry
    public HealthApi healthApi() {
        return http.health();
    }

    @BindToRegistry
    public MetricsApi metricsApi() {
        return http.metrics();
    }

    /** Operational alerts: a failed file (routes/file-import.camel.yaml), the check (routes/operations-alerts.camel.yaml). */
    @BindToRegistry
    public OperationsAlerts operationsAlerts() {
        return operationsAlerts;
    }

    @BindToRegistry
    public SessionApi sessionApi() {
        return http.session();
    }

    @BindToRegistry
    public FrontOfHouseApi frontOfHouseApi() {
        return http.frontOfHouse();
    }

    @BindToRegistry
    public FeedsApi feedsApi() {
        return http.feeds();
    }

    @BindToRegistry
    public MessagesApi messagesApi() {
        return http.messages();
    }

    @BindToRegistry
    public DayApi dayApi() {
        return http.days();
    }

    @BindToRegistry
    public SegmentsApi segmentsApi() {
        return http.segments();
    }

    @BindToRegistry
    public AdminApi adminApi() {
        return http.admin();
    }

    @BindToRegistry
    public ConsentApi consentApi() {
        return http.consent();
    }

    /** Reports a remote feed's failed polls once (FeedRoutes names it in every remote endpoint). */
    @BindToRegistry(FeedRoutes.POLL_STRATEGY)
    public RemotePollStrategy remotePollStrategy() {
        return remotePollStrategy;
    }

    /** Removes what is past its retention (routes/retention.camel.yaml). */
    @BindToRegistry
    public io.guestlink.pipeline.Pruner pruner() {
        return pruner;
    }
}

package io.guestlink.app.camel;

import io.guestlink.access.AccessConfig;
import io.guestlink.access.Authenticator;
import io.guestlink.access.Sessions;
import io.guestlink.access.SignInThrottle;
import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import io.guestlink.identity.SearchTerms;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.pipeline.GuestDirectory;

import java.time.Clock;
import java.time.Duration;

/**
 * The HTTP API's parts, built together: the gate (users from guestlink.http.users, the first administrator from the
 * environment, the sign-in throttle) and the beans routes/api.camel.yaml calls. Users are read only when the server
 * will serve (a one-off command does not need them, and a broken users file does not stop an import).
 */
final class HttpApi {
    private final ApiAccess access;
    private final GuestApi guests;
    private final DeskApi desk;
    private final OperationsApi operations;
    private final HealthApi health;
    private final MetricsApi metrics;
    private final HttpEdge edge;
    private final boolean serving;
    private final SessionApi session;
    private final FrontOfHouseApi frontOfHouse;
    private final ApiJobs jobs = new ApiJobs();
    private final FeedsApi feeds;
    private final MessagesApi messages;
    private final DayApi days;
    private final SegmentsApi segments;
    private final AdminApi admin;
    private final PrivacyApi privacy;
    private final ConsentApi consent;

    HttpApi(GuestLink app, Broker broker, boolean listen, MetricsApi metrics) {
        Settings s = app.settings();
        serving = listen && s.getFlag(Settings.HTTP_ENABLED);
        AccessConfig users = serving ? AccessConfig.load(s.path(Settings.HTTP_USERS), s.get(Settings.HTTP_ADMIN_USER).strip(),
                s.get(Settings.HTTP_ADMIN_PASSWORD)) : AccessConfig.none();
        SignInThrottle throttle = new SignInThrottle(s.getInt(Settings.HTTP_MAX_FAILURES),
                Duration.ofMillis(s.getInt(Settings.HTTP_LOCKOUT)), Clock.systemUTC());
        access = new ApiAccess(new Authenticator(users, throttle, Clock.systemUTC()),
                new Sessions(Duration.ofMinutes(s.getInt(Settings.HTTP_SESSION_IDLE)), Clock.systemUTC()),
                s.getFlag(Settings.HTTP_METRICS_PUBLIC));
        session = new SessionApi(access, !s.get(Settings.HTTP_TLS_KEYSTORE).isBlank());
        GuestDirectory directory = new GuestDirectory(app.database(), new SearchTerms(new NameNormaliser(), app.normalisers()),
                app.memory());
        guests = new GuestApi(directory);
        desk = new DeskApi(app.desk());
        operations = new OperationsApi(app.journal(), app.outbox(), directory);
        health = new HealthApi();
        this.metrics = metrics;
        frontOfHouse = new FrontOfHouseApi(app.database(), app.memory(), directory, app.staffNotes());
        edge = new HttpEdge(app, broker, metrics, new ConsoleServer(access, app.alerting().live()));
        feeds = new FeedsApi(app, directory, jobs);
        messages = new MessagesApi(app, directory);
        days = new DayApi(app.alerting(), directory);
        segments = new SegmentsApi(app.segments(), directory);
        admin = new AdminApi(app, directory, jobs);
        privacy = new PrivacyApi(app.rights());
        consent = new ConsentApi(app.database(), directory);
    }

    /** True when this process serves HTTP (the service with guestlink.http.enabled). */
    boolean serving() {
        return serving;
    }

    HttpEdge edge() {
        return edge;
    }

    ApiAccess access() {
        return access;
    }

    GuestApi guests() {
        return guests;
    }

    DeskApi desk() {
        return desk;
    }

    OperationsApi operations() {
        return operations;
    }

    HealthApi health() {
        return health;
    }

    MetricsApi metrics() {
        return metrics;
    }

    FrontOfHouseApi frontOfHouse() {
        return frontOfHouse;
    }

    SessionApi session() {
        return session;
    }

    PrivacyApi privacy() {
        return privacy;
    }

    FeedsApi feeds() {
        return feeds;
    }

    MessagesApi messages() {
        return messages;
    }

    DayApi days() {
        return days;
    }

    SegmentsApi segments() {
        return segments;
    }

    AdminApi admin() {
        return admin;
    }

    ConsentApi consent() {
        return consent;
    }
}

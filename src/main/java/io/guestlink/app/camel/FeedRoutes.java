package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

import io.guestlink.config.ConfigurationException;
import io.guestlink.ingest.RemoteEndpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Creates one route per feed file from the templates in routes/ (file-import and database-poll). */
public final class FeedRoutes {
    /** The bean that reports a remote feed's failed polls ({@link RemotePollStrategy}). */
    static final String POLL_STRATEGY = "remotePollStrategy";

    private FeedRoutes() {
    }

    /**
     * The remote feeds' endpoints can be built (their password variables are set, their known_hosts files exist):
     * checked before Camel starts, every problem at once.
     */
    public static void check(GuestLink app) {
        List<String> problems = new ArrayList<>();
        for (RecordMapper feed : app.feeds().values()) {
            if (feed.config().endpoint() == null || feed.config().isDatabaseFeed()) continue;
            try {
                endpointUri(feed.config(), app.settings());
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
    }

    /**
     * A remote feed's endpoint as Camel polls it: the password from the feed's {@code passwordEnv}, and for SFTP the
     * host key checked against the known_hosts file (the feed's {@code knownHosts}, else guestlink.sftp.known-hosts;
     * strict: an unknown or changed key is refused, nothing is added to the file, ~/.ssh is not read).
     */
    static String endpointUri(SourceConfig s, Settings settings) {
        StringBuilder uri = new StringBuilder(s.endpoint());
        List<String> problems = new ArrayList<>();
        if (s.passwordEnv() != null) {
            String password = settings.environment(s.passwordEnv());
            if (password == null || password.isEmpty())
                problems.add("feed " + s.id() + ": environment variable " + s.passwordEnv() + " (passwordEnv) is not set");
            else option(uri, "password", password.contains(")") ? "RAW{" + password + "}" : "RAW(" + password + ")");
        }
        // a server that cannot be reached (host key refused, login failed) is reported once, as the poll's error
        option(uri, "throwExceptionOnConnectFailed", "true");
        option(uri, "pollStrategy", "#" + POLL_STRATEGY);
        if (RemoteEndpoint.isSftp(s.endpoint())) {
            Path knownHosts = (s.knownHosts() != null ? Path.of(s.knownHosts()) : settings.path(Settings.SFTP_KNOWN_HOSTS))
                    .toAbsolutePath();
            if (!Files.isRegularFile(knownHosts))
                problems.add("feed " + s.id() + ": known_hosts file '" + knownHosts + "' ("
                        + (s.knownHosts() != null ? "knownHosts" : Settings.SFTP_KNOWN_HOSTS.key()) + ") does not exist; "
                        + "add the server's host key to it, e.g. ssh-keyscan -p PORT HOST >> " + knownHosts
                        + " (and compare the fingerprint with the server's administrator)");
            option(uri, "knownHostsFile", "RAW(" + knownHosts + ")");
            option(uri, "strictHostKeyChecking", "yes");
            option(uri, "useUserKnownHostsFile", "false");
            option(uri, "autoCreateKnownHostsFile", "false");
        }
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
        return uri.toString();
    }

    private static void option(StringBuilder uri, String name, String value) {
        uri.append(uri.indexOf("?") < 0 ? '?' : '&').append(name).append('=').append(value);
    }

    public static void install(CamelContext camel, GuestLink app) {
        Path inbox = app.settings().path(Settings.INBOX_DIR).toAbsolutePath();
        for (RecordMapper feed : app.feeds().values()) {
            SourceConfig s = feed.config();
            if (s.isDatabaseFeed()) {
                if (!app.legacyPools().polls(s.id())) continue;
                camel.getRegistry().bind("legacy-" + s.id(), app.legacyPools().reader(s.id()));
                camel.getRegistry().bind("legacy-" + s.id() + "-write", app.legacyPools().writer(s.id()));
                TemplatedRouteBuilder.builder(camel, "database-poll")
                        .routeId("poll-" + s.id())
                        .parameter("sourceId", s.id())
                        .parameter("periodMs", String.valueOf(s.poll().every().toMillis()))
                        .parameter("fetchSize", String.valueOf(s.poll().fetchSize()))
                        .add();
            } else if (s.endpoint() == null) {
                TemplatedRouteBuilder.builder(camel, "inbox-file-import")
                        .routeId("import-" + s.id())
                        .parameter("sourceId", s.id())
                        .parameter("directory", inbox.resolve(s.id()).toString())
                        .add();
            } else {
                TemplatedRouteBuilder.builder(camel, "remote-file-import")
                        .routeId("import-" + s.id())
                        .parameter("sourceId", s.id())
                        .parameter("endpoint", endpointUri(s, app.settings()))
                        .parameter("archiveUri", archiveUri(endpointUri(s, app.settings())))
                        .add();
            }
        }
    }

    /** The server folder beside the polled one where archived files and their rejects CSV go: {@code <dir>/.done}. */
    static String archiveUri(String endpoint) {
        int q = endpoint.indexOf('?');
        String base = q < 0 ? endpoint : endpoint.substring(0, q);
        String query = q < 0 ? "" : endpoint.substring(q);
        return (base.endsWith("/") ? base : base + "/") + ".done" + query;
    }
}

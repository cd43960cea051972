package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

import java.nio.file.Path;

/** Creates one route per feed file from the templates in routes/ (file-import and database-poll). */
public final class FeedRoutes {
    private FeedRoutes() {
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
                        .parameter("endpoint", s.endpoint())
                        .parameter("archiveUri", archiveUri(s.endpoint()))
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

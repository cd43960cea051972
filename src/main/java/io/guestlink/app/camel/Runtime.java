package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Boots Camel Main around an assembled {@link GuestLink}: YAML routes from routes/ (camel.main.routes-include-pattern
 * in config/application.properties), configuration from that file, the beans of {@link GuestLinkBeans}, and one route
 * per feed.
 */
public final class Runtime {
    /** The YAML routes, relative to the working directory (the container's /opt/guestlink, the project root). */
    static final String DEFAULT_ROUTES = "file:routes/*.camel.yaml";
    /** Routes that consume from the broker: the service runs them, one-off commands do not. */
    static final String BROKER_ROUTES = "**/broker-events.camel.yaml";
    /** The HTTP API's routes: loaded only when the server serves (platform-http needs its server). */
    static final String API_ROUTES = "**/api.camel.yaml";
    /** Derived from guestlink.hl7.max-message-bytes for routes/hl7-mllp.camel.yaml (not a setting of its own). */
    static final String HL7_FRAME_BYTES = "hl7.max-frame-bytes";

    private Runtime() {
    }

    public static Main create(GuestLink app, Path configFile, boolean startFeeds) {
        return create(app, configFile, startFeeds, true);
    }

    /** @param listen false for one-off commands (import): the MLLP listener stays off, its port free for `run` */
    private static Main create(GuestLink app, Path configFile, boolean startFeeds, boolean listen) {
        if (startFeeds) FeedRoutes.check(app); // a remote feed's missing password or known_hosts stops it before Camel
        Main main = new Main();
        // the default when the configuration file does not name the routes (a file of its own, or none):
        // camel.main.routes-include-pattern in the file overrides it
        main.configure().withRoutesIncludePattern(DEFAULT_ROUTES);
        if (Files.isRegularFile(configFile)) {
            main.setDefaultPropertyPlaceholderLocation("file:" + configFile.toAbsolutePath());
        }
        // settings may come from the environment: give Camel's placeholders the values GuestLink resolved
        Properties resolved = new Properties();
        Settings.ALL.forEach(s -> resolved.setProperty(s.key(), app.settings().get(s)));
        // camel-mllp reads a frame whole before the route sees it: up to twice the message limit is read and answered
        // AR (with the size), a larger frame resets the connection (memory bound per connection)
        resolved.setProperty(HL7_FRAME_BYTES, Long.toString(Math.min(Integer.MAX_VALUE - 8,
                2L * app.settings().getInt(Settings.HL7_MAX_MESSAGE_BYTES) + 3)));
        if (!listen) resolved.setProperty(Settings.HL7_ENABLED.key(), "false");
        HttpServerSettings.apply(app.settings(), listen, resolved);
        main.setOverrideProperties(resolved);
        GuestLinkBeans beans = new GuestLinkBeans(app, listen);
        // the service and the demo send alerts: their channels' secrets are read before Camel starts; `import` sends
        // nothing and needs none
        if (startFeeds || listen) beans.alertEndpoint().openChannels();
        main.configure().addConfiguration(beans);
        // a drain of a night's link or memory queue ends between rounds once Camel stops, instead of running into the
        // graceful-shutdown timeout and failing its round on the closed store
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                org.apache.camel.CamelContext camel = m.getCamelContext();
                app.stopsWhen(camel::isStopping);
            }
        });
        // only the service starts the embedded broker and consumes events: an import run beside it neither waits for
        // the broker's data directory lock nor takes events off the queue
        if (listen) {
            // a Camel service added before the context starts: started now, before any route, stopped after them
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport m) {
                    try {
                        m.getCamelContext().addService(beans.broker(), true, true);
                        if (beans.http().serving()) m.getCamelContext().addStartupListener(beans.http().edge());
                    } catch (Exception e) {
                        throw new IllegalStateException("the message broker did not start: " + e.getMessage(), e);
                    }
                }
            });
        } else {
            main.configure().withRoutesExcludePattern(BROKER_ROUTES + "," + API_ROUTES);
        }
        if (listen && !beans.http().serving()) main.configure().withRoutesExcludePattern(API_ROUTES);
        if (startFeeds) {
            // feed routes come from templates that the YAML loader registers, so they are added once Camel runs
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport m) {
                    FeedRoutes.install(m.getCamelContext(), app);
                    installAlertChannels(m.getCamelContext(), app);
                }
            });
        }
        return main;
    }

    /** Starts Camel without blocking (tests, demo, one-off import); feed routes are installed if asked for. */
    public static Main start(GuestLink app, Path configFile, boolean startFeeds) throws Exception {
        if (startFeeds) FeedRoutes.check(app);
        Main main = create(app, configFile, false, startFeeds);
        main.start();
        if (startFeeds) {
            FeedRoutes.install(main.getCamelContext(), app);
            installAlertChannels(main.getCamelContext(), app);
        }
        return main;
    }

    /** One set of delivery routes per enabled alert channel (routes/alerts.camel.yaml templates). */
    public static void installAlertChannels(org.apache.camel.CamelContext camel, GuestLink app) {
        // the channels' secrets are read now that they start sending (not by commands that send nothing)
        camel.getRegistry().lookupByNameAndType("alertEndpoint", AlertEndpoint.class).openChannels();
        try {
            AlertRoutes.install(camel, app.alerting().config());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the alert channel routes: " + e.getMessage(), e);
        }
    }
}

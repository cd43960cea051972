package io.guestlink.app.camel;

import io.guestlink.alert.Alert;
import io.guestlink.pipeline.LiveAlerts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the console needs from the HTTP server beside the REST operations, registered on the same Vert.x router:
 * the static console under {@code /console/} (files from the jar's {@code console/} folder, with a strict
 * Content-Security-Policy), and the arrivals stream ({@code GET /api/v1/arrivals/stream}), server-sent events fed by
 * {@link LiveAlerts}. platform-http answers a Camel route's exchange once, whole; an event stream stays open, so it
 * is a Vert.x route of its own, behind the same gate ({@link ApiAccess#authorize}) as every operation.
 */
final class ConsoleServer {
    static final String STREAM_PATH = "/api/v1/arrivals/stream";
    static final String STREAM_OPERATION = "streamArrivals";
    /** Only GuestLink's own files; no inline script or style, no other origin, no framing. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final long HEARTBEAT_MS = 20_000;

    private final ApiAccess access;
    private final LiveAlerts live;

    ConsoleServer(ApiAccess access, LiveAlerts live) {
        this.access = access;
        this.live = live;
    }

    void install(Router router, CamelContext camel, Vertx vertx) {
        router.get(STREAM_PATH).order(-900).handler(ctx -> stream(ctx, camel, vertx));
        router.getWithRegex("/console").order(-800).handler(ctx -> ctx.redirect("/console/"));
        router.route("/console/*").order(-799).handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", CSP).putHeader("X-Frame-Options", "DENY")
                    .putHeader("Referrer-Policy", "no-referrer");
            ctx.next();
        });
        router.route("/console/*").order(-798).handler(StaticHandler.create("console").setCachingEnabled(false)
                .setIndexPage("index.html").setDefaultContentEncoding("UTF-8"));
    }

    private void stream(RoutingContext ctx, CamelContext camel, Vertx vertx) {
        // The stream takes no request body (the API's body limit is on Camel's routes, which this one is not). Over
        // HTTP/2 (h2c, which the JDK's client asks for) a body has neither Content-Length nor Transfer-Encoding, so
        // the headers cannot tell; the request is read to its end first: any byte of body is refused with 413 and the
        // rest thrown away, an empty one opens the stream. Reading it also lets a client that sends its whole body
        // before it reads the answer get one.
        HttpServerRequest req = ctx.request();
        if (req.isEnded()) {
            open(ctx, camel, vertx);
            return;
        }
        boolean[] refused = {false};
        req.handler(bytes -> {
            if (bytes.length() == 0 || refused[0]) return;
            refused[0] = true;
            ctx.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json; charset=utf-8")
                    .putHeader("Connection", "close")
                    .end(ApiResponses.problemJson(413, "the event stream takes no request body", STREAM_PATH, Map.of()));
        });
        req.endHandler(v -> {
            if (!refused[0]) open(ctx, camel, vertx);
        });
        req.resume();
    }

    private void open(RoutingContext ctx, CamelContext camel, Vertx vertx) {
        HttpServerResponse res = ctx.response();
        try {
            String client = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().host();
            access.authorize(camel, STREAM_OPERATION, "GET", ctx.request()::getHeader, client);
        } catch (ApiProblem p) {
            p.headers().forEach(res::putHeader);
            res.setStatusCode(p.status()).putHeader("Content-Type", "application/problem+json; charset=utf-8")
                    .end(ApiResponses.problemJson(p.status(), p.getMessage(), STREAM_PATH, p.members()));
            return;
        }
        String property = ctx.request().getParam("property");
        res.setStatusCode(200).setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
        res.write(": arrivals of " + (property == null ? "every property" : "one property") + "\n\n");
        var context = vertx.getOrCreateContext();
        AutoCloseable subscription = live.subscribe(alert -> {
            if (alert.eventId() == null || (property != null && !property.equals(alert.property()))) return;
            String data = ApiResponses.json(event(alert));
            context.runOnContext(v -> {
                if (!res.closed() && !res.ended()) res.write("event: arrival\nid: " + alert.id() + "\ndata: " + data + "\n\n");
            });
        });
        long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> {
            if (!res.closed() && !res.ended()) res.write(": still here\n\n");
        });
        Runnable end = () -> {
            vertx.cancelTimer(heartbeat);
            try {
                subscription.close();
            } catch (Exception ignored) {
                // removing from a list does not fail
            }
        };
        res.closeHandler(v -> end.run());
        res.exceptionHandler(x -> end.run());
    }

    /** What a board needs to show and refresh: the alert's line and whom and which stay it is about. */
    private static Map<String, Object> event(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alert", a.id());
        m.put("rule", a.rule());
        m.put("audience", a.audience());
        m.put("property", a.property());
        m.put("eventType", a.eventType() == null ? null : a.eventType().name());
        m.put("profileId", a.profileId());
        m.put("room", a.stay() == null ? null : a.stay().room());
        m.put("text", a.text());
        m.put("card", a.card().toText());
        m.put("createdAt", a.createdAt());
        return m;
    }
}

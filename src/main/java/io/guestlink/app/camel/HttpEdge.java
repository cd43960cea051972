package io.guestlink.app.camel;

import io.guestlink.alert.ChannelConfig;
import io.guestlink.app.GuestLink;
import io.guestlink.config.Settings;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;

import java.util.Map;

/**
 * What the HTTP server needs once Camel runs: problem+json answers for what never reaches a route (404 unknown
 * path, 405 wrong method, 413 body over guestlink.http.max-body-bytes, 500), GuestLink's health checks in Camel's
 * registry, GuestLink's meters in Camel's Prometheus registry.
 */
final class HttpEdge implements ExtendedStartupListener {
    private final GuestLink app;
    private final Broker broker;
    private final MetricsApi metrics;
    private final ConsoleServer console;

    HttpEdge(GuestLink app, Broker broker, MetricsApi metrics, ConsoleServer console) {
        this.app = app;
        this.broker = broker;
        this.metrics = metrics;
        this.console = console;
    }

    @Override
    public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
    }

    /** Once every service and route runs: the server's router and Camel's registries exist by then. */
    @Override
    public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(app.settings().getInt(Settings.HTTP_PORT)));
        // Camel's routes hang on a sub-router, whose error handlers the server's root router never asks: the body
        // limit's 413 (and any failure) is answered by a failure handler, and a request no operation took by a last
        // route, which answers 405 with Allow when the path is an operation's, else 404
        Map<java.util.regex.Pattern, java.util.Set<String>> paths = operationPaths(camel);
        router.route().order(-999).failureHandler(ctx -> problem(ctx, ctx.statusCode() > 0 ? ctx.statusCode() : 500, null));
        router.route().last().handler(ctx -> {
            // the path as the router matched it (dot segments resolved: /guests/.. is /api/v1, not a guest id); an encoded
            // slash (a traversal such as ..%2F..%2Fetc) never names an operation's resource: both 404, not 405
            String path = ctx.normalizedPath();
            boolean encodedSlash = path.toLowerCase(java.util.Locale.ROOT).contains("%2f");
            for (var e : encodedSlash ? Map.<java.util.regex.Pattern, java.util.Set<String>>of().entrySet() : paths.entrySet()) {
                if (e.getKey().matcher(path).matches() && !e.getValue().contains(ctx.request().method().name())) {
                    problem(ctx, 405, String.join(", ", e.getValue()));
                    return;
                }
            }
            problem(ctx, 404, null);
        });
        // on every answer, Camel's or the router's (set here because platform-http's header filter drops Cache-Control
        // set by a route): ApiResponses.SECURITY_HEADERS
        router.route().order(-1000).handler(ctx -> {
            ApiResponses.SECURITY_HEADERS.forEach(ctx.response()::putHeader);
            ctx.next();
        });
        // a path with a dot segment (/feeds/./replay, /runs/.., %2e%2e) names no resource: refused before any route
        // matches its normalised form (which would be another resource: /feeds/. is the feed list)
        router.route().order(-998).handler(ctx -> {
            if (hasDotSegment(ctx.request().path())) problem(ctx, 404, null);
            else ctx.next();
        });
        console.install(router, camel, router.vertx());
        HealthCheckRegistry health = HealthCheckRegistry.get(camel);
        health.register(new HealthApi.DatabaseCheck(app.database()));
        health.register(new HealthApi.BrokerCheck(broker));
        health.register(new HealthApi.BacklogCheck(metrics::reading, app::bulkLoading, app.settings()));
        if (app.settings().getFlag(Settings.HEALTH_FEED_ERRORS)) health.register(new HealthApi.FeedsCheck(metrics, app.feeds().keySet()));
        metrics.register(MetricsApi.registry(camel), app.feeds().keySet(),
                app.alerting().config().enabledChannels().stream().map(ChannelConfig::name).toList());
    }

    /** True when a segment of the raw path is {@code .} or {@code ..}, written plainly or percent-encoded. */
    static boolean hasDotSegment(String rawPath) {
        if (rawPath == null) return false;
        for (String segment : rawPath.split("/", -1)) {
            String s = segment.replaceAll("(?i)%2e", ".");
            if (s.equals(".") || s.equals("..")) return true;
        }
        return false;
    }

    /** Each REST path template ({id} as one segment) with the methods its operations answer. */
    private static Map<java.util.regex.Pattern, java.util.Set<String>> operationPaths(CamelContext camel) {
        Map<String, java.util.Set<String>> byTemplate = new java.util.LinkedHashMap<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (rest.getPath() + "/" + (verb.getPath() == null ? "" : verb.getPath())).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
                byTemplate.computeIfAbsent(path, p -> new java.util.TreeSet<>()).add(verb.asVerb().toUpperCase(java.util.Locale.ROOT));
            }
        }
        Map<java.util.regex.Pattern, java.util.Set<String>> out = new java.util.LinkedHashMap<>();
        byTemplate.forEach((template, methods) -> out.put(java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q")), methods));
        return out;
    }

    private static void problem(RoutingContext ctx, int status, String allow) {
        String detail = switch (status) {
            case 404 -> "no such resource; the operations are listed in /api/v1/openapi.json";
            case 405 -> "this resource does not answer " + ctx.request().method();
            case 413 -> "the request body is larger than the server accepts";
            case 400 -> "the request could not be read";
            default -> "the request could not be completed";
        };
        if (allow != null) ctx.response().putHeader("Allow", allow);
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json; charset=utf-8");
        ApiResponses.SECURITY_HEADERS.forEach(ctx.response()::putHeader);
        ctx.response().end(ApiResponses.problemJson(status, detail, ctx.request().path(), Map.of()));
    }
}

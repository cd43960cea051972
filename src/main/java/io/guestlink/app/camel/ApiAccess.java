package io.guestlink.app.camel;

import io.guestlink.access.Authenticator;
import io.guestlink.access.Principal;
import io.guestlink.access.Role;
import io.guestlink.model.FieldLimit;
import io.guestlink.access.Sessions;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.SecurityDefinition;
import org.apache.camel.model.rest.VerbDefinition;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The gate of every API operation (routes/api.camel.yaml runs it before each operation's step): who is asking
 * (HTTP Basic, a bearer token, or the console's session cookie with its CSRF token), and may they. The roles an operation allows are the {@code security} scopes its
 * REST verb declares, the same ones the OpenAPI document publishes, so the document and the gate cannot differ.
 * An operation that declares none is refused to everybody (fail closed).
 */
public final class ApiAccess {
    /** The operation whose gate {@code guestlink.http.metrics-public} opens. */
    static final String METRICS_OPERATION = "metrics";

    /** The header a cookie-authenticated state-changing call carries the session's CSRF token in. */
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Sent by the console's own calls: its 401s are not Basic challenges. */
    static final String CONSOLE_HEADER = "X-Requested-With";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Authenticator authenticator;
    private final Sessions sessions;
    private final boolean metricsPublic;
    private volatile Map<String, Set<Role>> rolesByOperation;

    ApiAccess(Authenticator authenticator, Sessions sessions, boolean metricsPublic) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.metricsPublic = metricsPublic;
    }

    /** Authenticates the request and checks its roles against the operation's; sets {@link Headers#PRINCIPAL}. */
    public void check(Exchange exchange) {
        String operation = exchange.getFromRouteId();
        if (metricsPublic && METRICS_OPERATION.equals(operation)) return;
        String client = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress", String.class);
        var m = exchange.getMessage();
        exchange.setProperty(Headers.PRINCIPAL, authorize(exchange.getContext(), operation,
                m.getHeader(Exchange.HTTP_METHOD, String.class), name -> m.getHeader(name, String.class),
                client == null ? "?" : hostOf(client)));
    }

    /**
     * Who is asking and whether they may run {@code operation}: HTTP Basic or a bearer token in Authorization, else the
     * console's session cookie (then a state-changing method needs the session's CSRF token in {@link #CSRF_HEADER}).
     * Throws the problem to answer (401, 403, 429) otherwise. Also used by the server-sent event stream, which is
     * served by the Vert.x router rather than a Camel route.
     *
     * @param header reads a request header by name (null when absent)
     * @param client the client's address, the throttle's key for tokens
     */
    Principal authorize(CamelContext camel, String operation, String method, java.util.function.Function<String, String> header,
                        String client) {
        Principal who;
        try {
            who = identify(method, header, client);
        } catch (ApiProblem p) {
            throw fromBrowser(header) ? forBrowser(p) : p;
        }
        Set<Role> allowed = roles(camel).get(operation);
        if (allowed == null || !who.mayAny(allowed))
            throw ApiProblem.of(403, "'" + who.name() + "' may not " + operation + " (roles allowed: "
                    + (allowed == null ? "none" : allowed.stream().map(Role::id).toList()) + ")");
        // the name is recorded with what it does (audit, decided_by): one the store cannot keep whole is refused here
        ApiParams.stored(who.name(), "Authorization", FieldLimit.ACTOR);
        return who;
    }

    private Principal identify(String method, java.util.function.Function<String, String> header, String client) {
        String authorization = header.apply("Authorization");
        String session = authorization == null || authorization.isBlank() ? SessionCookie.read(header.apply("Cookie")) : null;
        if (session != null) {
            Sessions.Session s = sessions.find(session).orElseThrow(() -> ApiProblem.unauthorized(
                    "the session has ended (signed out, idle too long or the server restarted): sign in again"));
            if (method != null && !SAFE_METHODS.contains(method.toUpperCase(java.util.Locale.ROOT))
                    && !Sessions.csrfMatches(s, header.apply(CSRF_HEADER)))
                throw ApiProblem.of(403, "a state-changing call with the session cookie needs the session's CSRF token in "
                        + CSRF_HEADER);
            return s.principal();
        }
        return accepted(authenticator.authenticate(authorization, client));
    }

    /** The principal of an authentication outcome, or the problem to answer. */
    static Principal accepted(Authenticator.Outcome outcome) {
        if (outcome instanceof Authenticator.Outcome.Missing)
            throw ApiProblem.unauthorized("credentials required: HTTP Basic (people), a bearer token (systems) or a console session");
        if (outcome instanceof Authenticator.Outcome.Refused r) throw ApiProblem.unauthorized(r.why());
        if (outcome instanceof Authenticator.Outcome.Locked l) {
            long seconds = Math.max(1, l.retryAfter().toSeconds());
            throw ApiProblem.of(429, "too many failed sign-ins; try again in " + seconds + " s")
                    .header("Retry-After", Long.toString(seconds));
        }
        return ((Authenticator.Outcome.Accepted) outcome).principal();
    }

    /** The console's requests say so (its fetch calls send X-Requested-With), or carry its session cookie. */
    static boolean fromBrowser(java.util.function.Function<String, String> header) {
        return header.apply(CONSOLE_HEADER) != null || SessionCookie.read(header.apply("Cookie")) != null;
    }

    /**
     * A 401 for the console: challenged with the session scheme instead of Basic, which would make the browser open
     * its own password dialog over the page (and a headless one wait for it forever).
     */
    static ApiProblem forBrowser(ApiProblem p) {
        return p.status() == 401 ? p.header("WWW-Authenticate", "Session realm=\"GuestLink\"") : p;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    Sessions sessions() {
        return sessions;
    }

    /** The principal {@link #check} let in. */
    static Principal principal(Exchange exchange) {
        Principal p = exchange.getProperty(Headers.PRINCIPAL, Principal.class);
        if (p == null) throw new IllegalStateException("operation " + exchange.getFromRouteId() + " ran without its gate");
        return p;
    }

    /** Operation id to the roles its verb's security scopes name, read once from the REST definitions. */
    Map<String, Set<Role>> roles(CamelContext camel) {
        Map<String, Set<Role>> known = rolesByOperation;
        if (known != null) return known;
        Map<String, Set<Role>> out = new HashMap<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                if (verb.getSecurity() == null) continue;
                Set<Role> roles = EnumSet.noneOf(Role.class);
                for (SecurityDefinition s : verb.getSecurity()) {
                    if (s.getScopes() == null) continue;
                    for (String scope : s.getScopes().split(","))
                        roles.add(Role.of(scope).orElseThrow(() -> new IllegalStateException("REST operation "
                                + verb.getId() + ": unknown role '" + scope.strip() + "' in its security scopes (roles: "
                                + Arrays.stream(Role.values()).map(Role::id).toList() + ")")));
                }
                out.put(verb.getId(), roles);
            }
        }
        rolesByOperation = Map.copyOf(out);
        return rolesByOperation;
    }

    private static String hostOf(String address) {
        int colon = address.lastIndexOf(':');
        return colon > 0 ? address.substring(0, colon) : address;
    }
}

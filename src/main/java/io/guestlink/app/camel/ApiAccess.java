package io.guestlink.app.camel;

import io.guestlink.access.Authenticator;
import io.guestlink.access.Principal;
import io.guestlink.access.Role;
import io.guestlink.model.FieldLimit;
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
 * (HTTP Basic or a bearer token), and may they. The roles an operation allows are the {@code security} scopes its
 * REST verb declares, the same ones the OpenAPI document publishes, so the document and the gate cannot differ.
 * An operation that declares none is refused to everybody (fail closed).
 */
public final class ApiAccess {
    /** The operation whose gate {@code guestlink.http.metrics-public} opens. */
    static final String METRICS_OPERATION = "metrics";

    private final Authenticator authenticator;
    private final boolean metricsPublic;
    private volatile Map<String, Set<Role>> rolesByOperation;

    ApiAccess(Authenticator authenticator, boolean metricsPublic) {
        this.authenticator = authenticator;
        this.metricsPublic = metricsPublic;
    }

    /** Authenticates the request and checks its roles against the operation's; sets {@link Headers#PRINCIPAL}. */
    public void check(Exchange exchange) {
        String operation = exchange.getFromRouteId();
        if (metricsPublic && METRICS_OPERATION.equals(operation)) return;
        String client = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress", String.class);
        Authenticator.Outcome outcome = authenticator.authenticate(
                exchange.getMessage().getHeader("Authorization", String.class), client == null ? "?" : hostOf(client));
        if (outcome instanceof Authenticator.Outcome.Missing)
            throw ApiProblem.unauthorized("credentials required: HTTP Basic (people) or a bearer token (systems)");
        if (outcome instanceof Authenticator.Outcome.Refused r) throw ApiProblem.unauthorized(r.why());
        if (outcome instanceof Authenticator.Outcome.Locked l) {
            long seconds = Math.max(1, l.retryAfter().toSeconds());
            throw ApiProblem.of(429, "too many failed sign-ins; try again in " + seconds + " s")
                    .header("Retry-After", Long.toString(seconds));
        }
        Principal who = ((Authenticator.Outcome.Accepted) outcome).principal();
        Set<Role> allowed = roles(exchange.getContext()).get(operation);
        if (allowed == null || !who.mayAny(allowed))
            throw ApiProblem.of(403, "'" + who.name() + "' may not " + operation + " (roles allowed: "
                    + (allowed == null ? "none" : allowed.stream().map(Role::id).toList()) + ")");
        // the name is recorded with what it does (audit, decided_by): one the store cannot keep whole is refused here
        ApiParams.stored(who.name(), "Authorization", FieldLimit.ACTOR);
        exchange.setProperty(Headers.PRINCIPAL, who);
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

package io.guestlink.app.camel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.access.Principal;
import io.guestlink.access.Role;
import io.guestlink.access.Sessions;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.Map;

/**
 * The console's sign-in and sign-out (POST and DELETE /api/v1/session): a name and password checked exactly as HTTP
 * Basic is (hash, throttle, lock-out), answered with the session cookie and the CSRF token the page sends back on
 * state-changing calls.
 */
public final class SessionApi {
    /** Body of POST /session. */
    public record SignIn(@JsonProperty(value = "user", required = true) String user,
                         @JsonProperty(value = "password", required = true) String password) {
        @JsonCreator
        public SignIn {
        }
    }

    /** Who signed in, their roles and the token for X-CSRF-Token. */
    public record Opened(String name, List<String> roles, String csrfToken) {
    }

    public record Closed(boolean signedOut) {
    }

    private static final ObjectReader SIGN_IN = ApiResponses.JSON.readerFor(SignIn.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ApiAccess access;
    private final boolean secure;

    SessionApi(ApiAccess access, boolean secure) {
        this.access = access;
        this.secure = secure;
    }

    /** POST /session {"user", "password"}: open, no credentials needed (they are in the body). */
    public void open(Exchange e) {
        SignIn in = DeskApi.read(SIGN_IN, e.getMessage().getBody(String.class), "{\"user\": \"...\", \"password\": \"...\"}");
        if (in.user().length() > ApiParams.MAX_TEXT || in.user().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f))
            throw ApiProblem.badInput("$.user", "user must be at most " + ApiParams.MAX_TEXT + " characters without control characters");
        Principal who;
        try {
            who = ApiAccess.accepted(access.authenticator().signIn(in.user(), in.password()));
        } catch (ApiProblem p) {
            throw ApiAccess.forBrowser(p); // a sign-in form's failure is not a Basic challenge
        }
        Sessions.Session s = access.sessions().open(who);
        ApiResponses.ok(e, new Opened(who.name(), who.roles().stream().map(Role::id).sorted().toList(), s.csrfToken()),
                Map.of("Set-Cookie", SessionCookie.open(s.id(), secure)));
    }

    /** DELETE /session: signs the cookie's session out (nothing to do for Basic or token callers). */
    public void close(Exchange e) {
        String id = SessionCookie.read(e.getMessage().getHeader("Cookie", String.class));
        boolean closed = access.sessions().close(id);
        ApiResponses.ok(e, new Closed(closed), Map.of("Set-Cookie", SessionCookie.end(secure)));
    }
}

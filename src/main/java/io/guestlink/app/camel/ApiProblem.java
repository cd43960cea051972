package io.guestlink.app.camel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An API request that cannot be served, as an RFC 9457 problem: the HTTP status, a detail for the caller (never a
 * guest's personal value), extra members (the JSON path of a malformed body, the parameter and its limit) and
 * response headers (WWW-Authenticate, Retry-After). Thrown by the API beans; {@link ApiResponses#problem} answers it.
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final Map<String, Object> members;
    private final Map<String, String> headers;

    private ApiProblem(int status, String detail, Map<String, Object> members, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.members = members;
        this.headers = headers;
    }

    public static ApiProblem of(int status, String detail) {
        return new ApiProblem(status, detail, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /** A 400 naming the offending parameter or JSON path. */
    public static ApiProblem badInput(String path, String detail) {
        return of(400, detail).with("path", path);
    }

    public static ApiProblem unauthorized(String detail) {
        return of(401, detail).header("WWW-Authenticate", "Basic realm=\"GuestLink\", Bearer realm=\"GuestLink\"");
    }

    public ApiProblem with(String member, Object value) {
        members.put(member, value);
        return this;
    }

    public ApiProblem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> members() {
        return members;
    }

    public Map<String, String> headers() {
        return headers;
    }
}

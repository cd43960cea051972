package io.guestlink.app.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How every API answer is written: JSON with the records' own field names (the stable names docs/api.md lists),
 * dates as ISO-8601 text; errors as {@code application/problem+json} (RFC 9457). The request's headers are dropped
 * first: platform-http would otherwise send them back (an Authorization header included).
 */
public final class ApiResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ApiResponses.class);
    public static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    /**
     * The headers every answer carries, the route's and the server's own (HttpEdge): personal data must not linger in
     * caches, be sniffed into another type, be framed by another site (clickjacking) or leak its URL (which may hold
     * a searched name) to another site in a Referer.
     */
    public static final Map<String, String> SECURITY_HEADERS = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer")));

    private ApiResponses() {
    }

    /** A JSON body with status 200. */
    public static void ok(Exchange exchange, Object body) {
        write(exchange.getMessage(), 200, "application/json", json(body), Map.of());
    }

    /** A JSON body with status 200 and extra response headers (Set-Cookie). */
    public static void ok(Exchange exchange, Object body, Map<String, String> headers) {
        write(exchange.getMessage(), 200, "application/json", json(body), headers);
    }

    /** A JSON body with status 202: the work was queued; the body says what to poll. */
    public static void accepted(Exchange exchange, Object body) {
        write(exchange.getMessage(), 202, "application/json", json(body), Map.of());
    }

    public static void text(Exchange exchange, int status, String contentType, String body) {
        write(exchange.getMessage(), status, contentType, body, Map.of());
    }

    /** The exception the route caught, answered as a problem; anything but an {@link ApiProblem} is a 500. */
    public static void problem(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ApiProblem p;
        if (e instanceof ApiProblem ap) {
            p = ap;
        } else {
            // the message of a store failure names what failed, not the values: logged for the operator, not sent
            LOG.warn("api {} failed: {}: {}", exchange.getFromRouteId(), e == null ? "?" : e.getClass().getSimpleName(),
                    e == null ? "" : e.getMessage());
            p = ApiProblem.of(500, "the request could not be completed; the server log has the reason");
        }
        write(exchange.getMessage(), p.status(), "application/problem+json",
                problemJson(p.status(), p.getMessage(), exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class),
                        p.members()), p.headers());
    }

    /** The RFC 9457 document: type about:blank, the status's title, detail, instance and extra members. */
    public static String problemJson(int status, String detail, String instance, Map<String, Object> members) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("type", "about:blank");
        doc.put("title", title(status));
        doc.put("status", status);
        doc.put("detail", detail);
        if (instance != null) doc.put("instance", instance);
        doc.putAll(members);
        return json(doc);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static void write(Message m, int status, String contentType, String body, Map<String, String> headers) {
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType + "; charset=utf-8");
        SECURITY_HEADERS.forEach(m::setHeader);
        headers.forEach(m::setHeader);
        m.setBody(body);
    }
}

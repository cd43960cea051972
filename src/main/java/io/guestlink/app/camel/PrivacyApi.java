package io.guestlink.app.camel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.pipeline.GuestRightsDesk;
import io.guestlink.store.GuestRights;
import org.apache.camel.Exchange;

/**
 * The guest's rights over HTTP, for the privacy officer: the same {@link GuestRightsDesk} calls, with the same rules
 * and audit rows, as the CLI's {@code guest-export}, {@code rectify} and {@code erase}; the actor is the signed-in user.
 */
public final class PrivacyApi {
    /** Body of POST /guests/{id}/rectify; {@code value} null clears the field. */
    public record Rectify(@JsonProperty(value = "field", required = true) String field,
                          @JsonProperty(value = "value", required = true) String value,
                          @JsonProperty(value = "reason", required = true) String reason) {
        @JsonCreator
        public Rectify {
        }
    }

    /** Body of POST /guests/{id}/erase. */
    public record Erase(@JsonProperty(value = "reason", required = true) String reason) {
        @JsonCreator
        public Erase {
        }
    }

    private static final ObjectReader RECTIFY = strict(Rectify.class);
    private static final ObjectReader ERASE = strict(Erase.class);

    private final GuestRightsDesk rights;

    PrivacyApi(GuestRightsDesk rights) {
        this.rights = rights;
    }

    private static ObjectReader strict(Class<?> type) {
        return ApiResponses.JSON.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** GET /guests/{id}/export. */
    public void export(Exchange e) {
        long id = ApiParams.id(e, "id");
        String by = ApiAccess.principal(e).name();
        ApiResponses.ok(e, call(() -> rights.export(id, by)));
    }

    /** POST /guests/{id}/rectify {"field": ..., "value": ..., "reason": ...}. */
    public void rectify(Exchange e) {
        long id = ApiParams.id(e, "id");
        Rectify r = DeskApi.read(RECTIFY, e.getMessage().getBody(String.class),
                "{\"field\": \"displayName\", \"value\": \"...\", \"reason\": \"...\"}");
        if (r.field() == null) throw ApiProblem.badInput("$.field", "field is required");
        if (r.reason() == null) throw ApiProblem.badInput("$.reason", "reason is required");
        String by = ApiAccess.principal(e).name();
        ApiResponses.ok(e, call(() -> rights.rectify(id, r.field(), r.value(), r.reason(), by)));
    }

    /** POST /guests/{id}/erase {"reason": ...}. */
    public void erase(Exchange e) {
        long id = ApiParams.id(e, "id");
        Erase body = DeskApi.read(ERASE, e.getMessage().getBody(String.class), "{\"reason\": \"...\"}");
        if (body.reason() == null) throw ApiProblem.badInput("$.reason", "reason is required");
        String by = ApiAccess.principal(e).name();
        GuestRights.Erased erased = call(() -> rights.erase(id, body.reason(), by));
        ApiResponses.ok(e, erased);
    }

    /** The desk refuses with IllegalArgumentException: "no ..." for an unknown profile (404), otherwise bad input. */
    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException x) {
            String m = x.getMessage() == null ? "refused" : x.getMessage();
            if (m.startsWith("no ")) throw ApiProblem.of(404, m);
            String path = m.startsWith("reason") ? "$.reason" : m.startsWith("field") ? "$.field" : "$.value";
            throw ApiProblem.badInput(path, m);
        }
    }
}

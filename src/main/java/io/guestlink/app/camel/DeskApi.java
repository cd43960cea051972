package io.guestlink.app.camel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.pipeline.IdentityDesk;
import org.apache.camel.Exchange;

/**
 * The review queue and merges over HTTP: the same {@link IdentityDesk} calls, with the same rules, as the CLI's
 * {@code review}, {@code decide}, {@code unmerge} and {@code merges}; the person deciding is the signed-in user.
 */
public final class DeskApi {
    /** Body of POST /reviews/{id}/decision. */
    public record Decision(@JsonProperty(value = "decision", required = true) String decision) {
        @JsonCreator
        public Decision {
        }
    }

    public record Decided(long review, String decision, String by) {
    }

    public record Unmerged(long merge, String by) {
    }

    private static final ObjectReader DECISION = ApiResponses.JSON.readerFor(Decision.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final IdentityDesk desk;

    DeskApi(IdentityDesk desk) {
        this.desk = desk;
    }

    /**
     * GET /reviews: the possible duplicates waiting for a person, in the order to work them (grouped per guest), each
     * with both sides' names and masked keys, evidence and reason; the total and the total per reason.
     */
    public void reviews(Exchange e) {
        ApiParams.Paging p = ApiParams.paging(e);
        ApiResponses.ok(e, desk.reviewQueue(p.offset(), p.limit()));
    }

    /** POST /reviews/{id}/decision {"decision": "same" | "distinct"}. */
    public void decide(Exchange e) {
        long id = ApiParams.id(e, "id");
        Decision d = read(e.getMessage().getBody(String.class));
        if (!"same".equals(d.decision()) && !"distinct".equals(d.decision()))
            throw ApiProblem.badInput("$.decision", "decision must be 'same' or 'distinct'");
        String by = ApiAccess.principal(e).name();
        deskCall(() -> desk.decide(id, d.decision().equals("same"), by));
        ApiResponses.ok(e, new Decided(id, d.decision(), by));
    }

    /** POST /merges/{id}/unmerge. */
    public void unmerge(Exchange e) {
        long id = ApiParams.id(e, "id");
        String by = ApiAccess.principal(e).name();
        deskCall(() -> desk.unmerge(id, by));
        ApiResponses.ok(e, new Unmerged(id, by));
    }

    /** GET /guests/{id}/merges: every merge of the profile's cluster with its evidence. */
    public void merges(Exchange e) {
        long id = ApiParams.id(e, "id");
        ApiResponses.ok(e, desk.merges(id));
    }

    /** The desk refuses with IllegalArgumentException: "no ..." for an unknown id, otherwise a state conflict. */
    private static void deskCall(Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException x) {
            String m = x.getMessage() == null ? "refused" : x.getMessage();
            throw ApiProblem.of(m.startsWith("no ") ? 404 : 409, m);
        }
    }

    static Decision read(String body) {
        return read(DECISION, body, "{\"decision\": \"same\"}");
    }

    /** A JSON body read strictly (unknown members, nulls, trailing tokens refused); a bad one is a 400 with its path. */
    static <T> T read(ObjectReader reader, String body, String example) {
        if (body == null || body.isBlank()) throw ApiProblem.badInput("$", "a JSON body is required: " + example);
        try {
            return reader.readValue(body);
        } catch (JsonMappingException x) {
            throw located(ApiProblem.badInput(path(x), "invalid body: " + firstLine(x.getOriginalMessage())), x);
        } catch (JsonProcessingException x) {
            throw located(ApiProblem.badInput("$", "malformed JSON: " + firstLine(x.getOriginalMessage())), x);
        }
    }

    /** The line and column (1-based) in the body where Jackson stopped, when it knows them. */
    private static ApiProblem located(ApiProblem p, JsonProcessingException x) {
        var loc = x.getLocation();
        if (loc != null && loc.getLineNr() > 0) p.with("line", loc.getLineNr()).with("column", loc.getColumnNr());
        return p;
    }

    /** Jackson's reference chain as a JSON path: $.decision, $.items[2].name. */
    private static String path(JsonMappingException x) {
        StringBuilder p = new StringBuilder("$");
        for (JsonMappingException.Reference r : x.getPath()) {
            if (r.getFieldName() != null) p.append('.').append(r.getFieldName());
            else if (r.getIndex() >= 0) p.append('[').append(r.getIndex()).append(']');
        }
        return p.toString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}

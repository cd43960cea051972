package io.guestlink.app.camel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.model.Consent;
import io.guestlink.model.ConsentPurpose;
import io.guestlink.model.ConsentStatement;
import io.guestlink.pipeline.GuestDirectory;
import io.guestlink.store.AuditTrail;
import io.guestlink.store.ConsentRecords;
import io.guestlink.store.Database;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A guest's consent over HTTP: GET /guests/{id}/consent (the current answer per purpose and every statement behind
 * it) and POST /guests/{id}/consent (a statement a person records: a withdrawal at the desk, a signed form), kept
 * with who recorded it and audited in the same transaction.
 */
public final class ConsentApi {
    /** Body of POST /guests/{id}/consent; {@code statedAt} (RFC 3339) defaults to now, {@code source} to "console". */
    public record StatementBody(@JsonProperty(value = "purpose", required = true) String purpose,
                                @JsonProperty(value = "granted", required = true) Boolean granted,
                                @JsonProperty("statedAt") String statedAt,
                                @JsonProperty("evidence") String evidence) {
        @JsonCreator
        public StatementBody {
        }
    }

    /** One statement as shown: purpose code, yes/no, when said, by which system, what shows it, who recorded it. */
    public record Shown(String purpose, boolean granted, Instant statedAt, boolean datedBySource, String source,
                        String evidence, Instant recordedAt, String recordedBy) {
        static Shown of(ConsentRecords.Stored s) {
            return new Shown(s.statement().purpose().code(), s.statement().granted(), s.statement().statedAt(), s.datedBySource(),
                    s.statement().source(), s.statement().evidence(), s.recordedAt(), s.recordedBy());
        }
    }

    /** The current answer per purpose (a purpose no one stated is absent: no consent) and every statement, latest first. */
    public record GuestConsent(long profileId, Map<String, Shown> current, List<Shown> statements) {
    }

    static final int MAX_EVIDENCE = 500;
    private static final ObjectReader BODY = ApiResponses.JSON.readerFor(StatementBody.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Database db;
    private final GuestDirectory directory;

    ConsentApi(Database db, GuestDirectory directory) {
        this.db = db;
        this.directory = directory;
    }

    /** GET /guests/{id}/consent. */
    public void show(Exchange e) {
        long id = ApiParams.id(e, "id");
        List<ConsentRecords.Stored> all = db.inTransaction("reading consent", tx -> ConsentRecords.statements(tx, id));
        if (all.isEmpty() && !exists(id)) throw ApiProblem.of(404, "no guest profile " + id);
        Consent current = Consent.of(all.stream().map(ConsentRecords.Stored::statement).toList());
        Map<String, Shown> byPurpose = new TreeMap<>();
        for (ConsentRecords.Stored s : all) {
            ConsentStatement latest = current.current().get(s.statement().purpose());
            if (latest == s.statement() && !byPurpose.containsKey(latest.purpose().code())) byPurpose.put(latest.purpose().code(), Shown.of(s));
        }
        directory.note(ApiAccess.principal(e).name(), "VIEW_CONSENT", id, "consent", all.size() + " statements");
        ApiResponses.ok(e, new GuestConsent(id, byPurpose, all.stream().map(Shown::of).toList()));
    }

    /** POST /guests/{id}/consent {"purpose": "email", "granted": false, "statedAt"?, "evidence"?}. */
    public void record(Exchange e) {
        long id = ApiParams.id(e, "id");
        StatementBody body = DeskApi.read(BODY, e.getMessage().getBody(String.class),
                "{\"purpose\": \"email\", \"granted\": false, \"evidence\": \"guest asked at the desk\"}");
        ConsentPurpose purpose = ConsentPurpose.of(body.purpose()).orElseThrow(() ->
                ApiProblem.badInput("$.purpose", "purpose must be one of " + ConsentPurpose.codes()));
        if (body.granted() == null) throw ApiProblem.badInput("$.granted", "granted must be true or false");
        Instant at = null;
        if (body.statedAt() != null) {
            try {
                at = OffsetDateTime.parse(body.statedAt().strip()).toInstant();
            } catch (DateTimeParseException x) {
                throw ApiProblem.badInput("$.statedAt", "statedAt must be an RFC 3339 date-time with an offset");
            }
            // a person records what the guest said, never what they will say: a future time would outrank every later answer
            if (at.isAfter(Instant.now().plusSeconds(300))) throw ApiProblem.badInput("$.statedAt", "statedAt is in the future");
        }
        String evidence = body.evidence() == null || body.evidence().isBlank() ? null : body.evidence().strip();
        if (evidence != null && evidence.length() > MAX_EVIDENCE)
            throw ApiProblem.badInput("$.evidence", "evidence is longer than " + MAX_EVIDENCE + " characters").with("limit", MAX_EVIDENCE);
        if (evidence != null && evidence.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' || ch == 0x7f))
            throw ApiProblem.badInput("$.evidence", "evidence holds control characters");
        String by = ApiAccess.principal(e).name();
        ConsentStatement s = new ConsentStatement(purpose, body.granted(), at, null, evidence);
        var stored = db.inTransaction("recording consent", tx -> {
            var r = ConsentRecords.record(tx, id, s, by);
            r.ifPresent(x -> AuditTrail.record(tx, by, "CONSENT", x.profileId(), purpose.code(), body.granted() ? "yes" : "no"));
            return r;
        });
        if (stored.isEmpty()) throw ApiProblem.of(404, "no guest profile " + id);
        ApiResponses.ok(e, Shown.of(stored.get()));
    }

    private boolean exists(long id) {
        return db.inTransaction("reading consent", tx -> ConsentRecords.hasProfile(tx, id));
    }
}

package io.guestlink.app.camel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.alert.BusinessDay;
import io.guestlink.pipeline.AlertWorker;
import io.guestlink.pipeline.BusinessDates;
import io.guestlink.pipeline.GuestDirectory;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Each property's business day over HTTP: the business dates ({@code guestlink business-dates}) and a day's daily
 * rules run by hand ({@code guestlink daily}), through the same {@link AlertWorker}; a run is audited.
 */
public final class DayApi {
    /** One property's business date now, as {@code business-dates} prints it. */
    public record BusinessDate(String property, LocalDate businessDate, String zone, String movedBy, LocalDate lastNightAudit,
                               Instant lastNightAuditAt) {
    }

    /** Body of POST /daily. */
    public record DailyRequest(@JsonProperty(value = "property", required = true) String property,
                               @JsonProperty(value = "date", required = true) String date,
                               @JsonProperty("rule") String rule) {
        @JsonCreator
        public DailyRequest {
        }
    }

    /** What the run did, per rule, as {@code daily} prints it. */
    public record DailyDone(String property, LocalDate date, LocalDate businessDateNow, int staysClosed,
                            List<AlertWorker.DayRun> runs) {
    }

    private static final ObjectReader DAILY = ApiResponses.JSON.readerFor(DailyRequest.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final AlertWorker alerting;
    private final GuestDirectory directory;

    DayApi(AlertWorker alerting, GuestDirectory directory) {
        this.alerting = alerting;
        this.directory = directory;
    }

    /** GET /business-dates. */
    public void businessDates(Exchange e) {
        ApiParams.Paging p = ApiParams.paging(e);
        List<BusinessDate> all = alerting.businessDates().all().stream().map(DayApi::shown).toList();
        ApiResponses.ok(e, OperationsApi.page(all.subList(Math.min(p.offset(), all.size()),
                Math.min(all.size(), p.offset() + p.limit() + 1)), p));
    }

    /** POST /daily {"property": "BKK01", "date": "2026-06-15", "rule": "birthday-week"}. */
    public void daily(Exchange e) {
        DailyRequest r = DeskApi.read(DAILY, e.getMessage().getBody(String.class),
                "{\"property\": \"BKK01\", \"date\": \"2026-06-15\"}");
        if (r.property() == null || r.property().isBlank() || r.property().length() > ApiParams.MAX_TEXT || !r.property().matches("[A-Za-z0-9._-]+"))
            throw ApiProblem.badInput("$.property", "property must be a property code (letters, digits, . _ -)");
        LocalDate date;
        if (r.date() == null) throw ApiProblem.badInput("$.date", "date must be a date YYYY-MM-DD");
        try {
            date = LocalDate.parse(r.date().strip());
        } catch (DateTimeParseException x) {
            throw ApiProblem.badInput("$.date", "date must be a date YYYY-MM-DD");
        }
        if (r.rule() != null && (r.rule().length() > ApiParams.MAX_TEXT || !r.rule().matches("[A-Za-z0-9._:-]+")))
            throw ApiProblem.badInput("$.rule", "rule must be a daily rule's id");
        AlertWorker.Day day;
        try {
            day = alerting.runDay(r.property(), date, r.rule());
        } catch (IllegalArgumentException x) {
            throw ApiProblem.badInput("$.rule", x.getMessage());
        }
        int written = day.runs().stream().mapToInt(AlertWorker.DayRun::written).sum();
        directory.note(ApiAccess.principal(e).name(), "DAILY", null, r.property() + " " + date,
                (r.rule() == null ? "every daily rule" : "rule " + r.rule()) + ": " + written + " alerts written, "
                        + day.staysClosed() + " stays closed");
        ApiResponses.ok(e, new DailyDone(r.property(), date, alerting.businessDate(r.property()), day.staysClosed(), day.runs()));
    }

    private static BusinessDate shown(BusinessDates.Day d) {
        String source = d.source() == BusinessDay.Source.NIGHT_AUDIT && d.audited() == null ? "clock (no night audit yet)"
                : d.source().words();
        return new BusinessDate(d.property(), d.businessDate(), d.zone().getId(), source, d.audited(),
                d.auditAt());
    }
}

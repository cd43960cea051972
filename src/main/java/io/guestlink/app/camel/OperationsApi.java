package io.guestlink.app.camel;

import io.guestlink.model.FieldLimit;
import io.guestlink.pipeline.GuestDirectory;
import io.guestlink.store.AlertOutbox;
import io.guestlink.store.ImportJournal;
import org.apache.camel.Exchange;

import java.util.List;

/**
 * Import runs and alerts over HTTP: what the CLI's {@code runs}, {@code rejects}, {@code alerts} and
 * {@code alert-retry} show and do, from the same journal and outbox.
 */
public final class OperationsApi {
    /** One rejected row: line, field, value and reason, as {@code guestlink rejects} prints them (no raw text). */
    public record Reject(long line, String field, String value, String reason) {
    }

    public record Retried(String alert, String channel, int deliveriesDue) {
    }

    private final ImportJournal journal;
    private final AlertOutbox outbox;
    private final GuestDirectory directory;

    OperationsApi(ImportJournal journal, AlertOutbox outbox, GuestDirectory directory) {
        this.journal = journal;
        this.outbox = outbox;
        this.directory = directory;
    }

    /** GET /runs: import runs, newest first, with their counts. */
    public void runs(Exchange e) {
        ApiParams.Paging p = ApiParams.paging(e);
        List<ImportJournal.FileSummary> rows = journal.runs(p.offset(), p.limit() + 1);
        ApiResponses.ok(e, page(rows, p));
    }

    /** GET /runs/{id}/rejects. */
    public void rejects(Exchange e) {
        long run = ApiParams.id(e, "id");
        if (journal.run(run).isEmpty()) throw ApiProblem.of(404, "no import run " + run);
        ApiParams.Paging p = ApiParams.paging(e);
        List<Reject> rows = journal.rows(run, "REJECTED", p.offset(), p.limit() + 1).stream()
                .map(r -> new Reject(r.line(), r.field(), r.value(), r.reason())).toList();
        ApiResponses.ok(e, page(rows, p));
    }

    /** GET /alerts: alerts newest first with each channel's delivery status. */
    public void alerts(Exchange e) {
        ApiParams.Paging p = ApiParams.paging(e);
        ApiResponses.ok(e, page(outbox.recent(p.offset(), p.limit() + 1), p));
    }

    /** POST /alerts/{id}/retry[?channel=]: its undelivered deliveries due now. */
    public void retry(Exchange e) {
        String alert = ApiParams.stored(ApiParams.key(e, "id"), "id", FieldLimit.AUDIT_TARGET);
        String channel = ApiParams.stored(ApiParams.text(e, "channel"), "channel", FieldLimit.AUDIT_DETAIL);
        int due = outbox.retry(alert, channel);
        directory.note(ApiAccess.principal(e).name(), "ALERT_RETRY", null, alert,
                due + " deliveries due" + (channel == null ? "" : " on " + channel));
        ApiResponses.ok(e, new Retried(alert, channel, due));
    }

    /** The first {@code limit} of rows read one past the page, and whether more follow. */
    static <T> GuestDirectory.Page<T> page(List<T> rowsPlusOne, ApiParams.Paging p) {
        return new GuestDirectory.Page<>(rowsPlusOne.subList(0, Math.min(p.limit(), rowsPlusOne.size())), p.offset(),
                p.limit(), rowsPlusOne.size() > p.limit());
    }
}

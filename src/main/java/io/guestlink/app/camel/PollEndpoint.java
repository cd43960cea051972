package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.poll.LegacyPools;
import io.guestlink.ingest.poll.PollQuery;
import io.guestlink.pipeline.LogContext;
import io.guestlink.pipeline.PollImporter;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.sql.SqlConstants;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Camel side of a database feed's poll (routes/database-poll.camel.yaml): puts the generated SQL and its
 * watermark parameter on the exchange for camel-sql, hands the streamed rows to {@link PollImporter}, and in flag mode
 * runs the feed's onConsume statement through camel-sql for each stored batch.
 */
public final class PollEndpoint {
    private final GuestLink app;

    public PollEndpoint(GuestLink app) {
        this.app = app;
    }

    /** The statement that reads the legacy database's clock (epoch seconds). */
    public void clockQuery(Exchange exchange) {
        String sql = LegacyPools.clockQuery(app.legacyPools().url(feed(exchange).config().id()));
        exchange.getIn().setHeader(SqlConstants.SQL_QUERY, sql == null ? "SELECT NULL" : sql);
    }

    /** The windowed, ordered query for this poll, with its watermark parameter in a header. */
    public void prepare(Exchange exchange) {
        RecordMapper feed = feed(exchange);
        PollQuery q = app.poller().query(feed.config(), databaseNow(exchange, feed));
        exchange.getIn().setHeader(SqlConstants.SQL_QUERY, q.sql());
        exchange.getIn().setHeader(Headers.POLL_FROM, q.from());
    }

    /** Imports the streamed rows; in flag mode each stored batch is then marked processed with onConsume. */
    @SuppressWarnings("unchecked")
    public void importRows(Exchange exchange) {
        RecordMapper feed = feed(exchange);
        Object body = exchange.getIn().getBody();
        Iterator<Map<String, Object>> rows = body instanceof Iterator<?> it ? (Iterator<Map<String, Object>>) it
                : body instanceof List<?> l ? ((List<Map<String, Object>>) l).iterator() : java.util.Collections.emptyIterator();
        String onConsume = feed.config().poll().flagMode() ? feed.config().poll().onConsume() : null;
        ProducerTemplate producer = onConsume == null ? null : exchange.getContext().createProducerTemplate();
        try {
            PollImporter.PollResult result = app.poller().importRows(feed, rows, databaseNow(exchange, feed), batch -> {
                // camel-sql's batch mode runs the statement once per row, its :#column parameters taken from the row
                if (producer != null) producer.sendBodyAndHeader("sql:onConsume?batch=true&dataSource=#legacy-"
                        + feed.config().id() + "-write", batch, SqlConstants.SQL_QUERY, onConsume);
            }, () -> exchange.getContext().isStopping());
            exchange.getIn().setHeader(Headers.POLL_RESULT, result);
            exchange.getIn().setBody(null);
            app.operations().pollSucceeded(feed.config().id());
        } finally {
            if (producer != null) {
                try {
                    producer.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    /** Keeps why the poll failed where `guestlink polls` shows it, and tells the operators (operational alert). */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String source = exchange.getIn().getHeader(Headers.SOURCE, String.class);
        if (e != null && source != null) {
            try (LogContext.Scope log = LogContext.feed(source)) {
                app.poller().failed(source, e);
            }
        }
        if (source != null) {
            Throwable root = e;
            while (root != null && root.getCause() != null && root.getCause() != root) root = root.getCause();
            // the root cause says what the legacy database answered (table missing, access denied, connection refused)
            app.operations().pollFailed(source, root == null ? null : root.getClass().getSimpleName(),
                    root == null ? null : root.getMessage());
        }
    }

    private RecordMapper feed(Exchange exchange) {
        return app.feed(exchange.getIn().getHeader(Headers.SOURCE, String.class));
    }

    /** The legacy database's clock as a local date-time in the property's time zone (watermark columns are local). */
    private static LocalDateTime databaseNow(Exchange exchange, RecordMapper feed) {
        Object v = exchange.getIn().getHeader(Headers.DB_CLOCK);
        if (v == null) return null;
        BigDecimal epoch = v instanceof BigDecimal b ? b : new BigDecimal(v.toString());
        long seconds = epoch.longValue();
        int nanos = epoch.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).intValue();
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos), feed.config().timeZone());
    }
}

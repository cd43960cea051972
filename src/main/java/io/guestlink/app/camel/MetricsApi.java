package io.guestlink.app.camel;

import io.guestlink.store.Database;
import io.guestlink.store.OperationsCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

import java.time.Duration;
import java.util.Collection;
import java.util.function.ToDoubleFunction;

/**
 * Metrics in Prometheus text format (GET /metrics): Camel's route metrics (camel-micrometer's route policy) and
 * GuestLink's own, read from the store at most every {@link #FRESH} so frequent scrapes cost one small read.
 */
public final class MetricsApi {
    static final Duration FRESH = Duration.ofSeconds(5);

    private final Database db;
    private OperationsCounts.Snapshot last = OperationsCounts.Snapshot.EMPTY;
    private long readAt;

    MetricsApi(Database db) {
        this.db = db;
    }

    /** GET /metrics. */
    public void scrape(Exchange e) {
        ApiResponses.text(e, 200, "text/plain; version=0.0.4", registry(e.getContext()).scrape());
    }

    static PrometheusMeterRegistry registry(CamelContext camel) {
        PrometheusMeterRegistry r = camel.getRegistry().findSingleByType(PrometheusMeterRegistry.class);
        if (r == null) throw new IllegalStateException("no Prometheus registry: camel.metrics.enabled is off");
        return r;
    }

    /** GuestLink's meters on Camel's registry: queue depths, outbox backlog per channel, rows per feed. */
    void register(MeterRegistry registry, Collection<String> feeds, Collection<String> channels) {
        gauge(registry, "guestlink.link.queue.depth", "profiles waiting for identity linking", s -> s.linkQueue());
        gauge(registry, "guestlink.memory.queue.depth", "guest-memory requests waiting", s -> s.memoryQueue());
        gauge(registry, "guestlink.review.queue.depth", "possible duplicates waiting for a person", s -> s.openReviews());
        for (String channel : channels)
            Gauge.builder("guestlink.outbox.backlog", this, m -> m.snapshot().outboxBacklog().getOrDefault(channel, 0L))
                    .description("alert deliveries not yet delivered (waiting or given up)").tag("channel", channel)
                    .register(registry);
        for (String feed : feeds) {
            FunctionCounter.builder("guestlink.rows.imported", this, m -> rows(m, feed, 0))
                    .description("rows imported or updated, every run of the feed").tag("feed", feed).register(registry);
            FunctionCounter.builder("guestlink.rows.rejected", this, m -> rows(m, feed, 1))
                    .description("rows rejected, every run of the feed").tag("feed", feed).register(registry);
        }
    }

    private static double rows(MetricsApi m, String feed, int which) {
        long[] r = m.snapshot().rows().get(feed);
        return r == null ? 0 : r[which];
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<OperationsCounts.Snapshot> f) {
        Gauge.builder(name, this, m -> f.applyAsDouble(m.snapshot())).description(description).register(registry);
    }

    /** The last read if fresh, else a new one; a store that cannot be read keeps the last numbers. */
    synchronized OperationsCounts.Snapshot snapshot() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > FRESH.toNanos()) {
            try {
                last = OperationsCounts.read(db);
            } catch (RuntimeException x) {
                // the readiness check reports the store; a scrape still answers with the numbers it has
            }
            readAt = now;
        }
        return last;
    }
}

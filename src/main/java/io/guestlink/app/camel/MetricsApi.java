package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.pipeline.ImportProgress;
import io.guestlink.store.OperationsCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Metrics in Prometheus text format (GET /metrics): Camel's route metrics (camel-micrometer's route policy) and
 * GuestLink's own (every name and label in docs/operations.md, "Health and metrics"). What needs the store or the
 * broker is read together, at most every {@link #FRESH}, by whoever asks first (a scrape, a readiness probe): one
 * short read however many gauges and scrapes there are. What happens at the edge (HL7 ACKs sent, alert deliveries
 * failed, alert latencies) is counted in memory as it happens. Labels carry feed, channel, queue and ACK code names
 * only, never anything of a guest.
 */
public final class MetricsApi {
    static final Duration FRESH = Duration.ofSeconds(5);
    /** The alert latency histogram's buckets. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofMinutes(15)};

    /** What the store and the broker said at one moment. */
    record Reading(OperationsCounts.Snapshot store, Map<String, Long> deadLetters) {
        static final Reading EMPTY = new Reading(OperationsCounts.Snapshot.EMPTY, Map.of());
    }

    private final GuestLink app;
    private final DeadLetters deadLetters;
    private final Map<String, LongAdder> acks = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> deliveryFailures = new ConcurrentHashMap<>();
    private final Map<String, Timer> delivered = new ConcurrentHashMap<>();
    private volatile Timer written;
    private Reading last = Reading.EMPTY;
    private long readAt;

    MetricsApi(GuestLink app, Broker broker) {
        this.app = app;
        this.deadLetters = DeadLetters.of(app, broker);
        for (String code : List.of("AA", "AE", "AR")) acks.put(code, new LongAdder());
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

    // ---- counted at the edge, as it happens ---------------------------------------------------------------------

    /** The MLLP listener answered with this acknowledgement code (AA, AE, AR). */
    void ackSent(String code) {
        acks.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** One delivery attempt on the channel failed (it is retried, or given up). */
    void deliveryFailed(String channel) {
        deliveryFailures.computeIfAbsent(channel, c -> new LongAdder()).increment();
    }

    /** A guest event received at {@code receivedAt} (the intake's exchange) wrote its alerts now. */
    void alertsWritten(Instant receivedAt) {
        Timer t = written;
        if (t != null && receivedAt != null) t.record(positive(Duration.between(receivedAt, Instant.now())));
    }

    /** An alert written at {@code createdAt} was delivered on the channel now. */
    void alertDelivered(String channel, Instant createdAt) {
        Timer t = delivered.get(channel);
        if (t != null && createdAt != null) t.record(positive(Duration.between(createdAt, Instant.now())));
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    // ---- the meters ---------------------------------------------------------------------------------------------

    /** GuestLink's meters on Camel's registry, for these feeds and alert channels. */
    void register(MeterRegistry registry, Collection<String> feeds, Collection<String> channels) {
        gauge(registry, "guestlink.link.queue.depth", "profiles waiting for identity linking", r -> r.store().linkQueue());
        gauge(registry, "guestlink.memory.queue.depth", "guest-memory requests waiting", r -> r.store().memoryQueue());
        gauge(registry, "guestlink.review.queue.depth", "possible duplicates waiting for a person", r -> r.store().openReviews());
        for (String channel : channels) {
            Gauge.builder("guestlink.outbox.backlog", this, m -> m.reading().store().outboxBacklog().getOrDefault(channel, 0L))
                    .description("alert deliveries not yet delivered (waiting or given up)").tag("channel", channel)
                    .register(registry);
            LongAdder failures = deliveryFailures.computeIfAbsent(channel, c -> new LongAdder());
            FunctionCounter.builder("guestlink.alert.delivery.failures", failures, LongAdder::doubleValue)
                    .description("alert delivery attempts that failed (each is retried after the backoff, or given up)")
                    .tag("channel", channel).register(registry);
            delivered.put(channel, Timer.builder("guestlink.alert.delivered")
                    .description("from an alert written to its delivery on the channel")
                    .serviceLevelObjectives(LATENCY_BUCKETS).tag("channel", channel).register(registry));
        }
        written = Timer.builder("guestlink.alert.written")
                .description("from a guest event received (MLLP, broker) to its alerts written to the outbox (fast path)")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        for (String queue : deadLetters.queues())
            Gauge.builder("guestlink.dead.letter.depth", this, m -> m.reading().deadLetters().getOrDefault(queue, 0L))
                    .description("messages waiting in the dead-letter queue").tag("queue", queue).register(registry);
        acks.forEach((code, n) -> ackCounter(registry, code, n));
        for (String feed : feeds) {
            FunctionCounter.builder("guestlink.rows.imported", this, m -> rows(m, feed, 0))
                    .description("rows imported or updated, every run of the feed").tag("feed", feed).register(registry);
            FunctionCounter.builder("guestlink.rows.rejected", this, m -> rows(m, feed, 1))
                    .description("rows rejected, every run of the feed").tag("feed", feed).register(registry);
            ImportProgress progress = app.progress();
            Gauge.builder("guestlink.import.rows", progress, p -> p.ofFeed(feed).map(ImportProgress.Running::rowsSoFar).orElse(0L))
                    .description("rows so far of the feed's running import (0: none running)").tag("feed", feed).register(registry);
            Gauge.builder("guestlink.import.rows.per.second", progress,
                            p -> p.ofFeed(feed).map(ImportProgress.Running::rowsPerSecond).orElse(0.0))
                    .description("rows per second of the feed's running import (0: none running)").tag("feed", feed).register(registry);
            Gauge.builder("guestlink.feed.failing", this, m -> m.failing(feed) ? 1 : 0)
                    .description("1 while the feed's last poll failed, or its latest file failed").tag("feed", feed).register(registry);
            RecordMapper mapper = app.feeds().get(feed);
            if (mapper != null && mapper.config().isDatabaseFeed() && app.legacyPools().polls(feed)) {
                Gauge.builder("guestlink.poll.lag.seconds", this,
                                m -> Duration.between(m.app.poller().lastSucceeded(feed), Instant.now()).toMillis() / 1000.0)
                        .description("seconds since the feed's last successful poll (since start-up before the first)")
                        .tag("feed", feed).register(registry);
                Gauge.builder("guestlink.poll.watermark.age.seconds", this, m -> m.watermarkAge(feed, mapper))
                        .description("now minus the feed's watermark, when its watermark is a time (NaN otherwise)")
                        .tag("feed", feed).register(registry);
            }
        }
    }

    private static void ackCounter(MeterRegistry registry, String code, LongAdder n) {
        FunctionCounter.builder("guestlink.hl7.acks", n, LongAdder::doubleValue)
                .description("HL7 acknowledgements the MLLP listener sent, by code").tag("code", code).register(registry);
    }

    /** Whether the feed's last poll failed or its latest file failed (as of the last reading). */
    boolean failing(String feed) {
        OperationsCounts.Snapshot s = reading().store();
        return s.pollErrors().contains(feed) || s.failedFiles().contains(feed);
    }

    private double watermarkAge(String feed, RecordMapper mapper) {
        String mark = reading().store().watermarks().get(feed);
        if (mark == null) return Double.NaN;
        LocalDateTime at;
        try {
            at = mark.length() == 10 ? LocalDate.parse(mark).atStartOfDay() : LocalDateTime.parse(mark);
        } catch (DateTimeParseException notATime) {
            return Double.NaN; // a numeric watermark (a row version) says nothing about time
        }
        return Duration.between(at.atZone(mapper.config().timeZone()).toInstant(), Instant.now()).toMillis() / 1000.0;
    }

    private static double rows(MetricsApi m, String feed, int which) {
        long[] r = m.reading().store().rows().get(feed);
        return r == null ? 0 : r[which];
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Reading> f) {
        Gauge.builder(name, this, m -> f.applyAsDouble(m.reading())).description(description).register(registry);
    }

    /** The last reading if fresh, else a new one; a store or broker that cannot be read keeps the last numbers. */
    synchronized Reading reading() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt > FRESH.toNanos()) {
            OperationsCounts.Snapshot store = last.store();
            try {
                store = OperationsCounts.read(app.database());
            } catch (RuntimeException x) {
                // the readiness check reports the store; a scrape still answers with the numbers it has
            }
            Map<String, Long> dlq = new java.util.HashMap<>(last.deadLetters());
            dlq.putAll(deadLetters.depths());
            last = new Reading(store, Map.copyOf(dlq));
            readAt = now;
        }
        return last;
    }
}

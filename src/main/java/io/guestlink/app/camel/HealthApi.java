package io.guestlink.app.camel;

import io.guestlink.store.Database;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.guestlink.config.Settings;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Liveness and readiness over HTTP (GET /health/live, /health/ready; no credentials, no personal data: check names
 * and states, and for GuestLink's own checks the reason when DOWN, made of feed, channel and queue names and
 * counts), answered from Camel's health-check registry: Camel's own checks (context, routes, consumers: the MLLP
 * listener when it runs, each feed's poller) plus GuestLink's database, broker, backlog and feed checks registered
 * here.
 */
public final class HealthApi {
    /** @param detail why a GuestLink check is DOWN (absent otherwise, and for Camel's checks, whose texts may quote data) */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Check(String name, String state, String detail) {
    }

    public record Health(String status, List<Check> checks) {
    }

    /** The group of GuestLink's own checks (guestlink:database ...). */
    static final String GROUP = "guestlink";

    /** GET /health/live: the process is running and Camel has not failed (200), else 503. */
    public void live(Exchange e) {
        answer(e, invoke(e, true));
    }

    /** GET /health/ready: the store, the broker and the routes can do their work (200), else 503. */
    public void ready(Exchange e) {
        answer(e, invoke(e, false));
    }

    /** Every enabled check of the registry of that kind, called now. */
    private static Collection<HealthCheck.Result> invoke(Exchange e, boolean liveness) {
        List<HealthCheck.Result> out = new ArrayList<>();
        HealthCheckRegistry.get(e.getContext()).stream()
                .filter(HealthCheck::isEnabled)
                .filter(c -> liveness ? c.isLiveness() : c.isReadiness())
                .forEach(c -> out.add(liveness ? c.callLiveness() : c.callReadiness()));
        return out;
    }

    private static void answer(Exchange e, Collection<HealthCheck.Result> results) {
        List<Check> checks = new ArrayList<>();
        boolean up = true;
        for (HealthCheck.Result r : results) {
            boolean ours = GROUP.equals(r.getCheck().getGroup());
            checks.add(new Check(r.getCheck().getGroup() == null ? r.getCheck().getId()
                    : r.getCheck().getGroup() + ":" + r.getCheck().getId(), r.getState().name(),
                    ours && r.getState() == HealthCheck.State.DOWN ? r.getMessage().orElse(null) : null));
            if (r.getState() == HealthCheck.State.DOWN) up = false;
        }
        checks.sort(java.util.Comparator.comparing(Check::name));
        ApiResponses.text(e, up ? 200 : 503, "application/json", ApiResponses.json(new Health(up ? "UP" : "DOWN", checks)));
    }

    /** The profile store answers a validity check within two seconds. */
    static final class DatabaseCheck extends AbstractHealthCheck {
        private final Database db;

        DatabaseCheck(Database db) {
            super("guestlink", "database");
            this.db = db;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection c = db.connection()) {
                if (c.isValid(2)) builder.up();
                else builder.down().message("the profile store did not answer in time");
            } catch (Exception x) {
                builder.down().message("the profile store is unreachable");
            }
        }
    }

    /** The embedded broker runs, or a connection to the external one opens within two seconds. */
    static final class BrokerCheck extends AbstractHealthCheck {
        private final Broker broker;

        BrokerCheck(Broker broker) {
            super("guestlink", "broker");
            this.broker = broker;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (broker.embedded() != null) {
                if (broker.embedded().isStarted() && !broker.embedded().isStopping()) builder.up();
                else builder.down().message("the embedded broker is not running");
                return;
            }
            // a failover: URL blocks while no broker answers: the probe waits two seconds at most
            try {
                CompletableFuture.runAsync(() -> {
                    try {
                        broker.connectionFactory().createConnection().close();
                    } catch (Exception x) {
                        throw new IllegalStateException(x);
                    }
                }).get(2, TimeUnit.SECONDS);
                builder.up();
            } catch (Exception x) {
                builder.down().message("the broker is unreachable");
            }
        }
    }

    /**
     * Work waiting beyond what the node should carry (guestlink.health.*): the link and memory queues, each channel's
     * outbox backlog, each dead-letter queue. Read from the metrics' cached reading (at most a few seconds old).
     */
    static final class BacklogCheck extends AbstractHealthCheck {
        private final java.util.function.Supplier<MetricsApi.Reading> metrics;
        private final java.util.function.BooleanSupplier bulkLoading;
        private final long linkMax;
        private final long memoryMax;
        private final long outboxMax;
        private final long deadLetterMax;

        /**
         * @param bulkLoading whether a bulk load runs: the identity worker and guest memory leave its queue rows for
         *                    after it on purpose, so the link and memory queues are not held against their limits
         *                    meanwhile (a night's file would otherwise take the node out of rotation while it imports)
         */
        BacklogCheck(java.util.function.Supplier<MetricsApi.Reading> metrics, java.util.function.BooleanSupplier bulkLoading, Settings s) {
            super(GROUP, "backlog");
            this.metrics = metrics;
            this.bulkLoading = bulkLoading;
            this.linkMax = s.getInt(Settings.HEALTH_LINK_QUEUE_MAX);
            this.memoryMax = s.getInt(Settings.HEALTH_MEMORY_QUEUE_MAX);
            this.outboxMax = s.getInt(Settings.HEALTH_OUTBOX_MAX);
            this.deadLetterMax = s.getInt(Settings.HEALTH_DEAD_LETTER_MAX);
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            MetricsApi.Reading r = metrics.get();
            List<String> over = new ArrayList<>();
            boolean loading = bulkLoading.getAsBoolean();
            if (loading) builder.detail("bulk load", "running: linking and guest memory wait for its end");
            over(over, builder, "link queue", r.store().linkQueue(), loading ? Long.MAX_VALUE : linkMax, Settings.HEALTH_LINK_QUEUE_MAX);
            over(over, builder, "memory queue", r.store().memoryQueue(), loading ? Long.MAX_VALUE : memoryMax, Settings.HEALTH_MEMORY_QUEUE_MAX);
            new java.util.TreeMap<>(r.store().outboxBacklog()).forEach((channel, n) ->
                    over(over, builder, "outbox of channel " + channel, n, outboxMax, Settings.HEALTH_OUTBOX_MAX));
            new java.util.TreeMap<>(r.deadLetters()).forEach((queue, n) ->
                    over(over, builder, "dead-letter queue " + queue, n, deadLetterMax, Settings.HEALTH_DEAD_LETTER_MAX));
            if (over.isEmpty()) builder.up();
            else builder.down().message(String.join("; ", over));
        }

        private static void over(List<String> out, HealthCheckResultBuilder builder, String what, long n, long max, io.guestlink.config.Setting key) {
            builder.detail(what, n);
            if (n > max) out.add(what + ": " + n + " waiting, over " + key.key() + " = " + max);
        }
    }

    /**
     * Each feed's last error (guestlink.health.feed-errors): a database feed whose last poll failed (until a poll goes
     * through), a file feed whose latest file failed (until one imports). The reason names the feeds; what went
     * wrong is in `polls`, `runs` and the API, not here.
     */
    static final class FeedsCheck extends AbstractHealthCheck {
        private final MetricsApi metrics;
        private final Collection<String> feeds;

        FeedsCheck(MetricsApi metrics, Collection<String> feeds) {
            super(GROUP, "feeds");
            this.metrics = metrics;
            this.feeds = List.copyOf(new java.util.TreeSet<>(feeds));
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            MetricsApi.Reading r = metrics.reading();
            List<String> polls = feeds.stream().filter(f -> r.store().pollErrors().contains(f)).toList();
            List<String> files = feeds.stream().filter(f -> r.store().failedFiles().contains(f)).toList();
            if (polls.isEmpty() && files.isEmpty()) {
                builder.up();
                return;
            }
            List<String> why = new ArrayList<>();
            if (!polls.isEmpty()) why.add("last poll failed: " + String.join(", ", polls) + " (guestlink polls)");
            if (!files.isEmpty()) why.add("latest file failed: " + String.join(", ", files) + " (guestlink runs)");
            builder.detail("failing", String.join(",", polls) + (polls.isEmpty() || files.isEmpty() ? "" : ",") + String.join(",", files));
            builder.down().message(String.join("; ", why));
        }
    }
}

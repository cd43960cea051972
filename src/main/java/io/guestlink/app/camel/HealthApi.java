package io.guestlink.app.camel;

import io.guestlink.store.Database;
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
 * and states only), answered from Camel's health-check registry: Camel's own checks (context, routes, consumers: the
 * MLLP listener when it runs, each feed's poller) plus GuestLink's database and broker checks registered here.
 */
public final class HealthApi {
    public record Check(String name, String state) {
    }

    public record Health(String status, List<Check> checks) {
    }

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
            checks.add(new Check(r.getCheck().getGroup() == null ? r.getCheck().getId()
                    : r.getCheck().getGroup() + ":" + r.getCheck().getId(), r.getState().name()));
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
}

package io.guestlink.app.camel;

import io.guestlink.config.Settings;
import io.guestlink.store.OperationsCounts;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness and the workers' queues: over its limit a link or memory queue takes the node out of rotation, except
 * while a bulk load runs, when the identity worker and guest memory leave the load's rows for after it on purpose (a
 * night's file would otherwise make the node unready for as long as it imports). Undelivered alerts and dead letters
 * count whatever runs.
 */
class BacklogCheckTest {
    final Settings defaults = Settings.load(null, Map.of(), Map.of()); // 10,000 queued, 1,000 undelivered, 100 dead letters
    final AtomicBoolean loading = new AtomicBoolean();

    static MetricsApi.Reading reading(long links, long memory, long undelivered, long deadLetters) {
        return new MetricsApi.Reading(new OperationsCounts.Snapshot(links, memory, 0, Map.of("floor", undelivered), Map.of(),
                Map.of(), Set.of(), Set.of()), Map.of("guestlink.events.DLQ", deadLetters));
    }

    HealthCheck.Result check(MetricsApi.Reading reading) {
        return new HealthApi.BacklogCheck(() -> reading, loading::get, defaults).call();
    }

    @Test
    void queuesOverTheirLimitsAreDownOnlyWhenNoBulkLoadRuns() {
        MetricsApi.Reading night = reading(50_000, 60_000, 0, 0);

        loading.set(true);
        HealthCheck.Result during = check(night);
        assertThat(during.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(during.getDetails()).containsEntry("link queue", 50_000L).containsEntry("memory queue", 60_000L)
                .containsKey("bulk load");

        loading.set(false);
        HealthCheck.Result after = check(night);
        assertThat(after.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(after.getMessage().orElseThrow()).contains("link queue: 50000 waiting, over guestlink.health.link-queue-max = 10000")
                .contains("memory queue: 60000 waiting, over guestlink.health.memory-queue-max = 10000");
        assertThat(after.getDetails()).doesNotContainKey("bulk load");
        assertThat(check(reading(10_000, 10_000, 0, 0)).getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void undeliveredAlertsAndDeadLettersAreDownEvenDuringABulkLoad() {
        loading.set(true);
        HealthCheck.Result r = check(reading(0, 0, 1_001, 101));
        assertThat(r.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(r.getMessage().orElseThrow()).contains("outbox of channel floor: 1001 waiting, over guestlink.health.outbox-max = 1000")
                .contains("dead-letter queue guestlink.events.DLQ: 101 waiting, over guestlink.health.dead-letter-max = 100");
    }
}

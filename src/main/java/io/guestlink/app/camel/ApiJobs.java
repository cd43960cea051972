package io.guestlink.app.camel;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Long work asked for over HTTP (replay, dedup, memory rebuild) runs here, one job at a time on a thread of Camel's
 * (stopped with Camel), never on the server's request threads: the call answers 202 with the job at once, and
 * {@code GET /api/v1/jobs/{id}} shows it. Jobs are this process's memory: the last {@link #KEPT} are kept, and a
 * restart forgets them (what they did is in the journal and the audit trail).
 */
final class ApiJobs {
    private static final Logger LOG = LoggerFactory.getLogger(ApiJobs.class);
    static final int KEPT = 200;

    /** A job as shown: QUEUED, RUNNING, DONE or FAILED, with what it did or why it failed. */
    public record Job(long id, String kind, String target, String by, String status, Instant queuedAt, Instant startedAt,
                      Instant finishedAt, String result, String error) {
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Job> jobs = new ConcurrentSkipListMap<>();
    private volatile ExecutorService executor;

    /** Queues {@code work} (its result is a sentence for the operator); the job as queued. */
    Job submit(CamelContext camel, String kind, String target, String by, Supplier<String> work) {
        long id = ids.incrementAndGet();
        Job queued = new Job(id, kind, target, by, "QUEUED", Instant.now(), null, null, null, null);
        jobs.put(id, queued);
        while (jobs.size() > KEPT) jobs.remove(((ConcurrentSkipListMap<Long, Job>) jobs).firstKey());
        executor(camel).submit(() -> {
            Instant started = Instant.now();
            jobs.computeIfPresent(id, (k, j) -> new Job(id, kind, target, by, "RUNNING", j.queuedAt(), started, null, null, null));
            try {
                String result = work.get();
                jobs.computeIfPresent(id, (k, j) -> new Job(id, kind, target, by, "DONE", j.queuedAt(), started,
                        Instant.now(), result, null));
            } catch (RuntimeException e) {
                // the message names what failed (a feed, a run), not a guest's value
                LOG.warn("api job {} ({}) failed: {}: {}", id, kind, e.getClass().getSimpleName(), e.getMessage());
                jobs.computeIfPresent(id, (k, j) -> new Job(id, kind, target, by, "FAILED", j.queuedAt(), started,
                        Instant.now(), null, "the job failed; the server log has the reason"));
            }
        });
        return queued;
    }

    Optional<Job> get(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private ExecutorService executor(CamelContext camel) {
        ExecutorService e = executor;
        if (e != null) return e;
        synchronized (this) {
            if (executor == null) executor = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "api-jobs");
            return executor;
        }
    }
}

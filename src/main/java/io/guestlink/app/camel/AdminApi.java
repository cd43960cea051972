package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.GuestDirectory;
import org.apache.camel.Exchange;

/**
 * Whole-store work an administrator asks for over HTTP, as {@code guestlink dedup} and {@code memory-rebuild}: it
 * runs in the background (202 with the job to poll at GET /api/v1/jobs/{id}); the call and, when it ends, its result
 * are audited.
 */
public final class AdminApi {
    private final GuestLink app;
    private final GuestDirectory directory;
    private final ApiJobs jobs;

    AdminApi(GuestLink app, GuestDirectory directory, ApiJobs jobs) {
        this.app = app;
        this.directory = directory;
        this.jobs = jobs;
    }

    /** POST /dedup: the whole store deduplicated with the current thresholds. */
    public void dedup(Exchange e) {
        start(e, "dedup", "DEDUP", () -> app.desk().dedupAll().toString());
    }

    /** POST /memory-rebuild: every live profile's guest memory recomputed. */
    public void memoryRebuild(Exchange e) {
        start(e, "memory-rebuild", "MEMORY_REBUILD", () -> {
            long t = System.nanoTime();
            int n = app.remembering().rebuildAll();
            return String.format(java.util.Locale.ROOT, "guest memory rebuilt for %d live profiles in %.1f s", n,
                    (System.nanoTime() - t) / 1e9);
        });
    }

    private void start(Exchange e, String kind, String action, java.util.function.Supplier<String> work) {
        String by = ApiAccess.principal(e).name();
        ApiJobs.Job job = jobs.submit(e.getContext(), kind, "store", by, () -> {
            String result = work.get();
            directory.note(by, action, null, "job", "done: " + (result.length() > 400 ? result.substring(0, 400) : result));
            return result;
        });
        directory.note(by, action, null, "job " + job.id(), "started");
        ApiResponses.accepted(e, job);
    }
}

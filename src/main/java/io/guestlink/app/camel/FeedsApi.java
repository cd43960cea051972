package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.config.ConfigurationException;
import io.guestlink.config.Settings;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.pipeline.FeedBoard;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.pipeline.GuestDirectory;
import io.guestlink.store.ImportJournal;
import org.apache.camel.Exchange;

import java.nio.file.Path;

/**
 * Feeds and import runs over HTTP: each feed's state, a run with its progress, and what the CLI's {@code replay},
 * {@code resync} do, plus one rejected row re-mapped with the feed's current mapping. A feed is named by its
 * configured id and looked up among the configured feeds only (an unknown name is a 404, a name that is no
 * identifier a 400): no file is ever opened by a name a caller sent. Every change is audited.
 */
public final class FeedsApi {
    /** Answer of POST /feeds/{name}/replay: the replay's run (poll GET /runs/{run}) and its job. */
    public record ReplayStarted(String feed, long run, long job, String status, String progress) {
    }

    public record Resynced(String feed, String detail) {
    }

    private final GuestLink app;
    private final FeedBoard board;
    private final GuestDirectory directory;
    private final ApiJobs jobs;

    FeedsApi(GuestLink app, GuestDirectory directory, ApiJobs jobs) {
        this.app = app;
        this.board = app.feedBoard();
        this.directory = directory;
        this.jobs = jobs;
    }

    /** GET /feeds: every feed with its state. */
    public void feeds(Exchange e) {
        ApiParams.Paging p = ApiParams.paging(e);
        var all = board.all();
        ApiResponses.ok(e, OperationsApi.page(all.subList(Math.min(p.offset(), all.size()),
                Math.min(all.size(), p.offset() + p.limit() + 1)), p));
    }

    /** GET /feeds/{name}. */
    public void feed(Exchange e) {
        String name = name(e);
        ApiResponses.ok(e, board.feed(name).orElseThrow(() -> ApiProblem.of(404, "no feed '" + name + "'")));
    }

    /** POST /feeds/{name}/replay: 202 with the run; the rows are replayed in the background. */
    public void replay(Exchange e) {
        String name = fileOrPollFeed(e, "replay");
        RecordMapper mapper = currentMapping(name);
        FileImporter.ReplayRun run = app.importer().startReplay(mapper);
        String by = ApiAccess.principal(e).name();
        Path rejects = app.settings().path(Settings.INBOX_DIR).resolve(".replay").resolve(name + "-" + run.id() + ".rejects.csv");
        ApiJobs.Job job = jobs.submit(e.getContext(), "replay", name, by, () -> {
            try {
                java.nio.file.Files.createDirectories(rejects.getParent());
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException("cannot create " + rejects.getParent(), x);
            }
            return app.importer().replay(mapper, run, rejects).toString();
        });
        directory.note(by, "REPLAY", null, name, "run " + run.id());
        ApiResponses.accepted(e, new ReplayStarted(name, run.id(), job.id(), "RUNNING", "/api/v1/runs/" + run.id()));
    }

    /** POST /feeds/{name}/resync: a database feed's next poll reads its whole table again. */
    public void resync(Exchange e) {
        String name = name(e);
        board.feed(name).orElseThrow(() -> ApiProblem.of(404, "no feed '" + name + "'"));
        if (!app.feeds().containsKey(name) || !app.feed(name).config().isDatabaseFeed())
            throw ApiProblem.of(409, "feed '" + name + "' is not a database feed: only database feeds have a watermark");
        app.poller().resync(name);
        directory.note(ApiAccess.principal(e).name(), "RESYNC", null, name, "watermark cleared");
        ApiResponses.ok(e, new Resynced(name, "watermark cleared; the next poll reads every row (unchanged rows change nothing)"));
    }

    /** GET /runs/{id}: one run with its progress. */
    public void run(Exchange e) {
        long id = ApiParams.id(e, "id");
        ApiResponses.ok(e, board.run(id).orElseThrow(() -> ApiProblem.of(404, "no import run " + id)));
    }

    /** POST /runs/{id}/rejects/{line}/reprocess: one rejected row re-mapped with its feed's current mapping, once. */
    public void reprocessReject(Exchange e) {
        long runId = ApiParams.id(e, "id");
        long line = ApiParams.id(e, "line");
        ImportJournal.FileSummary run = app.journal().run(runId).orElseThrow(() -> ApiProblem.of(404, "no import run " + runId));
        if (!app.feeds().containsKey(run.sourceId()))
            throw ApiProblem.of(409, "run " + runId + " is of '" + run.sourceId() + "', which is no configured feed "
                    + "(refused messages are reprocessed at /api/v1/messages/{id}/reprocess)");
        RecordMapper mapper = currentMapping(run.sourceId());
        FileImporter.RowOutcome outcome;
        try {
            outcome = app.importer().reprocessRow(mapper, runId, line);
        } catch (FileImporter.RowRefused x) {
            throw ApiProblem.of(x.missing() ? 404 : 409, x.getMessage());
        }
        directory.note(ApiAccess.principal(e).name(), "REPROCESS_ROW", null, "run " + runId + " line " + line,
                    outcome.status() + (outcome.storedBy() == null ? "" : " by run " + outcome.storedBy()));
        ApiResponses.ok(e, outcome);
    }

    /** GET /jobs/{id}: a long job asked for over HTTP (replay, dedup, memory rebuild), as this process knows it. */
    public void job(Exchange e) {
        long id = ApiParams.id(e, "id");
        ApiResponses.ok(e, jobs.get(id).orElseThrow(() -> ApiProblem.of(404, "no job " + id + " (jobs are kept in "
                + "memory: the last " + ApiJobs.KEPT + " since the service started)")));
    }

    private RecordMapper currentMapping(String feed) {
        try {
            return app.currentFeed(feed);
        } catch (ConfigurationException x) {
            throw ApiProblem.of(409, "the feed files have problems; fix them first: " + x.getMessage());
        }
    }

    private String fileOrPollFeed(Exchange e, String what) {
        String name = name(e);
        board.feed(name).orElseThrow(() -> ApiProblem.of(404, "no feed '" + name + "'"));
        if (!app.feeds().containsKey(name))
            throw ApiProblem.of(409, "'" + name + "' is a message channel, which cannot " + what
                    + " (refused messages are reprocessed at /api/v1/messages/{id}/reprocess)");
        return name;
    }

    /** The {name} path parameter: an identifier (a traversal such as ../ is a 400); whether it is a feed is the caller's. */
    private static String name(Exchange e) {
        String v = e.getMessage().getHeader("name", String.class);
        if (v == null || !v.matches("[A-Za-z0-9._-]{1,64}")) throw ApiProblem.badInput("name", "name is not a feed id");
        return v;
    }
}

package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.app.camel.Runtime;
import io.guestlink.app.camel.Headers;
import io.guestlink.config.Settings;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.guestlink.model.ImportSummary;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.Payloads;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The command line: run the adapter, run the demo, import one file, replay a feed, show runs, rejects and profiles. */
@Command(name = "guestlink", mixinStandardHelpOptions = true, version = "GuestLink 0.1.0",
        description = "Hotel PMS/POS feeds into one unified guest profile store.",
        subcommands = {GuestLinkCli.Run.class, DemoCommand.class, GuestLinkCli.Import.class, GuestLinkCli.Replay.class,
                GuestLinkCli.Runs.class, GuestLinkCli.Rejects.class, GuestLinkCli.Profile.class, GuestLinkCli.Polls.class,
                GuestLinkCli.Resync.class, GuestLinkCli.Merges.class, GuestLinkCli.Unmerge.class, GuestLinkCli.Review.class,
                GuestLinkCli.Decide.class, GuestLinkCli.Dedup.class, GuestLinkCli.Card.class,
                GuestLinkCli.MemoryRebuild.class, GuestLinkCli.Alerts.class, GuestLinkCli.AlertRetry.class,
                SegmentsCommand.class})
public final class GuestLinkCli {
    @Option(names = "--config", description = "application properties (default: ${DEFAULT-VALUE})",
            defaultValue = "config/application.properties", scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @Option(names = "--set", description = "override a setting: --set guestlink.db.url=jdbc:...",
            scope = CommandLine.ScopeType.INHERIT)
    Map<String, String> overrides = new HashMap<>();

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return new CommandLine(new GuestLinkCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
        }).execute(args);
    }

    GuestLink open() {
        return GuestLink.start(Settings.load(config, System.getenv(), overrides));
    }

    static PrintStream out() {
        return System.out;
    }

    @Command(name = "run", description = "Run the adapter: poll every feed's inbox folder or remote endpoint until stopped.")
    static final class Run implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;

        @Override
        public Integer call() throws Exception {
            try (GuestLink app = cli.open()) {
                Main main = Runtime.create(app, cli.config, true);
                main.run();
            }
            return 0;
        }
    }

    @Command(name = "import", description = "Import one local file through the feed's route, then stop.")
    static final class Import implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Option(names = {"-f", "--feed"}, required = true, description = "feed id (a file in config/sources/)")
        String feed;
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
            try (GuestLink app = cli.open()) {
                ImportSummary s = importThroughRoute(app, cli.config, feed, file);
                out().println(s == null ? "duplicate: same content as a file already imported; nothing changed" : s);
                if (s != null && s.rejectsFile() != null) out().println("rejected rows: " + s.rejectsFile());
                return s != null && "FAILED".equals(s.status()) ? 1 : 0;
            }
        }
    }

    /** Sends one file through direct:import-file, the route every feed uses; rejects go beside the file. */
    static ImportSummary importThroughRoute(GuestLink app, Path config, String feed, Path file) throws Exception {
        app.feed(feed);
        Main main = Runtime.start(app, config, false);
        try (ProducerTemplate producer = main.getCamelContext().createProducerTemplate()) {
            Path dir = file.toAbsolutePath().getParent();
            Map<String, Object> headers = new HashMap<>();
            headers.put(Headers.SOURCE, feed);
            headers.put(Exchange.FILE_NAME, file.getFileName().toString());
            headers.put(Headers.ARCHIVE_NAME, file.getFileName().toString());
            headers.put(Headers.ARCHIVE_URI, "file:" + dir);
            var result = producer.request("direct:import-file", ex -> {
                ex.getIn().setHeaders(headers);
                ex.getIn().setBody(file.toFile());
            });
            if (result.getException() != null) throw result.getException();
            return result.getMessage().getHeader(Headers.SUMMARY, ImportSummary.class);
        } finally {
            main.stop();
        }
    }

    @Command(name = "replay", description = "Re-process every journaled row of a feed with its current mapping.")
    static final class Replay implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Option(names = {"-f", "--feed"}, required = true)
        String feed;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                Path rejects = Path.of("replay-" + feed + ".rejects.csv");
                ImportSummary s = app.importer().replay(app.feed(feed), rejects);
                out().println(s);
                if (s.rejectsFile() != null) out().println("rejected rows: " + s.rejectsFile());
                return 0;
            }
        }
    }

    @Command(name = "runs", description = "List recent import runs with their counts.")
    static final class Runs implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Option(names = "--limit", defaultValue = "20")
        int limit;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                printRuns(app.journal().recentRuns(limit));
                return 0;
            }
        }
    }

    static void printRuns(List<ImportJournal.FileSummary> runs) {
        out().printf("%-5s %-20s %-38s %-9s %8s %8s %8s %9s %8s %9s%n", "run", "feed", "file", "status", "read",
                "imported", "updated", "unchanged", "rejected", "rows/s");
        for (var r : runs) {
            String name = r.fileName().length() > 38 ? "…" + r.fileName().substring(r.fileName().length() - 37) : r.fileName();
            out().printf("%-5d %-20s %-38s %-9s %8d %8d %8d %9d %8d %9s%n", r.id(), r.sourceId(), name, r.status(),
                    r.counts().read(), r.counts().imported(), r.counts().updated(), r.counts().unchanged(),
                    r.counts().rejected(), r.rowsPerSecond() == null ? "" : String.format("%.0f", r.rowsPerSecond()));
            if (r.error() != null) out().println("      error: " + r.error());
        }
    }

    @Command(name = "polls", description = "Show each database feed's watermark, rows applied and last error.")
    static final class Polls implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                out().printf("%-24s %-28s %12s %-26s %s%n", "feed", "watermark", "rows", "updated", "last error");
                for (var m : app.poller().states()) {
                    out().printf("%-24s %-28s %12d %-26s %s%n", m.sourceId(), m.watermark() == null ? "-" : m.watermark(),
                            m.rowsApplied(), m.updatedAt(), m.lastError() == null ? "" : m.lastErrorAt() + " " + m.lastError());
                }
                return 0;
            }
        }
    }

    @Command(name = "resync", description = "Forget a database feed's watermark: its next poll reads the whole table again "
            + "(unchanged rows change nothing). Run it while the service is stopped.")
    static final class Resync implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Option(names = {"-f", "--feed"}, required = true)
        String feed;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                if (!app.feed(feed).config().isDatabaseFeed()) throw new IllegalArgumentException("feed " + feed + " is not a database feed");
                app.poller().resync(feed);
                out().println(feed + ": watermark cleared; the next poll reads every row");
                return 0;
            }
        }
    }

    @Command(name = "merges", description = "Every merge of a profile's cluster: rule, score, threshold and field-by-field evidence.")
    static final class Merges implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Parameters(paramLabel = "PROFILE_ID")
        long profile;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                for (var m : app.desk().merges(profile)) {
                    out().printf("merge %d: profile %d into %d, %s%s, %s%s%n", m.id(), m.absorbed(), m.survivor(), m.rule(),
                            m.score() == null ? "" : String.format(" score %.2f", m.score())
                                    + (m.threshold() == null ? "" : String.format(" (auto-merge at %.2f)", m.threshold())),
                            m.mergedAt(), m.unmergedAt() == null ? "" : ", undone " + m.unmergedAt());
                    out().println("  evidence: " + m.evidence());
                }
                return 0;
            }
        }
    }

    @Command(name = "unmerge", description = "Undo a merge: both profiles come back exactly, with their stays, folios and "
            + "tickets; they are never merged automatically again.")
    static final class Unmerge implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Parameters(paramLabel = "MERGE_ID")
        long merge;
        @Option(names = "--by", description = "who decided (kept with the unmerge)")
        String by;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                app.desk().unmerge(merge, by);
                out().println("merge " + merge + " undone");
                return 0;
            }
        }
    }

    @Command(name = "review", description = "List possible duplicates waiting for a decision, highest score first.")
    static final class Review implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                for (var r : app.desk().openReviews(limit)) {
                    out().printf("%d: profiles %d and %d, score %.2f%n  evidence: %s%n", r.id(), r.profileA(), r.profileB(),
                            r.score(), r.evidence());
                }
                return 0;
            }
        }
    }

    @Command(name = "decide", description = "Decide a possible duplicate: 'same' merges the two profiles, 'distinct' "
            + "keeps them apart for good.")
    static final class Decide implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Parameters(index = "0", paramLabel = "REVIEW_ID")
        long review;
        @Parameters(index = "1", paramLabel = "same|distinct")
        String decision;
        @Option(names = "--by")
        String by;

        @Override
        public Integer call() {
            if (!decision.equals("same") && !decision.equals("distinct"))
                throw new IllegalArgumentException("decision must be 'same' or 'distinct', not '" + decision + "'");
            try (GuestLink app = cli.open()) {
                app.desk().decide(review, decision.equals("same"), by);
                out().println("possible duplicate " + review + ": " + decision);
                return 0;
            }
        }
    }

    @Command(name = "dedup", description = "Deduplicate the whole store with the current thresholds (after changing them, "
            + "or after a first bulk load); incremental matching runs by itself for every arriving record.")
    static final class Dedup implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                out().println(app.desk().dedupAll());
                return 0;
            }
        }
    }

    @Command(name = "card", description = "The recognition card of a profile: what a front-line employee needs in ten seconds.")
    static final class Card implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Parameters(paramLabel = "PROFILE_ID")
        long profile;
        @Option(names = "--as-of", description = "the day it is for (default today), e.g. the arrival day")
        java.time.LocalDate asOf;
        @Option(names = "--json", description = "the whole card as JSON instead of one line")
        boolean json;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                var card = app.memory().card(profile, asOf == null ? java.time.LocalDate.now() : asOf);
                if (card.isEmpty()) {
                    out().println("no such profile");
                    return 1;
                }
                out().println(json ? card.get().toJson() : card.get().toText());
                return 0;
            }
        }
    }

    @Command(name = "memory-rebuild", description = "Recompute every live profile's roll-up and usual orders (after "
            + "changing config/memory.yaml); the running service keeps them up to date by itself.")
    static final class MemoryRebuild implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                long t = System.nanoTime();
                int n = app.remembering().rebuildAll();
                out().printf("guest memory rebuilt for %d live profiles in %.1f s%n", n, (System.nanoTime() - t) / 1e9);
                return 0;
            }
        }
    }

    @Command(name = "alerts", description = "Recent alerts, newest first, with each channel's delivery status, attempts "
            + "and last error.")
    static final class Alerts implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Option(names = "--limit", defaultValue = "20")
        int limit;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                for (var a : app.outbox().recent(limit)) {
                    out().printf("%s  %s  %s  %s%n", a.createdAt(), a.id(), a.audience(), a.property() == null ? "" : a.property());
                    for (var d : a.deliveries()) {
                        out().printf("    %-20s %-9s attempts %d%s%s%n", d.channel(), d.status(), d.attempts(),
                                d.deliveredAt() != null ? "  delivered " + d.deliveredAt()
                                        : "  next " + d.nextAttemptAt(),
                                d.lastError() == null ? "" : "  last error: " + d.lastError());
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "alert-retry", description = "Make undelivered alerts due now (after fixing a receiver): FAILED "
            + "deliveries are tried again, waiting ones skip the rest of their backoff.")
    static final class AlertRetry implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Parameters(paramLabel = "ALERT_ID", arity = "0..1", description = "one alert (default: all)")
        String alertId;
        @Option(names = "--channel", description = "only this channel")
        String channel;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                out().println(app.outbox().retry(alertId, channel) + " deliveries due now");
                return 0;
            }
        }
    }

    @Command(name = "rejects", description = "Print the rejected rows of an import run: line, field, value, reason.")
    static final class Rejects implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Parameters(paramLabel = "RUN_ID")
        long runId;

        @Override
        public Integer call() {
            try (GuestLink app = cli.open()) {
                app.journal().rows(runId, "REJECTED", r -> out().printf("line %d  %s = '%s'  %s%n", r.line(), r.field(),
                        r.value(), r.reason()));
                return 0;
            }
        }
    }

    @Command(name = "profile", description = "Print a golden profile as JSON, by id or by identity key.")
    static final class Profile implements Callable<Integer> {
        @CommandLine.ParentCommand
        GuestLinkCli cli;
        @Parameters(paramLabel = "ID", arity = "0..1")
        Long id;
        @Option(names = "--key", description = "identity key, e.g. EMAIL:yu.ming@example.net, PHONE:+66812345678, SRC:OPERA:1001")
        String key;

        @Override
        public Integer call() throws Exception {
            try (GuestLink app = cli.open()) {
                Optional<Long> target = id != null ? Optional.of(id) : Optional.ofNullable(key).flatMap(k -> app.profiles().byKey(k));
                var view = target.flatMap(t -> app.profiles().profile(t));
                if (view.isEmpty()) {
                    out().println("no such profile");
                    return 1;
                }
                out().println(Payloads.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(view.get()));
                return 0;
            }
        }
    }
}

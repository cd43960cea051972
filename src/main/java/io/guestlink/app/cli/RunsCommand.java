package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.store.ImportJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/** {@code guestlink runs}: recent import runs with their counts. */
@Command(name = "runs", description = "List recent import runs with their counts.")
final class RunsCommand extends GuestLinkCommand {
    @Option(names = "--limit", defaultValue = "20")
    int limit;

    @Override
    int run(GuestLink app) {
        List<ImportJournal.FileSummary> runs = app.journal().recentRuns(limit);
        printRuns(runs, app.journal().flaggedCounts(runs.stream().map(ImportJournal.FileSummary::id).toList()));
        return 0;
    }

    /** The runs table, also printed by the demo. */
    static void printRuns(List<ImportJournal.FileSummary> runs) {
        printRuns(runs, Map.of());
    }

    /**
     * The runs table with, last, each run's stored rows that carry flags (values kept only as evidence or left out:
     * {@code rejects RUN --flagged} lists them); blank when not given.
     */
    static void printRuns(List<ImportJournal.FileSummary> runs, Map<Long, Long> flagged) {
        out().printf("%-5s %-20s %-38s %-9s %8s %8s %8s %9s %8s %9s %8s%n", "run", "feed", "file", "status", "read",
                "imported", "updated", "unchanged", "rejected", "rows/s", "flagged");
        for (var r : runs) {
            String name = r.fileName().length() > 38 ? "…" + r.fileName().substring(r.fileName().length() - 37) : r.fileName();
            Long f = flagged.get(r.id());
            out().printf("%-5d %-20s %-38s %-9s %8d %8d %8d %9d %8d %9s %8s%n", r.id(), r.sourceId(), name, r.status(),
                    r.counts().read(), r.counts().imported(), r.counts().updated(), r.counts().unchanged(),
                    r.counts().rejected(), r.rowsPerSecond() == null ? "" : String.format("%.0f", r.rowsPerSecond()),
                    f == null ? "" : f.toString());
            if (r.error() != null) out().println("      error: " + r.error());
        }
    }
}

package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.store.ImportJournal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code guestlink runs}: recent import runs with their counts. */
@Command(name = "runs", description = "List recent import runs with their counts.")
final class RunsCommand extends GuestLinkCommand {
    @Option(names = "--limit", defaultValue = "20")
    int limit;

    @Override
    int run(GuestLink app) {
        printRuns(app.journal().recentRuns(limit));
        return 0;
    }

    /** The runs table, also printed by the demo. */
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
}

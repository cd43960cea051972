package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.Pruner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code guestlink prune [--dry-run]}: removes what is past its retention now (the service does it on a schedule),
 * or with {@code --dry-run} says per kind how many rows it would clear or delete and changes nothing.
 */
@Command(name = "prune", description = "Remove what is past its retention (guestlink.retention.*): journal raw text, "
        + "source history, inbound messages, outbox payloads, audit. Prints per kind the rows cleared or deleted.")
final class PruneCommand extends GuestLinkCommand {
    @Option(names = "--dry-run", description = "only count what would be removed; change nothing")
    boolean dryRun;

    @Override
    int run(GuestLink app) {
        Pruner pruner = app.pruner();
        List<Pruner.Line> lines = dryRun ? pruner.dryRun() : pruner.prune();
        out().printf("%-18s %-10s %-22s %s%n", "kind", "retention", "older than", dryRun ? "would be" : "done");
        for (Pruner.Line l : lines) {
            if (l.days() == 0) {
                out().printf("%-18s %-10s %-22s %s%n", l.kind().label(), "for ever", "-", "kept");
                continue;
            }
            out().printf("%-18s %-10s %-22s %d rows %s%n", l.kind().label(), l.days() + " days", l.cutoff(), l.rows(),
                    l.kind().verb());
        }
        return 0;
    }
}

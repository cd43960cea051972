package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code guestlink rejects RUN_ID [--flagged]}: the rejected rows of one import run, or its stored rows with flags. */
@Command(name = "rejects", description = "Print the rejected rows of an import run: line, field, value, reason. "
        + "With --flagged, the stored rows whose values were kept only as matching evidence or left out instead.")
final class RejectsCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "RUN_ID")
    long runId;

    @Option(names = "--flagged", description = "the run's stored rows that carry flags (an invalid phone or e-mail kept "
            + "as evidence, a placeholder or impossible date left out), with their outcome")
    boolean flagged;

    @Override
    int run(GuestLink app) {
        if (flagged) {
            app.journal().flaggedRows(runId, r -> out().printf("line %d  %s  %s = '%s'  %s%n", r.line(), r.outcome(),
                    r.field(), r.value(), r.reason()));
            return 0;
        }
        app.journal().rows(runId, "REJECTED", r -> out().printf("line %d  %s = '%s'  %s%n", r.line(), r.field(),
                r.value(), r.reason()));
        return 0;
    }
}

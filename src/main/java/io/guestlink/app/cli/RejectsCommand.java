package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code guestlink rejects RUN_ID}: the rejected rows of one import run. */
@Command(name = "rejects", description = "Print the rejected rows of an import run: line, field, value, reason.")
final class RejectsCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "RUN_ID")
    long runId;

    @Override
    int run(GuestLink app) {
        app.journal().rows(runId, "REJECTED", r -> out().printf("line %d  %s = '%s'  %s%n", r.line(), r.field(),
                r.value(), r.reason()));
        return 0;
    }
}

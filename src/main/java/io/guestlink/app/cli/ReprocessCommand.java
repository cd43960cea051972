package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.Reprocessing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code guestlink reprocess ID...}: re-applies refused messages (ids from {@code guestlink refused}) after a mapping
 * or data fix, through the channel's own reading and the same intake. A message is applied once: one applied before
 * (reprocessed, or resent by its sender) changes nothing. Exit code 1 when one is refused again.
 */
@Command(name = "reprocess", description = "Re-apply refused real-time messages (ids from `refused`) after a mapping "
        + "or data fix; each is applied once.")
final class ReprocessCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "ID", arity = "1..*")
    List<Long> ids;

    @Override
    int run(GuestLink app) {
        Reprocessing reprocessing = RefusedCommand.reprocessing(app);
        int refused = 0;
        for (long id : ids) {
            Reprocessing.Outcome o = reprocessing.reprocess(id);
            out().printf("refused message %d: %s%n", id, o.text());
            if ("REFUSED".equals(o.status())) refused++;
        }
        return refused == 0 ? 0 : 1;
    }
}

package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;

/** {@code guestlink polls}: each database feed's watermark, rows applied and last error. */
@Command(name = "polls", description = "Show each database feed's watermark, rows applied and last error.")
final class PollsCommand extends GuestLinkCommand {
    @Override
    int run(GuestLink app) {
        out().printf("%-24s %-28s %12s %-26s %s%n", "feed", "watermark", "rows", "updated", "last error");
        for (var m : app.poller().states()) {
            out().printf("%-24s %-28s %12d %-26s %s%n", m.sourceId(), m.watermark() == null ? "-" : m.watermark(),
                    m.rowsApplied(), m.updatedAt(), m.lastError() == null ? "" : m.lastErrorAt() + " " + m.lastError());
        }
        return 0;
    }
}

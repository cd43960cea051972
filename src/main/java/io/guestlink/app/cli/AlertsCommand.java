package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code guestlink alerts}: recent alerts with each channel's delivery status. */
@Command(name = "alerts", description = "Recent alerts, newest first, with each channel's delivery status, attempts "
        + "and last error.")
final class AlertsCommand extends GuestLinkCommand {
    @Option(names = "--limit", defaultValue = "20")
    int limit;

    @Override
    int run(GuestLink app) {
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

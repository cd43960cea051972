package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code guestlink alert-retry [ALERT_ID]}: undelivered alerts due now. */
@Command(name = "alert-retry", description = "Make undelivered alerts due now (after fixing a receiver): FAILED "
        + "deliveries are tried again, waiting ones skip the rest of their backoff.")
final class AlertRetryCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "ALERT_ID", arity = "0..1", description = "one alert (default: all)")
    String alertId;
    @Option(names = "--channel", description = "only this channel")
    String channel;

    @Override
    int run(GuestLink app) {
        out().println(app.outbox().retry(alertId, channel) + " deliveries due now");
        return 0;
    }
}

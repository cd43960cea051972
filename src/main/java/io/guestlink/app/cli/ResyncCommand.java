package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code guestlink resync -f FEED}: a database feed reads its whole table again at its next poll. */
@Command(name = "resync", description = "Forget a database feed's watermark: its next poll reads the whole table again "
        + "(unchanged rows change nothing). Run it while the service is stopped.")
final class ResyncCommand extends GuestLinkCommand {
    @Option(names = {"-f", "--feed"}, required = true)
    String feed;

    @Override
    int run(GuestLink app) {
        if (!app.feed(feed).config().isDatabaseFeed()) throw new IllegalArgumentException("feed " + feed + " is not a database feed");
        app.poller().resync(feed);
        out().println(feed + ": watermark cleared; the next poll reads every row");
        return 0;
    }
}

package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.model.ImportSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code guestlink replay -f FEED}: every journaled row of a feed again, with its current mapping. */
@Command(name = "replay", description = "Re-process every journaled row of a feed with its current mapping.")
final class ReplayCommand extends GuestLinkCommand {
    @Option(names = {"-f", "--feed"}, required = true)
    String feed;

    @Override
    int run(GuestLink app) {
        Path rejects = Path.of("replay-" + feed + ".rejects.csv");
        ImportSummary s = app.importer().replay(app.feed(feed), rejects);
        out().println(s);
        if (s.rejectsFile() != null) out().println("rejected rows: " + s.rejectsFile());
        return 0;
    }
}

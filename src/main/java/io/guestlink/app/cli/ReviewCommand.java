package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code guestlink review}: possible duplicates waiting for a decision. */
@Command(name = "review", description = "List possible duplicates waiting for a decision, highest score first.")
final class ReviewCommand extends GuestLinkCommand {
    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Override
    int run(GuestLink app) {
        for (var r : app.desk().openReviews(limit)) {
            out().printf("%d: profiles %d and %d, score %.2f%n  evidence: %s%n", r.id(), r.profileA(), r.profileB(),
                    r.score(), r.evidence());
        }
        return 0;
    }
}

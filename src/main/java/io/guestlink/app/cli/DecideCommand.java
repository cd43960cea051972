package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code guestlink decide REVIEW_ID same|distinct}: a person's decision on a possible duplicate. */
@Command(name = "decide", description = "Decide a possible duplicate: 'same' merges the two profiles, 'distinct' "
        + "keeps them apart for good.")
final class DecideCommand extends GuestLinkCommand {
    @Parameters(index = "0", paramLabel = "REVIEW_ID")
    long review;
    @Parameters(index = "1", paramLabel = "same|distinct")
    String decision;
    @Option(names = "--by")
    String by;

    @Override
    void check() {
        if (!decision.equals("same") && !decision.equals("distinct"))
            throw new IllegalArgumentException("decision must be 'same' or 'distinct', not '" + decision + "'");
    }

    @Override
    int run(GuestLink app) {
        app.desk().decide(review, decision.equals("same"), by);
        out().println("possible duplicate " + review + ": " + decision);
        return 0;
    }
}

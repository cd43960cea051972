package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code guestlink unmerge MERGE_ID}: undoes a merge. */
@Command(name = "unmerge", description = "Undo a merge: both profiles come back exactly, with their stays, folios and "
        + "tickets; they are never merged automatically again.")
final class UnmergeCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "MERGE_ID")
    long merge;
    @Option(names = "--by", description = "who decided (kept with the unmerge)")
    String by;

    @Override
    int run(GuestLink app) {
        app.desk().unmerge(merge, by);
        out().println("merge " + merge + " undone");
        return 0;
    }
}

package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;

/** {@code guestlink dedup}: the whole store deduplicated with the current thresholds. */
@Command(name = "dedup", description = "Deduplicate the whole store with the current thresholds (after changing them, "
        + "or after a first bulk load); incremental matching runs by itself for every arriving record.")
final class DedupCommand extends GuestLinkCommand {
    @Override
    int run(GuestLink app) {
        out().println(app.desk().dedupAll());
        return 0;
    }
}

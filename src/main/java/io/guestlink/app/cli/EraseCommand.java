package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.store.GuestRights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code guestlink erase PROFILE_ID --reason R}: erases a guest and suppresses their records from coming back. */
@Command(name = "erase", description = "Erase a guest (the profile and every profile merged into it) from every table, "
        + "keeping anonymous counts; their records, source guest keys and documents go on the suppression list, so a "
        + "later import or message of them is journaled SUPPRESSED; audited.")
final class EraseCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "PROFILE_ID")
    long profile;
    @Option(names = "--reason", required = true, description = "the request this answers (kept in the audit trail)")
    String reason;
    @Option(names = "--by", description = "who erases (default cli)")
    String by;

    @Override
    int run(GuestLink app) {
        try {
            GuestRights.Erased e = app.rights().erase(profile, reason, by);
            out().println("profile " + profile + " erased (erasure " + e.erasure() + "): " + e.profiles() + " profiles, "
                    + e.records() + " records, " + e.journalRows() + " journal rows, " + e.events() + " events, "
                    + e.alerts() + " alerts removed; " + e.suppressions() + " suppression hashes added");
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}

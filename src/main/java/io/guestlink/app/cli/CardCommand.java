package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.LocalDate;

/** {@code guestlink card PROFILE_ID}: the recognition card of a profile. */
@Command(name = "card", description = "The recognition card of a profile: what a front-line employee needs in ten seconds.")
final class CardCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "PROFILE_ID")
    long profile;
    @Option(names = "--as-of", description = "the day it is for (default today), e.g. the arrival day")
    LocalDate asOf;
    @Option(names = "--json", description = "the whole card as JSON instead of one line")
    boolean json;

    @Override
    int run(GuestLink app) {
        var card = app.memory().card(profile, asOf == null ? LocalDate.now() : asOf);
        if (card.isEmpty()) {
            out().println("no such profile");
            return 1;
        }
        out().println(json ? card.get().toJson() : card.get().toText());
        return 0;
    }
}

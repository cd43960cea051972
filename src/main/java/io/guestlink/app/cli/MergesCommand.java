package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code guestlink merges PROFILE_ID}: every merge of a profile's cluster with its evidence. */
@Command(name = "merges", description = "Every merge of a profile's cluster: rule, score, threshold and field-by-field evidence.")
final class MergesCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "PROFILE_ID")
    long profile;

    @Override
    int run(GuestLink app) {
        for (var m : app.desk().merges(profile)) {
            out().printf("merge %d: profile %d into %d, %s%s, %s%s%n", m.id(), m.absorbed(), m.survivor(), m.rule(),
                    m.score() == null ? "" : String.format(" score %.2f", m.score())
                            + (m.threshold() == null ? "" : String.format(" (auto-merge at %.2f)", m.threshold())),
                    m.mergedAt(), m.unmergedAt() == null ? "" : ", undone " + m.unmergedAt());
            out().println("  evidence: " + m.evidence());
        }
        return 0;
    }
}

package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.GuestRightsDesk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code guestlink rectify PROFILE_ID --field F --value V --reason R}: corrects a golden field, with provenance. */
@Command(name = "rectify", description = "Correct a golden field of a guest (displayName, birthDate, gender, nationality, "
        + "language, vipCode): the correction wins over every source and is named in the profile's provenance; audited.")
final class RectifyCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "PROFILE_ID")
    long profile;
    @Option(names = "--field", required = true, description = "the golden field")
    String field;
    @Option(names = "--value", description = "the corrected value (birthDate as YYYY-MM-DD); left out: the field is cleared")
    String value;
    @Option(names = "--reason", required = true, description = "the request this answers (kept in the audit trail)")
    String reason;
    @Option(names = "--by", description = "who corrects (default cli)")
    String by;

    @Override
    int run(GuestLink app) {
        try {
            GuestRightsDesk.Rectified r = app.rights().rectify(profile, field, value, reason, by);
            out().println("profile " + r.profile() + ": " + r.field() + " corrected (rectification " + r.rectification() + ")");
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}

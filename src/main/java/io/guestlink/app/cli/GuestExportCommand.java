package io.guestlink.app.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.guestlink.app.GuestLink;
import io.guestlink.store.Payloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code guestlink guest-export PROFILE_ID [--out FILE]}: everything held about a guest as one JSON document. */
@Command(name = "guest-export", description = "Export everything held about a guest (profile, source records and their "
        + "history, journal rows, events, alerts and deliveries, audit) as one JSON document; audited.")
final class GuestExportCommand extends GuestLinkCommand {
    @Parameters(paramLabel = "PROFILE_ID")
    long profile;
    @Option(names = "--out", description = "write the document to this file instead of standard output")
    Path outFile;
    @Option(names = "--by", description = "who asks (kept in the audit trail; default cli)")
    String by;

    @Override
    int run(GuestLink app) throws Exception {
        Map<String, Object> doc;
        try {
            doc = app.rights().export(profile, by);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        String json = Payloads.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        if (outFile == null) {
            out().println(json);
        } else {
            Files.writeString(outFile, json + "\n", StandardCharsets.UTF_8);
            out().println("profile " + profile + " exported to " + outFile);
        }
        return 0;
    }
}

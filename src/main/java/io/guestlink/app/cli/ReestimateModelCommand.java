package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.identity.match.LabelledEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code guestlink reestimate-model [--out FILE]}: the match model's m/u re-estimated from the review decisions people
 * made, printed beside the current ones with what would change; written to a model file only with {@code --out}, and
 * used only once {@code model:} of config/identity.yaml names that file (never applied silently).
 */
@Command(name = "reestimate-model", description = "Re-estimate the match model's m/u per field level from the review "
        + "decisions (MERGED/DISTINCT pairs), print old and new and how many open pairs would cross a threshold; "
        + "write the model file only with --out.")
final class ReestimateModelCommand extends GuestLinkCommand {
    @Option(names = "--out", description = "write the re-estimated model to this file (it is not used until model: in "
            + "config/identity.yaml names it)")
    Path out;
    @Option(names = "--force", description = "overwrite --out when it exists")
    boolean force;
    @Option(names = "--prior-pairs", defaultValue = "100", description = "decided pairs of each kind the current model "
            + "counts as (default: ${DEFAULT-VALUE}): fewer lets the decisions move it further")
    double priorPairs;

    @Override
    void check() {
        if (priorPairs < 0) throw new IllegalArgumentException("--prior-pairs must not be negative, got " + priorPairs);
        if (out != null && Files.exists(out) && !force)
            throw new IllegalArgumentException(out + " exists: choose another file or add --force");
    }

    @Override
    int run(GuestLink app) throws Exception {
        LabelledEstimate.Report r = app.desk().reestimate(priorPairs);
        PrintStream o = out();
        o.printf("decided pairs: %d same, %d different (the current model counts as %s of each)%n", r.same(), r.different(),
                priorPairs % 1 == 0 ? Long.toString((long) priorPairs) : Double.toString(priorPairs));
        for (String line : LabelledEstimate.table(r)) o.println(line);
        o.printf("decided same: merged by the current model %d, by the new one %d (of %d)%n", r.sameOld(), r.sameNew(), r.same());
        o.printf("decided different: below review with the current model %d, with the new one %d (of %d)%n", r.differentOld(),
                r.differentNew(), r.different());
        o.printf("open pairs: current model %d merge, %d review, %d below; new model %d merge, %d review, %d below; "
                        + "%d would cross a threshold%n", r.openOld().merge(), r.openOld().review(), r.openOld().below(),
                r.openNew().merge(), r.openNew().review(), r.openNew().below(), r.changedOpen());
        if (out == null) {
            o.println("nothing written: add --out FILE to write the model");
            return 0;
        }
        Files.writeString(out, "# Match model re-estimated by `guestlink reestimate-model` from " + r.same() + " same and "
                + r.different() + " different review decisions (prior " + priorPairs + " pairs of each).\n"
                + "# Used only once config/identity.yaml says model: " + out.getFileName() + "\n" + r.config().toYaml(),
                StandardCharsets.UTF_8);
        o.println("written: " + out + " (not in use until config/identity.yaml says model: " + out.getFileName()
                + " and GuestLink restarts)");
        return 0;
    }
}

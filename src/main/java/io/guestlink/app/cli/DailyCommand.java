package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.AlertWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.LocalDate;

/**
 * {@code guestlink daily --property P --date D}: runs a day's daily rules at a property now, or again. Alerts already
 * written for the rule's once-per window (day, year, stay) are not written again, so a re-run after a fix writes
 * only what is new; the running service's channels deliver what it writes.
 */
@Command(name = "daily", description = "Run (or run again) a business date's daily rules at a property now, whatever "
        + "their local time: closes the stays left in house past departure + grace first, writes only alerts not "
        + "written before (once per day, year or stay), and prints per rule what it did. The service delivers them.")
final class DailyCommand extends GuestLinkCommand {
    @Option(names = "--property", required = true, description = "the property code, e.g. BKK01")
    String property;
    @Option(names = "--date", required = true, description = "the business date, YYYY-MM-DD")
    LocalDate date;
    @Option(names = "--rule", description = "only this daily rule (default: every daily rule)")
    String rule;

    @Override
    int run(GuestLink app) {
        AlertWorker.Day day = app.alerting().runDay(property, date, rule);
        PrintStream out = out();
        out.printf("daily rules at %s for business date %s (its business date now: %s)%n", property, date,
                app.alerting().businessDate(property));
        out.printf("stays closed as departed (inferred, past departure + %d days): %d%n",
                app.stays().grace().days(), day.staysClosed());
        out.printf("%-28s %-8s %7s %8s %13s %13s%n", "rule", "run", "listed", "written", "sent before", "not matching");
        for (AlertWorker.DayRun r : day.runs())
            out.printf("%-28s %-8s %7d %8d %13d %13d%n", r.rule(), r.rerun() ? "again" : "first", r.listed(), r.written(),
                    r.alreadySent(), r.notMatching());
        if (day.runs().isEmpty()) out.println("(no daily rules in the alert configuration)");
        return 0;
    }
}

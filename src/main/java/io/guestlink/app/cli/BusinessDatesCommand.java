package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.alert.BusinessDay;
import io.guestlink.pipeline.BusinessDates;
import picocli.CommandLine.Command;

import java.io.PrintStream;

/**
 * {@code guestlink business-dates}: each property's business date now, its time zone, what moves it (night audit or
 * clock, config/alerts.yaml businessDay) and the last night audit's date and time.
 */
@Command(name = "business-dates", description = "Each property's business date now, its time zone, what moves it "
        + "(night audit or clock) and the date the last night audit set, with when.")
final class BusinessDatesCommand extends GuestLinkCommand {
    @Override
    int run(GuestLink app) {
        PrintStream out = out();
        out.printf("%-12s %-13s %-22s %-28s %s%n", "property", "business date", "time zone", "moved by", "last night audit");
        for (BusinessDates.Day d : app.alerting().businessDates().all()) {
            String source = d.source() == BusinessDay.Source.NIGHT_AUDIT && d.audited() == null
                    ? "clock (no night audit yet)" : d.source().words();
            String audit = d.audited() == null ? "-" : d.audited() + " set at " + d.auditAt();
            out.printf("%-12s %-13s %-22s %-28s %s%n", d.property(), d.businessDate(), d.zone(), source, audit);
        }
        return 0;
    }
}

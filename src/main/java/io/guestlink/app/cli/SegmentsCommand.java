package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.Segments;
import io.guestlink.model.ConsentPurpose;
import io.guestlink.store.SegmentQueries;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code guestlink segments}: without a filter, the number of guests per property by lifecycle, VIP and RFM score;
 * with one ({@code --lapsed --birthday-within 7}), the guests it selects. Read from the memory the worker keeps.
 */
@Command(name = "segments", description = "Guests per property by lifecycle, VIP and RFM score; with a filter "
        + "(--lapsed, --lifecycle, --vip, --birthday-within N, --consent PURPOSE), the list of those guests.")
final class SegmentsCommand extends GuestLinkCommand {
    @Option(names = "--as-of", description = "the day (default today): lapsed and RFM recency are decided as of it")
    LocalDate asOf;
    @Option(names = "--property", description = "one property's segments (default: all properties, '*')")
    String property;
    @Option(names = "--lapsed", description = "list lapsed guests (no stay for lapsedAfterMonths)")
    boolean lapsed;
    @Option(names = "--lifecycle", description = "list guests of a lifecycle: ${COMPLETION-CANDIDATES}")
    Segments.Lifecycle lifecycle;
    @Option(names = "--vip", description = "list VIP guests only")
    boolean vip;
    @Option(names = "--birthday-within", paramLabel = "DAYS", description = "list guests whose birthday falls on one of the "
            + "next DAYS days, today included (7: this week)")
    Integer birthdayWithin;
    @Option(names = "--consent", paramLabel = "PURPOSE", description = "list only guests whose latest consent for PURPOSE "
            + "(email, sms, phone, post, profiling) is a yes: a list for marketing")
    String consent;
    @Option(names = "--limit", description = "at most this many guests listed (default ${DEFAULT-VALUE})", defaultValue = "100")
    int limit;

    @Override
    void check() {
        if (lapsed && lifecycle != null && lifecycle != Segments.Lifecycle.LAPSED)
            throw new CommandLine.ParameterException(new CommandLine(this), "--lapsed and --lifecycle " + lifecycle + " contradict");
        if (birthdayWithin != null && (birthdayWithin < 1 || birthdayWithin > 366))
            throw new CommandLine.ParameterException(new CommandLine(this), "--birthday-within must be 1..366, was " + birthdayWithin);
        if (consent != null && ConsentPurpose.of(consent).isEmpty())
            throw new CommandLine.ParameterException(new CommandLine(this), "--consent must be one of " + ConsentPurpose.codes()
                    + ", was " + consent);
    }

    @Override
    int run(GuestLink app) {
        LocalDate day = asOf == null ? LocalDate.now() : asOf;
        PrintStream out = out();
        if (!lapsed && lifecycle == null && !vip && birthdayWithin == null && consent == null) counts(app.segments().counts(day), day, out);
        else list(app.segments().list(new SegmentQueries.Filter(property, lapsed ? Segments.Lifecycle.LAPSED : lifecycle,
                vip ? Boolean.TRUE : null, birthdayWithin, consent == null ? null : ConsentPurpose.of(consent).orElseThrow()),
                day, limit), day, out);
        return 0;
    }

    private void counts(List<SegmentQueries.Counts> all, LocalDate day, PrintStream out) {
        out.printf("segments as of %s (lapsed: no stay for the configured months; RFM scores 5 = best)%n", day);
        out.printf("%-10s %9s %9s %11s %9s %9s %7s %18s   %-24s %-24s %-24s%n", "property", "guests", "prospect", "first-timer",
                "repeat", "lapsed", "VIP", "lifetime value", "recency R5..R1", "frequency F5..F1", "monetary M5..M1");
        for (SegmentQueries.Counts c : all) {
            if (property != null && !property.equals(c.property()) && !c.property().equals(MemoryConfig.ANY)) continue;
            out.printf(Locale.ROOT, "%-10s %9d %9d %11d %9d %9d %7d %18s   %-24s %-24s %-24s%n",
                    c.property().isEmpty() ? "(none)" : c.property(), c.guests(), c.prospects(), c.firstTimers(), c.repeats(),
                    c.lapsed(), c.vip(), String.format(Locale.ROOT, "%,.2f", c.lifetimeValue()), bands(c.recency()),
                    bands(c.frequency()), bands(c.monetary()));
        }
    }

    private static String bands(Map<Integer, Long> byScore) {
        StringBuilder sb = new StringBuilder();
        for (int score = 5; score >= 1; score--) sb.append(score < 5 ? "/" : "").append(byScore.getOrDefault(score, 0L));
        return sb.toString();
    }

    private static void list(List<SegmentQueries.Listed> guests, LocalDate day, PrintStream out) {
        out.printf("%-12s %-30s %-8s %-12s %5s %-12s %-8s %-4s %-4s %16s%n", "profile", "name", "property", "lifecycle", "stays",
                "last stay", "birthday", "VIP", "RFM", "lifetime value");
        for (SegmentQueries.Listed g : guests)
            out.printf(Locale.ROOT, "%-12d %-30s %-8s %-12s %5d %-12s %-8s %-4s %-4s %16s%n", g.profileId(), cut(g.name(), 30),
                    g.property(), g.lifecycle(), g.stays(), g.lastDeparture() == null ? "-" : g.lastDeparture(),
                    g.birthday() == null ? "-" : String.format("%02d-%02d", g.birthday() / 100, g.birthday() % 100),
                    g.vip() ? "yes" : "", g.rfm() == null ? "-" : g.rfm(), String.format(Locale.ROOT, "%,.2f", g.lifetimeValue()));
        out.printf("%d guests as of %s%n", guests.size(), day);
    }

    private static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}

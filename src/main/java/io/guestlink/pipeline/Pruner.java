package io.guestlink.pipeline;

import io.guestlink.store.Database;
import io.guestlink.store.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes what is past its retention, kind by kind (guestlink.retention.*): the timer route in
 * routes/retention.camel.yaml calls {@link #prune}, {@code guestlink prune [--dry-run]} calls it by hand. Each kind
 * is its own transaction, so one that fails leaves the others done and is tried again on the next round. A kind
 * whose retention is 0 days is kept for ever and never touched.
 */
public final class Pruner {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);

    /** One kind's round: its retention in days (0: kept for ever), the cut-off, the rows removed or that would be. */
    public record Line(Retention.Kind kind, int days, Instant cutoff, long rows) {
    }

    private final Database db;
    private final Map<Retention.Kind, Integer> days;
    private final Clock clock;

    /** @param days each kind's retention in days (0 keeps it for ever); a kind left out is kept for ever */
    public Pruner(Database db, Map<Retention.Kind, Integer> days, Clock clock) {
        this.db = db;
        this.days = Map.copyOf(days);
        this.clock = clock;
    }

    /** What a round would remove now, without removing it. */
    public List<Line> dryRun() {
        return round(true);
    }

    /** Removes what is past its retention; what it removed per kind (logged as counts only). */
    public List<Line> prune() {
        List<Line> done = round(false);
        for (Line l : done)
            if (l.rows() > 0) LOG.info("retention: {} {} rows of {} older than {} days", l.kind().verb(), l.rows(),
                    l.kind().label(), l.days());
        return done;
    }

    private List<Line> round(boolean dryRun) {
        Instant now = clock.instant();
        List<Line> out = new ArrayList<>();
        for (Retention.Kind kind : Retention.Kind.values()) {
            int d = days.getOrDefault(kind, 0);
            if (d <= 0) {
                out.add(new Line(kind, 0, null, 0));
                continue;
            }
            Instant cutoff = now.minus(Duration.ofDays(d));
            long rows = dryRun
                    ? db.withoutTransaction("count the " + kind.label() + " past retention", tx -> Retention.count(tx, kind, cutoff))
                    : db.inTransaction("prune the " + kind.label(), tx -> Retention.prune(tx, kind, cutoff));
            out.add(new Line(kind, d, cutoff, rows));
        }
        return out;
    }
}

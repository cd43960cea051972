package io.guestlink.pipeline;

import io.guestlink.memory.CheckoutGrace;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.ImportCounts;
import io.guestlink.model.StoreRow;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.OverdueStays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes stays the PMS left in house past their departure and the grace ({@link CheckoutGrace}) as departed, so
 * in-house and lapsed counts stay true when a check-out message never came. Each closed stay is a new version of
 * its record (status CHECKED_OUT) from source {@value OverdueStays#SOURCE_ID}, written through the same
 * {@link BatchWriter} as a file row: the PMS's version stays in the record's history, the journal has one run per
 * pass with one row per stay saying it was inferred (`guestlink runs`), guest memory recounts the guest, and
 * stay_checkout_inferred records it. A later check-out or update from the PMS is an ordinary newer version and wins
 * (a later departure keeps the guest in house until it passes); the same stale stay sent again in house is closed
 * again on the next pass.
 *
 * <p>Run on a schedule (routes/stays.camel.yaml) for every property as of its business date, and by the daily run
 * before a property's daily rules.
 */
public final class StayCloser {
    private static final Logger LOG = LoggerFactory.getLogger(StayCloser.class);
    private static final int PAGE = 500;

    private final Database db;
    private final BatchWriter writer;
    private final ImportJournal journal;
    private final OverdueStays stays = new OverdueStays();
    private final CheckoutGrace grace;
    private final BusinessDates dates;
    private final Clock clock;

    public StayCloser(Database db, BatchWriter writer, ImportJournal journal, CheckoutGrace grace, BusinessDates dates, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.journal = journal;
        this.grace = grace;
        this.dates = dates;
        this.clock = clock;
    }

    public CheckoutGrace grace() {
        return grace;
    }

    /** Every property's overdue stays, each as of the property's business date; returns the stays closed. */
    public int closeOverdue() {
        int closed = 0;
        for (String property : db.inTransaction("properties with stays in house", stays::propertiesInHouse)) {
            closed += close(property, dates.of(property));
        }
        return closed;
    }

    /**
     * The property's stays overdue on the business date (null: stays without a property); returns the stays closed.
     * One pass at a time in this JVM (the timer and the daily run may meet): the second finds nothing left. Passes
     * on two nodes that meet write the same closed version; the second is journaled UNCHANGED.
     */
    public synchronized int close(String property, LocalDate businessDate) {
        LocalDate before = grace.departedBefore(businessDate);
        List<OverdueStays.Overdue> first = page(property, before);
        if (first.isEmpty()) return 0;
        long started = System.nanoTime();
        String name = "check-outs inferred at " + (property == null ? "(no property)" : property) + " on business date "
                + businessDate + ", grace " + grace.days() + " days";
        String id = FileImporter.sha256Of((name + " " + clock.instant()).getBytes(StandardCharsets.UTF_8));
        ImportJournal.Run run = journal.start(OverdueStays.SOURCE_ID, name, id, 0, null);
        ImportCounts counts = ImportCounts.ZERO;
        long line = 0;
        String error = null;
        try {
            for (List<OverdueStays.Overdue> page = first; !page.isEmpty(); page = page(property, before)) {
                ImportCounts wrote = ImportCounts.ZERO;
                // one source system per batch (the writer's rule); a page rarely holds more than one
                Map<String, List<OverdueStays.Overdue>> bySystem = new LinkedHashMap<>();
                for (OverdueStays.Overdue o : page) bySystem.computeIfAbsent(o.record().ref().system(), k -> new ArrayList<>()).add(o);
                for (List<OverdueStays.Overdue> batch : bySystem.values()) {
                    List<StoreRow> rows = new ArrayList<>();
                    for (OverdueStays.Overdue o : batch) {
                        CanonicalRecord r = o.record();
                        rows.add(StoreRow.mapped(++line, grace.note(r.ref().system(), o.stay(), businessDate),
                                new CanonicalRecord(r.ref(), r.guestKey(), r.guest(), grace.departed(o.stay()))));
                    }
                    try {
                        wrote = wrote.plus(writer.write(run.id(), OverdueStays.SOURCE_ID, rows, tx -> {
                            for (OverdueStays.Overdue o : batch) stays.recordInferred(tx, o, businessDate, grace.days());
                        }));
                    } catch (RuntimeException e) {
                        // a PMS message changed one of them meanwhile (or the store failed): the next pass looks again
                        error = e.getMessage();
                        LOG.warn("closing {} overdue stays failed, left to the next pass: {}", batch.size(), e.getMessage());
                    }
                }
                counts = counts.plus(wrote);
                if (wrote.updated() == 0 || page.size() < PAGE) break; // nothing closed: the same page would come back
            }
        } finally {
            journal.finish(run.id(), error == null ? "DONE" : "FAILED", counts, (System.nanoTime() - started) / 1_000_000, error);
        }
        if (counts.updated() > 0)
            LOG.info("{} stays at {} in house past departure + {} days on business date {}: closed as departed (inferred)",
                    counts.updated(), property == null ? "(no property)" : property, grace.days(), businessDate);
        return (int) counts.updated();
    }

    private List<OverdueStays.Overdue> page(String property, LocalDate before) {
        return db.inTransaction("stays in house past departure", tx -> stays.overdue(tx, property, before, PAGE));
    }
}

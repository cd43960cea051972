package io.guestlink.pipeline;

import io.guestlink.alert.AlertEvaluator;
import io.guestlink.alert.BusinessDay;
import io.guestlink.store.AlertRows;
import io.guestlink.store.Database;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each property's business date now: what its night audits set and what the clock says, weighed by
 * {@link AlertEvaluator#businessDate} ({@link BusinessDay}: night audit or clock per property).
 */
public final class BusinessDates {
    /**
     * A property's day.
     *
     * @param audited the date the last night audit set (shown even for a property on the clock), or null
     * @param auditAt when the night audits last moved (or first set) it, or null
     */
    public record Day(String property, LocalDate businessDate, ZoneId zone, BusinessDay.Source source,
                      LocalDate audited, Instant auditAt) {
    }

    private final Database db;
    private final AlertRows rows;
    private final AlertEvaluator evaluator;
    private final Clock clock;

    public BusinessDates(Database db, AlertRows rows, AlertEvaluator evaluator, Clock clock) {
        this.db = db;
        this.rows = rows;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    /** The property's business date now. */
    public LocalDate of(String property) {
        return db.inTransaction("business date",
                tx -> evaluator.businessDate(property, rows.auditedBusinessDate(tx, property), clock.instant()));
    }

    /** Every property daily rules run for (configured, or given a date by a night audit), in that order. */
    public List<Day> all() {
        Instant now = clock.instant();
        Map<String, AlertRows.AuditedDate> audited = db.inTransaction("business dates", rows::auditedDates);
        List<Day> out = new ArrayList<>();
        for (String p : evaluator.properties(audited.keySet())) {
            AlertRows.AuditedDate a = audited.get(p);
            out.add(new Day(p, evaluator.businessDate(p, Optional.ofNullable(a).map(AlertRows.AuditedDate::businessDate), now),
                    evaluator.zone(p), evaluator.businessDay(p), a == null ? null : a.businessDate(), a == null ? null : a.setAt()));
        }
        return out;
    }
}

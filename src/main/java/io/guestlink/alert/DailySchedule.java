package io.guestlink.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * When a daily rule runs at a property: on each business date the property enters, once per rule, property and
 * business date. The business date is the property's day ({@link BusinessDay}: the last night audit's, or its local
 * calendar date); it may lag the calendar after midnight or run ahead after an early audit.
 *
 * <ul>
 *   <li>A rule with a local time ({@code at}) runs from that time on the business date, in the property's zone: a
 *       night audit that moves the date before that time makes the run wait for it; one that moves it later (a late
 *       audit) makes it run at once.</li>
 *   <li>A rule without a time runs as soon as the business date is that date: right after the night audit, or at
 *       local midnight for a property on the clock.</li>
 * </ul>
 *
 * Only the current business date runs by itself. A date that was current only between two sweeps (two audits in a
 * row, a catch-up after an outage) or while the service was down is not caught up: a list for a past day is news
 * nobody can use, unless someone decides otherwise and runs that day with {@code guestlink daily}.
 */
public final class DailySchedule {
    private DailySchedule() {
    }

    /**
     * The instant the run for this business date is due. A time skipped by a daylight-saving gap runs just after it.
     * Without a time, the start of the date (a night audit that moved the date earlier makes it due at once).
     */
    public static Instant dueAt(LocalDate businessDate, LocalTime at, ZoneId zone) {
        return at == null ? businessDate.atStartOfDay(zone).toInstant() : businessDate.atTime(at).atZone(zone).toInstant();
    }

    /** Whether the run for the business date is due: its time has come; always, for a rule without a time. */
    public static boolean isDue(LocalDate businessDate, LocalTime at, ZoneId zone, Instant now) {
        return at == null || !now.isBefore(dueAt(businessDate, at, zone));
    }
}

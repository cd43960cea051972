package io.guestlink.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * When a daily rule runs at a property: at its local time on the property's business date, in the property's zone.
 * The business date is the one the last night audit set (it may lag the calendar after midnight, or run ahead after
 * an early audit), else the property's local calendar date. A run is due from that instant on and happens once per
 * rule, property and business date; a night audit that moves the date makes the next date's run due at its time
 * (at once when that time has passed). Days the service was down are not caught up: a list for a past day is news
 * nobody can use.
 */
public final class DailySchedule {
    private DailySchedule() {
    }

    /** The instant the run for this business date is due. A time skipped by a daylight-saving gap runs just after it. */
    public static Instant dueAt(LocalDate businessDate, LocalTime at, ZoneId zone) {
        return businessDate.atTime(at).atZone(zone).toInstant();
    }

    public static boolean isDue(LocalDate businessDate, LocalTime at, ZoneId zone, Instant now) {
        return !now.isBefore(dueAt(businessDate, at, zone));
    }
}

package io.guestlink.alert;

import org.apache.commons.codec.digest.DigestUtils;

import java.time.LocalDate;

/**
 * Stable alert ids: the same rule over the same thing always gives the same id, so re-evaluating an event (after a
 * crash between the rule and its commit, or by the sweep after the fast path) or re-running a day never writes a
 * second alert, and receivers drop a re-sent alert by its id. Readable on purpose: an IT person sees what an alert
 * is about from its id alone.
 *
 * <ul>
 *   <li>event rules: {@code <rule>/event/<guest event id>}</li>
 *   <li>daily, once per day: {@code <rule>/<property>/<business date>/<profile id>}</li>
 *   <li>once per year: {@code <rule>/<year>/<profile id>} (no property: one greeting whatever the hotel)</li>
 *   <li>once per stay: {@code <rule>/<property>/stay/<confirmation>/<profile id>}</li>
 *   <li>an event rule's alert sent again because a merge or an unmerge changed its card: {@code <first id>/update/<n>}</li>
 * </ul>
 */
public final class AlertIds {
    private AlertIds() {
    }

    public static String forEvent(String rule, long eventId) {
        return rule + "/event/" + eventId;
    }

    /** The n-th update (1, 2, ...) of an event rule's alert: stable, so evaluating the same change twice writes it once. */
    public static String forUpdate(String firstId, int n) {
        if (n < 1) throw new IllegalArgumentException("updates are numbered from 1: " + n);
        return firstId + "/update/" + n;
    }

    /**
     * @param confirmation the stay's confirmation number, needed for {@link OncePer#STAY}
     */
    public static String forDaily(AlertRule rule, String property, LocalDate businessDate, long profileId,
                                  String confirmation) {
        return switch (rule.oncePer()) {
            case DAY -> rule.id() + "/" + property + "/" + businessDate + "/" + profileId;
            case YEAR -> rule.id() + "/" + businessDate.getYear() + "/" + profileId;
            case STAY -> {
                if (confirmation == null) throw new IllegalArgumentException("a once-per-stay alert needs the stay's confirmation number");
                yield rule.id() + "/" + property + "/stay/" + confirmation + "/" + profileId;
            }
            case EVENT -> throw new IllegalArgumentException("rule " + rule.id() + " is an event rule");
        };
    }

    /**
     * A 20-character form of an id for fields that old receivers limit to 20 characters (HL7 MSH-10 up to v2.5):
     * the first 20 hex digits of its SHA-256, as stable as the id itself.
     */
    public static String shortForm(String alertId) {
        return DigestUtils.sha256Hex(alertId).substring(0, 20);
    }
}

package io.guestlink.model;

import java.time.LocalDate;
import java.util.List;

/**
 * A marketing alert ({@code channel} {@link #WHOLE_ALERT}), or one channel's delivery of it, not sent because the
 * guest had no current "yes" for any of {@code purposes}. Kept and counted once per alert id and channel.
 *
 * @param alertId the id the alert has (or would have had)
 */
public record ConsentRefusal(String alertId, String channel, String rule, String audience, String property,
                             LocalDate businessDate, long profileId, List<ConsentPurpose> purposes) {
    public static final String WHOLE_ALERT = "*";

    public ConsentRefusal {
        purposes = List.copyOf(purposes);
    }
}

package io.guestlink.alert;

import io.guestlink.event.GuestEventType;
import io.guestlink.memory.RecognitionCard;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule's filter looks at: one guest at one property on a business date, with their recognition card as of
 * that date, their marketing consent per medium, and the service-recovery measure of their current stay.
 *
 * @param eventType the triggering event's type, null for a daily rule
 * @param consent   marketing consent per medium ("email", "sms", ...): true only when the guest said yes
 */
public record Subject(String property, LocalDate businessDate, GuestEventType eventType, RecognitionCard card,
                      Map<String, Boolean> consent, ServiceRecovery recovery) {
    public Subject {
        Objects.requireNonNull(card, "card");
        consent = consent == null ? Map.of() : Map.copyOf(consent);
        recovery = recovery == null ? ServiceRecovery.NONE : recovery;
    }
}

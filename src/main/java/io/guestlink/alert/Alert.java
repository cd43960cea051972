package io.guestlink.alert;

import io.guestlink.event.GuestEventType;
import io.guestlink.memory.RecognitionCard;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One alert as it goes out, on every channel the same JSON: which rule, for whom, about which guest and stay, the
 * recognition card (as data and as its one-line text). Stored once in the outbox; every attempt sends these bytes,
 * so a webhook signature and a receiver's de-duplication by {@link #id()} stay valid across retries.
 *
 * @param eventId     the guest event that triggered it (event rules), else null
 * @param stay        the stay the alert is about (the arriving, in-house or tomorrow's one), null when none
 * @param guest       the name parts receivers that need them use (HL7 PID-5), from the guest's Latin-script name
 * @param adjustments the service-recovery measure in the base currency when the rule looks at it, else null
 * @param consentedTo marketing media the guest consented to among those the rule asks for (empty when it asks none)
 * @param updates     null for an event's first alert of a rule; for a re-sent one (a merge or an unmerge changed who
 *                    the guest is, and with it the card), the id of the alert it replaces (receivers show the newest)
 */
public record Alert(String id, String rule, String audience, String property, LocalDate businessDate, Long profileId,
                    Long eventId, GuestEventType eventType, Stay stay, Guest guest, RecognitionCard card, String text,
                    BigDecimal adjustments, List<String> consentedTo, Instant createdAt, String updates) {

    /** The start of an update's {@link #text()}, so a receiver that shows only the line says so too. */
    public static final String UPDATE_PREFIX = "UPDATE: ";

    public record Stay(String confirmation, String room, String priorRoom, LocalDate arrival, LocalDate departure) {
    }

    public record Guest(String family, String given, String title, String language) {
    }

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(card, "card");
        consentedTo = consentedTo == null ? List.of() : List.copyOf(consentedTo);
    }

    /** An alert that updates none (the first of its rule for its event, or a daily one). */
    public Alert(String id, String rule, String audience, String property, LocalDate businessDate, Long profileId,
                 Long eventId, GuestEventType eventType, Stay stay, Guest guest, RecognitionCard card, String text,
                 BigDecimal adjustments, List<String> consentedTo, Instant createdAt) {
        this(id, rule, audience, property, businessDate, profileId, eventId, eventType, stay, guest, card, text, adjustments,
                consentedTo, createdAt, null);
    }

    /** Whether what the receivers were told differs: another guest, or another card. */
    public boolean tellsMoreThan(Alert earlier) {
        return !java.util.Objects.equals(profileId, earlier.profileId()) || !card.equals(earlier.card());
    }

    public String toJson() {
        return AlertJson.write(this, "alert " + id);
    }

    public static Alert fromJson(String json) {
        return AlertJson.read(json, Alert.class, "an alert");
    }

    /** The daily list this alert belongs to (file channel): rule, property and business date. */
    public String listKey() {
        return rule + "_" + property + "_" + businessDate;
    }
}

package io.guestlink.alert;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A rule's filter ({@code when:} in config/alerts.yaml): every condition given must hold; an absent one (null or
 * empty) does not filter. Each is a plain reading of the recognition card or of the guest's consent and stay.
 *
 * @param minStayNumber    the arriving stay is at least the guest's n-th (2 = a returning guest)
 * @param vip              the guest is (true) or is not (false) a VIP
 * @param birthdayThisStay the guest's birthday falls during the stay (arrival to departure, both included)
 * @param birthdayToday    the guest's birthday is the business date
 * @param lapsed           the guest is lapsed: no stay for the memory configuration's {@code lapsedAfterMonths}
 * @param consent          marketing media, at least one of which the guest consented to (absent = no consent)
 * @param adjustmentsAbove service recovery: folio adjustments and POS voids during the current stay exceed this
 *                         amount in the base currency, and the triggering event (if any) brought some
 * @param properties       only at these properties
 * @param possiblyReturning the guest is (true) or is not (false) on a first stay as far as the store knows while
 *                          the card names a possible same guest (an open review-queue pair) who has stayed before
 */
public record Conditions(Integer minStayNumber, Boolean vip, Boolean birthdayThisStay, Boolean birthdayToday,
                         Boolean lapsed, Set<String> consent, BigDecimal adjustmentsAbove, Set<String> properties,
                         Boolean possiblyReturning) {

    public static final Conditions ALWAYS = new Conditions(null, null, null, null, null, Set.of(), null, Set.of(), null);

    public Conditions {
        consent = consent == null ? Set.of() : Set.copyOf(consent);
        properties = properties == null ? Set.of() : Set.copyOf(properties);
    }

    public boolean test(Subject s) {
        return failing(s).isEmpty();
    }

    /** The conditions that do not hold, by their configuration name (empty: the rule fires). */
    public List<String> failing(Subject s) {
        List<String> out = new ArrayList<>();
        var card = s.card();
        if (minStayNumber != null && card.stayNumber() < minStayNumber) out.add("minStayNumber");
        if (vip != null && card.vip() != vip) out.add("vip");
        if (birthdayThisStay != null && (card.birthdayThisStay() != null) != birthdayThisStay) out.add("birthdayThisStay");
        if (birthdayToday != null && card.birthdayToday() != birthdayToday) out.add("birthdayToday");
        if (lapsed != null && card.lapsed() != lapsed) out.add("lapsed");
        if (!consent.isEmpty() && consent.stream().noneMatch(m -> Boolean.TRUE.equals(s.consent().get(m)))) out.add("consent");
        if (adjustmentsAbove != null && !(s.recovery().total().compareTo(adjustmentsAbove) > 0
                && (s.eventType() == null || s.recovery().fromThisEvent()))) out.add("adjustmentsAbove");
        if (!properties.isEmpty() && !properties.contains(s.property())) out.add("properties");
        if (possiblyReturning != null && card.possiblyReturning() != possiblyReturning) out.add("possiblyReturning");
        return out;
    }

    /** The media among {@code consent} the guest said yes to, for the marketing system to choose from. */
    public List<String> consentedMedia(Subject s) {
        return consent.stream().filter(m -> Boolean.TRUE.equals(s.consent().get(m))).sorted().toList();
    }
}

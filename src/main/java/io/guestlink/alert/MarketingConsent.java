package io.guestlink.alert;

import io.guestlink.model.ConsentPurpose;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code marketing:} in config/alerts.yaml: the audiences and channels whose alerts reach guests with offers, each
 * with the purposes that allow it. An alert for a marketing audience goes only to a guest whose latest statement for
 * at least one of the audience's purposes is a "yes"; a delivery on a marketing channel the same for the channel's
 * purposes. This holds whatever the rule's {@code when:} says (a rule that forgets {@code consent:} is still held),
 * and what it stops is recorded and counted, never dropped silently.
 */
public record MarketingConsent(Map<String, Set<ConsentPurpose>> audiences, Map<String, Set<ConsentPurpose>> channels) {
    public static final MarketingConsent NONE = new MarketingConsent(Map.of(), Map.of());

    public MarketingConsent {
        audiences = copy(audiences);
        channels = copy(channels);
    }

    private static Map<String, Set<ConsentPurpose>> copy(Map<String, Set<ConsentPurpose>> m) {
        Map<String, Set<ConsentPurpose>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, Set.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The purposes an audience needs (empty: not a marketing audience). */
    public Set<ConsentPurpose> audience(String audience) {
        return audience == null ? Set.of() : audiences.getOrDefault(audience, Set.of());
    }

    /** The purposes a channel needs (empty: not a marketing channel). */
    public Set<ConsentPurpose> channel(String channel) {
        return channels.getOrDefault(channel, Set.of());
    }

    /** Of {@code purposes}, those the guest's current consent says yes to, in purpose order. */
    public static List<ConsentPurpose> allowed(Set<ConsentPurpose> purposes, Map<String, Boolean> consent) {
        Set<ConsentPurpose> out = EnumSet.noneOf(ConsentPurpose.class);
        for (ConsentPurpose p : purposes) if (Boolean.TRUE.equals(consent.get(p.code()))) out.add(p);
        return List.copyOf(out);
    }

    /** Sorted purpose list, for a refusal. */
    static List<ConsentPurpose> sorted(Set<ConsentPurpose> purposes) {
        return List.copyOf(purposes.isEmpty() ? EnumSet.noneOf(ConsentPurpose.class) : EnumSet.copyOf(purposes));
    }
}

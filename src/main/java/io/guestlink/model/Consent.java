package io.guestlink.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A guest's current consent: per purpose, the statement with the latest {@code statedAt} across every system and
 * source record of the guest; at the same instant a "no" wins over a "yes". Arrival order plays no part, so a late
 * delivered older "yes" never undoes a newer "no". A purpose nobody stated is no consent.
 */
public record Consent(Map<ConsentPurpose, ConsentStatement> current) {
    public static final Consent NONE = new Consent(Map.of());

    /** Which of two statements of one purpose holds: the later; at the same time the "no". */
    public static final Comparator<ConsentStatement> PRECEDENCE = Comparator
            .comparing(ConsentStatement::statedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(s -> !s.granted());

    public Consent {
        current = Map.copyOf(current);
    }

    /** The current consent from every statement of a guest, in any order. */
    public static Consent of(Collection<ConsentStatement> statements) {
        Map<ConsentPurpose, ConsentStatement> out = new EnumMap<>(ConsentPurpose.class);
        for (ConsentStatement s : statements) out.merge(s.purpose(), s, (a, b) -> PRECEDENCE.compare(b, a) > 0 ? b : a);
        return new Consent(out);
    }

    /** True only when the latest statement for the purpose is a "yes". */
    public boolean allows(ConsentPurpose purpose) {
        ConsentStatement s = current.get(purpose);
        return s != null && s.granted();
    }

    public Optional<ConsentStatement> latest(ConsentPurpose purpose) {
        return Optional.ofNullable(current.get(purpose));
    }

    /** The current yes/no per purpose code, as the alert rules' {@code consent:} condition reads it. */
    public Map<String, Boolean> byCode() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        current.forEach((p, s) -> out.put(p.code(), s.granted()));
        return out;
    }
}

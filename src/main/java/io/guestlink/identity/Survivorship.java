package io.guestlink.identity;

import io.guestlink.model.GuestProfile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The golden record's single-valued fields, chosen from everything the sources said about one person by a rule per
 * field (configuration: {@code survivorship} in config/identity.yaml). Every chosen value keeps its provenance: the
 * source record it came from and the rule that chose it. Recomputed from the sources, never patched, so a merge and
 * its unmerge give back exactly what was there before.
 */
public final class Survivorship {
    /** One source record's view of the person. */
    public record Contribution(long sourceRecordId, String system, Instant seen, GuestProfile guest) {
    }

    /** The chosen value of one field, with where it came from. */
    public record Value(Object value, long sourceRecordId, String system, String rule) {
    }

    public enum Rule {
        MOST_RECENT, SOURCE_PRIORITY, MOST_FREQUENT, NON_EMPTY;

        static Rule parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("survivorship rule '" + text + "' (expected most-recent, source-priority, "
                        + "most-frequent or non-empty)");
            }
        }

        String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final List<String> FIELDS = List.of("displayName", "birthDate", "gender", "nationality", "language", "vipCode");
    private static final Map<String, Function<GuestProfile, Object>> READERS = Map.of(
            "displayName", g -> g.names().isEmpty() ? null : g.displayName(),
            "birthDate", GuestProfile::birthDate,
            "gender", GuestProfile::gender,
            "nationality", GuestProfile::nationality,
            "language", GuestProfile::language,
            "vipCode", GuestProfile::vipCode);

    private final Map<String, Rule> rules;
    private final List<String> sourcePriority;

    /**
     * @param rules          field to rule name; fields not named use most-recent
     * @param sourcePriority systems, most trusted first (for source-priority; systems not listed come after, most recent first)
     */
    public Survivorship(Map<String, String> rules, List<String> sourcePriority) {
        Map<String, Rule> r = new HashMap<>();
        for (String f : FIELDS) r.put(f, Rule.MOST_RECENT);
        rules.forEach((field, rule) -> {
            if (!FIELDS.contains(field)) throw new IllegalArgumentException("survivorship field '" + field + "' (known: " + FIELDS + ")");
            r.put(field, Rule.parse(rule));
        });
        this.rules = Map.copyOf(r);
        this.sourcePriority = List.copyOf(sourcePriority);
    }

    public static Survivorship defaults() {
        return new Survivorship(Map.of(), List.of());
    }

    /** The golden values (absent fields have no entry), in {@link #FIELDS} order. */
    public Map<String, Value> golden(List<Contribution> contributions) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (String field : FIELDS) {
            List<Candidate> cands = new ArrayList<>();
            for (Contribution c : contributions) {
                if (c.guest() == null) continue;
                Object v = READERS.get(field).apply(c.guest());
                if (v != null && !(v instanceof String s && s.isBlank())) cands.add(new Candidate(v, c));
            }
            if (cands.isEmpty()) continue;
            Rule rule = rules.get(field);
            Candidate pick = switch (rule) {
                case MOST_RECENT -> cands.stream().max(recent()).orElseThrow();
                case NON_EMPTY -> cands.stream().min(Comparator.comparing((Candidate c) -> c.from().seen())
                        .thenComparingLong(c -> c.from().sourceRecordId())).orElseThrow();
                case SOURCE_PRIORITY -> cands.stream().min(Comparator.comparingInt((Candidate c) -> priority(c.from().system()))
                        .thenComparing(recent().reversed())).orElseThrow();
                case MOST_FREQUENT -> mostFrequent(cands);
            };
            out.put(field, new Value(pick.value(), pick.from().sourceRecordId(), pick.from().system(), rule.configName()));
        }
        return out;
    }

    private record Candidate(Object value, Contribution from) {
    }

    private static Comparator<Candidate> recent() {
        return Comparator.comparing((Candidate c) -> c.from().seen()).thenComparingLong(c -> c.from().sourceRecordId());
    }

    private int priority(String system) {
        int i = sourcePriority.indexOf(system);
        return i < 0 ? sourcePriority.size() : i;
    }

    /** The value most sources agree on; a tie goes to the most recent of the tied values. */
    private static Candidate mostFrequent(List<Candidate> cands) {
        Map<Object, Integer> counts = new HashMap<>();
        for (Candidate c : cands) counts.merge(normal(c.value()), 1, Integer::sum);
        int best = counts.values().stream().max(Integer::compare).orElse(0);
        return cands.stream().filter(c -> counts.get(normal(c.value())) == best).max(recent()).orElseThrow();
    }

    private static Object normal(Object v) {
        return v instanceof String s ? s.trim().toUpperCase(Locale.ROOT) : v;
    }

    public static LocalDate date(Map<String, Value> golden, String field) {
        Value v = golden.get(field);
        return v == null ? null : (LocalDate) v.value();
    }

    public static String text(Map<String, Value> golden, String field) {
        Value v = golden.get(field);
        return v == null ? null : String.valueOf(v.value());
    }
}

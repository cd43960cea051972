package io.guestlink.identity.match;

import java.util.HashMap;
import java.util.Map;

/**
 * How many distinct persons hold a value of a shared-identifier field ({@code email}, {@code phone},
 * {@code document}). A hotel's house e-mail, a company switchboard or a travel agent's address is held by many
 * guests and identifies none of them; the model reads this to down-weight or ignore such values.
 */
public interface ValueFrequency {

    /** Number of distinct persons (profiles, or records in a batch) holding {@code value} in {@code field}; 0 if unknown. */
    int holders(String field, String value);

    /** No knowledge of frequencies: every value is treated as held by the two records compared. */
    ValueFrequency NONE = (field, value) -> 0;

    /** Counts the holders among the given records; each record counts once per value even if it lists it twice. */
    static ValueFrequency count(Iterable<PersonRecord> records) {
        Map<String, Integer> emails = new HashMap<>(), phones = new HashMap<>(), documents = new HashMap<>();
        for (PersonRecord r : records) {
            for (String v : r.emails()) emails.merge(v, 1, Integer::sum);
            for (String v : r.phones()) phones.merge(v, 1, Integer::sum);
            for (String v : r.documents()) documents.merge(v, 1, Integer::sum);
        }
        Map<String, Map<String, Integer>> byField = Map.of("email", emails, "phone", phones, "document", documents);
        return (field, value) -> {
            Map<String, Integer> m = byField.get(field);
            return m == null ? 0 : m.getOrDefault(value, 0);
        };
    }

    /** Fixed counts, for tests and for values known to be shared (field -> value -> holders). */
    static ValueFrequency of(Map<String, Map<String, Integer>> counts) {
        Map<String, Map<String, Integer>> copy = new HashMap<>();
        counts.forEach((f, m) -> copy.put(f, Map.copyOf(m)));
        return (field, value) -> copy.getOrDefault(field, Map.of()).getOrDefault(value, 0);
    }
}

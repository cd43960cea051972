package io.guestlink.identity.match;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How many distinct persons hold a value of a shared-identifier field ({@code email}, {@code phone},
 * {@code document}). A hotel's house e-mail, a company switchboard or a travel agent's address is held by many
 * guests and identifies none of them; the model reads this to down-weight or ignore such values.
 */
public interface ValueFrequency {

    /** Number of distinct persons (profiles, or records in a batch) holding {@code value} in {@code field}; 0 if unknown. */
    int holders(String field, String value);

    /**
     * How many persons the counts are taken from, for term-frequency adjustment of names ({@code family} canonical
     * surname, {@code given} given name): an exact agreement on a name held by h of N persons has u at least h/N.
     * 0 (the default) when unknown: names then keep their configured u.
     */
    default long population() {
        return 0;
    }

    /**
     * The keys under which a store counts who holds each name of a record, for term frequency as {@link #count} does
     * it in memory: {@code TF:family:} + canonical surname and {@code TF:given:} + given name. Kept beside the
     * blocking keys but never used to find candidates (a surname alone would make everybody called WANG one).
     */
    static Set<String> nameKeys(PersonRecord r) {
        Set<String> out = new java.util.LinkedHashSet<>(4);
        for (var name : r.names()) {
            if (!name.family().isBlank()) out.add(nameKey("family", PreparedRecord.canonicalSurname(name.family().strip())));
            if (!name.given().isBlank()) out.add(nameKey("given", name.given().strip()));
        }
        return out;
    }

    /**
     * The keys under which a store counts who wrote a name and birth date in Han: for each reading written in Han, and
     * only with a birth date, {@code TF:hanReading:} + reading|given|date (every Han-written holder of the reading)
     * and {@code TF:hanWriting:} + Han family name|given|date (those who wrote this family name). The two differ when
     * somebody wrote the same reading, given name and birth date with another Han family name (徐伟 and 许伟, both XU
     * WEI, born the same day): then a Latin XU WEI of that date fits two persons ({@link MatchModel}). Never candidates.
     */
    static Set<String> writingKeys(PersonRecord r) {
        if (r.birthDate() == null) return Set.of();
        Set<String> out = new java.util.LinkedHashSet<>(4);
        for (var name : r.names()) {
            if (name.hanFamily().isEmpty() || name.family().isBlank()) continue;
            String given = given(name.given()), date = r.birthDate().toString();
            out.add(nameKey(HAN_READING, reading(name.family()) + "|" + given + "|" + date));
            out.add(nameKey(HAN_WRITING, name.hanFamily() + "|" + given + "|" + date));
        }
        return out;
    }

    /**
     * The keys under which a store counts who holds a given name with a gender stated (by the source or a title):
     * {@code TF:givenM:} or {@code TF:givenF:} + given name. A given name nearly all its holders of known gender hold as
     * men is a man's name; a record titled MRS under it names her husband ({@link MatchModel}). Never candidates.
     */
    static Set<String> genderKeys(PersonRecord r) {
        if (!"M".equals(r.gender()) && !"F".equals(r.gender())) return Set.of();
        Set<String> out = new java.util.LinkedHashSet<>(2);
        String field = "M".equals(r.gender()) ? GIVEN_MEN : GIVEN_WOMEN;
        for (var name : r.names()) if (!name.given().isBlank()) out.add(nameKey(field, name.given().strip()));
        return out;
    }

    /** Field of {@link #holders}: profiles holding this given name with the gender M stated. */
    String GIVEN_MEN = "givenM";
    /** Field of {@link #holders}: profiles holding this given name with the gender F stated. */
    String GIVEN_WOMEN = "givenF";

    /** Field of {@link #holders}: profiles that wrote a family name in Han with this reading|given|date. */
    String HAN_READING = "hanReading";
    /** Field of {@link #holders}: profiles that wrote this Han family name|given|date. */
    String HAN_WRITING = "hanWriting";

    /** A family name's reading as {@link #writingKeys} keys it: canonical, syllables not spaced. */
    static String reading(String family) {
        return PreparedRecord.canonicalSurname(family.strip()).replace(" ", "");
    }

    /** A given name as {@link #writingKeys} keys it: syllables not spaced (LONG MING and LONGMING are one). */
    static String given(String given) {
        return given.strip().replace(" ", "");
    }

    /** The key of one name in {@link #nameKeys}: field {@code family} (canonical) or {@code given}. */
    static String nameKey(String field, String value) {
        return "TF:" + field + ":" + value;
    }

    /** No knowledge of frequencies: every value is treated as held by the two records compared. */
    ValueFrequency NONE = (field, value) -> 0;

    /**
     * Counts the holders among the given records (each record counts once per value even if it lists it twice),
     * including family (canonical) and given names for term-frequency adjustment.
     */
    static ValueFrequency count(Iterable<PersonRecord> records) {
        Map<String, Integer> emails = new HashMap<>(), phones = new HashMap<>(), documents = new HashMap<>();
        Map<String, Integer> families = new HashMap<>(), givens = new HashMap<>();
        Map<String, Integer> hanReadings = new HashMap<>(), hanWritings = new HashMap<>();
        Map<String, Integer> men = new HashMap<>(), women = new HashMap<>();
        long n = 0;
        for (PersonRecord r : records) {
            n++;
            for (String v : r.emails()) emails.merge(v, 1, Integer::sum);
            for (String v : r.phones()) phones.merge(v, 1, Integer::sum);
            for (String v : r.documents()) documents.merge(PersonRecord.documentHash(v), 1, Integer::sum);
            java.util.Set<String> f = new java.util.HashSet<>(2), g = new java.util.HashSet<>(2);
            for (var name : r.names()) {
                if (!name.family().isBlank()) f.add(PreparedRecord.canonicalSurname(name.family().strip()));
                if (!name.given().isBlank()) g.add(name.given().strip());
            }
            for (String v : f) families.merge(v, 1, Integer::sum);
            for (String v : g) givens.merge(v, 1, Integer::sum);
            for (String k : genderKeys(r)) {
                boolean man = k.startsWith(nameKey(GIVEN_MEN, ""));
                (man ? men : women).merge(k.substring(nameKey(man ? GIVEN_MEN : GIVEN_WOMEN, "").length()), 1, Integer::sum);
            }
            for (String k : writingKeys(r)) {
                boolean reading = k.startsWith(nameKey(HAN_READING, ""));
                String v = k.substring(nameKey(reading ? HAN_READING : HAN_WRITING, "").length());
                (reading ? hanReadings : hanWritings).merge(v, 1, Integer::sum);
            }
        }
        Map<String, Map<String, Integer>> byField = Map.of("email", emails, "phone", phones, "document", documents,
                "family", families, "given", givens, HAN_READING, hanReadings, HAN_WRITING, hanWritings,
                GIVEN_MEN, men, GIVEN_WOMEN, women);
        long population = n;
        return new ValueFrequency() {
            public int holders(String field, String value) {
                Map<String, Integer> m = byField.get(field);
                return m == null ? 0 : m.getOrDefault(value, 0);
            }

            public long population() {
                return population;
            }
        };
    }

    /**
     * Like {@link #count(Iterable)}, but an e-mail, phone or document is held by as many persons as there are distinct
     * {@code person} numbers among the records holding it (the clusters a first pass of deduplication made): six
     * records of one guest, each with his passport, are one holder, not six, so his passport is not taken for a value
     * many persons share. Names and the population are still counted per record, as in {@link #count(Iterable)}.
     */
    static ValueFrequency count(java.util.List<PersonRecord> records, java.util.function.IntUnaryOperator person) {
        return count(records, person, count(records));
    }

    /** {@link #count(java.util.List, java.util.function.IntUnaryOperator)} with the per-record counts already made. */
    static ValueFrequency count(java.util.List<PersonRecord> records, java.util.function.IntUnaryOperator person,
                                ValueFrequency perRecord) {
        long[] order = new long[records.size()];
        for (int i = 0; i < order.length; i++) order[i] = ((long) person.applyAsInt(i) << 32) | i;
        java.util.Arrays.sort(order);
        Map<String, Integer> emails = new HashMap<>(), phones = new HashMap<>(), documents = new HashMap<>();
        Map<String, Integer> lastEmail = new HashMap<>(), lastPhone = new HashMap<>(), lastDocument = new HashMap<>();
        for (long o : order) {
            int who = (int) (o >>> 32);
            PersonRecord r = records.get((int) o);
            for (String v : r.emails()) countOnce(emails, lastEmail, v, who);
            for (String v : r.phones()) countOnce(phones, lastPhone, v, who);
            for (String v : r.documents()) countOnce(documents, lastDocument, PersonRecord.documentHash(v), who);
        }
        Map<String, Map<String, Integer>> byField = Map.of("email", emails, "phone", phones, "document", documents);
        return new ValueFrequency() {
            public int holders(String field, String value) {
                Map<String, Integer> m = byField.get(field);
                return m == null ? perRecord.holders(field, value) : m.getOrDefault(value, 0);
            }

            public long population() {
                return perRecord.population();
            }
        };
    }

    /** Counts {@code who} once for the value: records come grouped by person, so a repeat is the same person. */
    private static void countOnce(Map<String, Integer> counts, Map<String, Integer> lastPerson, String value, int who) {
        Integer last = lastPerson.put(value, who);
        if (last == null || last != who) counts.merge(value, 1, Integer::sum);
    }

    /** Fixed counts, for tests and for values known to be shared (field -> value -> holders). */
    static ValueFrequency of(Map<String, Map<String, Integer>> counts) {
        Map<String, Map<String, Integer>> copy = new HashMap<>();
        counts.forEach((f, m) -> copy.put(f, Map.copyOf(m)));
        return (field, value) -> copy.getOrDefault(field, Map.of()).getOrDefault(value, 0);
    }
}

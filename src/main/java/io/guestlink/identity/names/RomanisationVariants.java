package io.guestlink.identity.names;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One key for the spellings of the same East Asian surname in different romanisations: 张 is ZHANG in pinyin,
 * CHANG in Wade-Giles (Taiwan), CHEUNG in Hong Kong and TEO in Singapore; Korean 박 (朴) is PARK, PAK, BAK, BAG
 * (ICU) and PIAO in Mandarin. The scorer compares family names on this key and blocking groups candidates by it.
 *
 * <p>The table is {@code identity/romanisation-variants.tsv}; every row names its romanisation system and
 * collisions. It is deliberately conservative: a spelling used for two common surnames (NG is 吴 in Cantonese and
 * 黄 in Hokkien; TAN is 陈 in Hokkien and the pinyin of 谭) is not mapped, because one key for two surnames would
 * put their bearers in one block and make them look like one family.
 */
public final class RomanisationVariants {

    private static final Map<String, String> KEYS = load();

    private RomanisationVariants() {
    }

    /**
     * The canonical pinyin key of a surname token ({@code CHEUNG} → {@code ZHANG}); the token itself, upper-cased,
     * when no variant is known. Expects a token from {@link NameNormaliser} (ASCII letters, no spaces); null
     * gives null.
     */
    public static String canonical(String token) {
        if (token == null) return null;
        String t = token.strip().toUpperCase(Locale.ROOT);
        return KEYS.getOrDefault(t, t);
    }

    /** Whether the table lists this spelling (upper-case ASCII letters), as a key or as a variant. */
    static boolean isListed(String token) {
        return KEYS.containsKey(token);
    }

    private static Map<String, String> load() {
        Map<String, String> keys = new HashMap<>();
        for (String[] row : Resources.columns("romanisation-variants.tsv")) {
            if (row.length < 2) throw new IllegalStateException("romanisation-variants.tsv: bad row " + String.join("\t", row));
            String key = row[0].strip();
            for (String v : row[1].split(",")) {
                String variant = v.strip();
                if (variant.isEmpty()) continue;
                String previous = keys.put(variant, key);
                // A spelling in two groups would make the key depend on file order; refuse it at start-up.
                if (previous != null && !previous.equals(key)) {
                    throw new IllegalStateException("romanisation-variants.tsv: " + variant + " maps to both " + previous + " and " + key);
                }
            }
            keys.putIfAbsent(key, key);
        }
        // A key must not itself be a variant of another key, or canonical() would not be idempotent.
        for (Map.Entry<String, String> e : keys.entrySet()) {
            if (!keys.get(e.getValue()).equals(e.getValue())) {
                throw new IllegalStateException("romanisation-variants.tsv: key " + e.getValue() + " is also a variant");
            }
        }
        return Map.copyOf(keys);
    }
}

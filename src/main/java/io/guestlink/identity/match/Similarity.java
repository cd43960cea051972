package io.guestlink.identity.match;

/**
 * String similarity used by the comparators. Written here rather than taken from commons-text because the
 * deduplicator calls them tens of millions of times on a million profiles: these allocate at most two small arrays
 * and stop early where the answer is already known.
 */
final class Similarity {

    private Similarity() {
    }

    /** Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4, boost above 0.7, as Winkler defined it). */
    static double jaroWinkler(String s1, String s2) {
        if (s1.equals(s2)) return 1.0;
        int l1 = s1.length(), l2 = s2.length();
        if (l1 == 0 || l2 == 0) return 0.0;
        int range = Math.max(0, Math.max(l1, l2) / 2 - 1);
        boolean[] m1 = new boolean[l1];
        boolean[] m2 = new boolean[l2];
        int matches = 0;
        for (int i = 0; i < l1; i++) {
            char c = s1.charAt(i);
            int lo = Math.max(0, i - range), hi = Math.min(l2 - 1, i + range);
            for (int j = lo; j <= hi; j++) {
                if (!m2[j] && s2.charAt(j) == c) {
                    m1[i] = true;
                    m2[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) return 0.0;
        int transpositions = 0;
        for (int i = 0, k = 0; i < l1; i++) {
            if (!m1[i]) continue;
            while (!m2[k]) k++;
            if (s1.charAt(i) != s2.charAt(k)) transpositions++;
            k++;
        }
        double m = matches;
        double jaro = (m / l1 + m / l2 + (m - transpositions / 2.0) / m) / 3.0;
        if (jaro <= 0.7) return jaro;
        int prefix = 0;
        for (int i = 0, n = Math.min(4, Math.min(l1, l2)); i < n && s1.charAt(i) == s2.charAt(i); i++) prefix++;
        return jaro + prefix * 0.1 * (1.0 - jaro);
    }

    /** Levenshtein distance, or {@code limit + 1} as soon as it is known to exceed {@code limit}. */
    static int levenshtein(String a, String b, int limit) {
        int la = a.length(), lb = b.length();
        if (Math.abs(la - lb) > limit) return limit + 1;
        int[] prev = new int[lb + 1];
        int[] cur = new int[lb + 1];
        for (int j = 0; j <= lb; j++) prev[j] = j;
        for (int i = 1; i <= la; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= lb; j++) {
                int cost = ca == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) return limit + 1;
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[lb];
    }
}

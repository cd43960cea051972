package io.guestlink.identity.match;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Candidate generation. Each record gets several independent blocking keys, each built from different fields, so a
 * true pair with a typo in any one or two fields still shares at least one key; only records sharing a key are ever
 * compared (no all-pairs comparison anywhere). A key held by more than {@code maxBlockSize} records (a common
 * surname in a big city, a house e-mail) is dropped when candidates are generated, which bounds the work per record
 * by (keys per record) x (maxBlockSize) however large the store grows.
 *
 * <p>Keys (prefix: content):
 * <ul>
 *   <li>{@code D}, {@code E}, {@code P}: each document's keyed hash, e-mail, phone (exact identifiers)</li>
 *   <li>{@code NN}: the two name parts' Double Metaphone codes, sorted (so a family/given swap keeps the key)</li>
 *   <li>{@code ND}: one name part's Double Metaphone + full birth date, for each part (swap-proof, survives a typo
 *       in the other part and in every non-name field)</li>
 *   <li>{@code NY}: surname's Double Metaphone + birth year (day/month typos or swaps)</li>
 *   <li>{@code NP}: one name part's Double Metaphone + postcode, for each part (birth date missing or mistyped)</li>
 *   <li>{@code DP}: birth date + postcode, {@code DL}: birth date + locality (both names misspelt)</li>
 *   <li>{@code DI}: birth date + both initials, sorted (every other field off but the date)</li>
 *   <li>{@code DN}: birth date + the first two letters of one name part, for each part in its place (both names'
 *       sounds off, or one part missing: MORRION / MORRISON, SARH / SARSH with no family name)</li>
 *   <li>{@code SL}: Soundex of the surname + given initial + locality (postcode and birth date both off)</li>
 *   <li>{@code AP}: street number + Soundex of the first street word + postcode, {@code AN}: the same with the
 *       surname's Soundex instead of the postcode (given name, birth date and postcode all off)</li>
 * </ul>
 * Surname codes are taken from the romanised canonical form, so ZHANG and CHANG share every key.
 */
public final class Blocking {

    private Blocking() {
    }

    public static Set<String> keys(PersonRecord r) {
        return keys(PreparedRecord.of(r));
    }

    public static Set<String> keys(PreparedRecord p) {
        PersonRecord r = p.record;
        Set<String> keys = new LinkedHashSet<>();
        // the hash only: the same document with and without its issuing country is still one key
        for (String d : r.documents()) keys.add("D:" + PersonRecord.documentHash(d));
        for (String e : r.emails()) keys.add("E:" + e);
        for (String ph : r.phones()) keys.add("P:" + ph);
        String dob = r.birthDate() == null ? null : r.birthDate().toString();
        String postcode = blankToNull(r.postcode());
        String locality = blankToNull(r.locality());
        String number = p.addressTokens.length >= 2 && Character.isDigit(p.addressTokens[0].charAt(0)) ? p.addressTokens[0] : null;
        String street = number == null ? null : PreparedRecord.soundex(p.addressTokens[1]);
        for (PreparedRecord.Reading reading : p.readings) {
            PreparedRecord.Part f = reading.family(), g = reading.given();
            String fm = usable(f) ? f.metaphone() : null;
            String gm = usable(g) ? g.metaphone() : null;
            if (fm != null && gm != null) keys.add(fm.compareTo(gm) <= 0 ? "NN:" + fm + "|" + gm : "NN:" + gm + "|" + fm);
            if (dob != null) {
                if (fm != null) keys.add("ND:" + fm + "|" + dob);
                if (gm != null) keys.add("ND:" + gm + "|" + dob);
                if (fm != null) keys.add("NY:" + fm + "|" + p.year);
            }
            if (postcode != null) {
                if (fm != null) keys.add("NP:" + fm + "|" + postcode);
                if (gm != null) keys.add("NP:" + gm + "|" + postcode);
            }
            if (locality != null && !f.missing() && !g.missing())
                keys.add("SL:" + PreparedRecord.soundex(f.canonical()) + "|" + g.initial() + "|" + locality);
            if (street != null && !f.missing()) keys.add("AN:" + number + "|" + street + "|" + PreparedRecord.soundex(f.canonical()));
        }
        if (dob != null && postcode != null) keys.add("DP:" + dob + "|" + postcode);
        if (dob != null && locality != null) keys.add("DL:" + dob + "|" + locality);
        if (dob != null) {
            for (PreparedRecord.Reading reading : p.readings) {
                if (reading.family().missing() || reading.given().missing()) continue;
                char a = reading.family().canonical().charAt(0), b = reading.given().initial();
                keys.add("DI:" + dob + "|" + (char) Math.min(a, b) + (char) Math.max(a, b));
            }
            // both names' sounds may be off at once (MORRION / MORRISON, REIRD / REID with another given name, a
            // missing given name): the first two letters of either part still meet with the birth date. Each part
            // keeps its place (F, G): swaps are the sound keys' business, and LI PING must not meet WANG LI here
            for (PreparedRecord.Reading reading : p.readings) {
                if (!reading.family().missing() && reading.family().joined().length() >= 2)
                    keys.add("DN:" + dob + "|F" + reading.family().joined().substring(0, 2));
                if (!reading.given().missing() && !reading.given().initialOnly() && reading.given().joined().length() >= 2)
                    keys.add("DN:" + dob + "|G" + reading.given().joined().substring(0, 2));
            }
        }
        if (street != null && postcode != null) keys.add("AP:" + number + "|" + street + "|" + postcode);
        return keys;
    }

    private static boolean usable(PreparedRecord.Part part) {
        return !part.missing() && !part.initialOnly() && !part.metaphone().isEmpty();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    // ---- candidate pairs ---------------------------------------------------------------------------------------

    /** Candidate pairs and what blocking cost. */
    public record Candidates(long[] pairs, long keys, long blocks, long droppedBlocks, long droppedMemberships) {
        public int size() {
            return pairs.length;
        }

        static int first(long pair) {
            return (int) (pair >>> 32);
        }

        static int second(long pair) {
            return (int) pair;
        }
    }

    static final int INDEX_BITS = 24;
    static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    /**
     * Every record's keys as a 64-bit hash: the upper 40 bits of the key's hash, the lower 24 bits the record index.
     * Sorting these longs groups each key's records together without a hash map of strings, which matters at a
     * million records and ten keys each. Two distinct keys colliding on 40 bits only merges their blocks (a few
     * extra candidates, still scored and still capped), never loses a pair.
     */
    static long[] keyEntries(List<PreparedRecord> records, int offset, boolean parallel) {
        if (records.size() + offset > INDEX_MASK) throw new IllegalArgumentException("at most " + INDEX_MASK + " records per batch");
        long[][] perRecord = new long[records.size()][];
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, records.size());
        (parallel ? range.parallel() : range).forEach(i -> {
            Set<String> keys = keys(records.get(i));
            long[] out = new long[keys.size()];
            int k = 0;
            for (String key : keys) out[k++] = (hash64(key) & ~INDEX_MASK) | (i + offset);
            perRecord[i] = out;
        });
        int total = 0;
        for (long[] a : perRecord) total += a.length;
        long[] all = new long[total];
        int pos = 0;
        for (long[] a : perRecord) {
            System.arraycopy(a, 0, all, pos, a.length);
            pos += a.length;
        }
        Arrays.parallelSort(all);
        return all;
    }

    /** Candidate pairs (i < j, each pair once) among {@code records}, from blocks of at most {@code maxBlockSize}. */
    public static Candidates candidatePairs(List<PreparedRecord> records, int maxBlockSize) {
        long[] entries = keyEntries(records, 0, records.size() > 10_000);
        LongList pairs = new LongList(records.size() * 4);
        long blocks = 0, dropped = 0, droppedMemberships = 0;
        for (int start = 0; start < entries.length; ) {
            long key = entries[start] & ~INDEX_MASK;
            int end = start + 1;
            while (end < entries.length && (entries[end] & ~INDEX_MASK) == key) end++;
            int size = end - start;
            blocks++;
            if (size > maxBlockSize) {
                dropped++;
                droppedMemberships += size;
            } else {
                for (int x = start; x < end; x++) {
                    long i = entries[x] & INDEX_MASK;
                    for (int y = x + 1; y < end; y++) {
                        long j = entries[y] & INDEX_MASK;
                        if (i != j) pairs.add(i < j ? (i << 32) | j : (j << 32) | i);
                    }
                }
            }
            start = end;
        }
        long[] unique = pairs.sortedUnique();
        return new Candidates(unique, entries.length, blocks, dropped, droppedMemberships);
    }

    /**
     * Cross-source candidate pairs (left index, right index), each once; a key is dropped when it is held by more
     * than {@code maxBlockSize} records on either side.
     */
    public static Candidates crossPairs(List<PreparedRecord> left, List<PreparedRecord> right, int maxBlockSize) {
        long[] l = keyEntries(left, 0, left.size() > 10_000);
        long[] r = keyEntries(right, 0, right.size() > 10_000);
        LongList pairs = new LongList(left.size() * 4);
        long blocks = 0, dropped = 0, droppedMemberships = 0;
        int a = 0, b = 0;
        while (a < l.length && b < r.length) {
            long ka = l[a] & ~INDEX_MASK, kb = r[b] & ~INDEX_MASK;
            int ae = a, be = b;
            while (ae < l.length && (l[ae] & ~INDEX_MASK) == ka) ae++;
            while (be < r.length && (r[be] & ~INDEX_MASK) == kb) be++;
            if (ka == kb) {
                blocks++;
                if (ae - a > maxBlockSize || be - b > maxBlockSize) {
                    dropped++;
                    droppedMemberships += (ae - a) + (be - b);
                } else {
                    for (int x = a; x < ae; x++)
                        for (int y = b; y < be; y++) pairs.add(((l[x] & INDEX_MASK) << 32) | (r[y] & INDEX_MASK));
                }
                a = ae;
                b = be;
            } else if (ka < kb) { // both arrays are sorted as signed longs
                a = ae;
            } else {
                b = be;
            }
        }
        return new Candidates(pairs.sortedUnique(), l.length + r.length, blocks, dropped, droppedMemberships);
    }

    /** FNV-1a over the UTF-16 chars, then a murmur3 finaliser so the upper bits are well mixed. */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** A growable long array (boxing 20 million pair ids into a HashSet would cost gigabytes). */
    static final class LongList {
        private long[] a;
        private int n;

        LongList(int capacity) {
            a = new long[Math.max(16, capacity)];
        }

        void add(long v) {
            if (n == a.length) a = Arrays.copyOf(a, a.length + (a.length >> 1));
            a[n++] = v;
        }

        long[] sortedUnique() {
            long[] s = Arrays.copyOf(a, n);
            Arrays.parallelSort(s);
            int w = 0;
            for (int i = 0; i < s.length; i++) if (w == 0 || s[i] != s[w - 1]) s[w++] = s[i];
            return Arrays.copyOf(s, w);
        }
    }
}

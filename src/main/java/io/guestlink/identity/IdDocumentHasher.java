package io.guestlink.identity;

import io.guestlink.identity.match.PersonRecord;
import io.guestlink.model.Masking;
import io.guestlink.model.IdDocument;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Replaces a passport or ID-card number with a keyed hash before it is stored. The hash lets two stays of the same
 * guest be matched on their document; the key (from the environment, never in the store) means a leaked database
 * cannot be reversed by hashing every possible number, which a plain SHA-256 over a short ID would allow.
 */
public final class IdDocumentHasher {

    /** 128 bits: below that the key, not the HMAC, becomes the weak point. */
    public static final int MIN_KEY_BYTES = 16;

    private static final String DEFAULT_TYPE = "ID";
    // What front desks and scanners put between groups; removed so "G 1234-567" and "g1234567" match.
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-./]+");

    private final byte[] key;
    private final PlaceholderList placeholders;

    public IdDocumentHasher(byte[] key, PlaceholderList placeholders) {
        // Messages name the length rule only: the key must never reach a log, not even in part.
        if (key == null) throw new IllegalArgumentException("ID document HMAC key is missing");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("ID document HMAC key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = key.clone();
        this.placeholders = Objects.requireNonNull(placeholders, "placeholders");
    }

    /**
     * The document as GuestLink keeps it, or empty when the number is missing or a placeholder.
     *
     * @param type           PASSPORT, ID_CARD... (upper-cased; null or blank becomes "ID"). Part of the hash, so
     *                       the same digits on two kinds of document do not look like one document
     * @param issuingCountry ISO code, trimmed and upper-cased; null or blank is kept as null (unknown)
     */
    public Optional<IdDocument> hash(String type, String number, String issuingCountry) {
        if (number == null) return Optional.empty();
        String docType = type == null || type.isBlank() ? DEFAULT_TYPE : type.strip().toUpperCase(Locale.ROOT);
        String country = issuingCountry == null || issuingCountry.isBlank()
                ? null : issuingCountry.strip().toUpperCase(Locale.ROOT);
        String given = number.strip();
        if (given.startsWith(MARKER_START)) return Optional.of(fromMarker(given, docType, country));
        if (!given.isEmpty() && given.chars().allMatch(c -> c == WITHHELD))
            throw new IllegalArgumentException("the document number was withheld from the journal when the row was first "
                    + "read (a fixed-width feed has no room for its marker): import the original file again");
        String normalised = SEPARATORS.matcher(number.toUpperCase(Locale.ROOT)).replaceAll("");
        if (normalised.isEmpty() || placeholders.isPlaceholder(PlaceholderList.Kind.ID_DOCUMENT, normalised)) {
            return Optional.empty();
        }
        // A new HmacUtils per call: it wraps a javax.crypto.Mac, which is not safe to share between threads.
        HmacUtils hmac = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key);
        String keyedHash = hmac.hmacHex(docType + "|" + normalised);
        IdDocument doc = new IdDocument(docType, country, keyedHash, Masking.idNumber(normalised), near(hmac, docType, normalised));
        Redaction open = REDACTION.get();
        if (open != null) open.seen(given, marker(doc));
        return Optional.of(doc);
    }

    /** Numbers shorter than this get no neighbourhood: one keystroke apart, short numbers meet by chance. */
    public static final int NEAR_MIN_LENGTH = 6;

    /**
     * The number's one-keystroke neighbourhood as keyed hashes (SymSpell's deletion neighbourhood): the HMAC of the
     * number itself and of the number with each character deleted in turn, each cut to {@value PersonRecord#NEAR_KEY_LENGTH} hex
     * characters and concatenated, in a domain of their own (never equal to a document's keyed hash). Two numbers
     * share a key when one keystroke sets them apart: a character mistyped (the same deletion), left out or added (one
     * number is the other with a character deleted), or two neighbours swapped (deleting either gives one string).
     * The last character is never deleted: numbers that differ only at the end are what documents issued one after
     * another look like (a family's passports), not a keying error. Null for numbers under {@value #NEAR_MIN_LENGTH}
     * characters. Like the keyed hash, nothing here can be turned back into the number without the key.
     */
    public String near(String type, String number) {
        String docType = type == null || type.isBlank() ? DEFAULT_TYPE : type.strip().toUpperCase(Locale.ROOT);
        String normalised = SEPARATORS.matcher(number.toUpperCase(Locale.ROOT)).replaceAll("");
        return near(new HmacUtils(HmacAlgorithms.HMAC_SHA_256, key), docType, normalised);
    }

    private static String near(HmacUtils hmac, String docType, String normalised) {
        if (normalised.length() < NEAR_MIN_LENGTH) return null;
        java.util.Set<String> variants = new java.util.LinkedHashSet<>();
        variants.add(normalised);
        for (int i = 0; i < normalised.length() - 1; i++)
            variants.add(normalised.substring(0, i) + normalised.substring(i + 1));
        StringBuilder out = new StringBuilder(variants.size() * PersonRecord.NEAR_KEY_LENGTH);
        for (String v : variants) out.append(hmac.hmacHex("~NEAR|" + docType + "|" + v), 0, PersonRecord.NEAR_KEY_LENGTH);
        return out.toString();
    }

    // ---- the journal's raw text keeps no document number --------------------------------------------------------

    /**
     * Opens every marker: {@code {{iddoc:<type, Base64url>:<keyed hash>:<masked, Base64url>:<near keys>}}}; markers
     * written before near keys were kept end after the masked form (their documents replay without near keys).
     */
    static final String MARKER_START = "{{iddoc:";
    private static final String MARKER_END = "}}";
    /** What a fixed-width row's number becomes (one per character, so the columns after it stay in place). */
    public static final char WITHHELD = '\u2588';
    private static final Pattern MARKER = Pattern.compile("\\{\\{iddoc:([A-Za-z0-9_-]*):([0-9a-f]{64}):([A-Za-z0-9_-]*)(?::([0-9a-f]*))?}}");
    private static final ThreadLocal<Redaction> REDACTION = new ThreadLocal<>();

    /**
     * The marker that stands for a document in a journaled raw text: the keyed hash (what matching uses), the type it
     * was hashed with and the masked form; no character of the number but the masked form's last four. Made only of
     * characters no CSV delimiter, JSON string or HL7 separator uses, so the text still parses as the feed's format.
     */
    static String marker(IdDocument doc) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return MARKER_START + b64.encodeToString(doc.type().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ":"
                + doc.keyedHash() + ":" + b64.encodeToString(doc.masked().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + (doc.near() == null ? "" : ":" + doc.near()) + MARKER_END;
    }

    /**
     * The document a marker stands for, when a journaled row is replayed or reprocessed. The hash was made with the
     * type as first read; when the row's type reads differently now (a code table fixed since), the hash cannot be
     * made again without the number, and the row is refused rather than given a document that would match nothing.
     */
    private static IdDocument fromMarker(String given, String docType, String country) {
        java.util.regex.Matcher m = MARKER.matcher(given);
        if (!m.matches()) throw new IllegalArgumentException("a document marker in the journal is damaged: import the original file again");
        java.util.Base64.Decoder b64 = java.util.Base64.getUrlDecoder();
        String hashedAs = new String(b64.decode(m.group(1)), java.nio.charset.StandardCharsets.UTF_8);
        if (!hashedAs.equals(docType))
            throw new IllegalArgumentException("the document number was removed from the journal when the row was first "
                    + "read as type " + hashedAs + "; read now as type " + docType + " its hash cannot be made again: "
                    + "import the original file again");
        return new IdDocument(docType, country, m.group(2), new String(b64.decode(m.group(3)), java.nio.charset.StandardCharsets.UTF_8),
                m.group(4));
    }

    /**
     * Collects, on this thread, each document number hashed while it is open, so the raw text the journal keeps can
     * have them replaced by their markers ({@link #apply}). Opened around the mapping of one row or message:
     * <pre>{@code try (var r = IdDocumentHasher.redacting()) { outcome = map(row); journaled = r.apply(row.raw(), false); }}</pre>
     * Not nested: an inner one replaces the outer until it closes.
     */
    public static Redaction redacting() {
        Redaction r = new Redaction(REDACTION.get());
        REDACTION.set(r);
        return r;
    }

    /** The numbers hashed on this thread since {@link #redacting}. */
    public static final class Redaction implements AutoCloseable {
        private final Redaction outer;
        private final java.util.Map<String, String> markers = new java.util.LinkedHashMap<>();

        private Redaction(Redaction outer) {
            this.outer = outer;
        }

        void seen(String number, String marker) {
            markers.putIfAbsent(number, marker);
        }

        /** True when a document number was hashed since this opened. */
        public boolean any() {
            return !markers.isEmpty();
        }

        /**
         * The text with every number hashed since this opened replaced where it stands as a whole value (not inside a
         * longer run of letters or digits) by its marker; or, with {@code sameLength} (fixed-width rows, whose columns
         * abut), wherever it stands by as many {@link #WITHHELD} characters, which a replay then refuses by name
         * instead of reading the wrong columns.
         */
        public String apply(String text, boolean sameLength) {
            if (text == null || markers.isEmpty()) return text;
            String out = text;
            List<String> longestFirst = new java.util.ArrayList<>(markers.keySet());
            longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
            for (String number : longestFirst) {
                String by = sameLength ? String.valueOf(WITHHELD).repeat(number.length()) : markers.get(number);
                out = replaceWhole(out, number, by, !sameLength);
            }
            return out;
        }

        @Override
        public void close() {
            if (outer == null) REDACTION.remove();
            else REDACTION.set(outer);
        }
    }

    /** {@code whole}: only where the value is not part of a longer run of letters or digits (fixed-width columns abut). */
    private static String replaceWhole(String text, String value, String by, boolean whole) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
            if (at < from) continue;
            int end = at + value.length();
            boolean alone = (at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
            if (whole && !alone) continue;
            out.append(text, from, at).append(by);
            from = end;
        }
        return out.append(text, from, text.length()).toString();
    }
}

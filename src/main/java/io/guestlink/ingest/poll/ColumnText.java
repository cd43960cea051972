package io.guestlink.ingest.poll;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns one legacy database row (column label to JDBC value) into the text values the mapping engine reads, the same
 * text a file export would hold: dates as yyyy-MM-dd, date-times as yyyy-MM-dd HH:mm:ss in the property's local time,
 * NULLs and zero dates ('0000-00-00', which drivers return as NULL) absent.
 */
public final class ColumnText {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private final Map<String, Charset> charsets;
    private final ZoneId zone;

    /**
     * @param charsets columns (any case) whose bytes are in another charset than the column declares
     * @param zone     the property's time zone, for the rare column that carries an offset
     */
    public ColumnText(Map<String, String> charsets, ZoneId zone) {
        Map<String, Charset> cs = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        charsets.forEach((column, name) -> cs.put(column, Charset.forName(name)));
        this.charsets = cs;
        this.zone = zone;
    }

    public Map<String, String> values(Map<String, Object> row) {
        Map<String, String> out = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            String text = text(column, value);
            if (text != null) out.put(column, text);
        });
        return out;
    }

    /** The text of one column of the row (its label in any case), as {@link #values} gives it; null when absent. */
    public String value(Map<String, Object> row, String column) {
        if (row.containsKey(column)) return text(column, row.get(column));
        for (var e : row.entrySet()) if (e.getKey().equalsIgnoreCase(column)) return text(e.getKey(), e.getValue());
        return null;
    }

    /**
     * A SHA-256 digest of the row as the driver returned it, every column's label and value with its length, before
     * anything is decoded or formatted: two reads of one version of a row give one digest, and any change to a value
     * (or a NULL becoming empty) gives another. What a poll recognises a row it has already applied by, without
     * building the row's text and JSON first.
     */
    public String digest(Map<String, Object> row) {
        java.security.MessageDigest sha = org.apache.commons.codec.digest.DigestUtils.getSha256Digest();
        row.forEach((column, value) -> {
            field(sha, column.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (value == null) {
                sha.update((byte) 0);
                return;
            }
            sha.update((byte) 1);
            field(sha, value instanceof byte[] b ? b : String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        return org.apache.commons.codec.binary.Hex.encodeHexString(sha.digest());
    }

    private static void field(java.security.MessageDigest sha, byte[] bytes) {
        int n = bytes.length;
        sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        sha.update(bytes);
    }

    private String text(String column, Object value) {
        if (value == null) return null;
        Charset declared = charsets.get(column);
        if (value instanceof byte[] bytes) return new String(bytes, declared == null ? java.nio.charset.StandardCharsets.UTF_8 : declared);
        if (value instanceof String s) return declared == null ? s : new String(latin1Bytes(s), declared);
        if (value instanceof java.sql.Timestamp t) return DATE_TIME.format(t.toLocalDateTime());
        if (value instanceof LocalDateTime t) return DATE_TIME.format(t);
        if (value instanceof java.sql.Date d) return d.toLocalDate().toString();
        if (value instanceof LocalDate d) return d.toString();
        if (value instanceof OffsetDateTime t) return DATE_TIME.format(t.atZoneSameInstant(zone).toLocalDateTime());
        if (value instanceof BigDecimal d) return d.toPlainString();
        if (value instanceof java.sql.Clob || value instanceof java.sql.Blob)
            throw new IllegalArgumentException("column " + column + ": LOB columns are not read; cast it to text in poll.query");
        return value.toString();
    }

    /**
     * The bytes a latin1 column really holds, from the text the server sent. MariaDB's and MySQL's "latin1" is
     * Windows-1252 with the five bytes 1252 leaves undefined passed through as U+0081..U+009D, so each character goes
     * back through 1252 where 1252 has it and is its own code below U+0100 otherwise. Java's ISO-8859-1 alone would
     * turn the 1252 characters (euro sign, curly quotes...) into '?', which are real GBK trail bytes.
     */
    static byte[] latin1Bytes(String s) {
        CharsetEncoder enc = CP1252.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[i] = (byte) c;
                continue;
            }
            byte b;
            try {
                ByteBuffer buf = enc.encode(CharBuffer.wrap(new char[] {c}));
                b = buf.get(0);
            } catch (CharacterCodingException e) {
                if (c > 0xFF) throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " cannot come from a latin1 column");
                b = (byte) c;
            }
            out[i] = b;
        }
        return out;
    }
}

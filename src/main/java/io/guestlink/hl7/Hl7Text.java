package io.guestlink.hl7;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * An HL7 v2 message as received (an MLLP frame's payload) turned into the text HAPI parses: decoded with the charset
 * MSH-18 names (UTF-8 when it names none and the bytes are valid UTF-8, else windows-1252), without a byte-order
 * mark, with segments separated by a single CR whatever the sender used (CR, LF, CRLF, blank lines), and without
 * the trailing spaces some senders pad segments with.
 *
 * <p>Only the segment separators and trailing blanks are touched: field contents, delimiters and escapes are left as
 * sent. A trailing space inside a field that ends a segment is lost, which no ADT field depends on.
 *
 * @param text    the normalised message; may be empty or garbage (parsing decides)
 * @param charset the charset the bytes were decoded with, used again to encode the acknowledgement
 */
public record Hl7Text(String text, Charset charset) {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /**
     * HL7 table 0211 values senders use in MSH-18. HAPI keeps its own table package-private (ca.uhn.hl7v2.llp), so
     * the common ones are listed here; any other value falls back to the UTF-8 / windows-1252 rule.
     */
    private static final Map<String, String> MSH18 = Map.ofEntries(
            Map.entry("ASCII", "US-ASCII"), Map.entry("UNICODE UTF-8", "UTF-8"), Map.entry("UTF-8", "UTF-8"),
            Map.entry("8859/1", "ISO-8859-1"), Map.entry("8859/2", "ISO-8859-2"), Map.entry("8859/5", "ISO-8859-5"),
            Map.entry("8859/7", "ISO-8859-7"), Map.entry("8859/9", "ISO-8859-9"), Map.entry("8859/15", "ISO-8859-15"),
            Map.entry("GB 18030-2000", "GB18030"), Map.entry("BIG-5", "Big5"), Map.entry("KS X 1001", "EUC-KR"),
            Map.entry("ISO IR87", "ISO-2022-JP"));

    public static Hl7Text decode(byte[] bytes) {
        if (bytes == null) return new Hl7Text("", StandardCharsets.UTF_8);
        int start = hasUtf8Bom(bytes) ? 3 : 0;
        Charset declared = declaredCharset(bytes, start);
        Charset charset = declared != null ? declared : isUtf8(bytes, start) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        return new Hl7Text(normalise(new String(bytes, start, bytes.length - start, charset)), charset);
    }

    /** Segment separators to CR, trailing blanks off every segment, BOM and blank lines dropped. */
    public static String normalise(String raw) {
        String s = raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            int end = i;
            while (end < n && s.charAt(end) != '\r' && s.charAt(end) != '\n') end++;
            int last = end;
            while (last > i && Character.isWhitespace(s.charAt(last - 1))) last--;
            if (last > i) {
                if (out.length() > 0) out.append('\r');
                out.append(s, i, last);
            }
            i = end + 1;
        }
        return out.toString();
    }

    public byte[] encode(String message) {
        return message.getBytes(charset);
    }

    private static boolean hasUtf8Bom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    /**
     * MSH-18 read from the raw bytes: the MSH segment is ASCII in every charset HL7 allows except UTF-16, so its
     * fields can be found before the charset is known.
     */
    private static Charset declaredCharset(byte[] b, int start) {
        if (b.length < start + 8 || b[start] != 'M' || b[start + 1] != 'S' || b[start + 2] != 'H') return null;
        byte separator = b[start + 3];
        int field = 2; // the field being read: MSH-2 starts right after MSH-1, the separator itself
        int fieldStart = start + 4;
        for (int i = start + 4; i < b.length && b[i] != '\r' && b[i] != '\n'; i++) {
            if (b[i] != separator) continue;
            field++;
            if (field == 18) fieldStart = i + 1;
            if (field == 19) return charsetFor(new String(b, fieldStart, i - fieldStart, StandardCharsets.ISO_8859_1), b[start + 5]);
        }
        if (field == 18) {
            int end = fieldStart;
            while (end < b.length && b[end] != '\r' && b[end] != '\n') end++;
            return charsetFor(new String(b, fieldStart, end - fieldStart, StandardCharsets.ISO_8859_1), b[start + 5]);
        }
        return null;
    }

    private static Charset charsetFor(String msh18, byte repetitionSeparator) {
        // MSH-18 repeats (alternate character sets); the first repetition is the default one
        int rep = msh18.indexOf((char) (repetitionSeparator & 0xFF));
        String first = (rep < 0 ? msh18 : msh18.substring(0, rep)).strip().toUpperCase(Locale.ROOT);
        String name = MSH18.get(first);
        return name == null ? null : Charset.forName(name);
    }

    private static boolean isUtf8(byte[] b, int start) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, start, b.length - start));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}

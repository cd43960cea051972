package io.guestlink.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * What an acknowledgement needs from the inbound MSH, read straight from the text so that a message HAPI cannot
 * parse (bad version, broken segments, no MSH-10) still gets an answer addressed to its sender and echoing its
 * control id. HAPI's own fallback (PipeParser.getCriticalResponseData) keeps only MSH-10..12, not the sending and
 * receiving application and facility the ACK must swap.
 *
 * <p>Field values are the raw field text with the sender's delimiters; {@link #delimitersValid()} says whether
 * they can be copied into an ACK that declares the same delimiters. Empty strings stand for absent fields.
 *
 * @param fieldSeparator     MSH-1, or '|' when there is no MSH
 * @param encodingCharacters MSH-2 as sent (e.g. {@code ^~\&}), or the standard set when there is no MSH
 */
public record MessageHeader(boolean present, char fieldSeparator, String encodingCharacters, boolean delimitersValid,
                            String sendingApplication, String sendingFacility, String receivingApplication,
                            String receivingFacility, String messageType, String triggerEvent, String controlId,
                            String processingId, String version) {
    public static final String STANDARD_ENCODING = "^~\\&";

    /** The header of a normalised message (segments separated by CR); a message without MSH gives an empty header. */
    public static MessageHeader scan(String text) {
        if (text == null || text.length() < 4 || !text.startsWith("MSH")) return none();
        int end = text.indexOf('\r');
        String msh = end < 0 ? text : text.substring(0, end);
        char fs = msh.charAt(3);
        if (Character.isLetterOrDigit(fs) || Character.isWhitespace(fs) || Character.isISOControl(fs)) return none();
        List<String> fields = split(msh, fs); // fields.get(0) = "MSH", fields.get(1) = MSH-2 (MSH-1 is fs)
        String enc = fields.size() > 1 ? fields.get(1) : "";
        boolean valid = validDelimiters(fs, enc);
        char component = valid ? enc.charAt(0) : '^';
        String type = field(fields, 9, valid);
        int c1 = type.indexOf(component);
        String messageType = c1 < 0 ? type : type.substring(0, c1);
        String trigger = "";
        if (c1 >= 0) {
            int c2 = type.indexOf(component, c1 + 1);
            trigger = c2 < 0 ? type.substring(c1 + 1) : type.substring(c1 + 1, c2);
        }
        String controlId = field(fields, 10, valid);
        return new MessageHeader(true, valid ? fs : '|', valid ? enc : STANDARD_ENCODING, valid,
                field(fields, 3, valid), field(fields, 4, valid), field(fields, 5, valid), field(fields, 6, valid),
                messageType.strip(), trigger.strip(), controlId.strip(), firstComponent(field(fields, 11, valid), component),
                firstComponent(field(fields, 12, valid), component));
    }

    public static MessageHeader none() {
        return new MessageHeader(false, '|', STANDARD_ENCODING, true, "", "", "", "", "", "", "", "", "");
    }

    /** First component of a raw field (HD namespace id, VID version id...). */
    public String first(String rawField) {
        return firstComponent(rawField, encodingCharacters.charAt(0)).strip();
    }

    private static String firstComponent(String raw, char component) {
        int c = raw.indexOf(component);
        return c < 0 ? raw : raw.substring(0, c);
    }

    /** MSH-n: index n-1 in the split list, since MSH-1 is the separator the split consumed. */
    private static String field(List<String> fields, int n, boolean delimitersValid) {
        String v = fields.size() > n - 1 ? fields.get(n - 1) : "";
        // Senders' delimiters we cannot declare in the ACK would corrupt it: keep only plain text then.
        return delimitersValid ? v : v.replaceAll("[|^~\\\\&#\\p{Cntrl}]", "");
    }

    private static List<String> split(String segment, char fs) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= segment.length(); i++) {
            if (i == segment.length() || segment.charAt(i) == fs) {
                out.add(segment.substring(from, i));
                from = i + 1;
            }
        }
        return out;
    }

    /** MSH-2: 4 characters (5 with v2.7's truncation character), distinct, none a letter, digit, blank or MSH-1. */
    private static boolean validDelimiters(char fs, String enc) {
        if (enc.length() < 4 || enc.length() > 5) return false;
        for (int i = 0; i < enc.length(); i++) {
            char c = enc.charAt(i);
            if (c == fs || Character.isLetterOrDigit(c) || Character.isWhitespace(c) || Character.isISOControl(c)) return false;
            if (enc.indexOf(c) != i) return false;
        }
        return true;
    }
}

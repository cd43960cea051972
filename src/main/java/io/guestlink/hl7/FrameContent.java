package io.guestlink.hl7;

import ca.uhn.hl7v2.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/**
 * How many messages one MLLP frame holds. MLLP carries one message per block; a frame with two MSH segments, or an
 * HL7 batch (FHS/BHS ... BTS/FTS, the file-transfer envelope of chapter 2.10), is refused as a whole with AR, so
 * that no message in it is answered AA without being stored, and none is stored without its own answer.
 *
 * <p>The answer is addressed from the first MSH in the frame (MSA-2 = its MSH-10), the only control id the sender
 * can match an answer against; a frame without any MSH gets the empty header, as any message without one.
 */
public final class FrameContent {
    private static final List<String> BATCH_SEGMENTS = List.of("FHS", "BHS", "BTS", "FTS");

    private FrameContent() {
    }

    /**
     * The header to answer with: the frame's own when it starts with MSH, else the first MSH inside it (a batch).
     *
     * @param text a normalised message ({@link Hl7Text}): segments separated by CR
     */
    public static MessageHeader header(String text) {
        MessageHeader h = MessageHeader.scan(text);
        if (h.present() || text == null) return h;
        for (int at : starts(text)) {
            if (isMsh(text, at)) return MessageHeader.scan(text.substring(at));
        }
        return h;
    }

    /** AR when the frame holds a batch or more than one message; null when it is one message (or none: parsing decides). */
    public static Hl7Problem problem(String text) {
        if (text == null || text.isEmpty()) return null;
        List<Integer> msh = new ArrayList<>();
        int segment = 0;
        for (int at : starts(text)) {
            segment++;
            String id = text.length() >= at + 3 ? text.substring(at, at + 3) : "";
            if (BATCH_SEGMENTS.contains(id) && isSegment(text, at)) {
                return Hl7Problem.reject(ErrorCode.SEGMENT_SEQUENCE_ERROR, id, 0, "an HL7 batch (" + id + " segment "
                        + segment + ") is not accepted over MLLP: send each message in its own frame, and wait for its ACK");
            }
            if (isMsh(text, at)) msh.add(segment);
        }
        if (msh.size() > 1) {
            return Hl7Problem.reject(ErrorCode.SEGMENT_SEQUENCE_ERROR, "MSH", 0, "the frame holds " + msh.size()
                    + " messages (MSH at segments " + join(msh) + "): one frame carries one message, send each in its own "
                    + "frame; none of them was applied");
        }
        return null;
    }

    private static List<Integer> starts(String text) {
        List<Integer> out = new ArrayList<>();
        out.add(0);
        for (int i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
            if (i + 1 < text.length()) out.add(i + 1);
        }
        return out;
    }

    private static boolean isMsh(String text, int at) {
        return text.startsWith("MSH", at) && isSegment(text, at);
    }

    /** Three letters then a field separator: not a letter, digit, blank or control character. */
    private static boolean isSegment(String text, int at) {
        if (text.length() < at + 4) return false;
        char fs = text.charAt(at + 3);
        return !(Character.isLetterOrDigit(fs) || Character.isWhitespace(fs) || Character.isISOControl(fs));
    }

    private static String join(List<Integer> segments) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) s.append(i == segments.size() - 1 ? " and " : ", ");
            s.append(segments.get(i));
        }
        return s.toString();
    }
}

package io.guestlink.hl7;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A bare MLLP client on a plain socket, for what a well-behaved HAPI client cannot send: the samples byte for byte
 * (BOM, LF), garbage, half frames, huge frames. Tells an ACK from a closed connection from a hang.
 */
public final class MllpWire implements AutoCloseable {
    public static final byte START = 0x0B;
    public static final byte END = 0x1C;
    public static final byte CR = 0x0D;

    /** What came back: an ACK, the server closing (FIN or reset), or nothing before the timeout (a hang). */
    public sealed interface Outcome permits Ack, Closed, TimedOut {
    }

    public record Ack(String text) implements Outcome {
        public String segment(String id) {
            for (String s : text.split("\r")) if (s.startsWith(id)) return s;
            return null;
        }

        /** MSA-1 (AA, AE, AR). */
        public String code() {
            String msa = segment("MSA");
            return msa == null ? null : field(msa, 1);
        }

        /** MSA-2, the control id echoed; "" when empty. */
        public String controlId() {
            String msa = segment("MSA");
            return msa == null ? null : field(msa, 2);
        }

        /** Field n of a segment, split by the ACK's own field separator (MSH-1). */
        String field(String segment, int n) {
            String fs = text.length() > 3 ? String.valueOf(text.charAt(3)) : "|";
            String[] f = segment.split(java.util.regex.Pattern.quote(fs), -1);
            return f.length > n ? f[n] : "";
        }
    }

    public record Closed(String how) implements Outcome {
    }

    public record TimedOut(long waitedMillis) implements Outcome {
    }

    private final Socket socket;
    private final InputStream in;

    private MllpWire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    public static MllpWire connect(int port, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout((int) readTimeout.toMillis());
        return new MllpWire(s);
    }

    public static byte[] frame(byte[] payload) {
        byte[] out = new byte[payload.length + 3];
        out[0] = START;
        System.arraycopy(payload, 0, out, 1, payload.length);
        out[out.length - 2] = END;
        out[out.length - 1] = CR;
        return out;
    }

    public static byte[] frame(String payload) {
        return frame(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** One connection, one frame, one answer. */
    public static Outcome exchange(int port, byte[] framed, Duration timeout) throws IOException {
        try (MllpWire w = connect(port, timeout)) {
            w.send(framed);
            return w.read();
        }
    }

    public void send(byte[] bytes) throws IOException {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (SocketException e) {
            // the server may close a connection it has judged while we are still writing: read() reports it
        }
    }

    /** The next frame's payload as an ACK, or how the connection ended. */
    public Outcome read() throws IOException {
        long start = System.nanoTime();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        boolean inFrame = false;
        try {
            while (true) {
                int b = in.read();
                if (b < 0) return new Closed("end of stream");
                if (!inFrame) {
                    if (b == START) inFrame = true;
                    continue;
                }
                if (b == END) return new Ack(payload.toString(StandardCharsets.ISO_8859_1));
                payload.write(b);
            }
        } catch (SocketTimeoutException e) {
            return new TimedOut((System.nanoTime() - start) / 1_000_000);
        } catch (SocketException e) {
            return new Closed(e.getMessage());
        }
    }

    public boolean isClosedByPeer() throws IOException {
        return read() instanceof Closed;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

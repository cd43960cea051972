package io.guestlink.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a server (PostgreSQL) whose connection a test can cut: {@link #cut()} closes every
 * connection and refuses new ones (the server seen down or restarting, as a client sees it: connection reset, then
 * refused), {@link #restore()} lets connections through again. It lets a test take "the database away" without
 * stopping the server other tests share. {@code latencyMs} delays every chunk sent to the server, so an import is
 * slow enough for a test to cut it in its middle whatever the machine's speed.
 */
public final class FaultyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final long latencyMs;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean stalled;
    private volatile boolean closed;

    public FaultyProxy(String targetHost, int targetPort, long latencyMs) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.latencyMs = latencyMs;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "faulty-proxy-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** A proxy in front of the test PostgreSQL server ({@link PostgresServer#HOST}). */
    public static FaultyProxy postgres(long latencyMs) throws IOException {
        String[] hostPort = PostgresServer.HOST.split(":");
        return new FaultyProxy(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 5432, latencyMs);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A database URL of the server, through this proxy. */
    public String through(String jdbcUrl) {
        return jdbcUrl.replace(PostgresServer.HOST, "127.0.0.1:" + port());
    }

    /**
     * Nothing forwarded any more (a server that hangs): every statement sent from now on waits, so a {@link #cut()}
     * after it fails a statement in flight for sure, as a server's restart does (a pool would otherwise only find its
     * idle connections broken and quietly open new ones).
     */
    public void stall() {
        stalled = true;
    }

    /** Every connection closed, new ones refused until {@link #restore()}. */
    public void cut() {
        cut = true;
        stalled = false;
        for (Socket s : open) closeQuietly(s);
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, latencyMs);
                pump(upstream, client, 0);
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    private void pump(Socket from, Socket to, long delayMs) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (delayMs > 0) Thread.sleep(delayMs);
                    while (stalled && !cut) Thread.sleep(10);
                    if (cut) break;
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // cut, or the other side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "faulty-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
        server.close();
    }
}

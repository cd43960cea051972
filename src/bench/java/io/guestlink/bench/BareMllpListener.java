package io.guestlink.bench;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.impl.DefaultCamelContext;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling for the HL7 benchmark: a camel-mllp listener that only acknowledges (camel-mllp's own AA), with no
 * parsing, no store, no alerts. Same component, same machine, so the difference to GuestLink's listener is what
 * GuestLink does per message.
 *
 * <pre>
 *   try (BareMllpListener bare = BareMllpListener.start(0)) { ... send to bare.port() ... }
 *   java -cp ... io.guestlink.bench.BareMllpListener [port]     (runs until stopped)
 * </pre>
 */
public final class BareMllpListener implements AutoCloseable {
    private final CamelContext camel;
    private final int port;
    private final AtomicLong received = new AtomicLong();

    private BareMllpListener(int port) throws Exception {
        this.port = port == 0 ? freePort() : port;
        this.camel = new DefaultCamelContext();
        MllpComponent mllp = new MllpComponent();
        mllp.setLogPhi(false);
        camel.addComponent("mllp", mllp);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // as many connections as GuestLink's listener serves by default; autoAck: camel-mllp answers AA itself
                from("mllp:127.0.0.1:" + BareMllpListener.this.port + "?autoAck=true&hl7Headers=false&stringPayload=false"
                        + "&maxConcurrentConsumers=50&backlog=50")
                        .routeId("bare-mllp")
                        .process(e -> received.incrementAndGet());
            }
        });
        camel.start();
    }

    /** Listens on 127.0.0.1:port (0: a free port). */
    public static BareMllpListener start(int port) throws Exception {
        return new BareMllpListener(port);
    }

    public int port() {
        return port;
    }

    /** Messages acknowledged so far. */
    public long received() {
        return received.get();
    }

    @Override
    public void close() {
        camel.stop();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        CountDownLatch stop = new CountDownLatch(1);
        try (BareMllpListener bare = start(port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.println("bare MLLP listener on 127.0.0.1:" + bare.port() + " (only ACKs); Ctrl-C stops it");
            stop.await();
        }
    }
}

package io.guestlink.app;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import com.sun.net.httpserver.HttpServer;
import io.guestlink.alert.WebhookSignature;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Real receivers for alert channels: an HTTP webhook (JDK HttpServer) and an HL7 MLLP server (HAPI). */
final class AlertReceivers {
    private AlertReceivers() {
    }

    /** What the webhook does with its n-th request (1-based). */
    enum Answer { FAIL_500, HANG, BLOCK, OK }

    /** One request as the webhook saw it when it arrived. */
    record Request(String alertId, boolean signatureValid, String body) {
    }

    /**
     * A webhook receiver: answers each request as the script says. HANG sleeps past the sender's timeout before
     * answering 200 (the sender has given up: not accepted); BLOCK waits for {@link #release()}. Only OK answers in
     * time count as accepted.
     */
    static final class Webhook implements AutoCloseable {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        /** Ids answered 200 while the sender was still waiting (OK, or BLOCK once released). */
        final List<String> accepted = new CopyOnWriteArrayList<>();
        final CountDownLatch released = new CountDownLatch(1);
        private final HttpServer server;
        private final AtomicInteger n = new AtomicInteger();

        Webhook(int port, byte[] secret, long hangMs, IntFunction<Answer> script) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/hook", ex -> {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String id = ex.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER);
                boolean valid = WebhookSignature.verify(secret, body, ex.getRequestHeaders().getFirst(WebhookSignature.HEADER));
                Answer a = script.apply(n.incrementAndGet());
                requests.add(new Request(id, valid, new String(body, java.nio.charset.StandardCharsets.UTF_8)));
                try {
                    if (a == Answer.HANG) Thread.sleep(hangMs);
                    if (a == Answer.BLOCK) released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                int status = a == Answer.FAIL_500 ? 500 : 200;
                // an OK is counted before it is answered: the sender marks the alert delivered as soon as it reads the
                // 200, and a test that waits for that must find the id here (counted after, it was sometimes missing)
                if (a == Answer.OK) accepted.add(id);
                try {
                    ex.sendResponseHeaders(status, -1);
                    if (a == Answer.BLOCK) accepted.add(id);
                } catch (IOException gone) {
                    // the sender timed out and closed the connection
                }
                ex.close();
            });
            server.start();
        }

        void release() {
            released.countDown();
        }

        List<String> acceptedIds() {
            return List.copyOf(accepted);
        }

        @Override
        public void close() {
            released.countDown();
            server.stop(0);
        }
    }

    /** An HL7 receiver over MLLP (HAPI's server): ACKs each ORU^R01 with the code the script gives its n-th message. */
    static final class Hl7 implements AutoCloseable {
        final List<Message> received = new CopyOnWriteArrayList<>();
        private final HapiContext hapi = new DefaultHapiContext();
        private final HL7Service server;

        Hl7(int port, IntFunction<AcknowledgmentCode> script) throws InterruptedException {
            // ACK control ids from memory: HAPI's default keeps a counter file (id_file) in the working folder
            hapi.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
            server = hapi.newServer(port, false);
            server.registerApplication("ORU", "R01", new ReceivingApplication<Message>() {
                @Override
                public Message processMessage(Message m, Map<String, Object> meta) throws HL7Exception {
                    received.add(m);
                    AcknowledgmentCode code = script.apply(received.size());
                    try {
                        return code == AcknowledgmentCode.AA ? m.generateACK()
                                : m.generateACK(code, new HL7Exception("floor system is busy"));
                    } catch (IOException e) {
                        throw new HL7Exception(e);
                    }
                }

                @Override
                public boolean canProcess(Message m) {
                    return true;
                }
            });
            server.startAndWait();
        }

        @Override
        public void close() throws IOException {
            server.stopAndWait();
            hapi.close();
        }
    }
}

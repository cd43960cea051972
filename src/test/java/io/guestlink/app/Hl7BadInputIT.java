package io.guestlink.app;

import io.guestlink.testing.FreePorts;
import io.guestlink.testing.PhiLogScan;
import io.guestlink.testing.TestApp;
import io.guestlink.config.Settings;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import io.guestlink.hl7.Hl7Fixtures;
import io.guestlink.hl7.Hl7Text;
import io.guestlink.hl7.MllpWire;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a listener on a hotel network meets besides good messages, against the real application: every case ends in
 * an ACK or a clean close within its timeout, with a clear reason, and the listener keeps serving the next sender.
 * Limits are set low here (20,000-byte messages, 1 s read timeout, 1.5 s idle timeout) so that the cases are quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Hl7BadInputIT {
    /** No guest value any case sends (samples, fuzzed or not, and the test's own messages) may reach a log line. */
    @RegisterExtension
    static final PhiLogScan LOGS = PhiLogScan.of("ZZSECRETNAME", "DOE", "JANE");

    static {
        for (String s : Hl7Fixtures.SAMPLES) LOGS.sentHl7(Hl7Text.decode(Hl7Fixtures.sample(s)).text());
    }

    // its own HAPI context: one shared with Hl7MllpIT had its executor shut down by the other class
    final ca.uhn.hl7v2.HapiContext client = Hl7MllpIT.client();
    static final int MAX_BYTES = 20_000;
    /** Far above every timeout the listener has: reaching it means a hang. */
    static final Duration HANG = Duration.ofSeconds(15);
    TestApp t;
    int port;

    @BeforeAll
    void start() throws Exception {
        port = FreePorts.any();
        t = TestApp.start(Files.createTempDirectory("guestlink-hl7-bad"), Map.of(), Map.of(
                Settings.HL7_ENABLED.key(), "true", Settings.HL7_PORT.key(), Integer.toString(port),
                Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1", Settings.HL7_MAX_MESSAGE_BYTES.key(), Integer.toString(MAX_BYTES),
                Settings.HL7_READ_TIMEOUT.key(), "1000", Settings.HL7_IDLE_TIMEOUT.key(), "1500",
                Settings.HL7_MAX_CONNECTIONS.key(), "20"));
    }

    @AfterAll
    void stop() throws Exception {
        if (t != null) t.close();
    }

    static String a01(String controlId, String confirmation) {
        String m = String.join("\r", "MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A01|" + controlId + "|P|2.5",
                "PID|1||G-" + confirmation + "^^^PMS||DOE^JANE",
                "PV1|1|I|^1208^^BKK01||||||||||||||||" + confirmation);
        LOGS.sentHl7(m);
        return m;
    }

    MllpWire.Outcome exchange(byte[] framed) throws Exception {
        return MllpWire.exchange(port, framed, HANG);
    }

    MllpWire.Ack ack(String text) throws Exception {
        MllpWire.Outcome o = exchange(MllpWire.frame(text));
        assertThat(o).isInstanceOf(MllpWire.Ack.class);
        return (MllpWire.Ack) o;
    }

    /** The listener still serves a good message. */
    void stillServing() throws Exception {
        String id = "OK-" + System.nanoTime();
        MllpWire.Ack a = ack(a01(id, "R-" + id));
        assertThat(a.code()).isEqualTo("AA");
        assertThat(a.controlId()).isEqualTo(id);
    }

    long count(String sql) throws SQLException {
        return io.guestlink.testing.StoreCounts.count(t.app.database(), sql);
    }

    @Test
    void shouldCloseAConnectionThatSendsGarbageAndKeepServing() throws Exception {
        byte[] garbage = "GET / HTTP/1.1\r\nHost: pms\r\n\r\n\u0000\u00ff\u0013garbage".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(exchange(garbage)).isInstanceOf(MllpWire.Closed.class);
        stillServing();
    }

    @Test
    void shouldAnswerArToGarbageInsideAFrame() throws Exception {
        MllpWire.Ack a = ack("\u0000\u0001hello, is this the PMS?");
        assertThat(a.code()).isEqualTo("AR");
        assertThat(a.controlId()).isEmpty();
        assertThat(a.segment("ERR")).contains("does not start with an MSH segment");
        stillServing();
    }

    @Test
    void shouldAnswerArToAMessageWithoutMsh() throws Exception {
        MllpWire.Ack a = ack("EVN|A01|20250601\rPID|1||G-1||DOE^JANE\rPV1|1|I|^1208||||||||||||||||R-1");
        assertThat(a.code()).isEqualTo("AR");
        assertThat(a.segment("ERR")).contains("|100^").contains("does not start with an MSH segment");
    }

    @Test
    void shouldAnswerArToAnUnknownEventWithAHapiClient() throws Exception {
        Connection c = client.newClient("127.0.0.1", port, false);
        try {
            Message sent = client.getPipeParser().parse(
                    "MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A31^ADT_A05|U-1|P|2.5\rEVN|A31\rPID|1||G-1||DOE^JANE");
            Terser a = new Terser(c.getInitiator().sendAndReceive(sent));
            assertThat(a.get("/MSA-1")).isEqualTo("AR");
            assertThat(a.get("/MSA-2")).isEqualTo("U-1");
            assertThat(a.get("/ERR-3-1")).isEqualTo("201");
            assertThat(a.get("/ERR-8")).isEqualTo("event 'A31' is not supported (A01, A02, A03, A04, A05, A08, A11, A12, A13, A40)");
        } finally {
            c.close();
        }
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'U-1'")).isZero();
    }

    @Test
    void shouldAnswerAeNamingTheFieldWhenUnderstoodButNotApplicable() throws Exception {
        MllpWire.Ack a = ack("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A01|E-1|P|2.5\rPID|1||G-1||DOE^JANE\rPV1|1|I|^1208");
        assertThat(a.code()).isEqualTo("AE");
        assertThat(a.controlId()).isEqualTo("E-1");
        assertThat(a.segment("ERR")).startsWith("ERR||PV1^1^19^1^1|101^Required field missing^HL70357")
                .contains("no reservation number");
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'E-1'")).isZero();
    }

    @Test
    void shouldAnswerArToAMessageOverTheSizeLimitAndResetAFrameFarOverIt() throws Exception {
        String big = a01("BIG-1", "R-BIG-1") + "\rNTE|1||" + "x".repeat(MAX_BYTES + 5_000);
        MllpWire.Ack a = ack(big);
        assertThat(a.code()).isEqualTo("AR");
        assertThat(a.controlId()).isEqualTo("BIG-1");
        assertThat(a.segment("ERR")).contains("over this listener's limit of 20000 (guestlink.hl7.max-message-bytes)");
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'BIG-1'")).isZero();

        String huge = a01("BIG-2", "R-BIG-2") + "\rNTE|1||" + "x".repeat(10 * MAX_BYTES);
        assertThat(exchange(MllpWire.frame(huge))).isInstanceOf(MllpWire.Closed.class);
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'BIG-2'")).isZero();
        stillServing();
    }

    @Test
    void shouldResetASenderThatNeverEndsItsFrameAndServeOthersMeanwhile() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try (MllpWire slow = MllpWire.connect(port, HANG)) {
            String half = "MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A01|SLOW-1|P|2.5\rPID|1||G-1||ZZSECRETNAME^JANE";
            slow.send(new byte[]{MllpWire.START});
            slow.send(half.getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();

            stillServing(); // while the slow sender holds its connection

            MllpWire.Outcome o = slow.read();
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertThat(o).isInstanceOf(MllpWire.Closed.class);
            assertThat(waited).isGreaterThanOrEqualTo(500).isLessThan(HANG.toMillis());
        } finally {
            root.detachAppender(logs);
        }
        // camel-mllp logs the partial frame it drops: with logPhi off, never its content
        assertThat(logs.list).noneMatch(e -> e.getFormattedMessage().contains("ZZSECRETNAME")
                || (e.getThrowableProxy() != null && String.valueOf(e.getThrowableProxy().getMessage()).contains("ZZSECRETNAME")));
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id = 'SLOW-1'")).isZero();
    }

    @Test
    void shouldCloseAnIdleConnection() throws Exception {
        try (MllpWire idle = MllpWire.connect(port, HANG)) {
            long start = System.nanoTime();
            MllpWire.Outcome o = idle.read();
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertThat(o).isInstanceOf(MllpWire.Closed.class);
            assertThat(waited).isGreaterThanOrEqualTo(1_000).isLessThan(HANG.toMillis());
        }
        stillServing();
    }

    @Test
    void shouldAcknowledgeEveryMessageOfAConnectionStormOnce() throws Exception {
        // 200 senders at once against 20 connection slots: a connection over the limit is reset at once, and its
        // sender resends the same message as real senders do, so nothing is lost and nothing is applied twice
        int senders = 200;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            String id = "STORM-" + i;
            byte[] framed = MllpWire.frame(a01(id, "R-" + id));
            Callable<Integer> sender = () -> {
                for (int attempt = 1; attempt <= 100; attempt++) {
                    MllpWire.Outcome o;
                    try {
                        o = MllpWire.exchange(port, framed, HANG);
                    } catch (ConnectException e) {
                        o = new MllpWire.Closed(e.getMessage());
                    }
                    if (o instanceof MllpWire.Ack a) {
                        assertThat(a.code()).isEqualTo("AA");
                        assertThat(a.controlId()).isEqualTo(id);
                        return attempt;
                    }
                    assertThat(o).as("no hang").isInstanceOf(MllpWire.Closed.class);
                    Thread.sleep(ThreadLocalRandom.current().nextInt(20, 200));
                }
                throw new AssertionError(id + " not acknowledged after 100 attempts");
            };
            results.add(pool.submit(sender));
        }
        int retried = 0;
        for (Future<Integer> f : results) retried += f.get(120, TimeUnit.SECONDS) - 1;
        pool.shutdown();
        System.out.printf("connection storm: %d senders, %d resends after a reset connection%n", senders, retried);
        assertThat(count("SELECT COUNT(*) FROM guest_event WHERE message_id LIKE 'STORM-%'")).isEqualTo(senders);
        assertThat(count("SELECT COUNT(*) FROM inbound_message WHERE message_id LIKE 'STORM-%'")).isEqualTo(senders);
        stillServing();
    }

    @Test
    void shouldAnswerOrCloseEveryFuzzedMessageAndNeverHang() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20250601L);
        Random random = new Random(seed);
        List<String> bases = new ArrayList<>();
        for (String s : Hl7Fixtures.SAMPLES) bases.add(Hl7Text.decode(Hl7Fixtures.sample(s)).text());
        bases.add(a01("FZ", "R-FZ"));
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            String base = bases.get(random.nextInt(bases.size())).replace("MSG00001", "FZ-" + i);
            Mutation m = Mutation.values()[random.nextInt(Mutation.values().length)];
            byte[] payload = m.apply(base.getBytes(StandardCharsets.UTF_8), random);
            MllpWire.Outcome o = exchange(MllpWire.frame(payload));
            String what;
            if (o instanceof MllpWire.Ack a) {
                assertThat(a.code()).as("case %d (%s, seed %d)", i, m, seed).isIn("AA", "AE", "AR");
                client.getPipeParser().parse(a.text()); // a well-formed ACK: a plain HAPI parser reads it
                what = a.code();
            } else if (o instanceof MllpWire.Closed) {
                what = "closed";
            } else {
                throw new AssertionError("case " + i + " (" + m + ", seed " + seed + ") hung");
            }
            outcomes.merge(m + " " + what, 1, Integer::sum);
        }
        System.out.println("fuzz (seed " + seed + "): " + outcomes);
        assertThat(t.main.getCamelContext().getRouteController().getRouteStatus("hl7-mllp")).isEqualTo(ServiceStatus.Started);
        stillServing();
    }

    /** Random damage a message meets on its way: cut, bit errors, wrong delimiters, lost or repeated segments. */
    enum Mutation {
        TRUNCATE {
            byte[] apply(byte[] m, Random r) {
                return java.util.Arrays.copyOf(m, r.nextInt(m.length + 1));
            }
        },
        FLIP_BYTES {
            byte[] apply(byte[] m, Random r) {
                byte[] out = m.clone();
                for (int k = 1 + r.nextInt(8); k > 0 && out.length > 0; k--) out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                return out;
            }
        },
        CHANGE_DELIMITERS {
            byte[] apply(byte[] m, Random r) {
                String s = new String(m, StandardCharsets.UTF_8);
                char[] pool = {'|', '^', '~', '\\', '&', '#', 'A', ' ', '\r', '\n'};
                char from = "|^~\\&".charAt(r.nextInt(5));
                char to = pool[r.nextInt(pool.length)];
                return (r.nextBoolean() ? s.replace(from, to) : s.replaceFirst(java.util.regex.Pattern.quote(String.valueOf(from)),
                        java.util.regex.Matcher.quoteReplacement(String.valueOf(to)))).getBytes(StandardCharsets.UTF_8);
            }
        },
        DROP_OR_REPEAT_SEGMENTS {
            byte[] apply(byte[] m, Random r) {
                List<String> segments = new ArrayList<>(List.of(new String(m, StandardCharsets.UTF_8).split("\r")));
                int i = r.nextInt(segments.size());
                if (r.nextBoolean()) segments.remove(i);
                else segments.add(r.nextInt(segments.size() + 1), segments.get(i));
                if (r.nextInt(4) == 0) java.util.Collections.shuffle(segments, r);
                return String.join("\r", segments).getBytes(StandardCharsets.UTF_8);
            }
        },
        CONTROL_CHARACTERS {
            byte[] apply(byte[] m, Random r) {
                StringBuilder s = new StringBuilder(new String(m, StandardCharsets.UTF_8));
                byte[] nasty = {0x00, 0x0B, 0x1C, 0x0D, 0x0A, 0x7F, 0x1B};
                for (int k = 1 + r.nextInt(4); k > 0; k--) s.insert(r.nextInt(s.length() + 1), (char) nasty[r.nextInt(nasty.length)]);
                return s.toString().getBytes(StandardCharsets.UTF_8);
            }
        },
        HEADER_VALUES {
            byte[] apply(byte[] m, Random r) {
                String s = new String(m, StandardCharsets.UTF_8);
                String[] odd = {"", "9.9", "2.2", "ZZZ", "\"\"", "x".repeat(300), "ADT^A99", "ORU^R01", "ACK", "A01^A01^A01^A01"};
                String[] fields = s.split("\\|", -1);
                if (fields.length > 12) fields[1 + r.nextInt(11)] = odd[r.nextInt(odd.length)];
                return String.join("|", fields).getBytes(StandardCharsets.UTF_8);
            }
        },
        EMPTY {
            byte[] apply(byte[] m, Random r) {
                return r.nextBoolean() ? new byte[0] : "MSH".getBytes(StandardCharsets.US_ASCII);
            }
        };

        abstract byte[] apply(byte[] message, Random random);
    }

    @Test
    void shouldAnswerArNotAaWhenTheStoreIsDown() throws Exception {
        int otherPort = FreePorts.any();
        TestApp down = TestApp.start(Files.createTempDirectory("guestlink-hl7-down"), Map.of(), Map.of(
                Settings.HL7_ENABLED.key(), "true", Settings.HL7_PORT.key(), Integer.toString(otherPort),
                Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1"));
        try {
            down.app.database().close(); // the database goes away under the running listener
            MllpWire.Outcome o = MllpWire.exchange(otherPort, MllpWire.frame(a01("DOWN-1", "R-DOWN-1")), HANG);
            assertThat(o).isInstanceOfSatisfying(MllpWire.Ack.class, a -> {
                assertThat(a.code()).isEqualTo("AR");
                assertThat(a.controlId()).isEqualTo("DOWN-1");
                assertThat(a.segment("ERR")).contains("|207^").contains("could not be stored").contains("resend it");
            });
        } finally {
            down.close();
        }
    }

    @Test
    void shouldNotListenWhenSwitchedOff() throws Exception {
        int otherPort = FreePorts.any();
        Path root = Files.createTempDirectory("guestlink-hl7-off");
        try (TestApp off = TestApp.start(root, Map.of(), Map.of(Settings.HL7_ENABLED.key(), "false",
                Settings.HL7_PORT.key(), Integer.toString(otherPort), Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1"))) {
            assertThat(off.main.getCamelContext().getRouteController().getRouteStatus("hl7-mllp")).isNotEqualTo(ServiceStatus.Started);
            assertThatThrownBy(() -> new Socket("127.0.0.1", otherPort).close()).isInstanceOf(ConnectException.class);
        }
    }
}

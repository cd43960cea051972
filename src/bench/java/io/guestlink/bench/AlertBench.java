package io.guestlink.bench;

import io.guestlink.config.Settings;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;
import io.guestlink.store.TestDatabases;
import io.guestlink.testing.Alerting;
import io.guestlink.testing.TestApp;
import io.guestlink.testing.Wait;
import org.apache.camel.ProducerTemplate;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** The application side of {@link io.guestlink.bench.AlertBenchmark}: real routes, paced senders, latencies. */
public final class AlertBench implements AutoCloseable {
    /**
     * Latencies (p50, p99, max) in nanoseconds; perSecond = alerts received per second over the run; cpuMs = this JVM's CPU time per
     * message (steady even when other work shares the machine); applyMs and announceMs = mean wall time of the
     * intake's transaction and of the fast path (rules, outbox, hand-off) per check-in, 0 for the bare topic.
     */
    public record Result(int count, double p50, double p99, double max, double perSecond, double cpuMs, double applyMs, double announceMs) {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Bangkok"));

    private final AtomicLong applyNanos = new AtomicLong(), announceNanos = new AtomicLong(), checkIns = new AtomicLong();
    private final TestApp a;
    private final int guests;
    private final AtomicLong seq = new AtomicLong();

    private AlertBench(TestApp a, int guests) {
        this.a = a;
        this.guests = guests;
    }

    /** @param pgUrl a PostgreSQL database to use, or null for H2 in {@code dir} */
    public static AlertBench start(Path dir, String pgUrl, int guests) throws Exception {
        return start(dir, pgUrl, guests, 0);
    }

    /** @param hl7Port the MLLP listener's port on 127.0.0.1, 0 for none */
    public static AlertBench start(Path dir, String pgUrl, int guests, int hl7Port) throws Exception {
        String yaml = """
                properties: [BKK01]
                delivery: { eventGraceMs: 5000, queue: 100000 }
                channels:
                  topic: { type: activemq-topic, destination: %s, concurrency: 4 }
                rules:
                  - id: returning-guest-arrival
                    on: [CHECKED_IN]
                    when: { minStayNumber: 2 }
                    audience: front-desk
                    channels: [topic]
                """.formatted(Alerting.TOPIC);
        Map<String, String> store = new java.util.HashMap<>(pgUrl == null ? Map.of(Settings.DB_POOL.key(), "8")
                : Map.of(Settings.DB_URL.key(), pgUrl, Settings.DB_USER.key(), TestDatabases.PG_USER, Settings.DB_POOL.key(), "8"));
        if (hl7Port > 0) store.putAll(Map.of(Settings.HL7_ENABLED.key(), "true", Settings.HL7_PORT.key(), String.valueOf(hl7Port),
                Settings.HL7_BIND_ADDRESS.key(), "127.0.0.1"));
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < guests; i++) {
            rows.append("P").append(i).append(",G").append(i).append(",GUEST").append(i).append("/ANNA MS,,,,BKK01,")
                    .append(TODAY.minusYears(1)).append(',').append(TODAY.minusYears(1).plusDays(2)).append(",,CHECKED_OUT\n");
            rows.append("N").append(i).append(",G").append(i).append(",GUEST").append(i).append("/ANNA MS,,,,BKK01,")
                    .append(TODAY).append(',').append(TODAY.plusDays(3)).append(",,BOOKED\n");
        }
        return new AlertBench(Alerting.start(dir, yaml, Map.of(), rows.toString(), store), guests);
    }

    /** One check-in as the HL7 listener would hand it over: applied in the store, then announced. Returns its alert id. */
    private String checkIn() throws Exception {
        long n = seq.getAndIncrement();
        int g = (int) (n % guests);
        InboundEvent event = checkInEvent(n, g);
        long t0 = System.nanoTime();
        var applied = a.app.intake().apply(event);
        long t1 = System.nanoTime();
        a.announce(applied.event().id());
        long t2 = System.nanoTime();
        applyNanos.addAndGet(t1 - t0);
        announceNanos.addAndGet(t2 - t1);
        checkIns.incrementAndGet();
        return "returning-guest-arrival/event/" + applied.event().id();
    }

    /**
     * CPU per check-in of each stage, in ms, from one thread with nothing else sent at the same time: the intake's
     * transaction (EventIntake.apply) and the alert fast path (rules, card, outbox, hand-off to the channel), measured
     * as that thread's CPU time. H2 runs inside that thread, so on H2 this includes the database; PostgreSQL's share
     * is its server's, {@code pgMs} (-1 on H2 or when it cannot be read). Steadier than wall time on a busy machine.
     */
    public record StageCost(int checkIns, double intakeMs, double alertMs, double pgMs) {
    }

    public StageCost stageCost(int n, String pgUrl) throws Exception {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        CpuMeter pg = new CpuMeter(pgUrl, TestDatabases.PG_USER, "");
        pg.start();
        long intake = 0, alert = 0;
        for (int i = 0; i < n; i++) {
            long n0 = seq.getAndIncrement();
            int g = (int) (n0 % guests);
            long c0 = threads.getCurrentThreadCpuTime();
            var applied = a.app.intake().apply(checkInEvent(n0, g));
            long c1 = threads.getCurrentThreadCpuTime();
            a.announce(applied.event().id());
            long c2 = threads.getCurrentThreadCpuTime();
            intake += c1 - c0;
            alert += c2 - c1;
        }
        double pgSeconds = pg.pgSeconds();
        return new StageCost(n, intake / 1e6 / n, alert / 1e6 / n, pgSeconds < 0 ? -1 : pgSeconds * 1000 / n);
    }

    private static InboundEvent checkInEvent(long n, int g) {
        GuestProfile guest = new GuestProfile(List.of(new PersonName("GUEST" + g + " ANNA", "GUEST" + g, "ANNA", "MS", "Latin")),
                null, null, null, null, List.of(), List.of(), List.of(), null, List.of(), Map.of());
        Reservation r = new Reservation("BKK01", "N" + g, TODAY, TODAY.plusDays(3), null, String.valueOf(1000 + n % 900), null,
                null, null, StayStatus.IN_HOUSE, null, null, null);
        return new InboundEvent("hl7", "PMS", "B" + n, GuestEventType.CHECKED_IN, Instant.now(),
                new CanonicalRecord(new SourceRef("PMS", RecordKind.RESERVATION, "N" + g), "G" + g, guest, r), null, null,
                null, null, "MSH|...");
    }

    public void warmUp(int n) throws Exception {
        run(0, 0, 1, n, this::checkIn);
    }

    public Result runAlerts(int rate, int seconds, int senders) throws Exception {
        return run(rate, seconds, senders, 0, this::checkIn);
    }

    public Result runBareTopic(int rate, int seconds, int senders) throws Exception {
        try (ProducerTemplate p = a.main.getCamelContext().createProducerTemplate()) {
            return run(rate, seconds, senders, 0, () -> {
                String id = "bare/" + seq.getAndIncrement();
                p.sendBodyAndHeader("activemq:topic:" + Alerting.TOPIC, "{\"id\":\"" + id + "\"}", "GuestLinkAlertId", id);
                return id;
            });
        }
    }

    /**
     * ADT^A01 check-ins over MLLP, one connection per sender, each waiting for its ACK before the next message (as
     * interface engines send). Latency runs from when a message was due to its alert on the topic ({@code ackOnly}:
     * to its ACK, for the bare listener that is the ceiling). The client frames bytes itself (0x0B … 0x1C 0x0D) so it
     * costs the same against both listeners and nothing HAPI-side is measured.
     */
    public Result runMllp(int port, boolean ackOnly, int rate, int seconds, int senders) throws Exception {
        Map<String, Long> due = new ConcurrentHashMap<>(), acked = new ConcurrentHashMap<>();
        long cpu0 = OS.getProcessCpuTime();
        long start = System.nanoTime() + 50_000_000L;
        long end = start + seconds * 1_000_000_000L;
        long total = rate > 0 ? (long) rate * seconds : Long.MAX_VALUE;
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(java.time.LocalDateTime.now());
        for (int t = 0; t < senders; t++) {
            Thread th = new Thread(() -> {
                try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    var out = new java.io.BufferedOutputStream(socket.getOutputStream());
                    var in = new java.io.BufferedInputStream(socket.getInputStream());
                    while (true) {
                        long i = next.getAndIncrement();
                        if (i >= total) return;
                        long at = rate > 0 ? start + i * 1_000_000_000L / rate : System.nanoTime();
                        if (at >= end) return;
                        long wait = at - System.nanoTime();
                        if (wait > 0) LockSupport.parkNanos(wait);
                        long n = seq.getAndIncrement();
                        int g = (int) (n % guests);
                        String id = "M" + n;
                        String msg = String.join("\r",
                                "MSH|^~\\&|PMS|BKK01|GUESTLINK|BKK01|" + stamp + "||ADT^A01^ADT_A01|" + id + "|P|2.5",
                                "EVN|A01|" + stamp,
                                "PID|1||G" + g + "^^^PMS^PI||GUEST" + g + "^ANNA^^^MS",
                                "PV1|1|I|^" + (1000 + n % 900) + "^^BKK01||||||||||||||||N" + g + "|||||||||||||||||||||||||"
                                        + TODAY.toString().replace("-", "") + "|" + TODAY.plusDays(3).toString().replace("-", "")) + "\r";
                        due.put(id, at);
                        out.write(0x0B);
                        out.write(msg.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        out.write(0x1C);
                        out.write(0x0D);
                        out.flush();
                        StringBuilder ack = new StringBuilder();
                        for (int b; (b = in.read()) != 0x1C; ) {
                            if (b < 0) throw new java.io.EOFException("listener closed the connection");
                            if (b != 0x0B) ack.append((char) b);
                        }
                        in.read(); // the 0x0D after 0x1C
                        acked.put(id, System.nanoTime());
                        if (!ack.toString().contains("MSA|AA|" + id))
                            throw new IllegalStateException("not AA for " + id + ": " + ack.toString().replace('\r', '\n'));
                    }
                } catch (Exception e) {
                    errors.add(e);
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) th.join();
        if (!errors.isEmpty()) throw errors.get(0);
        Map<String, Long> arrived = acked;
        if (!ackOnly) {
            Map<String, String> alertOf = new ConcurrentHashMap<>(); // message id -> alert id
            Wait.until(due.size() + " alerts on the topic", java.time.Duration.ofSeconds(180), () -> {
                if (alertOf.size() < due.size()) alertOf.putAll(alertIds(due.keySet()));
                return alertOf.size() == due.size() && alertOf.values().stream().allMatch(a.topicReceivedAt::containsKey);
            });
            arrived = new java.util.HashMap<>();
            for (var e : alertOf.entrySet()) arrived.put(e.getKey(), a.topicReceivedAt.remove(e.getValue()));
        }
        Map<String, Long> got = arrived;
        long[] lat = due.entrySet().stream().mapToLong(e -> got.get(e.getKey()) - e.getValue()).sorted().toArray();
        long first = due.values().stream().mapToLong(Long::longValue).min().orElse(start);
        long last = got.values().stream().mapToLong(Long::longValue).max().orElse(first);
        double cpuMs = (OS.getProcessCpuTime() - cpu0) / 1e6 / Math.max(1, lat.length);
        return new Result(lat.length, pct(lat, 0.50), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1], lat.length / ((last - first) / 1e9), cpuMs, 0, 0);
    }

    /** The alert id of each message's arrival (message id -> guest_event id -> the rule's id for it). */
    private Map<String, String> alertIds(java.util.Set<String> messageIds) {
        Map<String, String> out = new java.util.HashMap<>();
        try (var c = a.app.database().connection();
             var ps = c.prepareStatement("SELECT message_id, id FROM guest_event WHERE system = 'PMS' AND message_id LIKE 'M%'");
             var rs = ps.executeQuery()) {
            while (rs.next()) if (messageIds.contains(rs.getString(1)))
                out.put(rs.getString(1), "returning-guest-arrival/event/" + rs.getLong(2));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    public void warmUpMllp(int port, int n) throws Exception {
        runMllp(port, false, 0, Math.max(1, n / 100), 1);
    }

    interface Send {
        String send() throws Exception;
    }

    /**
     * Sends at {@code rate} per second (0 = as fast as the senders go) for {@code seconds}, or exactly {@code count}
     * messages when count > 0; waits for every one on the topic; latency from when each was due.
     */
    private Result run(int rate, int seconds, int senders, int count, Send send) throws Exception {
        Map<String, Long> due = new ConcurrentHashMap<>();
        applyNanos.set(0);
        announceNanos.set(0);
        checkIns.set(0);
        long cpu0 = OS.getProcessCpuTime();
        long start = System.nanoTime() + 50_000_000L;
        long end = start + seconds * 1_000_000_000L;
        long total = count > 0 ? count : rate > 0 ? (long) rate * seconds : Long.MAX_VALUE;
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < senders; t++) {
            Thread th = new Thread(() -> {
                while (true) {
                    long i = next.getAndIncrement();
                    if (i >= total) return;
                    long at = rate > 0 ? start + i * 1_000_000_000L / rate : System.nanoTime();
                    if (count == 0 && at >= end) return;
                    long wait = at - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                    try {
                        due.put(send.send(), at);
                    } catch (Exception e) {
                        errors.add(e);
                        return;
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) th.join();
        if (!errors.isEmpty()) throw errors.get(0);
        Wait.until(due.size() + " messages on the topic", java.time.Duration.ofSeconds(120),
                () -> due.keySet().stream().allMatch(a.topicReceivedAt::containsKey));
        long[] lat = due.entrySet().stream().mapToLong(e -> a.topicReceivedAt.get(e.getKey()) - e.getValue()).sorted().toArray();
        long first = due.values().stream().mapToLong(Long::longValue).min().orElse(start);
        long last = due.keySet().stream().mapToLong(a.topicReceivedAt::get).max().orElse(first);
        a.topicReceivedAt.keySet().removeAll(due.keySet());
        double cpuMs = (OS.getProcessCpuTime() - cpu0) / 1e6 / Math.max(1, lat.length);
        long n = Math.max(1, checkIns.get());
        return new Result(lat.length, pct(lat, 0.50), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1], lat.length / ((last - first) / 1e9), cpuMs,
                applyNanos.get() / 1e6 / n, announceNanos.get() / 1e6 / n);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    @Override
    public void close() throws Exception {
        a.close();
    }
}

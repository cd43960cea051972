package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.alert.Alert;
import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.AlertHl7;
import io.guestlink.alert.ChannelConfig;
import io.guestlink.alert.DailyListCsv;
import io.guestlink.alert.OperationalAlert;
import io.guestlink.alert.WebhookSignature;
import io.guestlink.config.ConfigurationException;
import io.guestlink.config.Settings;
import io.guestlink.store.AlertOutbox;
import io.guestlink.pipeline.AlertWorker;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Camel edge of alerts (routes/alerts.camel.yaml): evaluates a stored event on the fast path, runs the sweep,
 * hands each channel its due deliveries as jobs, turns a job into what its channel sends, and records the outcome.
 * Rules, ids, payloads and retries are the domain's and the store's; this class only moves them across the edge.
 */
public final class AlertEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEndpoint.class);

    /**
     * What one send carries: one delivery, or for a file channel every due delivery of one daily list (the file is
     * written whole, so one write delivers them all).
     */
    public record Job(String channel, List<AlertOutbox.Claim> claims) {
        public Job {
            claims = List.copyOf(claims);
        }
    }

    private final AlertWorker worker;
    private final AlertOutbox outbox;
    private final AlertConfig config;
    private final Settings settings;
    /** Each webhook's HMAC key, read by {@link #openChannels()} when the channels start. */
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    private final Map<String, AlertHl7> hl7 = new LinkedHashMap<>();
    /** Channels whose last attempt failed: their sweep sends one probe instead of a batch until one gets through. */
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    private final MetricsApi metrics;

    AlertEndpoint(GuestLink app, MetricsApi metrics) {
        this.metrics = metrics;
        this.worker = app.alerting();
        this.outbox = app.outbox();
        this.config = worker.config();
        this.settings = app.settings();
        for (ChannelConfig c : config.enabledChannels()) {
            if (c instanceof ChannelConfig.Hl7 h) hl7.put(h.name(), new AlertHl7(h.receivingApplication(), h.receivingFacility()));
        }
    }

    /**
     * Reads the channels' secrets (each webhook's HMAC key from its {@code secretEnv}, or {@code <secretEnv>_FILE}):
     * called when the channels start sending, so a command that sends nothing (import, card, runs...) needs none.
     *
     * @throws ConfigurationException naming every channel whose key is missing or too short
     */
    public void openChannels() {
        List<String> problems = new ArrayList<>();
        for (ChannelConfig c : config.enabledChannels()) {
            if (c instanceof ChannelConfig.Webhook w) {
                String secret = settings.environment(w.secretEnv());
                if (secret == null || secret.isBlank())
                    problems.add("channel " + w.name() + ": environment variable " + w.secretEnv() + " (the webhook's HMAC key) is not set");
                else if (secret.getBytes(StandardCharsets.UTF_8).length < WebhookSignature.MIN_SECRET_BYTES)
                    problems.add("channel " + w.name() + ": " + w.secretEnv() + " is shorter than " + WebhookSignature.MIN_SECRET_BYTES + " bytes");
                else secrets.put(w.name(), secret.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!problems.isEmpty()) throw new ConfigurationException(problems);
    }

    /**
     * Fast path: evaluates the stored event; its new deliveries, one job each, go out at once. The exchange is the
     * intake's (MLLP or broker): its creation is when the message was received, the start of the alert latency.
     */
    public List<Job> evaluate(@Header(Headers.EVENT_ID) Long eventId, Exchange exchange) {
        if (eventId == null) throw new IllegalArgumentException("header " + Headers.EVENT_ID + " is missing: which guest event was stored?");
        List<Job> jobs = worker.evaluate(eventId).stream().map(c -> new Job(c.channel(), List.of(c))).toList();
        if (!jobs.isEmpty()) metrics.alertsWritten(Instant.ofEpochMilli(exchange.getClock().getCreated()));
        return jobs;
    }

    /** Sweep: arrivals whose guest a merge or an unmerge changed, events the fast path missed, then due daily rules. */
    public void sweep() {
        worker.recheck();
        int events = worker.evaluatePending();
        int daily = worker.runDaily();
        if (events > 0) LOG.info("alert sweep: {} alerts from events the fast path had not evaluated", events);
        if (daily > 0) LOG.debug("alert sweep: {} alerts from daily rules", daily);
    }

    /** A channel's due deliveries as jobs; one probe while its last attempt failed. */
    public List<Job> claim(String channel) {
        int limit = Boolean.TRUE.equals(failing.get(channel)) ? 1 : config.delivery().batch();
        List<AlertOutbox.Claim> claims = outbox.claimDue(channel, limit);
        if (!(config.channels().get(channel) instanceof ChannelConfig.FileDrop))
            return claims.stream().map(c -> new Job(channel, List.of(c))).toList();
        Map<String, List<AlertOutbox.Claim>> lists = new LinkedHashMap<>();
        List<Job> jobs = new ArrayList<>();
        for (AlertOutbox.Claim c : claims) {
            // an operational alert is a file of its own; a guest alert belongs to its daily list
            if (OperationalAlert.isOne(c.payload())) jobs.add(new Job(channel, List.of(c)));
            else lists.computeIfAbsent(Alert.fromJson(c.payload()).listKey(), k -> new ArrayList<>()).add(c);
        }
        lists.values().forEach(l -> jobs.add(new Job(channel, l)));
        return jobs;
    }

    /** Sets the body and headers the job's channel sends (the route has removed every other header). */
    public void prepare(Exchange ex) {
        Job job = ex.getIn().getBody(Job.class);
        ex.setProperty(Headers.ALERT_JOB, job);
        ex.setProperty(Headers.ALERT_STARTED, Instant.now());
        AlertOutbox.Claim first = job.claims().get(0);
        var in = ex.getIn();
        ChannelConfig channel = config.channels().get(job.channel());
        if (OperationalAlert.isOne(first.payload())) {
            prepareOperational(in, channel, first.payload());
            return;
        }
        Alert alert = Alert.fromJson(first.payload());
        if (channel instanceof ChannelConfig.Topic) {
            in.setHeader(Headers.ALERT_KIND, "guest");
            in.setBody(first.payload());
            in.setHeader(Headers.ALERT_ID, alert.id());
            in.setHeader(Headers.ALERT_RULE, alert.rule());
            in.setHeader(Headers.ALERT_AUDIENCE, alert.audience());
            if (alert.property() != null) in.setHeader(Headers.ALERT_PROPERTY, alert.property());
            if (alert.updates() != null) in.setHeader(Headers.ALERT_UPDATES, alert.updates());
        } else if (channel instanceof ChannelConfig.Webhook w) {
            byte[] body = first.payload().getBytes(StandardCharsets.UTF_8);
            in.setBody(body);
            in.setHeader(Exchange.HTTP_METHOD, "POST");
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setHeader(WebhookSignature.ID_HEADER, alert.id());
            byte[] secret = secrets.get(w.name());
            if (secret == null) throw new IllegalStateException("channel " + w.name() + " was not opened: no HMAC key read");
            in.setHeader(WebhookSignature.HEADER, WebhookSignature.sign(secret, body));
        } else if (channel instanceof ChannelConfig.Hl7 h) {
            in.setBody(hl7.get(h.name()).encode(alert));
        } else if (channel instanceof ChannelConfig.FileDrop) {
            // the whole list, so a file written again after a retry or a late alert is complete, never a fragment
            in.setBody(DailyListCsv.write(outbox.list(alert.rule(), alert.property(), alert.businessDate())));
            in.setHeader(Exchange.FILE_NAME, DailyListCsv.fileName(alert));
        } else {
            throw new IllegalStateException("no enabled channel " + job.channel() + " in the alert configuration");
        }
    }

    /** An operational alert: its JSON as it is on every channel (one file of its own on a file channel). */
    private void prepareOperational(org.apache.camel.Message in, ChannelConfig channel, String payload) {
        OperationalAlert alert = OperationalAlert.fromJson(payload);
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        if (channel instanceof ChannelConfig.Topic) {
            in.setBody(payload);
            in.setHeader(Headers.ALERT_ID, alert.id());
            in.setHeader(Headers.ALERT_RULE, alert.rule());
            in.setHeader(Headers.ALERT_AUDIENCE, OperationalAlert.AUDIENCE);
            in.setHeader(Headers.ALERT_KIND, OperationalAlert.KIND);
        } else if (channel instanceof ChannelConfig.Webhook w) {
            in.setBody(body);
            in.setHeader(Exchange.HTTP_METHOD, "POST");
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
            in.setHeader(WebhookSignature.ID_HEADER, alert.id());
            in.setHeader(WebhookSignature.HEADER, WebhookSignature.sign(secrets.get(w.name()), body));
        } else if (channel instanceof ChannelConfig.FileDrop) {
            in.setBody(body);
            in.setHeader(Exchange.FILE_NAME, alert.fileName());
        } else {
            // config/alerts.yaml refuses hl7-mllp channels for operations: ORU^R01 is about a guest
            throw new IllegalStateException("channel " + (channel == null ? "?" : channel.name()) + " cannot carry operational alerts");
        }
    }

    public void delivered(Exchange ex) {
        Job job = ex.getProperty(Headers.ALERT_JOB, Job.class);
        Instant started = ex.getProperty(Headers.ALERT_STARTED, Instant.class);
        for (AlertOutbox.Claim c : job.claims()) {
            outbox.delivered(c, started);
            metrics.alertDelivered(job.channel(), Alert.fromJson(c.payload()).createdAt());
        }
        failing.remove(job.channel());
    }

    /** The attempt failed (connection refused, timeout, HTTP status, negative ACK...): retried after the backoff. */
    public void failed(Exchange ex) {
        Job job = ex.getProperty(Headers.ALERT_JOB, Job.class);
        if (job == null) job = ex.getIn().getBody(Job.class);
        Instant started = ex.getProperty(Headers.ALERT_STARTED, Instant.class);
        Exception e = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = e == null ? "unknown error" : e.getClass().getSimpleName() + ": " + e.getMessage();
        for (AlertOutbox.Claim c : job.claims()) outbox.failed(c, started == null ? Instant.now() : started, why);
        metrics.deliveryFailed(job.channel());
        if (!Boolean.TRUE.equals(failing.put(job.channel(), true)))
            LOG.warn("alert channel {} failed, retrying with backoff: {}", job.channel(), why);
    }
}

package io.guestlink.pipeline;

import io.guestlink.alert.AlertConfig;
import io.guestlink.alert.ChannelConfig;
import io.guestlink.alert.OperationalAlert;
import io.guestlink.alert.OperationalConditions;
import io.guestlink.alert.OperationalConditions.Step;
import io.guestlink.alert.OperationalKind;
import io.guestlink.alert.OperationalText;
import io.guestlink.alert.OperationsConfig;
import io.guestlink.store.Database;
import io.guestlink.store.OperationalRows;
import io.guestlink.store.OperationsCounts;
import io.guestlink.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Operational alerts (config/alerts.yaml {@code operations:}): tells the operators when something goes wrong, through
 * the same outbox and channels as guest alerts. Events are told where they happen ({@link #fileFailed},
 * {@link #pollFailed}); conditions are looked at by {@link #check} on a timer (dead-letter queues, failing channels,
 * the review queue) and, for a feed's polls, by every poll. A condition's state is in the store
 * ({@link OperationalRows}), so the same raise, reminder or clearing is written once however often or wherever it is
 * looked at; {@link OperationalConditions} decides the step, {@link OperationalText} words it without personal data.
 * Nothing here ever fails its caller: a problem is logged and the next event or check tries again.
 */
public final class OperationsWatch {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsWatch.class);

    /** The broker's dead-letter queues (the port the Camel edge implements): which, and how deep each is now. */
    public interface DeadLetters {
        /** The dead-letter queues GuestLink uses (watched unless the configuration names others). */
        List<String> queues();

        /** Messages on the queue now; empty when the broker cannot say (not running, not reachable). */
        OptionalLong depth(String queue);
    }

    private final Database db;
    private final AlertConfig config;
    private final OperationsConfig ops;
    private final Clock clock;
    private final Map<String, OperationalConditions.DepthHistory> depths = new ConcurrentHashMap<>();
    /** Feeds whose polls are failing as far as this node knows (loaded from the store on first use). */
    private final Set<String> failingPolls = ConcurrentHashMap.newKeySet();
    private volatile boolean failingPollsLoaded;

    public OperationsWatch(Database db, AlertConfig config, Clock clock) {
        this.db = db;
        this.config = config;
        this.ops = config.operations();
        this.clock = clock;
    }

    public OperationsConfig config() {
        return ops;
    }

    /**
     * A file moved to failed/: one alert per move ({@code archivedName} is the name it has there).
     *
     * @return the alert's id when the kind is on
     */
    public java.util.Optional<String> fileFailed(String feed, String fileName, String archivedName, String errorClass,
                                                 String message) {
        OperationsConfig.Watch w = ops.watch(OperationalKind.FAILED_FILE).orElse(null);
        if (w == null) return java.util.Optional.empty();
        Instant now = clock.instant();
        OperationalAlert a = OperationalText.failedFile(feed, fileName, archivedName == null ? fileName : archivedName,
                OperationalText.safe(errorClass, message), now);
        try {
            db.inTransaction("operational alert " + a.id(), tx -> write(tx, a, w, null, now));
        } catch (RuntimeException e) {
            LOG.warn("operational alert {} not written: {}", a.id(), e.getMessage());
        }
        return java.util.Optional.of(a.id());
    }

    /** A database feed's poll failed: raised once, told again after reAlertMs while it keeps failing. */
    public void pollFailed(String feed, String errorClass, String message) {
        OperationsConfig.Watch w = ops.watch(OperationalKind.POLL_ERROR).orElse(null);
        if (w == null) return;
        failingPolls.add(feed);
        String reason = OperationalText.safe(errorClass, message);
        condition(w, feed, true, step -> OperationalText.pollError(step, feed, reason, clock.instant()));
    }

    /** A database feed polled well: clears its poll error if one is open (cheap when none is). */
    public void pollSucceeded(String feed) {
        OperationsConfig.Watch w = ops.watch(OperationalKind.POLL_ERROR).orElse(null);
        if (w == null) return;
        if (!failingPollsLoaded) {
            try {
                failingPolls.addAll(db.withoutTransaction("open poll errors",
                        tx -> OperationalRows.openSubjects(tx, OperationalKind.POLL_ERROR)));
                failingPollsLoaded = true;
            } catch (RuntimeException e) {
                LOG.warn("operational alerts: open poll errors not read: {}", e.getMessage());
                return;
            }
        }
        if (!failingPolls.contains(feed)) return;
        if (condition(w, feed, false, step -> OperationalText.pollError(step, feed, null, clock.instant())))
            failingPolls.remove(feed);
    }

    /** The scheduled look at the conditions: dead-letter queues, failing channels, the review queue. */
    public void check(DeadLetters deadLetters) {
        ops.watch(OperationalKind.DEAD_LETTER_QUEUE).ifPresent(w -> checkDeadLetters(w, deadLetters));
        ops.watch(OperationalKind.CHANNEL_FAILING).ifPresent(this::checkChannels);
        ops.watch(OperationalKind.REVIEW_QUEUE).ifPresent(this::checkReviews);
    }

    private void checkDeadLetters(OperationsConfig.Watch w, DeadLetters deadLetters) {
        if (deadLetters == null) return;
        List<String> queues = w.queues().isEmpty() ? deadLetters.queues() : w.queues();
        for (String q : queues) {
            OptionalLong depth = deadLetters.depth(q);
            if (depth.isEmpty()) continue; // the broker cannot say now: no decision either way
            OperationalConditions.DepthHistory h = depths.computeIfAbsent(q, k -> new OperationalConditions.DepthHistory());
            Instant now = clock.instant();
            boolean holds = h.holds(w, depth.getAsLong(), now);
            condition(w, q, holds, step -> OperationalText.deadLetterQueue(step, w, q, depth.getAsLong(), h.growth(), now));
        }
    }

    private void checkChannels(OperationsConfig.Watch w) {
        Map<String, OperationalRows.Failing> failing;
        List<String> open;
        try {
            open = db.withoutTransaction("open channel conditions", tx -> OperationalRows.openSubjects(tx, OperationalKind.CHANNEL_FAILING));
            Set<String> watched = new LinkedHashSet<>(open);
            config.enabledChannels().forEach(c -> watched.add(c.name()));
            failing = db.withoutTransaction("failing alert channels", tx -> OperationalRows.failingChannels(tx, watched));
        } catch (RuntimeException e) {
            LOG.warn("operational check of alert channels: {}", e.getMessage());
            return;
        }
        Set<String> channels = new LinkedHashSet<>(failing.keySet());
        channels.addAll(open);
        Instant now = clock.instant();
        for (String channel : channels) {
            OperationalRows.Failing f = failing.get(channel);
            boolean holds = f != null && OperationalConditions.channelFailing(w, f.since(), now);
            String lastError = f == null || f.lastError() == null ? null : OperationalText.safe(null, f.lastError());
            condition(w, channel, holds, step -> OperationalText.channelFailing(step, w, channel, f == null ? null : f.since(),
                    f == null ? 0 : f.undelivered(), lastError, now));
        }
    }

    private void checkReviews(OperationsConfig.Watch w) {
        long waiting;
        try {
            waiting = OperationsCounts.read(db).openReviews();
        } catch (RuntimeException e) {
            LOG.warn("operational check of the review queue: {}", e.getMessage());
            return;
        }
        Instant now = clock.instant();
        condition(w, OperationalText.REVIEW_SUBJECT, OperationalConditions.reviewQueueOver(w, waiting),
                step -> OperationalText.reviewQueue(step, w, waiting, now));
    }

    /**
     * One condition's step in one transaction: its state and its alert together. Returns false when the store could
     * not take it (away, or another node opened the same condition at the same moment): the next look decides again.
     */
    private boolean condition(OperationsConfig.Watch w, String subject, boolean holds, Function<Step, OperationalAlert> alert) {
        OperationalKind kind = w.kind();
        try {
            db.inTransaction("operational condition " + kind.type() + " " + subject, tx -> {
                Instant now = clock.instant();
                Step step = OperationalConditions.step(w, subject, OperationalRows.open(tx, kind, subject).orElse(null), holds, now);
                if (step instanceof Step.Raise r) {
                    OperationalRows.raise(tx, kind, subject, r.since());
                    write(tx, alert.apply(step), w, kind == OperationalKind.CHANNEL_FAILING ? subject : null, now);
                } else if (step instanceof Step.Remind) {
                    OperationalRows.reminded(tx, kind, subject, now);
                    write(tx, alert.apply(step), w, kind == OperationalKind.CHANNEL_FAILING ? subject : null, now);
                } else if (step instanceof Step.Clear c) {
                    OperationalRows.clear(tx, kind, subject);
                    if (c.tell()) write(tx, alert.apply(step), w, null, now);
                    else LOG.info("operational condition {} {} cleared", kind.type(), subject);
                }
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            // StoreException: the store away, or another node opened the same condition at the same moment
            LOG.warn("operational condition {} {} not recorded, looked at again next time: {}", kind.type(), subject,
                    e instanceof StoreException ? e.getMessage() : e.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * Writes the alert to the outbox for the watch's enabled channels, due now. A channel-failing alert goes to the
     * other channels; when the failing channel is the only one, it is still written (GET /api/v1/alerts and
     * {@code guestlink alerts} show it) and the log says so.
     */
    private boolean write(io.guestlink.store.Transaction tx, OperationalAlert a, OperationsConfig.Watch w, String failingChannel,
                          Instant now) {
        List<String> channels = new ArrayList<>();
        for (String c : w.channels()) {
            ChannelConfig cc = config.channels().get(c);
            if (cc != null && cc.enabled() && !c.equals(failingChannel)) channels.add(c);
        }
        if (channels.isEmpty() && failingChannel != null && w.channels().contains(failingChannel)) {
            LOG.warn("operational alert {}: the only channel configured for {} is the failing channel {} itself; the alert "
                    + "waits in the outbox (guestlink alerts, GET /api/v1/alerts) and goes out when the channel recovers",
                    a.id(), w.kind().key(), failingChannel);
            channels.add(failingChannel);
        } else if (channels.isEmpty()) {
            LOG.warn("operational alert {}: none of its channels {} is enabled; it is kept in the outbox without deliveries",
                    a.id(), w.channels());
        }
        boolean written = OperationalRows.add(tx, a, channels, now);
        if (written && OperationalAlert.CLEARED.equals(a.state())) LOG.info("operational alert {}: {}", a.id(), a.text());
        else if (written) LOG.warn("operational alert {}: {}", a.id(), a.text());
        return written;
    }
}

package io.guestlink.alert;

import org.apache.commons.codec.digest.DigestUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * When an operational condition is raised, told again and cleared, and the stable ids of those alerts. A condition
 * that starts to hold is raised ({@code <base>}); while it holds it is told again once {@code reAlert} has passed
 * since its last alert ({@code <base>/again/<n>}); when it stops it is cleared ({@code <base>/cleared}), where
 * {@code <base> = operations:<type>/<subject>/<since, epoch ms>}. The start time is kept with the open condition in
 * the store, so a check that runs twice (or on two nodes) computes the same ids and the outbox writes each once.
 */
public final class OperationalConditions {
    private OperationalConditions() {
    }

    /** A condition that holds: since when, alerts sent for it, when the last one was. */
    public record Open(Instant since, int alerts, Instant lastAlertAt) {
        public Open {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(lastAlertAt, "lastAlertAt");
        }
    }

    /** What a check does with one condition now. */
    public sealed interface Step {
        /** Nothing to write. */
        record Quiet() implements Step {
        }

        /** It starts to hold: open it {@code since} now and send alert {@code id}. */
        record Raise(String id, Instant since) implements Step {
        }

        /** It still holds and the re-alert interval has passed: send reminder {@code id}. */
        record Remind(String id, Open open) implements Step {
        }

        /** It no longer holds: close it; send {@code id} when the watch tells clearings. */
        record Clear(String id, Open open, boolean tell) implements Step {
        }
    }

    public static final Step QUIET = new Step.Quiet();

    /** The step for one condition, from whether it holds now and what the store has open for it. */
    public static Step step(OperationsConfig.Watch watch, String subject, Open open, boolean holds, Instant now) {
        if (holds) {
            if (open == null) return new Step.Raise(id(watch.kind(), subject, now), now);
            if (watch.reAlert() != null && !now.isBefore(open.lastAlertAt().plus(watch.reAlert())))
                return new Step.Remind(id(watch.kind(), subject, open.since()) + "/again/" + open.alerts(), open);
            return QUIET;
        }
        if (open == null) return QUIET;
        return new Step.Clear(id(watch.kind(), subject, open.since()) + "/cleared", open, watch.cleared());
    }

    /** {@code operations:<type>/<subject>/<since epoch ms>}; a long subject is replaced by its hash. */
    public static String id(OperationalKind kind, String subject, Instant since) {
        return kind.rule() + "/" + shortened(subject) + "/" + since.toEpochMilli();
    }

    /** A file moved to failed/: {@code operations:failed-file/<feed>/<archive name>}, one per move. */
    public static String failedFileId(String feed, String archivedName) {
        return OperationalKind.FAILED_FILE.rule() + "/" + shortened(feed) + "/" + shortened(archivedName);
    }

    private static String shortened(String s) {
        return s.length() <= 120 ? s : "sha256-" + DigestUtils.sha256Hex(s).substring(0, 32);
    }

    /** channelFailing: a channel's deliveries have waited with failed attempts since {@code failingSince} long enough. */
    public static boolean channelFailing(OperationsConfig.Watch watch, Instant failingSince, Instant now) {
        return failingSince != null && !now.isBefore(failingSince.plus(watch.failingFor()));
    }

    /** reviewQueue: more pairs waiting than the watch allows. */
    public static boolean reviewQueueOver(OperationsConfig.Watch watch, long waiting) {
        return waiting > watch.above();
    }

    /**
     * One dead-letter queue's recent depths (this node's checks), for "grew by N within the window". Not thread-safe:
     * one scheduled check uses it.
     */
    public static final class DepthHistory {
        private record Sample(Instant at, long depth) {
        }

        private final Deque<Sample> samples = new ArrayDeque<>();

        /**
         * Records the depth now and says whether the queue is over its depth, or grew by the watch's growth within its
         * window (now minus the lowest depth seen in the window).
         */
        public boolean holds(OperationsConfig.Watch watch, long depth, Instant now) {
            Duration window = watch.window() == null ? Duration.ZERO : watch.window();
            while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(window))) samples.removeFirst();
            samples.addLast(new Sample(now, depth));
            long lowest = samples.stream().mapToLong(Sample::depth).min().orElse(depth);
            boolean over = watch.above() != null && depth > watch.above();
            boolean grew = watch.growth() != null && depth - lowest >= watch.growth();
            return over || grew;
        }

        /** Growth within the window as last recorded (for the alert's text). */
        public long growth() {
            if (samples.isEmpty()) return 0;
            return samples.peekLast().depth() - samples.stream().mapToLong(Sample::depth).min().orElse(0);
        }
    }
}

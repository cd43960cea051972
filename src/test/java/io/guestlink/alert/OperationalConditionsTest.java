package io.guestlink.alert;

import io.guestlink.alert.OperationalConditions.Open;
import io.guestlink.alert.OperationalConditions.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OperationalConditionsTest {
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    static OperationsConfig.Watch watch(OperationalKind kind, Duration reAlert, boolean cleared, Long above, Long growth,
                                        Duration window, Duration failingFor) {
        return new OperationsConfig.Watch(kind, List.of("ops"), reAlert, cleared, above, growth, window, failingFor, List.of());
    }

    static final OperationsConfig.Watch POLL = watch(OperationalKind.POLL_ERROR, Duration.ofMinutes(30), true, null, null, null, null);

    @Test
    void shouldRaiseOnceRemindAfterTheIntervalAndClearWithTheSameBase() {
        Step raise = OperationalConditions.step(POLL, "legacy", null, true, T0);
        assertThat(raise).isEqualTo(new Step.Raise("operations:poll-error/legacy/" + T0.toEpochMilli(), T0));

        Open open = new Open(T0, 1, T0);
        assertThat(OperationalConditions.step(POLL, "legacy", open, true, T0.plusSeconds(1)))
                .as("still failing a second later: nothing new").isEqualTo(OperationalConditions.QUIET);
        assertThat(OperationalConditions.step(POLL, "legacy", open, true, T0.plus(Duration.ofMinutes(30))))
                .isEqualTo(new Step.Remind("operations:poll-error/legacy/" + T0.toEpochMilli() + "/again/1", open));
        Open reminded = new Open(T0, 2, T0.plus(Duration.ofMinutes(30)));
        assertThat(OperationalConditions.step(POLL, "legacy", reminded, true, T0.plus(Duration.ofMinutes(59))))
                .isEqualTo(OperationalConditions.QUIET);
        assertThat(OperationalConditions.step(POLL, "legacy", reminded, true, T0.plus(Duration.ofMinutes(60))))
                .isEqualTo(new Step.Remind("operations:poll-error/legacy/" + T0.toEpochMilli() + "/again/2", reminded));

        assertThat(OperationalConditions.step(POLL, "legacy", reminded, false, T0.plus(Duration.ofHours(2))))
                .isEqualTo(new Step.Clear("operations:poll-error/legacy/" + T0.toEpochMilli() + "/cleared", reminded, true));
        assertThat(OperationalConditions.step(POLL, "legacy", null, false, T0)).isEqualTo(OperationalConditions.QUIET);
    }

    @Test
    void shouldNeverRemindWithoutAnIntervalAndClearQuietlyWhenAsked() {
        OperationsConfig.Watch once = watch(OperationalKind.REVIEW_QUEUE, null, false, 3L, null, null, null);
        Open open = new Open(T0, 1, T0);
        assertThat(OperationalConditions.step(once, "review", open, true, T0.plus(Duration.ofDays(30))))
                .isEqualTo(OperationalConditions.QUIET);
        assertThat(OperationalConditions.step(once, "review", open, false, T0.plusSeconds(5)))
                .isEqualTo(new Step.Clear("operations:review-queue/review/" + T0.toEpochMilli() + "/cleared", open, false));
    }

    @Test
    void shouldGiveOneIdPerFailedFileMoveAndHashLongNames() {
        assertThat(OperationalConditions.failedFileId("res", "20261206-101500-res.csv"))
                .isEqualTo("operations:failed-file/res/20261206-101500-res.csv");
        assertThat(OperationalConditions.failedFileId("res", "20261206-101501-res.csv"))
                .as("the same file failing again is another move").isNotEqualTo(OperationalConditions.failedFileId("res", "20261206-101500-res.csv"));
        String id = OperationalConditions.failedFileId("res", "x".repeat(500));
        assertThat(id).startsWith("operations:failed-file/res/sha256-").hasSizeLessThan(300);
        assertThat(OperationalConditions.failedFileId("res", "x".repeat(500))).isEqualTo(id);
    }

    @Test
    void shouldSayAChannelFailsOnlyOnceItHasFailedForTheSetTime() {
        OperationsConfig.Watch w = watch(OperationalKind.CHANNEL_FAILING, null, true, null, null, null, Duration.ofMinutes(10));
        assertThat(OperationalConditions.channelFailing(w, null, T0)).isFalse();
        assertThat(OperationalConditions.channelFailing(w, T0, T0.plus(Duration.ofMinutes(9)))).isFalse();
        assertThat(OperationalConditions.channelFailing(w, T0, T0.plus(Duration.ofMinutes(10)))).isTrue();
    }

    @Test
    void shouldSayTheReviewQueueIsOverOnlyAboveItsSize() {
        OperationsConfig.Watch w = watch(OperationalKind.REVIEW_QUEUE, null, true, 3L, null, null, null);
        assertThat(OperationalConditions.reviewQueueOver(w, 3)).isFalse();
        assertThat(OperationalConditions.reviewQueueOver(w, 4)).isTrue();
    }

    @Test
    void shouldWatchDeadLetterDepthAndGrowthWithinTheWindow() {
        OperationsConfig.Watch depth = watch(OperationalKind.DEAD_LETTER_QUEUE, null, true, 10L, null, Duration.ofMinutes(5), null);
        OperationalConditions.DepthHistory h = new OperationalConditions.DepthHistory();
        assertThat(h.holds(depth, 10, T0)).isFalse();
        assertThat(h.holds(depth, 11, T0.plusSeconds(10))).isTrue();

        OperationsConfig.Watch growth = watch(OperationalKind.DEAD_LETTER_QUEUE, null, true, null, 5L, Duration.ofMinutes(5), null);
        OperationalConditions.DepthHistory g = new OperationalConditions.DepthHistory();
        assertThat(g.holds(growth, 100, T0)).as("deep, but only growth is watched").isFalse();
        assertThat(g.holds(growth, 103, T0.plus(Duration.ofMinutes(2)))).isFalse();
        assertThat(g.holds(growth, 105, T0.plus(Duration.ofMinutes(4)))).isTrue();
        assertThat(g.growth()).isEqualTo(5);
        assertThat(g.holds(growth, 106, T0.plus(Duration.ofMinutes(6))))
                .as("the 100 left the window: 103 is the lowest within it").isFalse();
        assertThat(g.growth()).isEqualTo(3);
        assertThat(g.holds(growth, 104, T0.plus(Duration.ofMinutes(20)))).as("shrinking is no growth").isFalse();
    }
}

package io.guestlink.alert;

import io.guestlink.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class OperationsConfigTest {
    static final String CHANNELS = """
            channels:
              topic: { type: activemq-topic, destination: ops }
              files: { type: file, dir: out/ops }
              floor: { type: hl7-mllp, host: h, port: 2576 }
            """;

    @Test
    void shouldReadEveryKindWithItsThresholdsAndDefaults() {
        AlertConfig c = AlertConfig.parse(CHANNELS + """
                operations:
                  channels: [topic]
                  failedFile: {}
                  pollError: { reAlertMs: 0, cleared: false, channels: [files] }
                  deadLetterQueue: { growthAbove: 5, windowMs: 60000, queues: [my.DLQ] }
                  channelFailing: { failingForMs: 3000 }
                  reviewQueue: { sizeAbove: 3, reAlertMs: 5000 }
                """, "alerts.yaml");
        OperationsConfig ops = c.operations();
        assertThat(ops.watches()).hasSize(5);
        assertThat(ops.watch(OperationalKind.FAILED_FILE).orElseThrow().channels()).containsExactly("topic");
        OperationsConfig.Watch poll = ops.watch(OperationalKind.POLL_ERROR).orElseThrow();
        assertThat(poll.channels()).containsExactly("files");
        assertThat(poll.reAlert()).as("0: never told again while it lasts").isNull();
        assertThat(poll.cleared()).isFalse();
        OperationsConfig.Watch dlq = ops.watch(OperationalKind.DEAD_LETTER_QUEUE).orElseThrow();
        assertThat(dlq.above()).as("only growth watched when only growthAbove is given").isNull();
        assertThat(dlq.growth()).isEqualTo(5);
        assertThat(dlq.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(dlq.queues()).containsExactly("my.DLQ");
        assertThat(dlq.reAlert()).isEqualTo(OperationsConfig.DEFAULT_RE_ALERT);
        assertThat(dlq.cleared()).isTrue();
        assertThat(ops.watch(OperationalKind.CHANNEL_FAILING).orElseThrow().failingFor()).isEqualTo(Duration.ofSeconds(3));
        OperationsConfig.Watch review = ops.watch(OperationalKind.REVIEW_QUEUE).orElseThrow();
        assertThat(review.above()).isEqualTo(3);
        assertThat(review.reAlert()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldLeaveUnlistedAndDisabledKindsOff() {
        AlertConfig c = AlertConfig.parse(CHANNELS + """
                operations:
                  channels: [topic]
                  reviewQueue: { enabled: false, sizeAbove: 3 }
                  deadLetterQueue: {}
                """, "alerts.yaml");
        assertThat(c.operations().on(OperationalKind.REVIEW_QUEUE)).isFalse();
        assertThat(c.operations().on(OperationalKind.FAILED_FILE)).isFalse();
        OperationsConfig.Watch dlq = c.operations().watch(OperationalKind.DEAD_LETTER_QUEUE).orElseThrow();
        assertThat(dlq.above()).as("by default any message on a dead-letter queue").isZero();
        assertThat(dlq.growth()).isNull();
        assertThat(AlertConfig.parse(CHANNELS, "alerts.yaml").operations()).isEqualTo(OperationsConfig.NONE);
    }

    @Test
    void shouldReportEveryProblemWithFileKeyAndValue() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> AlertConfig.parse(CHANNELS + """
                operations:
                  channels: [nowhere]
                  failedFile: { threshold: 3 }
                  pollError: { reAlertMs: -1, cleared: sometimes, channels: [floor] }
                  deadLetterQueue: { depthAbove: -2, growthAbove: 0, windowMs: soon }
                  channelFailing: { failingForMs: 0, channels: [topic] }
                  reviewQueue: { sizeAbove: many, channels: [] }
                  diskFull: {}
                """, "alerts.yaml"));
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).isEqualTo("alerts.yaml: operations.channels = 'nowhere': no such channel (channels: [topic, files, floor])"))
                .anySatisfy(p -> assertThat(p).contains("operations.failedFile.threshold: unknown key"))
                .anySatisfy(p -> assertThat(p).contains("operations.pollError.reAlertMs = '-1': expected milliseconds > 0"))
                .anySatisfy(p -> assertThat(p).contains("operations.pollError.cleared = 'sometimes': expected true or false"))
                .anySatisfy(p -> assertThat(p).contains("operations.pollError.channels = 'floor': an hl7-mllp channel sends guest alerts"))
                .anySatisfy(p -> assertThat(p).contains("operations.deadLetterQueue.depthAbove = '-2': expected a whole number >= 0"))
                .anySatisfy(p -> assertThat(p).contains("operations.deadLetterQueue.growthAbove = '0': expected a whole number > 0"))
                .anySatisfy(p -> assertThat(p).contains("operations.deadLetterQueue.windowMs = 'soon': expected milliseconds > 0"))
                .anySatisfy(p -> assertThat(p).contains("operations.channelFailing.failingForMs = '0': expected milliseconds > 0"))
                .anySatisfy(p -> assertThat(p).contains("operations.reviewQueue.sizeAbove = 'many': expected a whole number >= 0"))
                .anySatisfy(p -> assertThat(p).contains("operations.reviewQueue.channels: no channel: name them here or in operations.channels"))
                .anySatisfy(p -> assertThat(p).contains("operations.diskFull: unknown key"))
                .allSatisfy(p -> assertThat(p).startsWith("alerts.yaml: "));
    }

    @Test
    void shouldShipOperationalAlertsThatParse() {
        AlertConfig shipped = AlertConfig.load(Path.of("config/alerts.yaml"));
        assertThat(shipped.operations().watches().keySet()).containsExactlyInAnyOrder(OperationalKind.values());
        assertThat(shipped.operations().watches().values()).allSatisfy(w -> assertThat(w.channels()).isNotEmpty());
        assertThat(List.of(shipped.operations().watch(OperationalKind.CHANNEL_FAILING).orElseThrow().failingFor()))
                .containsExactly(Duration.ofMinutes(10));
    }
}

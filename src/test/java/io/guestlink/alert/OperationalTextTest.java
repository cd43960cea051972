package io.guestlink.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OperationalTextTest {
    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void shouldHideQuotedValuesEmailsAndLongNumbersButKeepTheError() {
        assertThat(OperationalText.safe("SQLSyntaxErrorException", "(conn=12) Table 'legacy.reservation' doesn't exist"))
                .isEqualTo("SQLSyntaxErrorException: (conn=12) Table … doesn't exist");
        String s = OperationalText.safe("StoreException", "Duplicate entry 'YU/MING' for key; e-mail yu.ming@example.com, "
                + "phone +66 81 234 5678, passport \"E1234567\", id 100482");
        assertThat(s).doesNotContain("YU", "MING", "yu.ming", "example.com", "234", "5678", "E1234567", "100482")
                .startsWith("StoreException: Duplicate entry … for key");
        assertThat(OperationalText.safe(null, null)).isEqualTo("unknown error");
        assertThat(OperationalText.safe("X", "a".repeat(1000))).hasSize(OperationalText.MAX_REASON);
        assertThat(OperationalText.safe("X", "line one\nline two")).isEqualTo("X: line one line two");
    }

    @Test
    void shouldDropAWrongFilesOwnFirstLine() {
        // a file without its header: FileImporter lists its first line, a guest's row, as "the columns it has"
        String reason = OperationalText.safe("ImportFailedException", "file res.csv does not match feed res: missing "
                + "columns [CONF, GID]; the file has [P1, G1, GUEST1/ANNA MS, BKK01]");
        assertThat(reason).isEqualTo("ImportFailedException: file res.csv does not match feed res: missing columns [CONF, GID]");
    }

    @Test
    void shouldWordEveryKindWithoutPersonalDataAndMarkItOperational() {
        OperationalAlert f = OperationalText.failedFile("res", "res.csv", "20261206-100000-res.csv", "missing columns [CONF]", T0);
        assertThat(f.text()).isEqualTo("Feed res: file res.csv moved to failed/ (missing columns [CONF])");
        assertThat(f.rule()).isEqualTo("operations:failed-file");
        String json = f.toJson();
        assertThat(json).startsWith("{\"kind\":\"operational\"");
        assertThat(OperationalAlert.isOne(json)).isTrue();
        assertThat(OperationalAlert.isOne("{\"id\":\"returning-guest-arrival/event/1\",\"rule\":\"r\"}")).isFalse();
        assertThat(OperationalAlert.fromJson(json)).isEqualTo(f);
        assertThat(f.fileName()).isEqualTo("operations_failed-file_res_20261206-100000-res.csv.json");

        OperationsConfig.Watch poll = new OperationsConfig.Watch(OperationalKind.POLL_ERROR, List.of("ops"), Duration.ofHours(1),
                true, null, null, null, null, List.of());
        OperationalConditions.Step raise = OperationalConditions.step(poll, "legacy", null, true, T0);
        assertThat(OperationalText.pollError(raise, "legacy", "SQLException: down", T0).text()).isEqualTo("Feed legacy: poll failed: SQLException: down");
        OperationalConditions.Open open = new OperationalConditions.Open(T0, 1, T0);
        OperationalAlert cleared = OperationalText.pollError(OperationalConditions.step(poll, "legacy", open, false,
                T0.plus(Duration.ofMinutes(5))), "legacy", null, T0.plus(Duration.ofMinutes(5)));
        assertThat(cleared.state()).isEqualTo(OperationalAlert.CLEARED);
        assertThat(cleared.text()).isEqualTo("Feed legacy: polls again (they failed for 5 min)");
        assertThat(cleared.since()).isEqualTo(T0);

        OperationsConfig.Watch review = new OperationsConfig.Watch(OperationalKind.REVIEW_QUEUE, List.of("ops"), null, true,
                3L, null, null, null, List.of());
        assertThat(OperationalText.reviewQueue(OperationalConditions.step(review, "review", null, true, T0), review, 4, T0).text())
                .isEqualTo("Identity review queue: 4 possible duplicates waiting for a person (more than 3)");

        OperationsConfig.Watch dlq = new OperationsConfig.Watch(OperationalKind.DEAD_LETTER_QUEUE, List.of("ops"), null, true,
                0L, 5L, Duration.ofMinutes(10), null, List.of());
        assertThat(OperationalText.deadLetterQueue(OperationalConditions.step(dlq, "guestlink.events.DLQ", null, true, T0), dlq,
                "guestlink.events.DLQ", 7, 6, T0).text())
                .isEqualTo("Dead-letter queue guestlink.events.DLQ: 7 messages, 6 more within 10 min (limit: more than 0 or 5 more within 10 min)");

        OperationsConfig.Watch ch = new OperationsConfig.Watch(OperationalKind.CHANNEL_FAILING, List.of("ops"), null, true,
                null, null, null, Duration.ofSeconds(3), List.of());
        OperationalAlert failing = OperationalText.channelFailing(OperationalConditions.step(ch, "hook", null, true, T0), ch, "hook",
                T0.minusSeconds(4), 2, "ConnectException: Connection refused", T0);
        assertThat(failing.text()).isEqualTo("Alert channel hook failing since 2026-12-06T09:59:56Z: 2 undelivered; last error: "
                + "ConnectException: Connection refused");
        assertThat(failing.details()).containsEntry("channel", "hook").containsEntry("undelivered", "2");
    }
}

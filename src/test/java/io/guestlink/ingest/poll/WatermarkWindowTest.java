package io.guestlink.ingest.poll;

import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatermarkWindowTest {
    static final LocalDateTime T = LocalDateTime.of(2026, 11, 25, 10, 0, 0);

    @Test
    void firstPollReadsEverything() {
        assertThat(new WatermarkWindow(Duration.ofSeconds(30), 0, null, null).from(T)).isNull();
    }

    @Test
    void nextPollStartsOneLagBeforeTheWatermark() {
        WatermarkWindow w = new WatermarkWindow(Duration.ofSeconds(30), 0, T.toString(), "42");
        assertThat(w.from(T.plusMinutes(5))).isEqualTo(T.minusSeconds(30));
        assertThat(w.tieText()).isEqualTo("42");
    }

    @Test
    void databaseClockSetBackMovesTheWindowBack() {
        WatermarkWindow w = new WatermarkWindow(Duration.ofSeconds(30), 0, T.toString(), null);
        assertThat(w.from(T.minusHours(1))).isEqualTo(T.minusHours(1).minusSeconds(30));
    }

    @Test
    void rowStampedInTheFutureMovesTheWatermarkOnlyToTheDatabaseClock() {
        WatermarkWindow w = new WatermarkWindow(Duration.ZERO, 0, T.toString(), null);
        Comparable<?> next = w.next(Timestamp.valueOf(T.plusDays(1)), T.plusMinutes(1));
        assertThat(next).isEqualTo(T.plusMinutes(1));
        assertThat(w.next(Timestamp.valueOf(T.minusDays(1)), T)).as("never backwards").isEqualTo(T);
    }

    @Test
    void rowReadAgainUnchangedIsNotNewButAChangedOneIs() {
        WatermarkWindow w = new WatermarkWindow(Duration.ofSeconds(30), 0, null, null);
        w.applied("7", "hash-a", T);
        assertThat(w.isNew("7", "hash-a")).isFalse();
        assertThat(w.isNew("7", "hash-b")).isTrue();
        assertThat(w.isNew("8", "hash-a")).isTrue();
    }

    @Test
    void rowsOlderThanTheWindowAreForgotten() {
        WatermarkWindow w = new WatermarkWindow(Duration.ofSeconds(30), 0, T.toString(), null);
        w.applied("old", "h", T.minusMinutes(5));
        w.applied("recent", "h", T.minusSeconds(10));
        w.from(T.plusMinutes(1));
        assertThat(w.seenRows()).isEqualTo(1);
        assertThat(w.isNew("recent", "h")).isFalse();
    }

    @Test
    void numericWatermarksUseANumericLag() {
        WatermarkWindow w = new WatermarkWindow(Duration.ZERO, 100, "5000", null);
        assertThat(w.from(null)).isEqualTo(4900L);
        assertThat(w.next(5100, null)).isEqualTo(5100L);
    }

    @Test
    void unsupportedWatermarkTypeIsNamed() {
        assertThatThrownBy(() -> WatermarkWindow.value("yesterday")).hasMessageContaining("String").hasMessageContaining("yesterday");
    }
}

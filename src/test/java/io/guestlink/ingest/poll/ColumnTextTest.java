package io.guestlink.ingest.poll;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnTextTest {
    final ColumnText text = new ColumnText(Map.of("guest_name", "GBK"), ZoneId.of("Asia/Bangkok"));

    Map<String, String> of(String column, Object value) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(column, value);
        return text.values(row);
    }

    @Test
    void datesAndTimesReadLikeAFileExport() {
        assertThat(of("d", Date.valueOf(LocalDate.of(2026, 2, 28)))).containsEntry("d", "2026-02-28");
        assertThat(of("t", Timestamp.valueOf(LocalDateTime.of(2026, 2, 28, 7, 5, 9, 120_000_000)))).containsEntry("t", "2026-02-28 07:05:09");
        assertThat(of("t", OffsetDateTime.of(2026, 2, 28, 0, 30, 0, 0, ZoneOffset.UTC)))
                .as("an instant is shown in the property's time zone").containsEntry("t", "2026-02-28 07:30:00");
        assertThat(of("n", new BigDecimal("1E+3"))).containsEntry("n", "1000");
    }

    @Test
    void nullIsAbsent() {
        assertThat(of("email", null)).isEmpty();
    }

    @Test
    void latin1TextHoldingGbkBytesIsDecodedAsGbk() {
        byte[] gbk = "丂于明".getBytes(Charset.forName("GBK"));
        // what MariaDB sends for those bytes in a latin1 column: Windows-1252, with 0x81 passed through as U+0081
        StringBuilder asSent = new StringBuilder();
        for (byte b : gbk) {
            int u = b & 0xFF;
            String c = new String(new byte[] {b}, Charset.forName("windows-1252"));
            asSent.append(c.equals("\uFFFD") ? String.valueOf((char) u) : c);
        }
        assertThat(of("guest_name", asSent.toString())).containsEntry("guest_name", "丂于明");
        assertThat(of("GUEST_NAME", gbk)).as("bytes (a BINARY cast), any column case").containsEntry("GUEST_NAME", "丂于明");
        assertThat(of("other", "Müller")).containsEntry("other", "Müller");
    }

    @Test
    void latin1BytesRoundTripEveryByte() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        StringBuilder sent = new StringBuilder();
        for (byte b : all) {
            String c = new String(new byte[] {b}, Charset.forName("windows-1252"));
            sent.append(c.equals("\uFFFD") ? String.valueOf((char) (b & 0xFF)) : c);
        }
        assertThat(ColumnText.latin1Bytes(sent.toString())).isEqualTo(all);
        assertThat(new String(ColumnText.latin1Bytes("abc"), StandardCharsets.US_ASCII)).isEqualTo("abc");
    }
}

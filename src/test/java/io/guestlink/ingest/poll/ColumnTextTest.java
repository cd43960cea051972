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

    private static Map<String, Object> row(Object... labelsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) row.put((String) labelsAndValues[i], labelsAndValues[i + 1]);
        return row;
    }

    /** What a poll recognises a re-read row by: one digest per version of the row, another for any change. */
    @Test
    void aRowReadAgainHasTheSameDigestAndAnyChangeGivesAnother() {
        Map<String, Object> row = row("res_id", 42L, "guest_name", "\u00cd\u00f5".getBytes(StandardCharsets.ISO_8859_1),
                "email", null, "rate", new BigDecimal("1500.50"), "updated_at", Timestamp.valueOf(LocalDateTime.of(2026, 2, 28, 7, 5, 9)));
        String digest = text.digest(row);

        assertThat(text.digest(row("res_id", 42L, "guest_name", "\u00cd\u00f5".getBytes(StandardCharsets.ISO_8859_1),
                "email", null, "rate", new BigDecimal("1500.50"), "updated_at", Timestamp.valueOf(LocalDateTime.of(2026, 2, 28, 7, 5, 9)))))
                .as("the same version read again (new objects, equal contents)").isEqualTo(digest);
        for (var changed : java.util.List.of(
                row("res_id", 43L, "guest_name", "\u00cd\u00f5".getBytes(StandardCharsets.ISO_8859_1), "email", null, "rate", new BigDecimal("1500.50"), "updated_at", Timestamp.valueOf(LocalDateTime.of(2026, 2, 28, 7, 5, 9))),
                row("res_id", 42L, "guest_name", "\u00cd\u00f6".getBytes(StandardCharsets.ISO_8859_1), "email", null, "rate", new BigDecimal("1500.50"), "updated_at", Timestamp.valueOf(LocalDateTime.of(2026, 2, 28, 7, 5, 9))),
                row("res_id", 42L, "guest_name", "\u00cd\u00f5".getBytes(StandardCharsets.ISO_8859_1), "email", "", "rate", new BigDecimal("1500.50"), "updated_at", Timestamp.valueOf(LocalDateTime.of(2026, 2, 28, 7, 5, 9))),
                row("res_id", 42L, "guest_name", "\u00cd\u00f5".getBytes(StandardCharsets.ISO_8859_1), "email", null, "rate", new BigDecimal("1500.5"), "updated_at", Timestamp.valueOf(LocalDateTime.of(2026, 2, 28, 7, 5, 9))),
                row("res_id", 42L, "guest_name", "\u00cd\u00f5".getBytes(StandardCharsets.ISO_8859_1), "email", null, "rate", new BigDecimal("1500.50"), "updated_at", Timestamp.valueOf(LocalDateTime.of(2026, 2, 28, 7, 5, 10))),
                // a value moved across a column boundary is a change too
                row("res_id", 4L, "guest_name", "2\u00cd\u00f5".getBytes(StandardCharsets.ISO_8859_1), "email", null, "rate", new BigDecimal("1500.50"), "updated_at", Timestamp.valueOf(LocalDateTime.of(2026, 2, 28, 7, 5, 9)))))
            assertThat(text.digest(changed)).as("changed: %s", changed).isNotEqualTo(digest);
    }

    @Test
    void oneColumnReadsAsTheWholeRowReadsIt() {
        Map<String, Object> row = row("RES_ID", new BigDecimal("1E+3"), "guest_name", "\u00cd\u00f5", "birth", Date.valueOf(LocalDate.of(1980, 1, 2)));
        Map<String, String> all = text.values(row);

        assertThat(text.value(row, "res_id")).as("any case").isEqualTo(all.get("RES_ID")).isEqualTo("1000");
        assertThat(text.value(row, "guest_name")).isEqualTo(all.get("guest_name"));
        assertThat(text.value(row, "birth")).isEqualTo("1980-01-02");
        assertThat(text.value(row, "missing")).isNull();
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

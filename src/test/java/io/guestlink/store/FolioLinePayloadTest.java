package io.guestlink.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.RecordKind;
import io.guestlink.model.SourceRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming folio-line reader guest memory uses gives the line data binding gives, amount scale included, for
 * every payload the store writes; for any other shape it answers nothing and the data-binding reader decides.
 */
class FolioLinePayloadTest {
    /** The reader guest memory used before: data binding on the payload's fact. */
    static final ObjectReader BOUND = Payloads.JSON.readerFor(FolioLine.class).at("/fact")
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static final String[] TEXTS = {"", " ", "Room Charge", "Café \"Le Jardin\" \\ bar", "line\nbreak\ttab", "于明 早餐",
            "emoji \uD83C\uDF73", "\u0000 control", "12.50", "null"};
    static final String[] AMOUNTS = {"0", "120", "120.5", "120.50", "-8079.82", "0.001", "1E+3", "-0.00", "99999999999.99",
            "123456789012345678901234567890.123456789"};

    static String pick(Random r, String[] values) {
        return r.nextInt(4) == 0 ? null : values[r.nextInt(values.length)];
    }

    static FolioLine randomLine(Random r) {
        String folio = r.nextInt(10) == 0 ? TEXTS[2 + r.nextInt(TEXTS.length - 2)] : Integer.toString(548_000_000 + r.nextInt(100_000));
        return new FolioLine(pick(r, new String[] {"BKK01", "HKT02", ""}), folio, pick(r, new String[] {"1", "12", "", " ", "A-7"}),
                pick(r, TEXTS), r.nextInt(4) == 0 ? null : LocalDate.of(2020 + r.nextInt(8), 1 + r.nextInt(12), 1 + r.nextInt(28)),
                pick(r, TEXTS), pick(r, TEXTS), r.nextInt(4) == 0 ? null : ChargeCategory.values()[r.nextInt(ChargeCategory.values().length)],
                r.nextInt(8) == 0 ? null : new BigDecimal(AMOUNTS[r.nextInt(AMOUNTS.length)]), pick(r, new String[] {"THB", "USD", "X"}));
    }

    static String payload(FolioLine line, boolean withGuest) {
        GuestProfile guest = withGuest ? new GuestProfile(List.of(new PersonName("YU/MING MR", "YU", "MING", "MR", "LATIN")),
                LocalDate.of(1978, 3, 14), "M", "CN", "zh", List.of("yu.ming@example.net"), List.of(), List.of(), null, List.of(),
                Map.of("email", true)) : null;
        return Payloads.json(new CanonicalRecord(new SourceRef("OPERA", RecordKind.FOLIO, line.folioNumber() + "|" + line.lineNumber()),
                withGuest ? "100482" : null, guest, line));
    }

    @Test
    void shouldReadEveryWrittenFolioLineAsDataBindingDoes() throws Exception {
        Random r = new Random(20261207);
        for (int i = 0; i < 5_000; i++) {
            FolioLine line = randomLine(r);
            String json = payload(line, r.nextInt(5) == 0);
            FolioLine streamed = FolioLinePayload.read(json);
            assertThat(streamed).as(json).isEqualTo(line).isEqualTo(BOUND.readValue(json));
            // the scale is part of the value: 120.50 is not 120.5 in a summary's text
            if (line.amount() != null) assertThat(streamed.amount().scale()).as(json).isEqualTo(line.amount().scale());
            assertThat(MemoryFacts.fact("FOLIO", json)).isEqualTo(line);
        }
    }

    @Test
    void shouldSkipWhatTheRecordDoesNotHaveWhereverItStands() throws Exception {
        String json = "{\"fact\":{\"extra\":{\"fact\":[1,{\"a\":null}]},\"amount\":12.50,\"folioNumber\":\"F1\",\"category\":\"FNB\","
                + "\"businessDate\":\"2025-06-09\",\"lineNumber\":null},\"ref\":{\"system\":\"OPERA\"},\"guest\":{\"fact\":{}}}";
        FolioLine streamed = FolioLinePayload.read(json);
        assertThat(streamed).isEqualTo(BOUND.readValue(json)).isEqualTo(new FolioLine(null, "F1", null, null, LocalDate.of(2025, 6, 9),
                null, null, ChargeCategory.FNB, new BigDecimal("12.50"), null));
    }

    /** Shapes the store does not write: the streaming reader declines, and the fact is what data binding makes of it. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"fact\":{\"folioNumber\":\"F1\",\"amount\":\"12.50\"}}",                       // amount as text
            "{\"fact\":{\"folioNumber\":\"F1\",\"folioNumber\":\"F2\",\"amount\":1}}",          // a field twice
            "{\"fact\":{\"folioNumber\":17,\"amount\":1}}",                                     // a number as text
            "{\"fact\":{\"folioNumber\":\"F1\",\"businessDate\":[2025,6,9],\"amount\":1}}",     // a date as an array
            "{\"fact\":{\"folioNumber\":\"F1\",\"businessDate\":\" 2025-06-09\",\"amount\":1}}",
            "{\"fact\":null}"})
    void shouldLeaveOtherShapesToDataBinding(String json) throws Exception {
        assertThat(FolioLinePayload.read(json)).isNull();
        assertThat(MemoryFacts.fact("FOLIO", json)).isEqualTo(boundOrNull(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"fact\":{\"folioNumber\":\" \",\"amount\":1}}",                                  // the record refuses it
            "{\"fact\":{\"folioNumber\":\"F1\",\"category\":\"fnb\",\"amount\":1}}",            // no such category
            "{\"fact\":{\"folioNumber\":\"F1\",\"businessDate\":\"2025-02-30\",\"amount\":1}}",
            "{\"ref\":{}}"})                                                                  // no fact
    void shouldReportWhatDataBindingRefuses(String json) throws Exception {
        assertThat(FolioLinePayload.read(json)).isNull();
        assertThatThrownBy(() -> MemoryFacts.fact("FOLIO", json)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be read back");
    }

    static FolioLine boundOrNull(String json) {
        try {
            return BOUND.readValue(json);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}

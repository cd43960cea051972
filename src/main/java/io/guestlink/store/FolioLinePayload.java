package io.guestlink.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * A folio line read from its stored payload's {@code fact} with the streaming parser, for guest memory: a night's
 * folio file lands a million of them, and reading each through data binding (a JSON-pointer filter over every token,
 * then a record creator) was a third of the memory worker's JVM time.
 *
 * <p>It reads only the shape {@link Payloads#JSON} writes (text or null, an ISO date, an amount as a JSON number, a
 * category by its exact name; unknown fields are skipped as data binding skips them). Anything else (a field twice, an
 * amount as text, a fact the record refuses) is not guessed at: {@link #read} answers null and the caller reads the
 * payload with data binding, so both readers give the same line. The amount keeps its scale as written (4200.00 stays
 * 4200.00), as data binding's {@code BigDecimal} does.
 */
final class FolioLinePayload {
    private static final JsonFactory FACTORY = Payloads.JSON.getFactory();
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final int FIELDS = 10;

    private FolioLinePayload() {
    }

    /** The payload's folio line, or null when the payload is not in the written shape (read it with data binding). */
    static FolioLine read(String payload) throws IOException {
        try (JsonParser p = FACTORY.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean fact = "fact".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (fact) return value == JsonToken.START_OBJECT ? line(p) : null;
                p.skipChildren(); // the ref and the guest: not needed here
            }
            return null;
        }
    }

    private static FolioLine line(JsonParser p) throws IOException {
        Object[] v = new Object[FIELDS];
        boolean[] seen = new boolean[FIELDS];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            int i = index(p.currentName());
            JsonToken t = p.nextToken();
            if (i < 0) {
                p.skipChildren();
                continue;
            }
            if (seen[i]) return null;
            seen[i] = true;
            if (t == JsonToken.VALUE_NULL) continue;
            switch (i) {
                case 4 -> {
                    if (t != JsonToken.VALUE_STRING || !ISO_DATE.matcher(p.getText()).matches()) return null;
                    try {
                        v[i] = LocalDate.parse(p.getText());
                    } catch (java.time.format.DateTimeParseException e) {
                        return null; // not a date (2025-02-30): data binding reports it
                    }
                }
                case 7 -> {
                    if (t != JsonToken.VALUE_STRING) return null;
                    v[i] = category(p.getText());
                    if (v[i] == null) return null;
                }
                case 8 -> {
                    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) return null;
                    v[i] = p.getDecimalValue();
                }
                default -> {
                    if (t != JsonToken.VALUE_STRING) return null;
                    v[i] = p.getText();
                }
            }
        }
        String folio = (String) v[1];
        if (folio == null || folio.isBlank()) return null; // the record refuses it: data binding reports it
        return new FolioLine((String) v[0], folio, (String) v[2], (String) v[3], (LocalDate) v[4], (String) v[5],
                (String) v[6], (ChargeCategory) v[7], (BigDecimal) v[8], (String) v[9]);
    }

    /** The component's position in {@link FolioLine}, or -1 for a field the record does not have. */
    private static int index(String field) {
        return switch (field) {
            case "property" -> 0;
            case "folioNumber" -> 1;
            case "lineNumber" -> 2;
            case "reservationRef" -> 3;
            case "businessDate" -> 4;
            case "transactionCode" -> 5;
            case "description" -> 6;
            case "category" -> 7;
            case "amount" -> 8;
            case "currency" -> 9;
            default -> -1;
        };
    }

    private static ChargeCategory category(String name) {
        for (ChargeCategory c : ChargeCategory.values()) if (c.name().equals(name)) return c;
        return null;
    }
}

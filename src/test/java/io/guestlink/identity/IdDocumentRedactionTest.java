package io.guestlink.identity;

import io.guestlink.model.IdDocument;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journal's raw text keeps no document number: each number hashed while a redaction is open is replaced by a
 * marker holding its keyed hash, and the marker read back gives the same document, so replay and reprocess still
 * match on it.
 */
class IdDocumentRedactionTest {
    private final IdDocumentHasher hasher = new IdDocumentHasher("0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8),
            PlaceholderList.defaults());

    @Test
    void aHashedNumberIsReplacedByAMarkerThatReadsBackAsTheSameDocument() {
        String row = "100482,YU/MING,PASSPORT,G 1234-567,CN,+66 81 234 5678";
        IdDocument doc;
        String journaled;
        try (IdDocumentHasher.Redaction r = IdDocumentHasher.redacting()) {
            doc = hasher.hash("passport", "G 1234-567", "cn").orElseThrow();
            journaled = r.apply(row, false);
        }
        assertThat(journaled).doesNotContain("1234").startsWith("100482,YU/MING,PASSPORT,{{iddoc:")
                .endsWith("}},CN,+66 81 234 5678").doesNotContain(",,");
        String marker = journaled.split(",")[3];
        IdDocument again = hasher.hash("PASSPORT", marker, "CN").orElseThrow();
        assertThat(again).isEqualTo(doc);
        assertThat(again.masked()).isEqualTo(doc.masked());
    }

    @Test
    void onlyWholeValuesAreReplacedAndOnlyWhileARedactionIsOpen() {
        hasher.hash("ID", "1234567", null); // no redaction open: nothing collected anywhere
        try (IdDocumentHasher.Redaction r = IdDocumentHasher.redacting()) {
            assertThat(r.any()).isFalse();
            hasher.hash("ID", "1234567", null);
            assertThat(r.apply("1234567;+66811234567;A1234567B;1234567", false))
                    .as("inside a longer run of digits or letters it is another value")
                    .matches("\\{\\{iddoc:[^;]+}};\\+66811234567;A1234567B;\\{\\{iddoc:[^;]+}}");
        }
    }

    @Test
    void aFixedWidthRowKeepsItsColumnsAndItsReplayIsRefusedByName() {
        String line = "H001G1234567  YU MING   ";
        String journaled;
        try (IdDocumentHasher.Redaction r = IdDocumentHasher.redacting()) {
            hasher.hash("PASSPORT", "G1234567", null);
            journaled = r.apply(line, true);
        }
        assertThat(journaled).hasSameSizeAs(line).doesNotContain("1234").contains("YU MING");
        String withheld = journaled.substring(4, 12);
        assertThatThrownBy(() -> hasher.hash("PASSPORT", withheld, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("import the original file");
    }

    @Test
    void aMarkerReadWithAnotherTypeThanItWasHashedWithIsRefused() {
        String marker;
        try (IdDocumentHasher.Redaction r = IdDocumentHasher.redacting()) {
            hasher.hash(null, "G1234567", null);
            marker = r.apply("G1234567", false);
        }
        assertThatThrownBy(() -> hasher.hash("PASSPORT", marker, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("first read as type ID").hasMessageContaining("PASSPORT").hasMessageNotContaining("1234");
    }
}

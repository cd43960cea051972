package io.guestlink.identity;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.RecordKind;
import io.guestlink.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The suppression list's hashes: stable for one key, different for another key, per kind, never the value itself. */
class SuppressionKeysTest {
    static final byte[] KEY = "test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    final SuppressionKeys keys = new SuppressionKeys(KEY);

    static CanonicalRecord record(String system, String key, String guestKey, String docHash) {
        GuestProfile g = new GuestProfile(List.of(), null, null, null, null, List.of(), List.of(),
                docHash == null ? List.of() : List.of(new IdDocument("PASSPORT", null, docHash, "****1234")), null, List.of(), Map.of());
        return new CanonicalRecord(new SourceRef(system, RecordKind.RESERVATION, key), guestKey, g, null);
    }

    @Test
    void shouldGiveARecordItsRecordGuestAndDocumentHashesStableAcrossInstances() {
        List<SuppressionKeys.Key> a = keys.of(record("OPERA", "548213907", "100482", "abc"));
        assertThat(a).extracting(SuppressionKeys.Key::kind).containsExactly(SuppressionKeys.Kind.RECORD,
                SuppressionKeys.Kind.GUEST, SuppressionKeys.Kind.DOCUMENT);
        assertThat(new SuppressionKeys(KEY).of(record("OPERA", "548213907", "100482", "abc"))).isEqualTo(a);
        assertThat(a).allSatisfy(k -> assertThat(k.hash()).matches("[0-9a-f]{64}").doesNotContain("548213907"));
        assertThat(keys.of(record("OPERA", "548213907", null, null))).hasSize(1);
    }

    @Test
    void shouldTellKindsSystemsAndKeysApart() {
        assertThat(keys.record("OPERA", RecordKind.RESERVATION, "100482")).isNotEqualTo(keys.guest("OPERA", "100482"));
        assertThat(keys.record("OPERA", RecordKind.RESERVATION, "1").hash())
                .isNotEqualTo(keys.record("MICROS", RecordKind.RESERVATION, "1").hash())
                .isNotEqualTo(keys.record("OPERA", RecordKind.FOLIO, "1").hash());
        assertThat(new SuppressionKeys("another-key-0123456789".getBytes(StandardCharsets.UTF_8)).guest("OPERA", "100482"))
                .isNotEqualTo(keys.guest("OPERA", "100482"));
    }

    @Test
    void shouldRefuseAShortKey() {
        assertThatThrownBy(() -> new SuppressionKeys("short".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("at least 16 bytes").hasMessageNotContaining("short");
    }
}

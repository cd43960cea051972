package io.guestlink.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store's sealing of raw text: AES-256-GCM under the store key, opened only with that key, refused when changed. */
class RawTextTest {
    static final byte[] KEY = "store-key-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8);
    static final String ROW = "100482,YU/MING MR,yu.ming@example.net,+66 81 234 5678,王小明,1985-03-12";

    @Test
    void aSealedTextHoldsNoneOfItsValuesAndOpensToTheSameText() {
        RawText raw = RawText.keyed(KEY);
        String sealed = raw.seal(ROW);
        assertThat(sealed).startsWith("gl1:").doesNotContain("yu.ming").doesNotContain("234 5678").doesNotContain("王小明")
                .doesNotContain("1985");
        assertThat(RawText.isSealed(sealed)).isTrue();
        assertThat(raw.open(sealed)).isEqualTo(ROW);
        assertThat(RawText.keyed(KEY).open(sealed)).as("the same key, another instance (a restart, another node)").isEqualTo(ROW);
    }

    @Test
    void theSameTextSealsDifferentlyEachTime() {
        RawText raw = RawText.keyed(KEY);
        assertThat(raw.seal(ROW)).as("a fresh nonce: equal rows do not show as equal").isNotEqualTo(raw.seal(ROW));
    }

    @Test
    void anotherKeyOrAChangedTextIsRefusedNamingTheKeyNeverTheText() {
        String sealed = RawText.keyed(KEY).seal(ROW);
        RawText other = RawText.keyed("another-key-0123456789abcdef-0123456789".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(StoreException.class)
                .hasMessageContaining("GUESTLINK_STORE_KEY").hasMessageNotContaining("yu.ming");
        char[] c = sealed.toCharArray();
        c[10] = c[10] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> RawText.keyed(KEY).open(new String(c))).isInstanceOf(StoreException.class);
    }

    @Test
    void textWrittenBeforeSealingAndNullPassThrough() {
        RawText raw = RawText.keyed(KEY);
        assertThat(raw.open(ROW)).as("a row journaled before V16").isEqualTo(ROW);
        assertThat(raw.seal(null)).isNull();
        assertThat(raw.open(null)).isNull();
    }

    @Test
    void aShortKeyIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> RawText.keyed("short-key-31-bytes-0123456789ab".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the store key must be at least 32 bytes");
    }
}

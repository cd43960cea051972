package io.guestlink.identity;

import io.guestlink.model.IdDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdDocumentHasherTest {

    private static final byte[] KEY = "0123456789abcdef-test-key".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "fedcba9876543210-test-key".getBytes(StandardCharsets.UTF_8);

    private final IdDocumentHasher hasher = new IdDocumentHasher(KEY, PlaceholderList.defaults());

    @Test
    void shouldHashDeterministically() {
        IdDocument first = hasher.hash("PASSPORT", "G1234567", "CN").orElseThrow();
        IdDocument again = hasher.hash("PASSPORT", "G1234567", "CN").orElseThrow();
        IdDocument otherInstance = new IdDocumentHasher(KEY.clone(), PlaceholderList.defaults())
                .hash("PASSPORT", "G1234567", "CN").orElseThrow();

        assertThat(again.keyedHash()).isEqualTo(first.keyedHash());
        assertThat(otherInstance.keyedHash()).isEqualTo(first.keyedHash());
    }

    @Test
    void shouldComputeHmacSha256OverTypeAndNumber() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("PASSPORT|G1234567".getBytes(StandardCharsets.UTF_8)));

        assertThat(hasher.hash("passport", "G1234567", "CN").orElseThrow().keyedHash())
                .isEqualTo(expected)
                .matches("[0-9a-f]{64}");
    }

    @Test
    void shouldGiveDifferentHashForDifferentKey() {
        IdDocumentHasher other = new IdDocumentHasher(OTHER_KEY, PlaceholderList.defaults());

        assertThat(other.hash("PASSPORT", "G1234567", "CN").orElseThrow().keyedHash())
                .isNotEqualTo(hasher.hash("PASSPORT", "G1234567", "CN").orElseThrow().keyedHash());
    }

    @Test
    void shouldNotBeAffectedByChangesToTheCallersKeyArray() {
        byte[] key = KEY.clone();
        IdDocumentHasher h = new IdDocumentHasher(key, PlaceholderList.defaults());
        String before = h.hash("PASSPORT", "G1234567", null).orElseThrow().keyedHash();
        key[0] ^= 1;

        assertThat(h.hash("PASSPORT", "G1234567", null).orElseThrow().keyedHash()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"G 1234-567", "g1234567", "G1234567", " G.1234/567 ", "g-1234 567", "G\t1234567"})
    void shouldHashSpellingsOfTheSameNumberTheSame(String number) {
        String reference = hasher.hash("PASSPORT", "G1234567", "CN").orElseThrow().keyedHash();

        assertThat(hasher.hash("PASSPORT", number, "CN").orElseThrow().keyedHash()).isEqualTo(reference);
    }

    @Test
    void shouldIncludeTypeInHash() {
        String passport = hasher.hash("PASSPORT", "G1234567", "CN").orElseThrow().keyedHash();
        String idCard = hasher.hash("ID_CARD", "G1234567", "CN").orElseThrow().keyedHash();

        assertThat(idCard).isNotEqualTo(passport);
    }

    @Test
    void shouldNotDependOnIssuingCountry() {
        // Country is often missing or wrong in PMS data; the number and type identify the document.
        assertThat(hasher.hash("PASSPORT", "G1234567", null).orElseThrow().keyedHash())
                .isEqualTo(hasher.hash("PASSPORT", "G1234567", "CN").orElseThrow().keyedHash());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "id", "ID", " Id "})
    void shouldDefaultTypeToId(String type) {
        IdDocument doc = hasher.hash(type, "G1234567", "cn").orElseThrow();

        assertThat(doc.type()).isEqualTo("ID");
        assertThat(doc.keyedHash()).isEqualTo(hasher.hash("ID", "G1234567", "CN").orElseThrow().keyedHash());
    }

    @Test
    void shouldUpperCaseTypeAndCountry() {
        IdDocument doc = hasher.hash(" passport ", "G1234567", " cn ").orElseThrow();

        assertThat(doc.type()).isEqualTo("PASSPORT");
        assertThat(doc.issuingCountry()).isEqualTo("CN");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void shouldKeepUnknownCountryAsNull(String country) {
        assertThat(hasher.hash("PASSPORT", "G1234567", country).orElseThrow().issuingCountry()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "G 1234-567,  ****4567",
            "E12345678,   *****5678",
            "AB12C,       *B12C",
            "1234,        ****",
            "AB1,         ***",
            "X,           *",
    })
    void shouldMaskAllButLastFourCharacters(String number, String masked) {
        assertThat(hasher.hash("PASSPORT", number, "TH").orElseThrow().masked()).isEqualTo(masked);
    }

    @Test
    void shouldNotRevealNumberInDocument() {
        IdDocument doc = hasher.hash("PASSPORT", "E12345678", "TH").orElseThrow();

        assertThat(doc.toString()).doesNotContain("E12345678").doesNotContain("1234567");
        assertThat(doc.keyedHash()).doesNotContain("12345678");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "--", " / . - ", "000000000", "0000-0000-0", "123456789", "1234 5678 9012",
            "11111111", "UNKNOWN", "unknown", "NA", "n/a", "N.A.", "none"})
    void shouldRejectEmptyOrPlaceholderIdNumber(String number) {
        assertThat(hasher.hash("PASSPORT", number, "TH")).isEmpty();
    }

    @Test
    void shouldUseTheConfiguredPlaceholderList() {
        IdDocumentHasher none = new IdDocumentHasher(KEY, PlaceholderList.of(Map.of()));
        IdDocumentHasher custom = new IdDocumentHasher(KEY, PlaceholderList.of(
                Map.of(PlaceholderList.Kind.ID_DOCUMENT, List.of("WALKIN*"))));

        assertThat(none.hash("ID", "UNKNOWN", null)).isPresent();
        assertThat(custom.hash("ID", "walk-in 01", null)).isEmpty();
    }

    @Test
    void shouldRejectShortKeyWithoutRevealingIt() {
        byte[] shortKey = "secret-15-bytes".getBytes(StandardCharsets.UTF_8);

        assertThat(shortKey).hasSize(15);
        assertThatThrownBy(() -> new IdDocumentHasher(shortKey, PlaceholderList.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes")
                .message().doesNotContain("secret");
    }

    @Test
    void shouldRejectMissingKey() {
        assertThatThrownBy(() -> new IdDocumentHasher(null, PlaceholderList.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IdDocumentHasher(new byte[0], PlaceholderList.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptKeyOfExactlySixteenBytes() {
        IdDocumentHasher h = new IdDocumentHasher(new byte[16], PlaceholderList.defaults());

        assertThat(h.hash("PASSPORT", "G1234567", null)).isPresent();
    }

    // ---- near keys: a number one keystroke off is recognised without the number being kept --------------------

    private boolean near(String x, String y) {
        return io.guestlink.identity.match.PersonRecord.documentsNear(doc(x), doc(y));
    }

    private String doc(String number) {
        IdDocument d = hasher.hash("PASSPORT", number, null).orElseThrow();
        return io.guestlink.identity.match.PersonRecord.document(d.type(), d.issuingCountry(), d.keyedHash(), d.near());
    }

    @ParameterizedTest(name = "{0} ~ {1} near: {2} ({3})")
    @CsvSource({
            "E12345678, E12395678, true, a character mistyped",
            "E12345678, E1245678, true, a character left out",
            "E12345678, E123945678, true, a character added",
            "E12345678, E13245678, true, two neighbours swapped",
            "E12345678, E1234 5678, true, only separators differ",
            "E12345678, E12345679, false, only the last character differs (documents issued one after another)",
            "E12345678, E12345687, false, the last two swapped: as above",
            "E12345678, E19345278, false, two keystrokes",
            "E12345678, E87654321, false, another number"})
    void shouldCallANumberNearOnlyWhenItIsOneKeystrokeOff(String x, String y, boolean near, String why) {
        assertThat(near(x, y)).as(why).isEqualTo(near);
        assertThat(near(y, x)).as(why).isEqualTo(near);
    }

    @Test
    void shouldKeepNoCharacterOfTheNumberInItsNearKeysAndNoneForShortNumbers() {
        IdDocument d = hasher.hash("PASSPORT", "E12345678", null).orElseThrow();
        assertThat(d.near()).matches("([0-9a-f]{16})+").doesNotContain("12345").doesNotContain(d.keyedHash().substring(0, 16));
        assertThat(hasher.hash("PASSPORT", "E1234", null).orElseThrow().near()).isNull();
        // the type is part of every key: the same digits on an ID card are not near a passport's
        IdDocument card = hasher.hash("ID_CARD", "E12395678", null).orElseThrow();
        assertThat(io.guestlink.identity.match.PersonRecord.documentsNear(doc("E12345678"),
                io.guestlink.identity.match.PersonRecord.document(card.type(), null, card.keyedHash(), card.near()))).isFalse();
    }

    @Test
    void shouldNeverCallADocumentStoredWithoutNearKeysNear() {
        IdDocument d = hasher.hash("PASSPORT", "E12345678", null).orElseThrow();
        String before = io.guestlink.identity.match.PersonRecord.document(d.type(), null, d.keyedHash());
        assertThat(io.guestlink.identity.match.PersonRecord.documentsNear(before, doc("E12395678"))).isFalse();
        assertThat(io.guestlink.identity.match.PersonRecord.documentHash(doc("E12345678"))).isEqualTo(d.keyedHash());
    }
}

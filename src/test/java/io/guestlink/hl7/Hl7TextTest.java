package io.guestlink.hl7;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Hl7TextTest {
    static final List<String> SAMPLES = Hl7Fixtures.SAMPLES;

    @Test
    void shouldEndEverySegmentWithOneCrWhateverTheSenderUsed() {
        String expected = "MSH|^~\\&|A|B\rPID|1||X\rPV1|1|I";
        for (String sep : List.of("\r", "\n", "\r\n", "\n\r", "\r\n\r\n")) {
            String raw = "MSH|^~\\&|A|B" + sep + "PID|1||X" + sep + "PV1|1|I" + sep;
            assertThat(Hl7Text.decode(raw.getBytes(StandardCharsets.US_ASCII)).text()).as("separator %s", sep.replace("\r", "CR").replace("\n", "LF"))
                    .isEqualTo(expected);
        }
    }

    @Test
    void shouldDropTheBomAndTrailingBlanks() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "MSH|^~\\&|A|B|| \r\nPID|1||X  \t\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        Hl7Text t = Hl7Text.decode(all);
        assertThat(t.text()).isEqualTo("MSH|^~\\&|A|B||\rPID|1||X");
        assertThat(t.charset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void shouldNormaliseEverySample(String sample) {
        String text = Hl7Text.decode(Hl7Fixtures.sample(sample)).text();
        assertThat(text).startsWith("MSH|^~\\&|").doesNotContain("\n").doesNotContain("\uFEFF").doesNotContain(" \r")
                .doesNotEndWith(" ");
    }

    @Test
    void shouldDecodeWithTheCharsetMsh18Names() {
        String msg = "MSH|^~\\&|A|B|C|D|2025||ADT^A01|1|P|2.5||||||8859/1\rPID|1||X||MÜLLER^JÖRG";
        Hl7Text t = Hl7Text.decode(msg.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(t.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(t.text()).contains("MÜLLER^JÖRG");
        assertThat(new String(t.encode("Ü"), StandardCharsets.ISO_8859_1)).isEqualTo("Ü");

        String cn = "MSH|^~\\&|A|B|C|D|2025||ADT^A01|1|P|2.5||||||GB 18030-2000\rPID|1||X||于^明";
        assertThat(Hl7Text.decode(cn.getBytes(Charset.forName("GB18030"))).text()).contains("于^明");
    }

    @Test
    void shouldReadUndeclaredNonUtf8BytesAsWindows1252() {
        String msg = "MSH|^~\\&|A|B|C|D|2025||ADT^A01|1|P|2.5\rPID|1||X||MÜLLER^JÖRG";
        Hl7Text t = Hl7Text.decode(msg.getBytes(Charset.forName("windows-1252")));
        assertThat(t.text()).contains("MÜLLER^JÖRG");
        assertThat(Hl7Text.decode(msg.getBytes(StandardCharsets.UTF_8)).text()).contains("MÜLLER^JÖRG");
    }

    @Test
    void shouldSurviveNothingAndGarbage() {
        assertThat(Hl7Text.decode(new byte[0]).text()).isEmpty();
        assertThat(Hl7Text.decode(null).text()).isEmpty();
        assertThat(Hl7Text.decode(new byte[]{(byte) 0xFF, 0, 13, 10, 13}).text()).hasSize(2);
    }
}

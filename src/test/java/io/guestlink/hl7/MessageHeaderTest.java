package io.guestlink.hl7;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageHeaderTest {
    @Test
    void shouldReadTheFieldsAnAckEchoes() {
        MessageHeader h = MessageHeader.scan("MSH|^~\\&|ADTApp|GHHS^2.16.840^ISO|EHR|GHHR|2025||ADT^A01^ADT_A01|MSG1|T|2.5.1\rPID|1");
        assertThat(h.present()).isTrue();
        assertThat(h.delimitersValid()).isTrue();
        assertThat(h.sendingApplication()).isEqualTo("ADTApp");
        assertThat(h.sendingFacility()).isEqualTo("GHHS^2.16.840^ISO");
        assertThat(h.first(h.sendingFacility())).isEqualTo("GHHS");
        assertThat(h.receivingApplication()).isEqualTo("EHR");
        assertThat(h.receivingFacility()).isEqualTo("GHHR");
        assertThat(h.messageType()).isEqualTo("ADT");
        assertThat(h.triggerEvent()).isEqualTo("A01");
        assertThat(h.controlId()).isEqualTo("MSG1");
        assertThat(h.processingId()).isEqualTo("T");
        assertThat(h.version()).isEqualTo("2.5.1");
    }

    @Test
    void shouldReadOtherDelimiters() {
        MessageHeader h = MessageHeader.scan("MSH#$~\\&#APP#FAC###2025##ADT$A03#ID-9#P#2.4");
        assertThat(h.fieldSeparator()).isEqualTo('#');
        assertThat(h.encodingCharacters()).isEqualTo("$~\\&");
        assertThat(h.triggerEvent()).isEqualTo("A03");
        assertThat(h.controlId()).isEqualTo("ID-9");
        assertThat(h.sendingApplication()).isEqualTo("APP");
    }

    @Test
    void shouldGiveAnEmptyHeaderWithoutMsh() {
        assertThat(MessageHeader.scan("PID|1").present()).isFalse();
        assertThat(MessageHeader.scan("").present()).isFalse();
        assertThat(MessageHeader.scan("MSHA").present()).isFalse();
        assertThat(MessageHeader.scan(null).present()).isFalse();
    }

    @Test
    void shouldStripDelimitersFromFieldsWhenTheSendersCannotBeDeclared() {
        MessageHeader h = MessageHeader.scan("MSH|^^^^|APP^X|F|R|RF|2025||ADT^A01|ID^1|P|2.5");
        assertThat(h.delimitersValid()).isFalse();
        assertThat(h.encodingCharacters()).isEqualTo(MessageHeader.STANDARD_ENCODING);
        assertThat(h.controlId()).isEqualTo("ID1");
        assertThat(h.sendingApplication()).isEqualTo("APPX");
    }
}

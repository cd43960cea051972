package io.guestlink.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.guestlink.event.EventRejected;
import io.guestlink.event.GuestEvent;
import io.guestlink.event.InboundEvent;
import io.guestlink.model.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From payload bytes to ACK bytes, read back with a plain HAPI parser as a sender would. The store is a simple list
 * here (the end-to-end tests in io.guestlink.app use the real one).
 */
class AdtReceiverTest {
    static final List<String> SAMPLES = Hl7Fixtures.SAMPLES;
    private static final HapiContext CLIENT = new DefaultHapiContext(ValidationContextFactory.noValidation());

    private final List<InboundEvent> stored = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AdtReceiver receiver = new AdtReceiver(Hl7Fixtures.mapper(AdtOptions.defaults()), e -> {
        stored.add(e);
        Reservation r = e.record().fact() instanceof Reservation res ? res : null;
        return new AdtReceiver.Stored(false, new GuestEvent(ids.incrementAndGet(), e.type(), e.system(), e.messageId(),
                e.property(), 7L, r == null ? null : r.confirmationNumber(), r == null ? null : r.roomNumber(),
                e.priorRoom(), null, null, e.occurredAt(), null));
    });

    private static Terser ack(AdtReceiver.Reply reply) throws Exception {
        Message m = CLIENT.getPipeParser().parse(new String(reply.ack(), StandardCharsets.UTF_8));
        return new Terser(m);
    }

    @ParameterizedTest
    @FieldSource("SAMPLES")
    void shouldAcceptEverySampleWithAnAckAddressedBackToItsSender(String sample) throws Exception {
        byte[] bytes = Hl7Fixtures.sample(sample);
        MessageHeader in = MessageHeader.scan(Hl7Text.decode(bytes).text());

        AdtReceiver.Reply reply = receiver.receive(bytes);

        Terser t = ack(reply);
        assertThat(t.get("/MSA-1")).isEqualTo("AA");
        assertThat(t.get("/MSA-2")).isEqualTo(in.controlId());
        assertThat(t.get("/MSH-9-1")).isEqualTo("ACK");
        assertThat(t.get("/MSH-9-2")).isEqualTo(in.triggerEvent());
        assertThat(t.get("/MSH-9-3")).isEqualTo("ACK");
        assertThat(nullToEmpty(t.get("/MSH-3-1"))).isEqualTo(in.first(in.receivingApplication()));
        assertThat(nullToEmpty(t.get("/MSH-4-1"))).isEqualTo(in.first(in.receivingFacility()));
        assertThat(t.get("/MSH-5-1")).isEqualTo(in.first(in.sendingApplication()));
        assertThat(nullToEmpty(t.get("/MSH-6-1"))).isEqualTo(in.first(in.sendingFacility()));
        assertThat(t.get("/MSH-12")).isEqualTo(in.version());
        assertThat(t.get("/MSH-10")).isNotBlank().isNotEqualTo(in.controlId());
        assertThat(stored).hasSize(1);
        assertThat(reply.stored().id()).isEqualTo(1L);
    }

    @Test
    void shouldSwapTheWholeApplicationAndFacilityFields() throws Exception {
        Terser t = ack(receiver.receive(Hl7Fixtures.sample("msft_ADT-A01-01.hl7")));
        assertThat(t.get("/MSH-3-1")).isEqualTo("EHRApp");
        assertThat(t.get("/MSH-3-2")).isEqualTo("1.Edu");
        assertThat(t.get("/MSH-4-2")).isEqualTo("2.16.840.1.1122848.1.32");
        assertThat(t.get("/MSH-6-1")).isEqualTo("GHHSFacility");
        assertThat(t.get("/MSH-6-3")).isEqualTo("ISO");
    }

    @Test
    void shouldAnswerArWithTheReasonWhenTheEventIsNotSupported() throws Exception {
        AdtReceiver.Reply reply = receiver.receive(("MSH|^~\\&|PMS|H|GL|GLF|2025||ADT^A31|Q-9|P|2.5\rPID|1").getBytes(StandardCharsets.UTF_8));
        Terser t = ack(reply);
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo("Q-9");
        assertThat(t.get("/MSH-9-2")).isEqualTo("A31");
        assertThat(t.get("/ERR-3-1")).isEqualTo("201");
        assertThat(t.get("/ERR-3-3")).isEqualTo("HL70357");
        assertThat(t.get("/ERR-4")).isEqualTo("E");
        assertThat(t.get("/ERR-2-1")).isEqualTo("MSH");
        assertThat(t.get("/ERR-2-3")).isEqualTo("9");
        assertThat(t.get("/ERR-8")).contains("event 'A31' is not supported");
        assertThat(stored).isEmpty();
    }

    @Test
    void shouldAnswerArToAMessageWithoutMsh() throws Exception {
        Terser t = ack(receiver.receive("PID|1||X||DOE".getBytes(StandardCharsets.UTF_8)));
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isNull();
        assertThat(t.get("/ERR-3-1")).isEqualTo("100");
        assertThat(t.get("/ERR-8")).contains("does not start with an MSH segment");
    }

    @Test
    void shouldAnswerAeNamingTheFieldWhenTheMessageCannotBeApplied() throws Exception {
        Terser t = ack(receiver.receive(("MSH|^~\\&|PMS|H|GL|GLF|2025||ADT^A01|Q-10|P|2.5\rPID|1||G-1||DOE\rPV1|1|I|^101")
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(t.get("/MSA-1")).isEqualTo("AE");
        assertThat(t.get("/ERR-2-1")).isEqualTo("PV1");
        assertThat(t.get("/ERR-2-3")).isEqualTo("19");
        assertThat(t.get("/ERR-3-1")).isEqualTo("101");
        assertThat(t.get("/ERR-8")).contains("no reservation number");
    }

    @Test
    void shouldAnswerAeWhenTheStoreRejectsTheEvent() throws Exception {
        AdtReceiver r = new AdtReceiver(Hl7Fixtures.mapper(AdtOptions.defaults()), e -> {
            throw new EventRejected("MRG-1", "G-2", "the guest to absorb is not known");
        });
        Terser t = ack(r.receive(Hl7Fixtures.sample("msft_ADT-A01-01.hl7")));
        assertThat(t.get("/MSA-1")).isEqualTo("AE");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG00001");
        assertThat(t.get("/ERR-2-1")).isEqualTo("MRG");
        assertThat(t.get("/ERR-2-3")).isEqualTo("1");
        assertThat(t.get("/ERR-3-1")).isEqualTo("207");
        assertThat(t.get("/ERR-8")).contains("the guest to absorb is not known");
    }

    @Test
    void shouldNeverAnswerAaWhenTheStoreFails() throws Exception {
        AdtReceiver r = new AdtReceiver(Hl7Fixtures.mapper(AdtOptions.defaults()), e -> {
            throw new IllegalStateException("connection refused: guest YU MING +66812345678");
        });
        AdtReceiver.Reply reply = r.receive(Hl7Fixtures.sample("msft_ADT-A01-01.hl7"));
        Terser t = ack(reply);
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/ERR-3-1")).isEqualTo("207");
        assertThat(t.get("/ERR-8")).contains("could not be stored").contains("resend").doesNotContain("+668");
        assertThat(reply.stored()).isNull();
    }

    @Test
    void shouldAcceptADuplicateWithoutReportingANewEvent() throws Exception {
        AdtReceiver r = new AdtReceiver(Hl7Fixtures.mapper(AdtOptions.defaults()), e -> new AdtReceiver.Stored(true,
                new GuestEvent(3, e.type(), e.system(), e.messageId(), e.property(), 1L, null, null, null, null, null, null, null)));
        AdtReceiver.Reply reply = r.receive(Hl7Fixtures.sample("msft_ADT-A01-01.hl7"));
        assertThat(ack(reply).get("/MSA-1")).isEqualTo("AA");
        assertThat(reply.duplicate()).isTrue();
        assertThat(reply.stored()).isNull(); // no alert for a message applied before
    }

    @Test
    void shouldEchoTheSendersDelimitersAndCharset() throws Exception {
        byte[] in = "MSH#$~\\&#PMS#H#GL#GLF#2025##ADT$A01#Ö-1#P#2.5######8859/1\rPID#1".getBytes(StandardCharsets.ISO_8859_1);
        AdtReceiver.Reply reply = receiver.receive(in);
        String text = new String(reply.ack(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("MSH#$~\\&#GL#GLF#PMS#H#");
        assertThat(text).contains("MSA#AE#Ö-1"); // no PV1
    }

    private static String a01(String controlId, String confirmation) {
        return String.join("\r", "MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A01|" + controlId + "|P|2.5",
                "PID|1||G-" + confirmation + "^^^PMS||DOE^JANE", "PV1|1|I|^1208^^BKK01||||||||||||||||" + confirmation);
    }

    @Test
    void shouldRefuseAFrameHoldingTwoMessagesWithTheFirstControlIdAndStoreNeither() throws Exception {
        AdtReceiver.Reply reply = receiver.receive((a01("TWO-1", "R1") + "\r" + a01("TWO-2", "R2")).getBytes(StandardCharsets.UTF_8));
        Terser t = ack(reply);
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo("TWO-1");
        assertThat(t.get("/ERR-3-1")).isEqualTo("100");
        assertThat(t.get("/ERR-8")).contains("the frame holds 2 messages (MSH at segments 1 and 4)")
                .contains("one frame carries one message");
        assertThat(stored).isEmpty();
        assertThat(reply.refusal()).as("journaled as a refusal").isNotNull();
        assertThat(reply.text()).contains("TWO-2");
    }

    @Test
    void shouldRefuseAnHl7BatchAnsweringTheFirstMessagesControlId() throws Exception {
        String batch = String.join("\r", "FHS|^~\\&|PMS|BKK01|GL|GL|20250601120000", "BHS|^~\\&|PMS|BKK01|GL|GL|20250601120000",
                a01("B-1", "R1"), a01("B-2", "R2"), "BTS|2", "FTS|1");
        AdtReceiver.Reply reply = receiver.receive(batch.getBytes(StandardCharsets.UTF_8));
        Terser t = ack(reply);
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo("B-1");
        assertThat(t.get("/MSH-5-1")).as("addressed back to the sender").isEqualTo("PMS");
        assertThat(t.get("/ERR-2-1")).isEqualTo("FHS");
        assertThat(t.get("/ERR-8")).contains("an HL7 batch (FHS segment 1) is not accepted over MLLP");
        assertThat(stored).isEmpty();

        // a batch of one message, without the file header, is refused the same way
        String oneBatch = String.join("\r", a01("B-3", "R3"), "BTS|1");
        Terser t2 = ack(receiver.receive(oneBatch.getBytes(StandardCharsets.UTF_8)));
        assertThat(t2.get("/MSA-1")).isEqualTo("AR");
        assertThat(t2.get("/MSA-2")).isEqualTo("B-3");
        assertThat(t2.get("/ERR-8")).contains("BTS segment 4");
        assertThat(stored).isEmpty();
    }

    @Test
    void shouldNotJournalAStoreFailureAsARefusalOfTheMessage() {
        AdtReceiver r = new AdtReceiver(Hl7Fixtures.mapper(AdtOptions.defaults()), e -> {
            throw new IllegalStateException("down");
        });
        AdtReceiver.Reply reply = r.receive(Hl7Fixtures.sample("msft_ADT-A01-01.hl7"));
        assertThat(reply.code().name()).isEqualTo("AR");
        assertThat(reply.refusal()).as("the sender resends: nothing to fix, nothing to reprocess").isNull();
        assertThat(receiver.receive("PID|1||X||DOE".getBytes(StandardCharsets.UTF_8)).refusal()).isNotNull();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

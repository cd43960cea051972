package io.guestlink.bench;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.guestlink.hl7.Hl7Fixtures;
import io.guestlink.hl7.Hl7Text;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BareMllpListenerTest {
    @Test
    void shouldAcknowledgeWhatItReceives() throws Exception {
        HapiContext client = new DefaultHapiContext();
        client.setModelClassFactory(new CanonicalModelClassFactory("2.8"));
        client.setValidationContext(ValidationContextFactory.noValidation());
        try (BareMllpListener bare = BareMllpListener.start(0)) {
            Connection c = client.newClient("127.0.0.1", bare.port(), false);
            try {
                c.getInitiator().setTimeout(10, TimeUnit.SECONDS);
                for (int i = 1; i <= 3; i++) {
                    Message m = client.getPipeParser().parse(Hl7Text.decode(Hl7Fixtures.sample("msft_ADT-A01-01.hl7")).text());
                    new Terser(m).set("/MSH-10", "BARE-" + i);
                    Terser ack = new Terser(c.getInitiator().sendAndReceive(m));
                    assertThat(ack.get("/MSA-1")).isEqualTo("AA");
                    assertThat(ack.get("/MSA-2")).isEqualTo("BARE-" + i);
                }
            } finally {
                c.close();
            }
            assertThat(bare.received()).isEqualTo(3);
        }
    }
}

package io.guestlink.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.IDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The one HAPI setup GuestLink parses and acknowledges with: every version from 2.3 to 2.8.x is read into the v2.8
 * structures (hapi-structures-v28), so the mapping is written once. Parsers built from it are thread-safe.
 */
final class Hapi {
    private static final HapiContext CONTEXT = create();

    private Hapi() {
    }

    static PipeParser parser() {
        return CONTEXT.getPipeParser();
    }

    static HapiContext context() {
        return CONTEXT;
    }

    private static HapiContext create() {
        HapiContext ctx = new DefaultHapiContext();
        ctx.setModelClassFactory(new LenientStructures());
        // HAPI's default rules reject what real senders write when an older message is read as 2.8: EVN-1 (withdrawn
        // in 2.5) fails every message of the samples. The fields the mapping reads are checked by AdtMapper instead,
        // each error naming its field.
        ctx.setValidationContext(ValidationContextFactory.noValidation());
        // the default generator keeps a counter file under hapi.home; ACK control ids only need to be unique here
        ctx.getParserConfiguration().setIdGenerator(new AckIds());
        return ctx;
    }

    /**
     * Senders often name a structure in MSH-9-3 that v2.8 does not have ("ADT_A08", "ADT_A11": 2.8 reads A08 as
     * ADT_A01 and A11 as ADT_A09). HAPI then falls back to a generic message; looking the name up as a message
     * type and event instead ("ADT_A08" is exactly that key in HAPI's event map) gives the real structure.
     */
    private static final class LenientStructures extends CanonicalModelClassFactory {
        LenientStructures() {
            super("2.8");
        }

        @Override
        public Class<? extends Message> getMessageClass(String name, String version, boolean isExplicit) throws HL7Exception {
            Class<? extends Message> c = super.getMessageClass(name, version, isExplicit);
            if (c == null && isExplicit) c = super.getMessageClass(name, version, false);
            return c;
        }
    }

    /** GL + start time + counter: unique across restarts without a file. */
    private static final class AckIds implements IDGenerator {
        private final String prefix = "GL" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
        private final AtomicLong next = new AtomicLong();

        @Override
        public String getID() {
            return prefix + next.incrementAndGet();
        }
    }
}

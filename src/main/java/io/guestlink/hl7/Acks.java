package io.guestlink.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.Severity;
import ca.uhn.hl7v2.model.v28.message.ACK;
import ca.uhn.hl7v2.model.v28.segment.ERR;
import ca.uhn.hl7v2.model.v28.segment.MSH;

import java.io.IOException;

/**
 * Renders the acknowledgement (original mode) with HAPI's v2.8 ACK: {@code ACK^<trigger>^ACK}, MSH-3/4 and MSH-5/6
 * of the inbound message swapped, its delimiters, processing id and version echoed, MSA-1 the code, MSA-2 the
 * inbound MSH-10, and for AE/AR one ERR segment (ERR-2 the field, ERR-3 the table 0357 code with the reason as
 * original text, ERR-4 severity E, ERR-8 the reason for the sender's operator).
 */
public final class Acks {
    private Acks() {
    }

    /** The ACK text, segments separated by CR. {@code problem} is null for AA. */
    public static String render(MessageHeader h, AcknowledgmentCode code, Hl7Problem problem) {
        try {
            return build(h, code, problem);
        } catch (HL7Exception | IOException | RuntimeException e) {
            // a header value HAPI will not take back (fuzzed input): answer with our own delimiters, still echoing
            // the control id as plain text, rather than not at all
            MessageHeader plain = new MessageHeader(true, '|', MessageHeader.STANDARD_ENCODING, true, "", "", "", "", "ADT", "",
                    h.controlId().replaceAll("[|^~\\\\&#\\p{Cntrl}]", ""), "P", "2.8");
            try {
                return build(plain, code, problem);
            } catch (HL7Exception | IOException ex) {
                throw new IllegalStateException("cannot build an acknowledgement", ex);
            }
        }
    }

    private static String build(MessageHeader h, AcknowledgmentCode code, Hl7Problem problem) throws HL7Exception, IOException {
        ACK ack = new ACK(Hapi.context().getModelClassFactory());
        ack.setParser(Hapi.parser());
        String processing = h.processingId().isEmpty() ? "P" : h.processingId();
        ack.initQuickstart("ACK", h.triggerEvent(), processing);
        MSH msh = ack.getMSH();
        msh.getMessageType().getMessageStructure().setValue("ACK");
        msh.getFieldSeparator().setValue(String.valueOf(h.fieldSeparator()));
        msh.getEncodingCharacters().setValue(h.encodingCharacters());
        // swapped: we answer the sender, from the application and facility it addressed
        msh.getSendingApplication().parse(h.receivingApplication());
        msh.getSendingFacility().parse(h.receivingFacility());
        msh.getReceivingApplication().parse(h.sendingApplication());
        msh.getReceivingFacility().parse(h.sendingFacility());
        msh.getVersionID().getVersionID().setValue(AdtMapper.VERSIONS.contains(h.version()) ? h.version() : "2.8");
        ack.getMSA().getAcknowledgmentCode().setValue(code.name());
        ack.getMSA().getMessageControlID().parse(h.controlId());
        if (problem != null) {
            HL7Exception e = new HL7Exception(problem.getMessage(), problem.code());
            e.setSeverity(Severity.ERROR);
            if (problem.segment() != null) {
                Location at = new Location().withSegmentName(problem.segment()).withSegmentRepetition(1);
                if (problem.field() > 0) at = at.withField(problem.field()).withFieldRepetition(1);
                if (problem.component() > 0) at = at.withComponent(problem.component());
                e.setLocation(at);
            }
            e.populateResponse(ack, code, 0);
            ERR err = ack.getERR(0);
            err.getUserMessage().setValue(problem.getMessage());
        }
        return Hapi.parser().encode(ack);
    }
}

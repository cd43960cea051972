package io.guestlink.alert;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v28.datatype.ED;
import ca.uhn.hl7v2.model.v28.datatype.ST;
import ca.uhn.hl7v2.model.v28.datatype.TX;
import ca.uhn.hl7v2.model.v28.message.ORU_R01;
import ca.uhn.hl7v2.model.v28.segment.MSH;
import ca.uhn.hl7v2.model.v28.segment.OBR;
import ca.uhn.hl7v2.model.v28.segment.OBX;
import ca.uhn.hl7v2.model.v28.segment.PID;
import ca.uhn.hl7v2.model.v28.segment.PV1;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * An alert as an HL7 v2.8 ORU^R01 (unsolicited observation), the message interface engines (Mirth/NextGen Connect,
 * Rhapsody, Cloverleaf) and nurse-call / notification systems accept from any sender without a custom trigger: the
 * IHE PCD "Report Alert" transaction (PCD-04) carries alerts the same way, as ORU with the alert in OBR and OBX.
 * ADT^A01 would say "the guest arrived" again (the receiving PMS interface may re-apply it) and has no place for a
 * list of observations; ORU^R01 says "here is information about this person", which is what an alert is.
 *
 * <pre>
 * MSH  ORU^R01^ORU_R01, MSH-10 = the alert id's 20-character stable form (same id on every retry), MSH-18 UNICODE UTF-8
 * PID  PID-3 profile id (^^^GUESTLINK^PI), PID-5 family^given^^^title, PID-15 language
 * PV1  PV1-2 N (not applicable), PV1-3 ^room^^property, PV1-6 prior room, PV1-19 confirmation, PV1-44/45 arrival/departure
 * OBR  OBR-3 the full alert id, OBR-4 rule^audience^GUESTLINK, OBR-7 when created, OBR-25 F
 * OBX  1 ST AUDIENCE; 2 TX CARD (the one-line card); 3 ED CARDJSON (^application^json^Base64^ the alert JSON)
 * </pre>
 * The JSON is Base64 in an ED field so no HL7 delimiter in a name or an order ever needs escaping.
 */
public final class AlertHl7 {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final HapiContext hapi;
    private final String receivingApplication;
    private final String receivingFacility;

    public AlertHl7(String receivingApplication, String receivingFacility) {
        this.hapi = new DefaultHapiContext();
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        this.receivingApplication = receivingApplication;
        this.receivingFacility = receivingFacility;
    }

    /** The ER7 text of the message (segments separated by CR), ready for MLLP framing. */
    public String encode(Alert a) {
        try {
            ORU_R01 m = new ORU_R01();
            m.setParser(hapi.getPipeParser());
            MSH msh = m.getMSH();
            msh.getFieldSeparator().setValue("|");
            msh.getEncodingCharacters().setValue("^~\\&");
            msh.getSendingApplication().getNamespaceID().setValue("GUESTLINK");
            if (a.property() != null) msh.getSendingFacility().getNamespaceID().setValue(a.property());
            if (receivingApplication != null) msh.getReceivingApplication().getNamespaceID().setValue(receivingApplication);
            if (receivingFacility != null) msh.getReceivingFacility().getNamespaceID().setValue(receivingFacility);
            msh.getDateTimeOfMessage().setValue(TS.format(a.createdAt().atOffset(ZoneOffset.UTC)));
            msh.getMessageType().getMessageCode().setValue("ORU");
            msh.getMessageType().getTriggerEvent().setValue("R01");
            msh.getMessageType().getMessageStructure().setValue("ORU_R01");
            msh.getMessageControlID().setValue(AlertIds.shortForm(a.id()));
            msh.getProcessingID().getProcessingID().setValue("P");
            msh.getVersionID().getVersionID().setValue("2.8");
            msh.getCharacterSet(0).setValue("UNICODE UTF-8");

            PID pid = m.getPATIENT_RESULT().getPATIENT().getPID();
            pid.getSetIDPID().setValue("1");
            if (a.profileId() != null) {
                pid.getPatientIdentifierList(0).getIDNumber().setValue(String.valueOf(a.profileId()));
                pid.getPatientIdentifierList(0).getAssigningAuthority().getNamespaceID().setValue("GUESTLINK");
                pid.getPatientIdentifierList(0).getIdentifierTypeCode().setValue("PI");
            }
            Alert.Guest g = a.guest();
            if (g != null) {
                set(pid.getPatientName(0).getFamilyName().getSurname(), g.family());
                set(pid.getPatientName(0).getGivenName(), g.given());
                set(pid.getPatientName(0).getPrefixEgDR(), g.title());
                set(pid.getPrimaryLanguage().getIdentifier(), g.language());
            }

            PV1 pv1 = m.getPATIENT_RESULT().getPATIENT().getVISIT().getPV1();
            pv1.getSetIDPV1().setValue("1");
            pv1.getPatientClass().getIdentifier().setValue("N");
            Alert.Stay s = a.stay();
            if (a.property() != null) pv1.getAssignedPatientLocation().getFacility().getNamespaceID().setValue(a.property());
            if (s != null) {
                set(pv1.getAssignedPatientLocation().getRoom().getNamespaceID(), s.room());
                set(pv1.getPriorPatientLocation().getRoom().getNamespaceID(), s.priorRoom());
                set(pv1.getVisitNumber().getIDNumber(), s.confirmation());
                if (s.arrival() != null) pv1.getAdmitDateTime().setValue(day(s.arrival()));
                if (s.departure() != null) pv1.getDischargeDateTime().setValue(day(s.departure()));
            }

            OBR obr = m.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR();
            obr.getSetIDOBR().setValue("1");
            obr.getFillerOrderNumber().getEntityIdentifier().setValue(a.id());
            obr.getFillerOrderNumber().getNamespaceID().setValue("GUESTLINK");
            obr.getUniversalServiceIdentifier().getIdentifier().setValue(a.rule());
            obr.getUniversalServiceIdentifier().getText().setValue(a.audience());
            obr.getUniversalServiceIdentifier().getNameOfCodingSystem().setValue("GUESTLINK");
            obr.getObservationDateTime().setValue(TS.format(a.createdAt().atOffset(ZoneOffset.UTC)));
            obr.getResultStatus().setValue("F");

            OBX audience = obx(m, 0, "ST", "AUDIENCE", "Audience");
            ST st = new ST(m);
            st.setValue(a.audience());
            audience.getObservationValue(0).setData(st);

            OBX card = obx(m, 1, "TX", "CARD", "Recognition card");
            TX tx = new TX(m);
            tx.setValue(a.text());
            card.getObservationValue(0).setData(tx);

            OBX json = obx(m, 2, "ED", "CARDJSON", "Alert with recognition card (JSON)");
            ED ed = new ED(m);
            ed.getTypeOfData().setValue("application");
            ed.getDataSubtype().setValue("json");
            ed.getEncoding().setValue("Base64");
            ed.getData().setValue(Base64.getEncoder().encodeToString(a.toJson().getBytes(StandardCharsets.UTF_8)));
            json.getObservationValue(0).setData(ed);

            return m.encode();
        } catch (HL7Exception e) {
            throw new IllegalStateException("alert " + a.id() + " cannot be written as HL7: " + e.getMessage(), e);
        }
    }

    /** The alert JSON carried in OBX-5 of the CARDJSON observation of a message this class wrote. */
    public static String alertJson(ORU_R01 m) throws HL7Exception {
        for (var o : m.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATIONAll()) {
            if ("CARDJSON".equals(o.getOBX().getObservationIdentifier().getIdentifier().getValue())) {
                ED ed = (ED) o.getOBX().getObservationValue(0).getData();
                return new String(Base64.getDecoder().decode(ed.getData().getValue()), StandardCharsets.UTF_8);
            }
        }
        throw new HL7Exception("no CARDJSON observation");
    }

    private static OBX obx(ORU_R01 m, int i, String type, String id, String text) throws HL7Exception {
        OBX obx = m.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATION(i).getOBX();
        obx.getSetIDOBX().setValue(String.valueOf(i + 1));
        obx.getValueType().setValue(type);
        obx.getObservationIdentifier().getIdentifier().setValue(id);
        obx.getObservationIdentifier().getText().setValue(text);
        obx.getObservationIdentifier().getNameOfCodingSystem().setValue("GUESTLINK");
        obx.getObservationResultStatus().setValue("F");
        return obx;
    }

    private static void set(ca.uhn.hl7v2.model.Primitive p, String value) throws HL7Exception {
        if (value != null && !value.isBlank()) p.setValue(value);
    }

    private static String day(LocalDate d) {
        return DAY.format(d);
    }

    /** Closes HAPI's executor (it keeps none for encoding, but the context is Closeable). */
    public void close() throws IOException {
        hapi.close();
    }
}

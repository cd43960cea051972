package io.guestlink.alert;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v28.message.ORU_R01;
import io.guestlink.event.GuestEventType;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An alert as JSON, as an HL7 ORU^R01 and as a CSV list row: each read back by a real parser. */
class AlertFormsTest {
    static Alert arrival(String id, String family, String given) {
        return new Alert(id, "returning-guest-arrival", "front-desk", "BKK01", LocalDate.of(2026, 6, 15), 7L, 42L,
                GuestEventType.CHECKED_IN, new Alert.Stay("R88231", "1208", null, LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 18)),
                new Alert.Guest(family, given, "MR", "zh"), Cards.yu(2), Cards.yu(2).toText(), null, List.of(),
                Instant.parse("2026-06-15T07:12:30Z"));
    }

    @Test
    void jsonRoundTripsWithTheCard() {
        Alert a = arrival("returning-guest-arrival/event/42", "YU", "MING");
        String json = a.toJson();
        assertThat(json).contains("\"id\":\"returning-guest-arrival/event/42\"").contains("\"card\":{").contains("W2")
                .contains("于先生").contains("\"businessDate\":\"2026-06-15\"");
        assertThat(Alert.fromJson(json)).isEqualTo(a);
    }

    @Test
    void hl7OruCarriesGuestStayAlertIdAndCard() throws Exception {
        Alert a = arrival("returning-guest-arrival/event/42", "YU", "MING|^~\\&");
        String er7 = new AlertHl7("FLOOR", "BKK01").encode(a);
        assertThat(er7).startsWith("MSH|^~\\&|GUESTLINK|BKK01|FLOOR|BKK01|").contains("\rPID|").contains("\rOBX|3|ED|");
        try (HapiContext hapi = new DefaultHapiContext()) {
            ORU_R01 m = (ORU_R01) hapi.getPipeParser().parse(er7);
            assertThat(m.getMSH().getMessageType().encode()).isEqualTo("ORU^R01^ORU_R01");
            assertThat(m.getMSH().getMessageControlID().getValue()).isEqualTo(AlertIds.shortForm(a.id()));
            assertThat(m.getMSH().getVersionID().getVersionID().getValue()).isEqualTo("2.8");
            var pid = m.getPATIENT_RESULT().getPATIENT().getPID();
            assertThat(pid.getPatientIdentifierList(0).getIDNumber().getValue()).isEqualTo("7");
            assertThat(pid.getPatientName(0).getGivenName().getValue()).as("delimiters escaped and restored").isEqualTo("MING|^~\\&");
            var pv1 = m.getPATIENT_RESULT().getPATIENT().getVISIT().getPV1();
            assertThat(pv1.getAssignedPatientLocation().getRoom().getNamespaceID().getValue()).isEqualTo("1208");
            assertThat(pv1.getVisitNumber().getIDNumber().getValue()).isEqualTo("R88231");
            assertThat(pv1.getAdmitDateTime().getValue()).isEqualTo("20260615");
            var obr = m.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR();
            assertThat(obr.getFillerOrderNumber().getEntityIdentifier().getValue()).isEqualTo(a.id());
            assertThat(obr.getUniversalServiceIdentifier().getIdentifier().getValue()).isEqualTo("returning-guest-arrival");
            var card = m.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATION(1).getOBX();
            assertThat(card.getObservationValue(0).getData().encode()).contains("Mr. Yu (于先生)").contains("CAFE breakfast: table W2");
            assertThat(Alert.fromJson(AlertHl7.alertJson(m))).isEqualTo(a);
        }
    }

    @Test
    void csvListHasOneRowPerAlertSortedByFamilyNameAndSurvivesCommasAndQuotes() throws Exception {
        Alert yu = arrival("pre-arrival-briefing/BKK01/2026-06-15/7", "YU", "MING");
        Alert other = new Alert("pre-arrival-briefing/BKK01/2026-06-15/9", "pre-arrival-briefing", "front-desk", "BKK01",
                LocalDate.of(2026, 6, 15), 9L, null, null, new Alert.Stay("R9", null, null, LocalDate.of(2026, 6, 16), LocalDate.of(2026, 6, 17)),
                new Alert.Guest("ADAMS", "ANN", "MS", "en"), new io.guestlink.memory.RecognitionCard("Ms. \"Ann\", Adams", "Ms. \"Ann\", Adams", "en",
                false, null, 1, null, null, List.of(), List.of(), List.of(), null, null, false, false, io.guestlink.memory.Segments.Lifecycle.PROSPECT,
                List.of()),
                "Ms. \"Ann\", Adams · first stay", null, List.of(), Instant.parse("2026-06-15T09:00:00Z"));
        String csv = DailyListCsv.write(List.of(yu, other));
        assertThat(DailyListCsv.fileName(other)).isEqualTo("pre-arrival-briefing_BKK01_2026-06-15.csv");
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))) {
            assertThat(p.getHeaderNames()).isEqualTo(DailyListCsv.COLUMNS);
            List<CSVRecord> rows = p.getRecords();
            assertThat(rows).extracting(r -> r.get("name")).containsExactly("Ms. \"Ann\", Adams", "Mr. Yu");
            assertThat(rows.get(0).get("confirmation")).isEqualTo("R9");
            assertThat(rows.get(1).get("card")).contains("CAFE breakfast: table W2");
        }
    }
}

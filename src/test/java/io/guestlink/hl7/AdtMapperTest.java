package io.guestlink.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.identity.IdentityKeys;
import io.guestlink.ingest.MappingOutcome;
import io.guestlink.ingest.RawRecord;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.guestlink.hl7.Hl7Fixtures.message;
import static io.guestlink.hl7.Hl7Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdtMapperTest {
    private final AdtMapper mapper = Hl7Fixtures.mapper(AdtOptions.defaults());

    private InboundEvent map(byte[] bytes) {
        return mapper.map(Hl7Text.decode(bytes).text());
    }

    private InboundEvent map(String text) {
        return mapper.map(text);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", textBlock = """
            # file,               type,                status,      confirmation,  room,  prior, arrival,    departure,  property,              guest key, family
            msft_ADT-A01-01.hl7,  CHECKED_IN,          IN_HOUSE,    40007716,      OMU B, -,     2015-02-08, -,          HOMERTON UNIVER,       PATID1234, EVERYMAN
            msft_ADT-A02-02.hl7,  ROOM_MOVED,          IN_HOUSE,    40007716,      OMU B, 136,   2015-02-08, -,          HOMERTON UNIVER,       PATID1234, EVERYMAN
            msft_ADT-A03-02.hl7,  CHECKED_OUT,         CHECKED_OUT, 40007716,      OMU B, -,     2015-02-08, 2015-02-09, HOMERTON UNIVER,       PATID1234, EVERYMAN
            msft_ADT-A05-02.hl7,  RESERVATION_CREATED, BOOKED,      40007716,      OMU B, -,     2015-02-08, 2015-02-09, HOMERTON UNIVER,       PATID1234, EVERYMAN
            msft_ADT-A08-02.hl7,  RESERVATION_UPDATED, -,           40007716,      OMU B, -,     2015-02-08, -,          HOMERTON UNIVER,       PATID1234, EVERYMAN
            msft_ADT-A11-02.hl7,  CHECK_IN_CANCELLED,  BOOKED,      40007716,      OMU B, -,     2015-02-08, 2015-02-09, HOMERTON UNIVER,       PATID1234, EVERYMAN
            msft_ADT-A13-02.hl7,  CHECK_OUT_CANCELLED, IN_HOUSE,    40007716,      OMU B, -,     2015-02-08, -,          HOMERTON UNIVER,       PATID1234, EVERYMAN
            msft_ADT01-23.hl7,    CHECKED_IN,          IN_HOUSE,    40007716,      101,   -,     2005-01-10, -,          1,                     10006579,  DUCK
            msft_ADT01-28.hl7,    CHECKED_IN,          IN_HOUSE,    PATID12345001, 2012,  -,     2007-08-18, -,          GOOD HEALTH HOSPITAL,  PATID1234, EVERYMAN
            msft_ADT04-23.hl7,    CHECKED_IN,          IN_HOUSE,    0123456789,    EFGH,  -,     2001-01-01, -,          NINTENDO,              123456789, BROS
            msft_ADT04-251.hl7,   CHECKED_IN,          IN_HOUSE,    123456789,     -,     -,     2019-05-04, -,          RDX,                   MRN12345,  Doe
            """)
    void shouldMapEverySampleToItsEvent(String file, GuestEventType type, StayStatus status, String confirmation,
                                        String room, String prior, LocalDate arrival, LocalDate departure,
                                        String property, String guestKey, String family) {
        InboundEvent e = map(sample(file));

        assertThat(e.channel()).isEqualTo("hl7");
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.priorRoom()).isEqualTo(prior);
        assertThat(e.property()).isEqualTo(property);
        CanonicalRecord r = e.record();
        assertThat(r.ref()).isEqualTo(new SourceRef(e.system(), RecordKind.RESERVATION, confirmation));
        assertThat(r.guestKey()).isEqualTo(guestKey);
        Reservation stay = (Reservation) r.fact();
        assertThat(stay.confirmationNumber()).isEqualTo(confirmation);
        assertThat(stay.status()).isEqualTo(status);
        assertThat(stay.roomNumber()).isEqualTo(room);
        assertThat(stay.arrival()).isEqualTo(arrival);
        assertThat(stay.departure()).isEqualTo(departure);
        assertThat(stay.property()).isEqualTo(property);
        assertThat(r.guest().names().get(0).family()).isEqualTo(family);
        assertThat(e.raw()).doesNotContain("\n").startsWith("MSH|");
    }

    @Test
    void shouldTakeTheEventFromMsh9WhenEvn1Disagrees() {
        // the A02 sample says EVN|A01 but MSH-9 ADT^A02: MSH-9 is the message's event since v2.5 (EVN-1 withdrawn)
        InboundEvent e = map(sample("msft_ADT-A02-02.hl7"));
        assertThat(e.type()).isEqualTo(GuestEventType.ROOM_MOVED);
        assertThat(e.messageId()).isEqualTo("MSG00001");
        assertThat(e.system()).isEqualTo("ADTApp");
    }

    @Test
    void shouldReadTheGuestOfAVersion28Message() {
        InboundEvent e = map(sample("msft_ADT-A01-01.hl7"));
        GuestProfile g = e.record().guest();

        // PID-5 repeats: both names, in the order sent (the primary name first)
        assertThat(g.names()).extracting(n -> n.full()).containsExactly("ADAM A EVERYMAN", "stanley Josh");
        assertThat(g.names().get(0).title()).isEqualTo("Dr");
        assertThat(g.birthDate()).isEqualTo(LocalDate.of(1988, 8, 18));
        assertThat(g.gender()).isEqualTo("M");
        assertThat(g.language()).isEqualTo("ara");
        assertThat(g.nationality()).isEqualTo("US");
        assertThat(g.vipCode()).isEqualTo("VIP"); // PV1-16
        // PID-3 123456789^^^USSSA^SS is an identity document, and 123456789 a placeholder one: dropped, not a key
        assertThat(g.idDocuments()).isEmpty();
        assertThat(IdentityKeys.of(e.record())).containsExactly("SRC:ADTApp:PATID1234");
        // EVN-6 (event occurred) with its offset
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2021-08-17T13:19:43.400Z"));
    }

    @Test
    void shouldReadATimeWithoutAnOffsetInThePropertysZoneNotTheServers() {
        java.util.TimeZone jvm = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York")); // the server's zone differs
        try {
            AdtOptions zones = new AdtOptions(null, Map.of(), Map.of(), null,
                    Map.of("BKK01", java.time.ZoneId.of("Asia/Bangkok"), "*", java.time.ZoneId.of("Europe/Paris")));
            AdtMapper mapper = Hl7Fixtures.mapper(zones);
            String local = Hl7Fixtures.message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A01|Z-1|P|2.5",
                    "EVN|A01|20250601120000", "PID|1||G-1^^^PMS||DOE^JANE", "PV1|1|I|^1208^^BKK01||||||||||||||||R-1");
            assertThat(mapper.map(local).occurredAt()).as("12:00 in Bangkok (+07:00)").isEqualTo(Instant.parse("2025-06-01T05:00:00Z"));
            // another property: the '*' zone (Paris, +02:00 in June)
            assertThat(mapper.map(local.replace("BKK01", "CDG01")).occurredAt()).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
            // with an offset the instant is the one written, whatever the zones
            assertThat(mapper.map(local.replace("EVN|A01|20250601120000", "EVN|A01|20250601120000-0500")).occurredAt())
                    .isEqualTo(Instant.parse("2025-06-01T17:00:00Z"));
            // no zone configured at all: the mapper clock's zone (UTC here), still not the JVM's New York
            assertThat(Hl7Fixtures.mapper(AdtOptions.defaults()).map(local).occurredAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00Z"));
        } finally {
            java.util.TimeZone.setDefault(jvm);
        }
    }

    @Test
    void shouldReadAVersion23MessageWithBomAndTrailingBlanks() {
        InboundEvent e = map(sample("msft_ADT01-23.hl7"));
        GuestProfile g = e.record().guest();
        assertThat(g.names()).singleElement().satisfies(n -> {
            assertThat(n.full()).isEqualTo("DONALD D DUCK");
            assertThat(n.given()).isEqualTo("DONALD D");
        });
        assertThat(g.birthDate()).isEqualTo(LocalDate.of(1924, 10, 10));
        assertThat(g.vipCode()).isEqualTo("2"); // PV1-18 when PV1-16 is empty (formats.md: PV1-18 VIP class)
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2005-01-09T21:55:02Z")); // EVN-2, +0700
    }

    @Test
    void shouldTakeTheArrivalOfACheckInWithoutPv144FromTheEvent() {
        InboundEvent e = map(sample("msft_ADT01-28.hl7")); // no PV1-44: EVN-2 20070818112300+0700
        assertThat(((Reservation) e.record().fact()).arrival()).isEqualTo(LocalDate.of(2007, 8, 18));
    }

    @Test
    void shouldGiveAFileAndAnHl7MessageForTheSameGuestTheSameIdentityKeys() {
        // Mr. Yu's OPERA row of the demo file, through the shipped feed's mapping...
        RecordMapper file = new RecordMapper(SourceConfigLoader.load(Path.of("config/sources/opera-reservations.yaml")),
                Hl7Fixtures.NORMALISERS, Hl7Fixtures.CLOCK);
        Map<String, String> row = new LinkedHashMap<>();
        String[] cols = "CONFIRMATION_NO,NAME_ID,GUEST_NAME,BIRTH_DATE,GENDER,NATIONALITY,LANGUAGE,EMAIL,PHONE,PASSPORT_NO,VIP_STATUS,MEMBERSHIP_NO,EMAIL_OPT_IN,ARRIVAL,DEPARTURE,ROOM_TYPE,ROOM_NO,RATE_CODE,RATE_AMOUNT,CURRENCY,RES_STATUS,SOURCE,ADULTS,CHILDREN".split(",");
        String[] vals = "548213907,100482,YU/MING MR,14-MAR-78,M,CN,zh,yu.ming@example.net,+66 81 234 5678,E58213946,,BR7012345,Y,08-JUN-25,10-JUN-25,DLXK,1208,BB2,4200.00,THB,CHECKED IN,WEB,1,0".split(",", -1);
        for (int i = 0; i < cols.length; i++) row.put(cols[i], vals[i]);
        CanonicalRecord fromFile = ((MappingOutcome.Mapped) file.map(new RawRecord(2, row, "", null, false))).record();

        // ...and his check-in from OPERA's HL7 interface (sender OPERA-IFC, mapped to the feeds' system OPERA)
        AdtMapper hl7 = Hl7Fixtures.mapper(new AdtOptions(null, Map.of(), Map.of("OPERA-IFC", "OPERA"), "TH"));
        CanonicalRecord fromHl7 = hl7.map(message(
                "MSH|^~\\&|OPERA-IFC|BKK01|GUESTLINK|GUESTLINK|20250608141500+0700||ADT^A01^ADT_A01|Q1001|P|2.5",
                "EVN|A01|20250608141500+0700",
                "PID|1||100482^^^OPERA^PI~BR7012345^^^BKK-REWARDS^MB~E58213946^^^^PPN||YU^MING^^^MR||19780314|M||||"
                        + "|081-234-5678^PRN^PH~^NET^Internet^Yu.Ming@Example.net||zh|||||||||||CHN",
                "PV1|1|I|^1208^^BKK01||||||||||||||||548213907|||||||||||||||||||||||||20250608140000+0700|20250610")).record();

        assertThat(fromHl7.ref()).isEqualTo(fromFile.ref()); // the same source record: OPERA reservation 548213907
        assertThat(IdentityKeys.of(fromHl7)).containsExactlyInAnyOrderElementsOf(IdentityKeys.of(fromFile));
        assertThat(IdentityKeys.of(fromHl7)).contains("SRC:OPERA:100482", "MEMBER:BR7012345");
        assertThat(IdentityKeys.contacts(fromHl7.guest())).containsExactlyInAnyOrderElementsOf(IdentityKeys.contacts(fromFile.guest()));
        assertThat(fromHl7.guest().names()).isEqualTo(fromFile.guest().names());
        assertThat(fromHl7.guest().birthDate()).isEqualTo(fromFile.guest().birthDate());
        assertThat(fromHl7.guest().nationality()).isEqualTo(fromFile.guest().nationality());
        Reservation a = (Reservation) fromHl7.fact();
        Reservation b = (Reservation) fromFile.fact();
        assertThat(List.of(a.property(), a.arrival(), a.departure(), a.roomNumber(), a.status()))
                .isEqualTo(List.of(b.property(), b.arrival(), b.departure(), b.roomNumber(), b.status()));
    }

    @Test
    void shouldKeepIdentityDocumentsOnlyAsHashesAndMembershipsWithTheirProgramme() {
        InboundEvent e = map(message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A05|D-1|P|2.5",
                "PID|1||G-9^^^PMS^PI~E58213946^^^^PPN~110101199003074512^^^^NNCHN~BR7012345^^^BKK-REWARDS^MB~A-77^^^^AN||YU^MING",
                "PV1|1|I|^1208^^BKK01||||||||||||||||R-9"));
        GuestProfile g = e.record().guest();
        assertThat(e.record().guestKey()).isEqualTo("G-9"); // not the account number (AN), not a document
        assertThat(g.idDocuments()).hasSize(2);
        assertThat(g.idDocuments().get(0)).satisfies(d -> {
            assertThat(d.type()).isEqualTo("PASSPORT");
            assertThat(d.masked()).endsWith("3946").doesNotContain("E5821");
            assertThat(d.keyedHash()).hasSize(64).doesNotContain("58213946");
        });
        assertThat(g.idDocuments().get(1)).satisfies(d -> {
            assertThat(d.type()).isEqualTo("ID_CARD");
            assertThat(d.issuingCountry()).isEqualTo("CN"); // NNCHN: national identifier of China
        });
        assertThat(g.memberships()).containsExactly(new io.guestlink.model.Membership("BKK-REWARDS", "BR7012345", null));
        assertThat(g.toString()).doesNotContain("E58213946").doesNotContain("110101199003074512");
    }

    @Test
    void shouldTakeTheBirthDateAValidResidentIdCardNumberHolds() {
        // PID-7 typed a day off; the NNCHN number (valid check character) holds 1990-03-07, as in the nightly files
        InboundEvent e = map(message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A05|D-2|P|2.5",
                "PID|1||G-9^^^PMS^PI~110101199003074514^^^^NNCHN||YU^MING||19900308",
                "PV1|1|I|^1208^^BKK01||||||||||||||||R-9"));
        assertThat(e.record().guest().birthDate()).isEqualTo(LocalDate.of(1990, 3, 7));
        assertThat(e.flags()).anySatisfy(f -> assertThat(f.field()).isEqualTo("PID-7"));
        // a number whose check character fails says nothing
        InboundEvent invalid = map(message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A05|D-3|P|2.5",
                "PID|1||G-9^^^PMS^PI~110101199003074512^^^^NNCHN||YU^MING||19900308",
                "PV1|1|I|^1208^^BKK01||||||||||||||||R-9"));
        assertThat(invalid.record().guest().birthDate()).isEqualTo(LocalDate.of(1990, 3, 8));
    }

    @Test
    void shouldMapAMergeToTheSurvivorAndTheAbsorbedKey() {
        InboundEvent e = map(message(
                "MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A40^ADT_A39|M-77|P|2.5",
                "EVN|A40|20250601120000",
                "PID|1||G-100^^^PMS^PI||YU^MING",
                "MRG|G-200^^^PMS^PI"));
        assertThat(e.type()).isEqualTo(GuestEventType.PROFILES_MERGED);
        assertThat(e.record().ref()).isEqualTo(new SourceRef("PMS", RecordKind.GUEST_PROFILE, "G-100"));
        assertThat(e.record().guestKey()).isEqualTo("G-100");
        assertThat(e.record().fact()).isNull();
        assertThat(e.absorbedGuestKey()).isEqualTo("G-200");
        assertThat(e.property()).isEqualTo("BKK01"); // MSH-4: an A40 has no PV1
    }

    @Test
    void shouldMapACancelledRoomMoveBackToTheRoomInPv13() {
        InboundEvent e = map(message(
                "MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A12|C-1|P|2.4",
                "PID|1||G-1^^^PMS||DOE^JANE",
                "PV1|1|I|^1208|||^1510|||||||||||||R-9"));
        assertThat(e.type()).isEqualTo(GuestEventType.ROOM_MOVE_CANCELLED);
        assertThat(((Reservation) e.record().fact()).roomNumber()).isEqualTo("1208");
        assertThat(e.priorRoom()).isEqualTo("1510");
        assertThat(((Reservation) e.record().fact()).status()).isEqualTo(StayStatus.IN_HOUSE);
    }

    @Test
    void shouldUseConfiguredPropertiesAndTheDefaultWhenNoFacilityIsNamed() {
        AdtMapper m = Hl7Fixtures.mapper(new AdtOptions("HKT01", Map.of("GHHSFacility", "BKK01"), Map.of(), null));
        assertThat(m.map(Hl7Text.decode(sample("msft_ADT01-28.hl7")).text()).property())
                .isEqualTo("GOOD HEALTH HOSPITAL"); // an unmapped facility is its own property code
        String noFacility = message("MSH|^~\\&|PMS||GL|GL|20250601120000||ADT^A05|N-1|P|2.5",
                "PID|1||G-1||DOE^JANE", "PV1|1|I|^1208||||||||||||||||R-1");
        assertThat(m.map(noFacility).property()).isEqualTo("HKT01");
        String mapped = message("MSH|^~\\&|PMS|GHHSFacility|GL|GL|20250601120000||ADT^A05|N-2|P|2.5",
                "PID|1||G-1||DOE^JANE", "PV1|1|I|^1208||||||||||||||||R-1");
        assertThat(m.map(mapped).property()).isEqualTo("BKK01");
    }

    @Test
    void shouldTakeTheEventFromEvn1WhenMsh9HasNone() {
        InboundEvent e = map(message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT|E-1|P|2.3",
                "EVN|A03|20250603110000", "PID|1||G-1||DOE^JANE", "PV1|1|I|^1208||||||||||||||||R-1"));
        assertThat(e.type()).isEqualTo(GuestEventType.CHECKED_OUT);
        assertThat(((Reservation) e.record().fact()).departure()).isEqualTo(LocalDate.of(2025, 6, 3));
    }

    // ---- AR: cannot be taken ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            no MSH;                PID|1||G-1||DOE^JANE;                                                           100; MSH
            garbage;               \u0001\u0002hello;                                                              100; MSH
            unknown event;         MSH|^~\\&|PMS|H|GL|GL|2025||ADT^A99|X-1|P|2.5\rPID|1;                          201; MSH-9
            not ADT;               MSH|^~\\&|LAB|H|GL|GL|2025||ORU^R01|X-2|P|2.5\rPID|1;                          200; MSH-9
            an ACK;                MSH|^~\\&|PMS|H|GL|GL|2025||ACK^A01|X-3|P|2.5\rMSA|AA|1;                       200; MSH-9
            version 2.2;           MSH|^~\\&|PMS|H|GL|GL|2025||ADT^A01|X-4|P|2.2\rPID|1;                          203; MSH-12
            version garbage;       MSH|^~\\&|PMS|H|GL|GL|2025||ADT^A01|X-5|P|ABC\rPID|1;                          203; MSH-12
            processing id;         MSH|^~\\&|PMS|H|GL|GL|2025||ADT^A01|X-6|Q|2.5\rPID|1;                          202; MSH-11
            no control id;         MSH|^~\\&|PMS|H|GL|GL|2025||ADT^A01||P|2.5\rPID|1;                             101; MSH-10
            no sending app;        MSH|^~\\&||H|GL|GL|2025||ADT^A01|X-7|P|2.5\rPID|1;                             101; MSH-3
            bad delimiters;        MSH|^^^^|PMS|H|GL|GL|2025||ADT^A01|X-8|P|2.5\rPID|1;                           102; MSH-2
            no event anywhere;     MSH|^~\\&|PMS|H|GL|GL|2025||ADT|X-9|P|2.5\rPID|1;                              201; MSH-9
            """)
    void shouldRejectWhatCannotBeTaken(String why, String text, int code, String location) {
        assertThatThrownBy(() -> map(text.replace("\\r", "\r")))
                .isInstanceOfSatisfying(Hl7Problem.class, p -> {
                    assertThat(p.ack()).isEqualTo(AcknowledgmentCode.AR);
                    assertThat(p.code().getCode()).isEqualTo(code);
                    assertThat(p.location()).isEqualTo(location);
                    assertThat(p.getMessage()).isNotBlank();
                });
    }

    // ---- AE: understood, cannot be applied --------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', textBlock = """
            no PID;                      EVN|A01\rPV1|1|I|^101||||||||||||||||R-1;                                 100; PID;       no PID segment
            no PV1;                      PID|1||G-1||DOE^JANE;                                                     100; PV1;       no PV1 segment
            no reservation number;       PID|1||G-1||DOE^JANE\rPV1|1|I|^101;                                      101; PV1-19.1;  PV1-19
            arrival not a date;          PID|1||G-1||DOE^JANE\rPV1|1|I|^101||||||||||||||||R-1|||||||||||||||||||||||||tomorrow; 102; PV1-44; 'tomorrow' is not a date
            departure before arrival;    PID|1||G-1||DOE^JANE\rPV1|1|I|^101||||||||||||||||R-1|||||||||||||||||||||||||20250610|20250608; 102; PV1-45; departure 2025-06-08 is before arrival 2025-06-10
            birth date not a date;       PID|1||G-1||DOE^JANE||1978-03-14\rPV1|1|I|^101||||||||||||||||R-1;      102; PID-7;     PID-7 (birth date) is not a date
            """)
    void shouldAnswerAeWhenAFieldTheEventNeedsIsMissingOrWrong(String why, String segments, int code, String location, String reason) {
        String text = "MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A01|E-1|P|2.5\r" + segments.replace("\\r", "\r");
        assertThatThrownBy(() -> map(text))
                .isInstanceOfSatisfying(Hl7Problem.class, p -> {
                    assertThat(p.ack()).isEqualTo(AcknowledgmentCode.AE);
                    assertThat(p.code().getCode()).isEqualTo(code);
                    assertThat(p.location()).isEqualTo(location);
                    assertThat(p.getMessage()).contains(reason);
                });
    }

    @Test
    void shouldNeverShowAnUnreadableBirthDate() {
        String text = message("MSH|^~\\&|PMS|BKK01|GL|GL|2025||ADT^A01|E-2|P|2.5", "PID|1||G-1||DOE^JANE||14/03/1978",
                "PV1|1|I|^101||||||||||||||||R-1");
        assertThatThrownBy(() -> map(text)).hasMessageNotContaining("1978");
    }

    @Test
    void shouldDropABirthDateThatCannotBeOne() {
        String text = message("MSH|^~\\&|PMS|BKK01|GL|GL|2025||ADT^A01|E-3|P|2.5", "PID|1||G-1||DOE^JANE||21000101",
                "PV1|1|I|^101||||||||||||||||R-1");
        assertThat(map(text).record().guest().birthDate()).isNull();
    }

    @Test
    void shouldAnswerAeForARoomMoveWithoutTheNewRoom() {
        String text = message("MSH|^~\\&|PMS|BKK01|GL|GL|2025||ADT^A02|E-4|P|2.5", "PID|1||G-1||DOE^JANE",
                "PV1|1|I||||^1510|||||||||||||R-1");
        assertThatThrownBy(() -> map(text)).isInstanceOfSatisfying(Hl7Problem.class, p -> {
            assertThat(p.ack()).isEqualTo(AcknowledgmentCode.AE);
            assertThat(p.code()).isEqualTo(ErrorCode.REQUIRED_FIELD_MISSING);
            assertThat(p.location()).isEqualTo("PV1-3.2");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "MRG-less|PID|1||G-1^^^PMS||DOE",
            "same key|PID|1||G-1^^^PMS||DOE\rMRG|G-1^^^PMS",
            "empty MRG-1|PID|1||G-1^^^PMS||DOE\rMRG|^^^PMS",
            "two merges|PID|1||G-1^^^PMS||DOE\rMRG|G-2\rPID|2||G-3||X\rMRG|G-4"})
    void shouldAnswerAeForAMergeThatCannotBeApplied(String c) {
        String segments = c.substring(c.indexOf('|') + 1).replace("\\r", "\r");
        String text = "MSH|^~\\&|PMS|BKK01|GL|GL|2025||ADT^A40^ADT_A39|M-1|P|2.5\r" + segments;
        assertThatThrownBy(() -> map(text)).isInstanceOfSatisfying(Hl7Problem.class,
                p -> assertThat(p.ack()).isEqualTo(AcknowledgmentCode.AE));
    }

    /** The refusal text is logged (WARN) as well as acknowledged: the guest key appears masked, never in clear. */
    @Test
    void shouldMaskTheGuestKeyWhenAMergeNamesTheSurvivorItself() {
        String text = "MSH|^~\\&|PMS|BKK01|GL|GL|2025||ADT^A40^ADT_A39|M-1|P|2.5\rPID|1||G-100482^^^PMS||DOE\rMRG|G-100482^^^PMS";
        assertThatThrownBy(() -> map(text)).isInstanceOfSatisfying(Hl7Problem.class, p -> {
            assertThat(p.ack()).isEqualTo(AcknowledgmentCode.AE);
            assertThat(p.getMessage()).doesNotContain("G-100482").contains("****0482");
        });
    }
}

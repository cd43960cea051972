package io.guestlink.event.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.guestlink.event.GuestEventType;
import io.guestlink.event.InboundEvent;
import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.IdentityKeys;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.ingest.MappingOutcome;
import io.guestlink.identity.Normalisers;
import io.guestlink.ingest.RawRecord;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.PosTicket;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonEventReaderTest {
    static final Path SCHEMA = Path.of("config/schemas/guest-event.schema.json");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T10:00:00Z"), ZoneOffset.UTC);
    static final Normalisers NORMALISERS = new Normalisers(
            new EmailNormaliser(PlaceholderList.defaults()),
            new PhoneNormaliser(PlaceholderList.defaults()),
            new IdDocumentHasher("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), PlaceholderList.defaults()));
    static final JsonEventReader READER = new JsonEventReader(EventSchema.load(SCHEMA), NORMALISERS, CLOCK, 65536);

    /** Mr. Yu checking in, as a PMS interface engine would put it on the queue. */
    static final String CHECK_IN = """
            {
              "eventId": "opera-evt-000123",
              "type": "guest.checked_in",
              "source": "OPERA",
              "occurredAt": "2026-06-15T14:02:11+07:00",
              "property": "BKK01",
              "phoneRegion": "TH",
              "reservation": {
                "confirmationNumber": "548213907",
                "arrival": "2026-06-15", "departure": "2026-06-18",
                "roomNumber": "1208", "roomType": "DLXK",
                "rate": {"code": "BB2", "amount": 4200.50, "currency": "THB"},
                "channel": "WEB", "adults": 1, "children": 0
              },
              "guest": {
                "key": "100482",
                "names": [{"text": "YU/MING MR", "format": "LAST/FIRST TITLE"}, {"family": "于", "given": "明"}],
                "birthDate": "1978-03-14", "gender": "M", "nationality": "CN", "language": "zh",
                "emails": [" Yu.Ming@Example.NET ", "noemail@hotel.com"],
                "phones": ["081-234-5678", "+66 81 234 5678"],
                "idDocuments": [{"type": "PASSPORT", "number": "E5821 3946"}],
                "vip": "VIP2",
                "memberships": [{"program": "BKK-REWARDS", "number": "BR7012345", "level": "GOLD"}],
                "consent": {"email": true, "sms": false},
                "x-pms-profile-type": "INDIVIDUAL"
              }
            }
            """;

    @Test
    void shouldMapACheckInToTheReservationAndGuestItCarries() {
        InboundEvent e = READER.read(CHECK_IN);

        assertThat(e.channel()).isEqualTo("jms");
        assertThat(e.system()).isEqualTo("OPERA");
        assertThat(e.messageId()).isEqualTo("opera-evt-000123");
        assertThat(e.type()).isEqualTo(GuestEventType.CHECKED_IN);
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-06-15T07:02:11Z"));
        assertThat(e.property()).isEqualTo("BKK01");
        // the text the journal keeps: the message as sent, its document number replaced by the marker of its hash
        assertThat(e.raw()).doesNotContain("E5821 3946").contains("\"number\": \"{{iddoc:")
                .isEqualTo(CHECK_IN.replaceFirst("E5821 3946", java.util.regex.Matcher.quoteReplacement(
                        e.raw().substring(e.raw().indexOf("{{iddoc:"), e.raw().indexOf("}}") + 2))));
        CanonicalRecord r = e.record();
        assertThat(r.ref().asText()).isEqualTo("OPERA:reservation:548213907");
        assertThat(r.guestKey()).isEqualTo("100482");
        Reservation stay = (Reservation) r.fact();
        assertThat(stay).isEqualTo(new Reservation("BKK01", "548213907", LocalDate.of(2026, 6, 15),
                LocalDate.of(2026, 6, 18), "DLXK", "1208", "BB2", new BigDecimal("4200.50"), "THB",
                StayStatus.IN_HOUSE, "WEB", 1, 0));
        var g = r.guest();
        assertThat(g.names()).extracting(n -> n.full() + "|" + n.family() + "|" + n.given() + "|" + n.title() + "|" + n.script())
                .containsExactly("MING YU|YU|MING|MR|LATIN", "于明|于|明|null|HAN");
        assertThat(g.emails()).as("normalised, placeholder dropped").containsExactly("yu.ming@example.net");
        assertThat(g.phones()).as("both spellings are one E.164 number").containsExactly("+66812345678");
        assertThat(g.idDocuments()).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo("PASSPORT");
            assertThat(d.masked()).isEqualTo("*****3946");
        });
        assertThat(g.birthDate()).isEqualTo(LocalDate.of(1978, 3, 14));
        assertThat(g.vipCode()).isEqualTo("VIP2");
        assertThat(g.marketingConsent()).containsEntry("email", true).containsEntry("sms", false);
        assertThat(g.memberships()).singleElement().extracting(m -> m.number()).isEqualTo("BR7012345");
    }

    @Test
    void shouldGiveTheSameIdentityKeysAsTheNightlyOperaFile() {
        // the same guest and stay as a row of the shipped OPERA feed (config/sources/opera-reservations.yaml)
        RecordMapper opera = new RecordMapper(SourceConfigLoader.load(Path.of("config/sources/opera-reservations.yaml")),
                NORMALISERS, CLOCK);
        Map<String, String> row = new LinkedHashMap<>();
        row.put("CONFIRMATION_NO", "548213907");
        row.put("NAME_ID", "100482");
        row.put("GUEST_NAME", "YU/MING MR");
        row.put("BIRTH_DATE", "14-MAR-78");
        row.put("EMAIL", "yu.ming@example.net");
        row.put("PHONE", "+66 81 234 5678");
        row.put("PASSPORT_NO", "E58213946");
        row.put("MEMBERSHIP_NO", "BR7012345");
        row.put("ARRIVAL", "15-JUN-26");
        row.put("DEPARTURE", "18-JUN-26");
        row.put("RES_STATUS", "CHECKED IN");
        MappingOutcome outcome = opera.map(new RawRecord(2, row, "", null, false));
        CanonicalRecord nightly = ((MappingOutcome.Mapped) outcome).record();
        CanonicalRecord live = READER.read(CHECK_IN).record();

        assertThat(live.ref()).isEqualTo(nightly.ref());
        assertThat(IdentityKeys.of(live)).isEqualTo(IdentityKeys.of(nightly))
                .contains("SRC:OPERA:100482", "MEMBER:BR7012345").anyMatch(k -> k.startsWith("IDDOC:"));
        assertThat(IdentityKeys.contacts(live.guest())).isEqualTo(IdentityKeys.contacts(nightly.guest()));
        assertThat(live.guest().names().get(0)).isEqualTo(nightly.guest().names().get(0));
        assertThat(live.guest().idDocuments()).isEqualTo(nightly.guest().idDocuments());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "reservation.created,   RESERVATION_CREATED,   BOOKED",
            "reservation.updated,   RESERVATION_UPDATED,   ",
            "reservation.cancelled, RESERVATION_CANCELLED, CANCELLED",
            "guest.checked_in,      CHECKED_IN,            IN_HOUSE",
            "guest.checked_out,     CHECKED_OUT,           CHECKED_OUT",
            "guest.room_moved,      ROOM_MOVED,            IN_HOUSE"})
    void shouldImplyTheStayStatusFromTheEventType(String type, GuestEventType expected, StayStatus status) {
        InboundEvent e = READER.read(event(type, """
                "reservation": {"confirmationNumber": "R1", "roomNumber": "0905", "priorRoomNumber": "1208"}"""));
        assertThat(e.type()).isEqualTo(expected);
        assertThat(e.record().ref().kind()).isEqualTo(RecordKind.RESERVATION);
        assertThat(e.record().guest()).as("no guest member, no guest").isNull();
        assertThat(((Reservation) e.record().fact()).status()).isEqualTo(status);
        assertThat(e.priorRoom()).isEqualTo(expected == GuestEventType.ROOM_MOVED ? "1208" : null);
    }

    @Test
    void shouldMapAClosedPosTicketWithItsItems() {
        InboundEvent e = READER.read(event("pos.ticket_closed", """
                "ticket": {"outlet": "CAFE", "ticketNumber": "20871", "table": "W2", "covers": 1,
                  "opened": "2026-06-16T07:42", "closed": "2026-06-16T08:15:30",
                  "items": [{"name": "Club Sandwich", "price": 320}, {"line": "9", "name": "Coffee", "quantity": 2, "price": 95.5},
                            {"name": "Coffee", "quantity": -1, "price": 95.5}],
                  "roomNumber": "1208", "memberNumber": "BR7012345", "settlement": "ROOM", "total": 415.50, "currency": "THB"}
                """).replace("\"OPERA\"", "\"MICROS\""));
        assertThat(e.type()).isEqualTo(GuestEventType.POS_TICKET_CLOSED);
        assertThat(e.record().ref().asText()).isEqualTo("MICROS:pos-ticket:CAFE|20871");
        PosTicket t = (PosTicket) e.record().fact();
        assertThat(t.opened()).isEqualTo(LocalDateTime.of(2026, 6, 16, 7, 42));
        assertThat(t.closed()).isEqualTo(LocalDateTime.of(2026, 6, 16, 8, 15, 30));
        assertThat(t.items()).extracting(i -> i.line() + " " + i.name() + " " + i.quantity() + " x " + i.price())
                .containsExactly("1 Club Sandwich 1 x 320", "9 Coffee 2 x 95.5", "3 Coffee -1 x 95.5");
        assertThat(t.total()).isEqualByComparingTo("415.50");
        assertThat(IdentityKeys.of(e.record())).as("a member number on a ticket names the guest")
                .containsExactly("MEMBER:BR7012345");
        assertThat(t.memberNumber()).isEqualTo("BR7012345");
    }

    @Test
    void shouldMapANightAuditToTheNewBusinessDate() {
        InboundEvent e = READER.read(event("night_audit.completed", "\"businessDate\": \"2026-06-16\""));
        assertThat(e.type()).isEqualTo(GuestEventType.BUSINESS_DATE_ADVANCED);
        assertThat(e.businessDate()).isEqualTo(LocalDate.of(2026, 6, 16));
        assertThat(e.record()).isNull();
        assertThat(e.property()).isEqualTo("BKK01");
    }

    @Test
    void shouldTreatNullMembersAsLeftOut() {
        InboundEvent e = READER.read(event("reservation.updated", """
                "reservation": {"confirmationNumber": "R1", "roomNumber": null, "rate": null},
                "guest": {"key": "G1", "vip": null, "names": [{"text": "Ann Lee", "format": null}]}"""));
        assertThat(((Reservation) e.record().fact()).roomNumber()).isNull();
        assertThat(e.record().guest().vipCode()).isNull();
        assertThat(e.record().guest().names()).extracting(n -> n.full()).containsExactly("Ann Lee");
    }

    @Test
    void shouldCarryPreferencesAllergiesAnniversaryAndComplaints() {
        InboundEvent e = READER.read(event("reservation.updated", """
                "reservation": {"confirmationNumber": "R1", "complaints": [
                    {"date": "2026-06-16", "text": "Noisy air conditioning", "open": false}, {"text": "Late breakfast"}]},
                "guest": {"key": "G1", "anniversary": "2012-09-01", "preferences": [
                    {"category": "allergy", "code": "NUT", "text": "Peanuts"}, {"category": "pillow", "text": "feather-free pillow"},
                    {"category": "allergy", "text": "peanuts"}]}"""));
        assertThat(e.record().guest()).as("preferences alone reach a guest known by key").isNotNull();
        assertThat(e.record().guest().preferences()).extracting(p -> p.category() + ":" + p.code() + ":" + p.text())
                .containsExactly("allergy:NUT:Peanuts", "pillow:null:feather-free pillow");
        assertThat(e.record().guest().anniversary()).isEqualTo(LocalDate.of(2012, 9, 1));
        assertThat(((Reservation) e.record().fact()).complaints()).extracting(c -> c.date() + " " + c.text() + " " + c.open())
                .containsExactly("2026-06-16 Noisy air conditioning false", "null Late breakfast true");
        assertThat(invalid(event("reservation.updated", """
                "reservation": {"confirmationNumber": "R1"},
                "guest": {"key": "G1", "preferences": [{"category": "pets", "text": "a dog"}]}""")).getMessage())
                .contains("$.guest.preferences[0].category = 'pets'");
    }

    @Test
    void shouldDropImpossibleBirthDatesLikeTheNightlyFiles() {
        InboundEvent e = READER.read(event("reservation.created", """
                "reservation": {"confirmationNumber": "R1"},
                "guest": {"key": "G1", "birthDate": "1900-01-01", "names": [{"text": "Ann Lee"}]}"""));
        assertThat(e.record().guest().birthDate()).isNull();
    }

    // ------------------------------------------------------------------------------------------------ bad input

    @Test
    void shouldRefuseInvalidJsonWithItsPositionAndPath() {
        InvalidEvent e = invalid("{\n  \"eventId\": \"e1\",\n  \"type\": ,\n}");
        assertThat(e.path()).isEqualTo("$.type");
        assertThat(e.getMessage()).contains("not valid JSON at line 3, column 11").contains("Unexpected character (',' ");
    }

    @Test
    void shouldNotQuotePersonalTokensOfInvalidJson() {
        InvalidEvent e = invalid("{\"eventId\": \"e1\", \"guest\": {\"emails\": [yu.ming@example.net]}}");
        assertThat(e.path()).isEqualTo("$.guest.emails[0]");
        assertThat(e.getMessage()).contains("not valid JSON at line 1").doesNotContain("yu.ming").doesNotContain("example");
    }

    @Test
    void shouldRefuseTrailingGarbageDuplicateMembersAndEmptyMessages() {
        assertThat(invalid(CHECK_IN + " {}").getMessage()).contains("not valid JSON").contains("Trailing token");
        assertThat(invalid("{\"type\": \"guest.checked_in\", \"type\": \"guest.checked_out\"}").getMessage())
                .contains("$.type").contains("Duplicate field 'type'");
        assertThat(invalid("").getMessage()).contains("$: empty message");
        assertThat(invalid("   ").getMessage()).contains("no JSON value");
        assertThat(invalid("[1, 2]").getMessage()).contains("$ = '[…]': array found, object expected");
    }

    @Test
    void shouldRefuseBytesThatAreNotUtf8() {
        byte[] garbage = {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        InvalidEvent e = catchThrowableOfType(InvalidEvent.class, () -> READER.read(garbage));
        assertThat(e.getMessage()).contains("not valid JSON at line 1").containsIgnoringCase("UTF-8");
    }

    @Test
    void shouldRefuseAMessageOverTheSizeLimitBeforeReadingIt() {
        JsonEventReader small = new JsonEventReader(EventSchema.load(SCHEMA), NORMALISERS, CLOCK, 100);
        InvalidEvent e = catchThrowableOfType(InvalidEvent.class, () -> small.read(CHECK_IN));
        assertThat(e.getMessage()).isEqualTo("invalid guest event: $: message of " + CHECK_IN.getBytes(StandardCharsets.UTF_8).length
                + " bytes exceeds the limit of 100 bytes");
    }

    @Test
    void shouldNameEveryMissingRequiredMember() {
        InvalidEvent e = invalid("{\"type\": \"guest.checked_in\"}");
        assertThat(e.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "$.eventId: required member is missing",
                "$.source: required member is missing",
                "$.occurredAt: required member is missing",
                "$.property: required member is missing",
                "$.reservation: required member is missing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "check-in without a confirmation number | guest.checked_in | \"reservation\": {\"roomNumber\": \"1208\"} | $.reservation.confirmationNumber: required member is missing",
            "room move without the new room          | guest.room_moved | \"reservation\": {\"confirmationNumber\": \"R1\"} | $.reservation.roomNumber: required member is missing",
            "ticket without its number               | pos.ticket_closed | \"ticket\": {\"outlet\": \"CAFE\"} | $.ticket.ticketNumber: required member is missing",
            "closed ticket without a ticket          | pos.ticket_closed | \"reservation\": {\"confirmationNumber\": \"R1\"} | $.ticket: required member is missing",
            "night audit without the date            | night_audit.completed | \"x-note\": 1 | $.businessDate: required member is missing",
            "item without a name                     | pos.ticket_closed | \"ticket\": {\"outlet\": \"CAFE\", \"ticketNumber\": \"7\", \"items\": [{\"price\": 1}]} | $.ticket.items[0].name: required member is missing",
            "a name with no part                     | reservation.created | \"reservation\": {\"confirmationNumber\": \"R1\"}, \"guest\": {\"names\": [{\"title\": \"MR\"}]} | $.guest.names[0]: needs one of the members [text, family, given]"})
    void shouldRefuseAnEventMissingWhatItsTypeNeeds(String name, String type, String members, String expected) {
        assertThat(invalid(event(type, members)).getMessage()).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "adults as text          | \"reservation\": {\"confirmationNumber\": \"R1\", \"adults\": \"two\"} | $.reservation.adults = 'two': string found, integer expected",
            "rate as text            | \"reservation\": {\"confirmationNumber\": \"R1\", \"rate\": {\"amount\": \"4200\"}} | $.reservation.rate.amount = '4200': string found, number expected",
            "negative rate           | \"reservation\": {\"confirmationNumber\": \"R1\", \"rate\": {\"amount\": -1}} | $.reservation.rate.amount = '-1'",
            "confirmation as number  | \"reservation\": {\"confirmationNumber\": 548213907} | $.reservation.confirmationNumber = '548213907': integer found, string expected",
            "impossible date         | \"reservation\": {\"confirmationNumber\": \"R1\", \"arrival\": \"2026-02-30\"} | $.reservation.arrival = '2026-02-30'",
            "date in another format  | \"reservation\": {\"confirmationNumber\": \"R1\", \"arrival\": \"15.06.2026\"} | $.reservation.arrival = '15.06.2026'",
            "unknown status          | \"reservation\": {\"confirmationNumber\": \"R1\", \"status\": \"arrived\"} | $.reservation.status = 'arrived'",
            "lower-case currency     | \"reservation\": {\"confirmationNumber\": \"R1\", \"rate\": {\"currency\": \"thb\"}} | $.reservation.rate.currency = 'thb'",
            "misspelt member         | \"reservation\": {\"confirmationNumber\": \"R1\", \"roomNumer\": \"1208\"} | $.reservation.roomNumer: unknown member",
            "consent as text         | \"reservation\": {\"confirmationNumber\": \"R1\"}, \"guest\": {\"consent\": {\"email\": \"yes\"}} | $.guest.consent.email = 'yes': string found, boolean expected",
            "reservation as a string | \"reservation\": \"548213907\" | $.reservation = '548213907': string found, object expected"})
    void shouldNameTheMemberAndValueOfAWrongType(String name, String members, String expected) {
        assertThat(invalid(event("reservation.updated", members)).getMessage()).contains(expected);
    }

    @Test
    void shouldRefuseAnUnknownEventType() {
        InvalidEvent e = invalid(event("guest.teleported", "\"reservation\": {\"confirmationNumber\": \"R1\"}"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("$.type");
            assertThat(p.value()).isEqualTo("guest.teleported");
            assertThat(p.reason()).contains("reservation.created").contains("night_audit.completed");
        });
    }

    @Test
    void shouldKeepWhatTheMappingFlaggedInAnEventWithADocumentNumber() {
        // the journal's text has the number replaced by its marker; the flags went with the first text once
        InboundEvent e = READER.read(event("guest.checked_in", """
                "reservation": {"confirmationNumber": "R1"},
                "guest": {"key": "G1", "names": [{"family": "YU", "given": "MING"}], "phones": ["+1 212 155 0199"],
                          "idDocuments": [{"type": "PASSPORT", "number": "E58213946"}]}"""));
        assertThat(e.raw()).doesNotContain("E58213946");
        assertThat(e.flags()).anySatisfy(f -> assertThat(f.field()).isEqualTo("$.guest.phones[0]"));
    }

    @Test
    void shouldTakeTheBirthDateAValidResidentIdCardNumberHolds() {
        // the same rule as the nightly files: the number's check character vouches for its date, nothing for a typed one
        InboundEvent e = READER.read(event("guest.checked_in", """
                "reservation": {"confirmationNumber": "R1"},
                "guest": {"key": "G1", "names": [{"family": "王", "given": "明玉"}], "birthDate": "1992-01-18",
                          "idDocuments": [{"type": "ID_CARD", "number": "440106199201197732", "country": "CN"}]}"""));
        assertThat(e.record().guest().birthDate()).isEqualTo(LocalDate.of(1992, 1, 19));
        assertThat(e.flags()).anySatisfy(f -> {
            assertThat(f.field()).isEqualTo("$.guest.birthDate");
            assertThat(f.shown()).isEqualTo("1992-**-** -> 1992-**-**");
        });
        // a passport says nothing of the date
        InboundEvent passport = READER.read(event("guest.checked_in", """
                "reservation": {"confirmationNumber": "R1"},
                "guest": {"key": "G1", "names": [{"family": "王", "given": "明玉"}], "birthDate": "1992-01-18",
                          "idDocuments": [{"type": "PASSPORT", "number": "440106199201197732"}]}"""));
        assertThat(passport.record().guest().birthDate()).isEqualTo(LocalDate.of(1992, 1, 18));
    }

    @Test
    void shouldRefuseAnOccurredAtWithoutAnOffset() {
        assertThat(invalid(event("reservation.updated", "\"reservation\": {\"confirmationNumber\": \"R1\"}")
                .replace("2026-06-15T14:02:11+07:00", "2026-06-15 14:02")).getMessage())
                .contains("$.occurredAt = '2026-06-15 14:02'");
    }

    @Test
    void shouldMaskPersonalValuesInEveryMessage() {
        InvalidEvent e = invalid(event("reservation.created", """
                "reservation": {"confirmationNumber": "R1"},
                "guest": {"emails": "yu.ming@example.net", "phones": ["+66 81 234 5678", 66812345678],
                          "names": [{"text": 42}, {"family": "%s"}],
                          "birthDate": "14-03-1978",
                          "idDocuments": [{"number": 58213946}],
                          "memberships": [{"number": "BR70123456789012345678901234567890123456789012345678901234567890"}],
                          "nationality": "China"}""".formatted("Y" + "u".repeat(500))));
        assertThat(e.getMessage())
                .contains("$.guest.emails = 'y***@example.net': string found, array expected")
                .contains("$.guest.phones[1] = '66*****5678': integer found, string expected")
                .contains("$.guest.names[0].text = '4***'")
                .contains("$.guest.names[1].family = 'Y***'")
                .contains("$.guest.birthDate = '1***'")
                .contains("$.guest.idDocuments[0].number = '****3946'")
                .contains("$.guest.memberships[0].number = '")
                .contains("$.guest.nationality = 'China'") // a code, not personal
                .doesNotContain("yu.ming").doesNotContain("1978").doesNotContain("58213946").doesNotContain("Yuu")
                .doesNotContain("12345678");
    }

    @Test
    void shouldRefuseAStatusThatContradictsTheEventType() {
        InvalidEvent e = invalid(event("guest.checked_in", "\"reservation\": {\"confirmationNumber\": \"R1\", \"status\": \"cancelled\"}"));
        assertThat(e.getMessage()).isEqualTo("invalid guest event: $.reservation.status = 'cancelled': contradicts the "
                + "event type guest.checked_in (allowed: [in_house])");
    }

    @Test
    void shouldRefuseADepartureBeforeTheArrival() {
        InvalidEvent e = invalid(event("reservation.created",
                "\"reservation\": {\"confirmationNumber\": \"R1\", \"arrival\": \"2026-06-15\", \"departure\": \"2026-06-14\"}"));
        assertThat(e.getMessage()).isEqualTo("invalid guest event: $.reservation.departure = '2026-06-14': departure before arrival 2026-06-15");
    }

    @Test
    void shouldListSeveralProblemsOfOneMessageUpToALimit() {
        StringBuilder unknown = new StringBuilder();
        for (int i = 0; i < 30; i++) unknown.append(", \"bad").append(i).append("\": 1");
        InvalidEvent e = invalid(event("reservation.created", "\"reservation\": {\"confirmationNumber\": \"R1\"}" + unknown));
        assertThat(e.problems()).hasSize(EventSchema.MAX_PROBLEMS).allMatch(p -> p.reason().startsWith("unknown member"));
    }

    @Test
    void shouldDocumentExactlyTheEventTypesTheReaderMaps() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        TreeSet<String> documented = new TreeSet<>();
        schema.at("/properties/type/enum").forEach(t -> documented.add(t.textValue()));
        assertThat(documented).isEqualTo(new TreeSet<>(JsonEventReader.TYPES.keySet()));
        assertThat(schema.at("/required")).extracting(JsonNode::textValue)
                .containsExactly("eventId", "type", "source", "occurredAt", "property");
        assertThat(JsonEventReader.TYPES.values()).doesNotHaveDuplicates();
    }

    static String event(String type, String members) {
        return """
                {"eventId": "e-1", "type": "%s", "source": "OPERA", "occurredAt": "2026-06-15T14:02:11+07:00",
                 "property": "BKK01", %s}""".formatted(type, members);
    }

    static InvalidEvent invalid(String json) {
        InvalidEvent e = catchThrowableOfType(InvalidEvent.class, () -> READER.read(json));
        assertThat(e).as("refused: " + json).isNotNull();
        return e;
    }

}

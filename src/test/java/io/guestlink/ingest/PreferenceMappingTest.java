package io.guestlink.ingest;

import io.guestlink.identity.Normalisers;
import io.guestlink.config.ConfigurationException;
import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.Complaint;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Preference;
import io.guestlink.model.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Explicit preferences, allergies, anniversaries and complaints as a feed maps them; offsets in POS time stamps. */
class PreferenceMappingTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T10:00:00Z"), ZoneOffset.UTC);
    private static final Normalisers NORMALISERS = new Normalisers(new EmailNormaliser(PlaceholderList.defaults()),
            new PhoneNormaliser(PlaceholderList.defaults()),
            new IdDocumentHasher("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), PlaceholderList.defaults()));

    static final String FEED = """
            id: pms
            system: PMS
            kind: reservation
            property: BKK01
            key: [CONF]
            fields:
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
              guest.key: GID
              guest.name: NAME
              guest.preference: {column: PREFS, codes: prefs}
              guest.allergy: {column: ALLERGY, codes: allergy, split: "|"}
              guest.anniversary: ANNIV
              reservation.complaint: COMPLAINT
              reservation.complaintStatus: {column: CSTATUS, codes: complaintStatus}
              reservation.complaintDate: CDATE
            codes:
              prefs:
                HF: "floor: high floor"
                FP: "pillow: feather-free pillow"
                NS: "smoking: non-smoking room"
                VEG: "dietary: vegetarian"
                SHF: "allergy: shellfish"
                QR: "quiet room"
              allergy:
                NUT: peanuts
                GLU: gluten
                "*": allergy
              complaintStatus:
                OFFEN: OPEN
                ERLEDIGT: CLOSED
            """;
    static final String HEADER = "CONF,ARR,DEP,GID,NAME,PREFS,ALLERGY,ANNIV,COMPLAINT,CSTATUS,CDATE\n";

    @TempDir
    Path dir;

    RecordMapper mapper(String yaml) throws IOException {
        Path f = dir.resolve("feed-" + System.nanoTime() + ".yaml");
        Files.writeString(f, yaml);
        return new RecordMapper(SourceConfigLoader.load(f), NORMALISERS, CLOCK);
    }

    List<MappingOutcome> map(RecordMapper mapper, String text) throws IOException {
        List<MappingOutcome> out = new ArrayList<>();
        try (RecordReader r = RecordReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), mapper.config().format())) {
            assertThat(mapper.missingColumns(r.columnNames())).isEmpty();
            r.forEachRemaining(raw -> out.add(mapper.map(raw)));
        }
        return out;
    }

    static CanonicalRecord mapped(MappingOutcome o) {
        assertThat(o).isInstanceOf(MappingOutcome.Mapped.class);
        return ((MappingOutcome.Mapped) o).record();
    }

    @Test
    void shouldDecodeAListColumnItemByItemThroughItsCodeTable() throws IOException {
        List<MappingOutcome> rows = map(mapper(FEED), HEADER
                + "C1,2025-06-08,2025-06-10,G1,YU/MING,\" HF, fp ,NS,,HF,SHF,QR\",NUT|XYZ,2005-06-09,noisy room,OFFEN,2025-06-09\n");
        CanonicalRecord r = mapped(rows.get(0));
        assertThat(r.guest().preferences()).containsExactly(
                new Preference("floor", "HF", "high floor"),
                new Preference("pillow", "fp", "feather-free pillow"),   // codes match ignoring case, kept as written
                new Preference("smoking", "NS", "non-smoking room"),
                new Preference("allergy", "SHF", "shellfish"),             // a preference table may name an allergy
                new Preference("other", "QR", "quiet room"),               // a value without category is "other"
                new Preference("allergy", "NUT", "peanuts"),               // the allergy field's own category
                new Preference("allergy", "XYZ", "XYZ"));                  // "*": allergy shows an unknown code as written
        assertThat(r.guest().anniversary()).isEqualTo(LocalDate.of(2005, 6, 9));
        assertThat(((Reservation) r.fact()).complaints()).containsExactly(new Complaint(LocalDate.of(2025, 6, 9), "noisy room", true));
    }

    @Test
    void shouldRejectAnUnknownPreferenceCodeNamingTheTableAndLeaveEmptyColumnsOutOfTheRecord() throws IOException {
        List<MappingOutcome> rows = map(mapper(FEED), HEADER
                + "C1,2025-06-08,2025-06-10,G1,YU/MING,HF;FP,,,,,\n"
                + "C2,2025-06-08,2025-06-10,G2,LEE/ANN,,,,,,\n"
                + "C3,2025-06-08,2025-06-10,G3,KIM/SOO,,,,broken safe,ERLEDIGT,\n"
                + "C4,2025-06-08,2025-06-10,G4,PARK/JI,,,,,OFFEN,2025-06-09\n"
                + "C5,2025-06-08,2025-06-10,G5,CHO/MIN,,,2031-01-01,late breakfast,PENDING,\n");
        MappingOutcome.Rejected bad = (MappingOutcome.Rejected) rows.get(0);
        assertThat(bad.field()).isEqualTo("guest.preference");
        assertThat(bad.value()).isEqualTo("HF;FP");
        assertThat(bad.reason()).contains("not in code table 'prefs'");

        CanonicalRecord none = mapped(rows.get(1));
        assertThat(none.guest().preferences()).isEmpty();
        assertThat(none.guest().anniversary()).isNull();
        assertThat(((Reservation) none.fact()).complaints()).isEmpty();

        assertThat(((Reservation) mapped(rows.get(2)).fact()).complaints()).containsExactly(new Complaint(null, "broken safe", false));
        assertThat(((Reservation) mapped(rows.get(3)).fact()).complaints()).as("a status without a text").isEmpty();
        MappingOutcome.Rejected status = (MappingOutcome.Rejected) rows.get(4);
        assertThat(status.field()).isEqualTo("reservation.complaintStatus");
        assertThat(status.reason()).contains("not in code table 'complaintStatus'");
    }

    @Test
    void shouldDropAnAnniversaryInTheFutureButKeepTheStay() throws IOException {
        CanonicalRecord r = mapped(map(mapper(FEED), HEADER + "C1,2025-06-08,2025-06-10,G1,YU/MING,,,2031-01-01,,,\n").get(0));
        assertThat(r.guest().anniversary()).isNull();
        assertThat(((Reservation) r.fact()).confirmationNumber()).isEqualTo("C1");
    }

    @Test
    void shouldKeepPreferencesOfAGuestKnownOnlyByTheSourcesKey() throws IOException {
        RecordMapper m = mapper("""
                id: prefs
                system: PMS
                kind: guest-profile
                key: [GID]
                fields:
                  guest.key: GID
                  guest.preference: {column: PREFS, codes: prefs}
                codes:
                  prefs: {FP: "pillow: feather-free pillow"}
                """);
        CanonicalRecord r = mapped(map(m, "GID,PREFS\nG1,FP\n").get(0));
        assertThat(r.guestKey()).isEqualTo("G1");
        assertThat(r.guest().preferences()).containsExactly(new Preference("pillow", "FP", "feather-free pillow"));
    }

    @Test
    void shouldReportATypoInAPreferenceCategoryAndSplitOnAFieldThatIsNoListAtLoad() {
        assertThatThrownBy(() -> mapper(FEED.replace("\"pillow: feather-free pillow\"", "\"pilow: feather-free pillow\"")
                .replace("guest.name: NAME", "guest.name: {column: NAME, split: \",\"}")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("codes.prefs.FP: 'pilow: feather-free pillow': category 'pilow' is not one of")
                .hasMessageContaining("fields.guest.name.split: only list fields");
    }

    @Test
    void shouldReadATimeWrittenWithAnOffsetAsTheFeedsLocalTimeAcrossDaylightSaving() throws IOException {
        RecordMapper m = mapper("""
                id: nyc-pos
                system: POS
                kind: pos-ticket
                property: NYC01
                timeZone: America/New_York
                key: [CHECK]
                dateTimeFormats: ["yyyy-MM-dd'T'HH:mmXXX", "yyyy-MM-dd HH:mm"]
                fields:
                  pos.ticketNumber: CHECK
                  pos.outlet: {constant: CAFE}
                  pos.opened: OPENED
                """);
        List<MappingOutcome> rows = map(m, "CHECK,OPENED\n"
                + "1,2026-03-07T12:30Z\n"        // EST (UTC-5): 07:30
                + "2,2026-03-08T11:30Z\n"        // EDT (UTC-4) since 02:00 that morning: 07:30
                + "3,2026-11-01T12:30Z\n"        // back to EST: 07:30
                + "4,2026-11-01T07:30+01:00\n"   // 06:30Z: the second 01:30 of that night (EST), a time that occurs twice
                + "5,2026-11-01 07:30\n");       // no offset: already local wall-clock time
        assertThat(rows).map(o -> ((PosTicket) mapped(o).fact()).opened()).containsExactly(
                LocalDateTime.parse("2026-03-07T07:30"), LocalDateTime.parse("2026-03-08T07:30"),
                LocalDateTime.parse("2026-11-01T07:30"), LocalDateTime.parse("2026-11-01T01:30"),
                LocalDateTime.parse("2026-11-01T07:30"));
    }
}

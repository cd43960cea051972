package io.guestlink.ingest;

import io.guestlink.event.InboundEvent;
import io.guestlink.event.json.EventSchema;
import io.guestlink.event.json.InvalidEvent;
import io.guestlink.event.json.JsonEventReader;
import io.guestlink.hl7.AdtMapper;
import io.guestlink.hl7.AdtOptions;
import io.guestlink.hl7.Hl7Fixtures;
import io.guestlink.hl7.Hl7Problem;
import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.Normalisers;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.FieldFlag;
import io.guestlink.store.Payloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scans the three mappers (feed files, HL7 ADT, JSON events) for values that vanish: each probe is a guest value
 * (an invalid phone or e-mail, a placeholder, an impossible birth date, an over-long value) sent through every
 * channel, and each must come out either in the mapped record (a phone or e-mail that fails validation kept in its
 * evidence form, and then flagged too) or as a flag or refusal that names the field it came from.
 */
class NothingDroppedScanTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T10:00:00Z"), ZoneOffset.UTC);
    private static final Normalisers NORMALISERS = new Normalisers(
            new EmailNormaliser(PlaceholderList.defaults()),
            new PhoneNormaliser(PlaceholderList.defaults()),
            new IdDocumentHasher("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), PlaceholderList.defaults()));

    /**
     * One value under test.
     *
     * @param kind    which guest field it goes into: phone, email, birth, document, name, nationality
     * @param raw     as the source writes it
     * @param kept    its form in the mapped record when it is kept (valid or as evidence), null when it cannot be
     * @param flagged whether a flag (or a refusal) must name its field
     */
    record Probe(String kind, String raw, String kept, boolean flagged) {
    }

    static final String LONG_TEXT = "x".repeat(600);
    static final List<Probe> PROBES = List.of(
            new Probe("phone", "+66 81 234 5678", "+66812345678", false),                 // valid: kept as E.164
            new Probe("phone", "(212) 155-0199", "12121550199", true),                     // North American, invalid
            new Probe("phone", "+86 103 3456 7890", "8610334567890", true),                // Chinese, invalid
            new Probe("phone", "ext 4521", null, true),                                    // too few digits
            new Probe("phone", "0000 000 000", null, true),                                // placeholder
            new Probe("phone", "9".repeat(30) + "-" + "1".repeat(40), null, true),         // over-long
            new Probe("email", "Mary.Chen@Example.NET", "mary.chen@example.net", false),   // valid
            new Probe("email", "mary.chen@gmail", "mary.chen@gmail", true),                // no top-level domain
            new Probe("email", "noemail@hotel.com", null, true),                           // placeholder
            new Probe("email", "a".repeat(250) + "@mail.com", null, true),                 // over-long
            new Probe("birth", "1900-01-01", null, true),                                  // placeholder date
            new Probe("document", "000000000", null, true),                                // placeholder passport
            new Probe("name", LONG_TEXT, null, true));                                     // over-long: refused

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- feed files (RecordMapper)

    private static final String FEED = """
            id: scan
            system: PMS
            kind: guest-profile
            key: [ID]
            fields:
              guest.key: ID
              guest.familyName: LAST
              guest.givenName: FIRST
              guest.email: EMAIL
              guest.phone: PHONE
              guest.birthDate: {column: DOB, formats: ["yyyy-MM-dd"]}
              guest.idType: {column: IDTYPE}
              guest.idNumber: IDNO
            phoneRegion: US
            """;

    @Test
    void shouldAccountForEveryValueOfAFeedRow() throws Exception {
        Path file = dir.resolve("scan.yaml");
        Files.writeString(file, FEED);
        RecordMapper mapper = new RecordMapper(SourceConfigLoader.load(file), NORMALISERS, CLOCK);
        Map<String, String> fieldOf = Map.of("phone", "guest.phone", "email", "guest.email", "birth", "guest.birthDate",
                "document", "guest.idNumber", "name", "guest.familyName");
        int line = 1;
        for (Probe p : PROBES) {
            Map<String, String> row = new LinkedHashMap<>(Map.of("ID", "G" + line, "LAST", "CHEN", "FIRST", "MARY",
                    "EMAIL", "", "PHONE", "", "DOB", "", "IDTYPE", "PASSPORT", "IDNO", ""));
            row.put(switch (p.kind()) {
                case "phone" -> "PHONE";
                case "email" -> "EMAIL";
                case "birth" -> "DOB";
                case "document" -> "IDNO";
                default -> "LAST";
            }, p.raw());
            MappingOutcome out = mapper.map(new RawRecord(++line, row, "", null, false));
            String field = fieldOf.get(p.kind());
            if (out instanceof MappingOutcome.Rejected r) {
                assertThat(r.field()).as("%s refused", p).isEqualTo(field);
                continue;
            }
            MappingOutcome.Mapped m = (MappingOutcome.Mapped) out;
            assertAccountedFor(p, m.record(), m.flags(), field);
        }
    }

    // ---------------------------------------------------------------- HL7 ADT (AdtMapper)

    @Test
    void shouldAccountForEveryValueOfAnHl7Message() {
        AdtMapper mapper = Hl7Fixtures.mapper(new AdtOptions(null, Map.of(), Map.of(), "US"));
        int n = 0;
        for (Probe p : PROBES) {
            String pid3 = "G-" + n;
            String name = "CHEN^MARY";
            String dob = "";
            String pid13 = "";
            String field;
            switch (p.kind()) {
                case "phone" -> {
                    pid13 = p.raw() + "^PRN^PH";
                    field = "PID-13";
                }
                case "email" -> {
                    pid13 = "^NET^Internet^" + p.raw();
                    field = "PID-13";
                }
                case "birth" -> {
                    dob = p.raw().replace("-", "");
                    field = "PID-7";
                }
                case "document" -> {
                    pid3 += "^^^PMS^PI~" + p.raw() + "^^^^PPN";
                    field = "PID-3";
                }
                default -> {
                    name = p.raw() + "^MARY";
                    field = "PID-5";
                }
            }
            String message = Hl7Fixtures.message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A05|S-" + n++ + "|P|2.5",
                    "PID|1||" + pid3 + "||" + name + "||" + dob + "|F|||||" + pid13,
                    "PV1|1|I|^1208^^BKK01||||||||||||||||R-" + n);
            InboundEvent e;
            try {
                e = mapper.map(message);
            } catch (Hl7Problem refused) {
                assertThat(refused.segment() + "-" + refused.field()).as("%s refused", p).isEqualTo(field);
                continue;
            }
            assertAccountedFor(p, e.record(), e.flags(), field);
        }
    }

    @Test
    void shouldFlagTheHl7CodesItKeepsAsUnknownOrLeavesOut() {
        AdtMapper mapper = Hl7Fixtures.mapper(new AdtOptions(null, Map.of(), Map.of(), "US"));
        // nationality in PID-28 (PID-26 empty): the flag names the field the value was read from
        String pid = "PID|1||G-1^^^PMS^PI||CHEN^MARY||19800101|O||||||||||||||||||||FEDERAL REPUBLIC OF SOMEWHERE";
        InboundEvent e = mapper.map(Hl7Fixtures.message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A05|S-X|P|2.5",
                pid, pv1(Map.of(3, "^1208^^BKK01", 16, "VIP-LEVEL-WRITTEN-OUT-IN-FULL-WORDS", 19, "R-X"))));
        assertThat(e.record().guest().gender()).isNull();
        assertThat(e.record().guest().nationality()).isNull();
        assertThat(e.flags()).extracting(FieldFlag::field).containsExactlyInAnyOrder("PID-8", "PID-28", "PV1-16");
        // and a plain M, F or U is no flag
        InboundEvent plain = mapper.map(Hl7Fixtures.message("MSH|^~\\&|PMS|BKK01|GL|GL|20250601120000||ADT^A05|S-Y|P|2.5",
                "PID|1||G-2^^^PMS^PI||CHEN^MARY||19800101|U", "PV1|1|I|^1208^^BKK01||||||||||||||||R-Y"));
        assertThat(plain.flags()).isEmpty();
    }

    /** A PV1 segment with the given fields (1-based) filled, PV1-1 and PV1-2 as an in-house stay. */
    private static String pv1(Map<Integer, String> fields) {
        StringBuilder b = new StringBuilder("PV1|1|I");
        for (int f = 3; f <= 19; f++) b.append('|').append(fields.getOrDefault(f, ""));
        return b.toString();
    }

    // ---------------------------------------------------------------- JSON events (JsonEventReader)

    @Test
    void shouldAccountForEveryValueOfAJsonEvent() {
        JsonEventReader reader = new JsonEventReader(EventSchema.load(Path.of("config/schemas/guest-event.schema.json")),
                NORMALISERS, CLOCK, 65536);
        int n = 0;
        for (Probe p : PROBES) {
            String guest;
            String field;
            String raw = p.raw().replace("\"", "\\\"");
            switch (p.kind()) {
                case "phone" -> {
                    guest = "\"names\": [{\"family\": \"CHEN\", \"given\": \"MARY\"}], \"phones\": [\"" + raw + "\"]";
                    field = "$.guest.phones[0]";
                }
                case "email" -> {
                    guest = "\"names\": [{\"family\": \"CHEN\", \"given\": \"MARY\"}], \"emails\": [\"" + raw + "\"]";
                    field = "$.guest.emails[0]";
                }
                case "birth" -> {
                    guest = "\"names\": [{\"family\": \"CHEN\", \"given\": \"MARY\"}], \"birthDate\": \"" + raw + "\"";
                    field = "$.guest.birthDate";
                }
                case "document" -> {
                    guest = "\"names\": [{\"family\": \"CHEN\", \"given\": \"MARY\"}], \"idDocuments\": "
                            + "[{\"type\": \"PASSPORT\", \"number\": \"" + raw + "\"}]";
                    field = "$.guest.idDocuments[0].number";
                }
                default -> {
                    guest = "\"names\": [{\"family\": \"" + raw + "\", \"given\": \"MARY\"}]";
                    field = "$.guest.names[0].family";
                }
            }
            String json = """
                    {"eventId": "e-%d", "type": "reservation.created", "source": "PMS", "occurredAt": "2025-06-01T12:00:00+07:00",
                     "property": "BKK01", "phoneRegion": "US",
                     "reservation": {"confirmationNumber": "R-%d"},
                     "guest": {"key": "G-%d", %s}}""".formatted(n, n, n, guest);
            n++;
            InboundEvent e;
            try {
                e = reader.read(json);
            } catch (InvalidEvent refused) {
                assertThat(refused.problems()).as("%s refused", p)
                        .anySatisfy(problem -> assertThat(field).startsWith(problem.path()));
                continue;
            }
            assertAccountedFor(p, e.record(), e.flags(), field);
        }
    }

    // ---------------------------------------------------------------- the check

    /**
     * A probe is accounted for when its kept form is in the record and, if it had to be changed beyond plain
     * normalising, a flag names its field; or, when it cannot be kept, a flag names its field.
     */
    private static void assertAccountedFor(Probe p, CanonicalRecord record, List<FieldFlag> flags, String field) {
        String json = record == null ? "" : Payloads.json(record);
        List<String> flaggedFields = new ArrayList<>(flags.stream().map(FieldFlag::field).toList());
        if (p.kept() != null) assertThat(json).as("%s kept in the record", p).contains("\"" + p.kept() + "\"");
        if (p.flagged()) assertThat(flaggedFields).as("%s flagged", p).contains(field);
        else assertThat(flaggedFields).as("%s (valid) not flagged", p).doesNotContain(field);
        // a flag shows the value masked, never in full
        for (FieldFlag f : flags) {
            if (p.kind().equals("phone") || p.kind().equals("email"))
                assertThat(f.shown()).as("flag of %s", p).doesNotContain(p.raw().strip());
        }
    }
}

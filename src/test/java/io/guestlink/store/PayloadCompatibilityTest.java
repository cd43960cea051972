package io.guestlink.store;

import io.guestlink.pipeline.FileImporter;
import io.guestlink.model.ImportSummary;
import io.guestlink.ingest.SourceConfig;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.Membership;
import io.guestlink.model.PersonName;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Preferences, allergies, anniversaries and complaints are new components of the canonical records. A stored payload's
 * SHA-256 decides whether a re-delivered row is UNCHANGED or UPDATED, so a record that carries none of them must still
 * serialise byte for byte as before; otherwise the first nightly file after an upgrade would report every known row
 * UPDATED and write a history row for each. The fixture holds the hashes the code before these fields wrote.
 */
class PayloadCompatibilityTest {

    /** Written by commit d710594 (before preferences existed) for the record built in {@link #mrYu()}. */
    static final String MR_YU_BEFORE = "{\"ref\":{\"system\":\"OPERA\",\"kind\":\"RESERVATION\",\"key\":\"548213907\"},"
            + "\"guestKey\":\"100482\",\"guest\":{\"names\":[{\"full\":\"MING YU\",\"family\":\"YU\",\"given\":\"MING\","
            + "\"title\":\"MR\",\"script\":\"LATIN\"}],\"birthDate\":\"1978-03-14\",\"gender\":\"M\",\"nationality\":\"CN\","
            + "\"language\":\"zh\",\"emails\":[\"yu.ming@example.net\"],\"phones\":[\"+66812345678\"],\"idDocuments\":"
            + "[{\"type\":\"PASSPORT\",\"issuingCountry\":null,\"keyedHash\":"
            + "\"a7732f7cea540f1d518b1bb20999d06a8f1f436bf08b59b80da30487dfe148fa\",\"masked\":\"*****3946\"}],"
            + "\"vipCode\":null,\"memberships\":[{\"program\":\"BKK-REWARDS\",\"number\":\"BR7012345\",\"level\":null}],"
            + "\"marketingConsent\":{\"email\":true},\"empty\":false},\"fact\":{\"property\":\"BKK01\","
            + "\"confirmationNumber\":\"548213907\",\"arrival\":\"2025-06-08\",\"departure\":\"2025-06-10\","
            + "\"roomType\":\"DLXK\",\"roomNumber\":\"1208\",\"rateCode\":\"BB2\",\"rateAmount\":4200.00,"
            + "\"currency\":\"THB\",\"status\":\"CHECKED_OUT\",\"channel\":\"WEB\",\"adults\":1,\"children\":0}}";

    static CanonicalRecord mrYu() {
        GuestProfile g = new GuestProfile(List.of(new PersonName("MING YU", "YU", "MING", "MR", "LATIN")),
                LocalDate.of(1978, 3, 14), "M", "CN", "zh", List.of("yu.ming@example.net"), List.of("+66812345678"),
                List.of(new IdDocument("PASSPORT", null, "a7732f7cea540f1d518b1bb20999d06a8f1f436bf08b59b80da30487dfe148fa",
                        "*****3946")), null, List.of(new Membership("BKK-REWARDS", "BR7012345", null)), Map.of("email", true));
        Reservation r = new Reservation("BKK01", "548213907", LocalDate.of(2025, 6, 8), LocalDate.of(2025, 6, 10), "DLXK",
                "1208", "BB2", new BigDecimal("4200.00"), "THB", StayStatus.CHECKED_OUT, "WEB", 1, 0);
        return new CanonicalRecord(new SourceRef("OPERA", RecordKind.RESERVATION, "548213907"), "100482", g, r);
    }

    @Test
    void aRecordWithoutTheNewFieldsSerialisesByteForByteAsBefore() {
        assertThat(Payloads.json(mrYu())).isEqualTo(MR_YU_BEFORE);
        // and a payload stored before reads back with no preferences and writes the same bytes again
        CanonicalRecord back = readBack(MR_YU_BEFORE);
        assertThat(back.guest().preferences()).isEmpty();
        assertThat(back.guest().anniversary()).isNull();
        assertThat(((Reservation) back.fact()).complaints()).isEmpty();
        assertThat(Payloads.json(back)).isEqualTo(MR_YU_BEFORE);
    }

    @Test
    void aRecordWithPreferencesCarriesThemAndReadsThemBack() {
        CanonicalRecord yu = mrYu();
        GuestProfile g = yu.guest();
        GuestProfile withNotes = new GuestProfile(g.names(), g.birthDate(), g.gender(), g.nationality(), g.language(),
                g.emails(), g.phones(), g.idDocuments(), g.vipCode(), g.memberships(), g.marketingConsent(),
                List.of(new io.guestlink.model.Preference("pillow", "FP", "feather-free pillow")), LocalDate.of(2005, 6, 9));
        Reservation r = (Reservation) yu.fact();
        Reservation withComplaint = new Reservation(r.property(), r.confirmationNumber(), r.arrival(), r.departure(),
                r.roomType(), r.roomNumber(), r.rateCode(), r.rateAmount(), r.currency(), r.status(), r.channel(),
                r.adults(), r.children(), List.of(new io.guestlink.model.Complaint(LocalDate.of(2025, 6, 9), "noisy room", true)));
        CanonicalRecord rec = new CanonicalRecord(yu.ref(), yu.guestKey(), withNotes, withComplaint);
        String json = Payloads.json(rec);

        assertThat(json).isNotEqualTo(MR_YU_BEFORE)
                .contains("\"preferences\":[{\"category\":\"pillow\",\"code\":\"FP\",\"text\":\"feather-free pillow\"}]")
                .contains("\"anniversary\":\"2005-06-09\"").contains("\"complaints\":[{\"date\":\"2025-06-09\"");
        assertThat(readBack(json)).isEqualTo(rec);
    }

    @Test
    void everyShippedDemoRowWithoutTheNewFieldsHashesAsBefore() throws IOException {
        Map<String, String> before = fixture();
        List<ShippedPayloads.Row> rows = ShippedPayloads.all();
        assertThat(rows).hasSize(before.size());
        List<String> carrying = new java.util.ArrayList<>();
        for (ShippedPayloads.Row r : rows) {
            String id = r.feed() + " line " + r.line() + " " + r.key();
            assertThat(before).as(id).containsKey(r.feed() + "\t" + r.line());
            if (carriesNewFields(readBack(r.json()))) {
                carrying.add(r.key());
                assertThat(r.hash()).as(id + " gained preferences, so its payload changed").isNotEqualTo(before.get(r.feed() + "\t" + r.line()));
            } else {
                assertThat(r.hash()).as(id).isEqualTo(before.get(r.feed() + "\t" + r.line()));
            }
        }
        // the rows the demo files were given preferences or complaints on, and only those
        assertThat(carrying).containsExactlyInAnyOrderElementsOf(ROWS_WITH_NOTES);
    }

    /** The demo rows that carry preferences, allergies, an anniversary or a complaint (opera-reservations). */
    static final List<String> ROWS_WITH_NOTES = List.of("548213907", "548214110", "548215002");

    @TempDir
    Path tmp;
    Database db;
    String pgUrl;

    @AfterEach
    void close() {
        if (db != null) db.close();
        if (pgUrl != null) TestDatabases.dropPostgres(pgUrl);
    }

    /**
     * Through the store: every shipped demo file imported, then re-imported as another file: every row is UNCHANGED,
     * and the stored hash of every row without the new fields is the hash the previous release stored for it, so a
     * store written by that release would report those rows UNCHANGED too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void reImportingTheShippedDemoFilesReportsEveryRowUnchanged(String store) throws Exception {
        String url = store.equals("postgres") ? (pgUrl = TestDatabases.createPostgres("guestlink_test")) : TestDatabases.h2Url(tmp);
        db = Database.open(url, store.equals("postgres") ? TestDatabases.PG_USER : "sa", "", 2);
        FileImporter importer = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), 1000, 100000);
        // A file holding two versions of one record (OPERA writes a reservation changed twice in a day twice) puts
        // the first version back and then the second on every re-delivery: those rows are UPDATED, the end state is
        // unchanged. That is how the store treats versions, independent of the payload format.
        Map<String, Long> rowsPerKey = new HashMap<>();
        for (ShippedPayloads.Row r : ShippedPayloads.all()) rowsPerKey.merge(r.file() + "|" + r.key(), 1L, Long::sum);
        long mapped = 0;
        for (SourceConfig feed : ShippedPayloads.feedsWithDemo()) {
            for (Path f : ShippedPayloads.demoFiles(feed)) {
                ImportSummary first = importFile(importer, feed, f, f.getFileName().toString());
                ImportSummary again = importFile(importer, feed, f, "again-" + f.getFileName());
                long rows = first.counts().imported() + first.counts().updated() + first.counts().unchanged();
                long versions = rowsPerKey.entrySet().stream().filter(e -> e.getKey().startsWith(f.getFileName() + "|")
                        && e.getValue() > 1).mapToLong(Map.Entry::getValue).sum();
                mapped += rows;
                assertThat(again.counts().unchanged()).as(f.toString()).isEqualTo(rows - versions);
                assertThat(again.counts().updated()).as(f + ": rows of a record with several versions in the file").isEqualTo(versions);
                assertThat(again.counts().imported()).as(f.toString()).isZero();
            }
        }
        assertThat(mapped).isEqualTo(fixture().size());

        Map<String, String> latestBefore = new HashMap<>(); // system|kind|key -> hash of its last row in the fixture
        Map<String, String> latestNow = new HashMap<>();
        for (ShippedPayloads.Row r : ShippedPayloads.all()) {
            CanonicalRecord rec = readBack(r.json());
            String k = rec.ref().system() + "|" + rec.ref().kind() + "|" + rec.ref().key();
            latestBefore.put(k, fixture().get(r.feed() + "\t" + r.line()));
            latestNow.put(k, carriesNewFields(rec) ? null : r.hash());
        }
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT system, record_kind, source_key, content_hash FROM source_record")) {
            int compared = 0;
            while (rs.next()) {
                String k = rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3);
                if (latestNow.get(k) == null) continue;
                assertThat(rs.getString(4)).as(k).isEqualTo(latestBefore.get(k));
                compared++;
            }
            assertThat(compared).isEqualTo(latestNow.values().stream().filter(java.util.Objects::nonNull).count());
        }
    }

    private ImportSummary importFile(FileImporter importer, SourceConfig feed, Path f, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(f);
        // a different name and content hash each time: the file-level duplicate check is not what is tested here
        String sha = FileImporter.sha256Of((name + "\n").getBytes()) ;
        return importer.importStream(ShippedPayloads.mapper(feed), new java.io.ByteArrayInputStream(bytes), bytes.length,
                name, sha, tmp.resolve(name + ".rejects.csv"));
    }

    static boolean carriesNewFields(CanonicalRecord r) {
        return (r.guest() != null && r.guest().hasNotes())
                || (r.fact() instanceof Reservation res && !res.complaints().isEmpty());
    }

    /** As the store reads payloads back (GuestMemoryReader): derived properties such as "empty" are ignored. */
    private static final com.fasterxml.jackson.databind.ObjectMapper READ = Payloads.JSON.copy()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // 4200.00 stays 4200.00
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    static CanonicalRecord readBack(String json) {
        try {
            var node = READ.readTree(json);
            SourceRef ref = READ.treeToValue(node.get("ref"), SourceRef.class);
            Class<? extends io.guestlink.model.Fact> type = switch (ref.kind()) {
                case RESERVATION -> Reservation.class;
                case FOLIO -> io.guestlink.model.FolioLine.class;
                case POS_TICKET -> io.guestlink.model.PosTicket.class;
                case GUEST_PROFILE -> null;
            };
            var guest = node.get("guest");
            var fact = node.get("fact");
            return new CanonicalRecord(ref, node.get("guestKey").isNull() ? null : node.get("guestKey").asText(),
                    guest == null || guest.isNull() ? null : READ.treeToValue(guest, GuestProfile.class),
                    type == null || fact == null || fact.isNull() ? null : READ.treeToValue(fact, type));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** feed TAB line -> SHA-256 as the code before preferences wrote it. */
    static Map<String, String> fixture() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ShippedPayloads.FIXTURE)) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split("\t");
            out.put(f[0] + "\t" + f[2], f[4]);
        }
        return out;
    }
}

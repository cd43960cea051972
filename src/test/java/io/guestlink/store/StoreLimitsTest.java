package io.guestlink.store;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.ImportCounts;
import io.guestlink.model.PosTicket;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StoreRow;
import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's guard: every channel refuses a value longer than its field keeps before it gets here, so one that does
 * arrive (a mapper that forgot to check) fails its batch naming the field and the limit, and nothing of the batch is
 * stored; the store never cuts a value to fit. And the journal's raw text, which replay reads back, is never kept cut.
 */
class StoreLimitsTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_limits");

    Database db;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    /** A record with one over-long value, built by hand as a faulty mapper would. */
    record Case(String field, Function<String, CanonicalRecord> record) {
        @Override
        public String toString() {
            return field;
        }
    }

    static final SourceRef RES = new SourceRef("PMS", RecordKind.RESERVATION, "C2");
    static final SourceRef POS = new SourceRef("POS", RecordKind.POS_TICKET, "CAFE|T2");

    static final List<Case> CASES = List.of(
            new Case("property", v -> stay(v, "101", "DLX", "BAR")),
            new Case("reservation.roomNumber", v -> stay("BKK01", v, "DLX", "BAR")),
            new Case("reservation.roomType", v -> stay("BKK01", "101", v, "BAR")),
            new Case("reservation.rateCode", v -> stay("BKK01", "101", "DLX", v)),
            new Case("pos.table", v -> ticket(v, "101")),
            new Case("pos.roomNumber", v -> ticket("W2", v)));

    /** Every field on H2; on PostgreSQL one per fact table (the guard is the same code, the tables are not). */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : CASES) out.add(Arguments.of(c, "h2"));
        out.add(Arguments.of(CASES.get(0), "postgres"));
        out.add(Arguments.of(CASES.get(4), "postgres"));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void aValueOverItsLimitFailsTheBatchNamingTheFieldAndNothingIsStored(Case c, String store) throws SQLException {
        open(store);
        BatchWriter writer = new BatchWriter(db, 65536);
        long run = new ImportJournal(db).start("feed", "night.csv", "sha", 0, null).id();
        CanonicalRecord fits = c.record().apply("W".repeat(32));
        CanonicalRecord tooLong = c.record().apply("W".repeat(33));

        assertThatThrownBy(() -> writer.write(run, "feed", List.of(StoreRow.mapped(1, "raw", tooLong))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("is 33 characters, more than the 32 GuestLink keeps for " + c.field());
        assertThat(count("SELECT count(*) FROM source_record")).as("nothing of the failed batch").isZero();
        assertThat(count("SELECT count(*) FROM import_row")).isZero();

        assertThat(writer.write(run, "feed", List.of(StoreRow.mapped(1, "raw", fits))).imported()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM stay WHERE property = '" + "W".repeat(32) + "' OR room_no = '" + "W".repeat(32)
                + "' OR room_type = '" + "W".repeat(32) + "' OR rate_code = '" + "W".repeat(32) + "'")
                + count("SELECT count(*) FROM pos_ticket WHERE property = '" + "W".repeat(32) + "' OR table_no = '"
                + "W".repeat(32) + "' OR room_no = '" + "W".repeat(32) + "'")).as("32 characters stored whole").isEqualTo(1);
    }

    @Test
    void aRawTextOverTheJournalLimitIsNotKeptCutAndTheJournalSaysSo() throws SQLException {
        open("h2");
        BatchWriter writer = new BatchWriter(db, 20);
        ImportJournal journal = new ImportJournal(db);
        long run = journal.start("feed", "night.csv", "sha", 0, null).id();
        String shortRaw = "C1,BKK01,101";
        String longRaw = "C2,BKK01,102,a remark far longer than twenty characters";
        ImportCounts counts = writer.write(run, "feed", List.of(
                StoreRow.mapped(2, shortRaw, stay("BKK01", "101", "DLX", "BAR")),
                StoreRow.mapped(3, longRaw, new CanonicalRecord(new SourceRef("PMS", RecordKind.RESERVATION, "C3"), null, null,
                        new Reservation("BKK01", "C3", null, null, null, "102", null, null, null, null, null, null, null)))));
        assertThat(counts.imported()).as("the row itself is stored").isEqualTo(2);

        List<ImportJournal.JournalRow> rows = new ArrayList<>();
        journal.rows(run, null, rows::add);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).raw()).isEqualTo(shortRaw);
        assertThat(rows.get(0).reason()).isNull();
        assertThat(rows.get(1).raw()).as("never kept cut").isNull();
        assertThat(rows.get(1).reason()).isEqualTo("raw text of " + longRaw.length() + " characters not kept "
                + "(guestlink.journal.max-raw-chars is 20): replay this row from the original file");
        List<ImportJournal.JournalRow> replayable = new ArrayList<>();
        journal.replayableRows("feed", replayable::add);
        assertThat(replayable).extracting(ImportJournal.JournalRow::line).containsExactly(2L);
    }

    @Test
    void textForPeopleIsShortenedVisiblyAndOnlyThat() {
        assertThat(Sql.shown("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Sql.shown("abcdefg", 6)).isEqualTo("abcde…").hasSize(6);
        assertThat(Sql.shown(null, 6)).isNull();
    }

    private static CanonicalRecord stay(String property, String room, String type, String rate) {
        return new CanonicalRecord(RES, null, null, new Reservation(property, "C2", null, null, type, room, rate, null,
                "THB", null, null, null, null));
    }

    private static CanonicalRecord ticket(String table, String room) {
        return new CanonicalRecord(POS, null, null, new PosTicket("BKK01", "CAFE", "T2", table, null, null, null, List.of(),
                room, null, null, null, null, "THB"));
    }

    private void open(String store) {
        db = store.equals("postgres") ? Database.open(pg.url(), pg.user(), "", 2)
                : Database.open(TestDatabases.h2Url(tmp), "sa", "", 2);
    }

    private long count(String sql) throws SQLException {
        return io.guestlink.testing.StoreCounts.count(db, sql);
    }
}

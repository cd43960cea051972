package io.guestlink.store;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.FieldFlag;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.ImportCounts;
import io.guestlink.model.PersonName;
import io.guestlink.model.RecordKind;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StoreRow;
import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored row whose mapping flagged values keeps its outcome and carries the flags in the journal; each run counts
 * such rows; the unverified phone is kept as a contact of its own type (for the matcher's holder counts), masked.
 */
class FlaggedRowsJournalTest {
    @TempDir
    Path tmp;

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_flagged");

    Database db;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    private static CanonicalRecord guest(String key, List<String> unverifiedPhones) {
        GuestProfile g = new GuestProfile(List.of(new PersonName("MARY CHEN", "CHEN", "MARY", null, "LATIN")), null, "F",
                null, null, List.of(), List.of(), List.of(), null, List.of(), Map.of())
                .withUnverified(List.of(), unverifiedPhones);
        return new CanonicalRecord(new SourceRef("PMS", RecordKind.GUEST_PROFILE, key), key, g, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shouldJournalAndCountTheFlagsOfStoredRows(String store) throws Exception {
        db = store.equals("postgres") ? Database.open(pg.url(), pg.user(), "", 2)
                : Database.open(TestDatabases.h2Url(tmp), "sa", "", 2);
        BatchWriter writer = new BatchWriter(db, 65536);
        ImportJournal journal = new ImportJournal(db);
        long run = journal.start("feed", "guests.csv", "sha", 0, null).id();
        List<FieldFlag> flags = List.of(new FieldFlag("guest.phone", "12*****0199",
                "is not a valid number for region US: kept as digits-only matching evidence, never a key or a number to call"));
        ImportCounts counts = writer.write(run, "feed", List.of(
                StoreRow.mapped(2, "G1,CHEN,MARY,(212) 155-0199", guest("G1", List.of("12121550199")), flags),
                StoreRow.mapped(3, "G2,CHEN,MARY,", guest("G2", List.of()), List.of()),
                StoreRow.rejected(4, "G3,,,", "guest", "", "a guest-profile row with no name, contact or key")));
        assertThat(counts.imported()).isEqualTo(2);
        assertThat(counts.rejected()).isEqualTo(1);

        assertThat(journal.flaggedCounts(List.of(run, 999_999L))).isEqualTo(Map.of(run, 1L));
        List<ImportJournal.JournalRow> flagged = new ArrayList<>();
        journal.flaggedRows(run, flagged::add);
        assertThat(flagged).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.outcome()).isEqualTo("IMPORTED");
            assertThat(r.field()).isEqualTo("guest.phone");
            assertThat(r.value()).isEqualTo("12*****0199");
            assertThat(r.reason()).startsWith("flagged: guest.phone is not a valid number for region US");
        });
        List<ImportJournal.JournalRow> rejected = new ArrayList<>();
        journal.rows(run, "REJECTED", rejected::add);
        assertThat(rejected).extracting(ImportJournal.JournalRow::line).containsExactly(4L);

        // the evidence is a contact of its own type, shown masked, never a PHONE anything would call or search by
        assertThat(io.guestlink.testing.StoreCounts.count(db, "SELECT COUNT(*) FROM profile_contact WHERE key_type = 'BADPHONE' "
                + "AND contact_key = 'BADPHONE:12121550199' AND display_value NOT LIKE '%1550199%'")).isEqualTo(1);
        assertThat(io.guestlink.testing.StoreCounts.count(db, "SELECT COUNT(*) FROM profile_contact WHERE key_type = 'PHONE'"))
                .isZero();
        assertThat(io.guestlink.testing.StoreCounts.count(db, "SELECT COUNT(*) FROM profile_key WHERE identity_key LIKE '%1550199%'"))
                .as("never an identity key").isZero();
    }
}

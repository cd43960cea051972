package io.guestlink.store;

import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.StoreIntegrity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The foreign keys of the import's hot tables: checked row by row on H2, left to the writer on PostgreSQL (V22), where
 * {@link StoreIntegrity} finds a row whose parent is missing.
 */
class WritePathReferencesTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_refs");

    static final String ORPHAN_KEY = "INSERT INTO profile_key (identity_key, key_type, profile_id, display_value, first_seen) "
            + "VALUES ('EMAIL:nobody@example.test', 'EMAIL', 987654321, 'n***@example.test', CURRENT_TIMESTAMP)";

    @Test
    void h2StillRefusesARowWithoutItsParent() throws Exception {
        try (Database db = Database.open(TestDatabases.h2Url(tmp), "sa", "", 2); Connection c = db.connection();
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate(ORPHAN_KEY)).isInstanceOf(SQLException.class);
            assertThat(StoreIntegrity.orphans(db)).isEmpty();
        }
    }

    @Test
    void postgresLeavesTheReferenceToTheWriterAndTheCheckFindsABrokenOne() throws Exception {
        try (Database db = Database.open(pg.url(), pg.user(), "", 2)) {
            assertThat(io.guestlink.testing.StoreCounts.count(db, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN "
                    + "('import_row'::regclass, 'source_record'::regclass, 'stay'::regclass, 'folio_line'::regclass, "
                    + "'pos_ticket'::regclass, 'pos_item'::regclass, 'profile_key'::regclass, 'profile_name'::regclass, "
                    + "'profile_contact'::regclass, 'consent_statement'::regclass, 'possible_duplicate'::regclass)"))
                    .as("row-by-row checks on the hot tables").isZero();
            assertThat(io.guestlink.testing.StoreCounts.count(db, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'profile_merge'::regclass"))
                    .as("rarely written tables keep theirs").isEqualTo(2);
            assertThat(StoreIntegrity.orphans(db)).isEmpty();
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.executeUpdate(ORPHAN_KEY);
            }
            assertThat(StoreIntegrity.orphans(db)).containsEntry("profile_key.profile_id -> guest_profile", 1L);
        }
    }
}

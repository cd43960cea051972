package io.guestlink.store;

import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A linking round's merges written together ({@link MergeWrites#mergeAll}) end where writing them one by one ends: on
 * PostgreSQL they are pointed in two set-based statements, on H2 one statement per merge, and a later merge of the
 * round may absorb an earlier one's survivor, whose members then follow it.
 */
class MergeWritesTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_merges");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aChainOfMergesInOneRoundEndsAtItsLastSurvivorWithEveryMember(String store) throws Exception {
        try (Database db = TestDatabases.open(store, pg, tmp); Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (long id = 1; id <= 7; id++)
                    s.execute("INSERT INTO guest_profile (id, created_at, updated_at) VALUES (" + id + ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                // merged in earlier rounds: 4 into 1 (1's member), 5 into 2 (2's member)
                s.execute("UPDATE guest_profile SET merged_into = 1 WHERE id = 4");
                s.execute("UPDATE guest_profile SET merged_into = 2 WHERE id = 5");
            }
            // this round: 1 into 2, then 2 into 3 (the survivor of the first is absorbed by the second); 7 into 6 apart
            MergeWrites.mergeAll(c, List.of(new MergeWrites.Decided(2, 1, 20.0, "{}"), new MergeWrites.Decided(3, 2, 21.0, "{}"),
                    new MergeWrites.Decided(6, 7, 22.0, "{}")), "probabilistic", 12.0, "auto");
            c.commit();
            Map<Long, Long> mergedInto = new TreeMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, merged_into FROM guest_profile")) {
                while (rs.next()) mergedInto.put(rs.getLong(1), rs.getObject(2) == null ? null : rs.getLong(2));
            }
            Map<Long, Long> expected = new TreeMap<>();
            for (long id : List.of(1L, 2L, 4L, 5L)) expected.put(id, 3L);
            expected.put(3L, null);
            expected.put(6L, null);
            expected.put(7L, 6L);
            assertThat(mergedInto).isEqualTo(expected);
            assertThat(io.guestlink.testing.StoreCounts.count(db, "SELECT COUNT(*) FROM profile_merge")).as("each merge logged, to be undone one by one")
                    .isEqualTo(3);
        }
    }
}

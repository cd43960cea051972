package io.guestlink.store;

import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.RecordKind;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StoreRow;
import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches written {@code AT_RUN_END} (a file import's, a watermark feed's poll: see PollDurabilityTest) commit without
 * waiting for the disk on PostgreSQL (the run's end in the journal is the durable commit that follows them); every
 * other batch waits as the server is set to, and so does the journal's own work. What the batch writes is the same
 * either way.
 */
class BatchDurabilityTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_durability");

    Database db;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    private static StoreRow guest(long line, String key) {
        GuestProfile g = new GuestProfile(List.of(new PersonName("MARY CHEN", "CHEN", "MARY", null, "LATIN")), null, "F",
                null, null, List.of(), List.of(), List.of(), null, List.of(), Map.of());
        return StoreRow.mapped(line, "raw " + key, new CanonicalRecord(new SourceRef("PMS", RecordKind.GUEST_PROFILE, key), key, g, null), List.of());
    }

    @ParameterizedTest
    @CsvSource({"postgres, AT_RUN_END, off", "postgres, ON_COMMIT, on", "h2, AT_RUN_END, ", "h2, ON_COMMIT, "})
    void onlyBatchesForTheRunsEndCommitWithoutWaitingForTheDisk(String store, BatchWriter.Durability durability, String expected)
            throws Exception {
        db = TestDatabases.open(store, pg, tmp);
        BatchWriter writer = new BatchWriter(db, 65536);
        ImportJournal journal = new ImportJournal(db);
        long run = journal.start("feed", "guests.csv", "sha", 0, null).id();
        List<String> seen = new ArrayList<>();
        var counts = writer.writePrepared(run, "feed", List.of(writer.prepare(guest(1, "G1")), writer.prepare(guest(2, "G2"))),
                (tx, profiles, outcomes) -> seen.add(tx.sql("reading the setting", c -> {
                    if (!db.isPostgres()) return null;
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
                        rs.next();
                        return rs.getString(1);
                    }
                })), durability);

        assertThat(counts.imported()).isEqualTo(2);
        assertThat(seen).containsExactly(expected);
        // the setting held for the batch's transaction only: the next unit of work on a pooled connection waits again
        if (db.isPostgres()) {
            for (int i = 0; i < 3; i++) {
                try (var c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("on");
                }
            }
        }
        try (var c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM source_record WHERE source_key IN ('G1', 'G2')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }
}

package io.guestlink.pipeline;

import io.guestlink.ingest.RecordMapper;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.PollState;
import io.guestlink.store.TestDatabases;
import io.guestlink.testing.FeedMappers;
import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A watermark feed's batches commit without waiting for the disk on PostgreSQL (the legacy table keeps the rows and
 * the poll's end in the journal is a durable commit); a flag feed's wait, since it flags the legacy rows after each.
 * A poll that fails forgets what it had seen in memory, so batches a server crash took back, with their watermark, are
 * read and written again by the next poll.
 */
class PollDurabilityTest {
    static final String FEED = """
            id: res
            system: PMS
            kind: reservation
            property: BKK01
            currency: THB
            key: [CONF]
            fields:
              reservation.confirmationNumber: CONF
              reservation.roomNumber: ROOM
              guest.key: GID
              guest.name: NAME
            poll:
              url: jdbc:h2:mem:not-read-by-this-test
              query: SELECT * FROM legacy
              batchSize: 1
            """;
    static final String WATERMARK = FEED + "  watermark: UPDATED_AT\n  lag: PT1M\n";
    static final String FLAG = FEED + "  mode: flag\n  onConsume: UPDATE legacy SET done = 1 WHERE CONF = :#CONF\n";
    static final LocalDateTime T0 = LocalDateTime.of(2026, 6, 15, 8, 0);

    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_poll_durability");

    Database db;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    @ParameterizedTest
    @CsvSource({"WATERMARK, off", "FLAG, on"})
    void onlyAWatermarkFeedsBatchesCommitWithoutWaitingForTheDisk(String mode, String expected) throws Exception {
        db = TestDatabases.open("postgres", pg, tmp);
        // what each batch's own transaction is set to, kept by a trigger on the table every batch writes
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE seen_setting (value TEXT)");
            s.execute("CREATE FUNCTION keep_setting() RETURNS trigger AS $$ BEGIN "
                    + "INSERT INTO seen_setting VALUES (current_setting('synchronous_commit')); RETURN NULL; END $$ LANGUAGE plpgsql");
            s.execute("CREATE TRIGGER keep_setting AFTER INSERT ON source_record FOR EACH STATEMENT EXECUTE FUNCTION keep_setting()");
        }
        PollImporter poller = new PollImporter(new ImportJournal(db), new BatchWriter(db, 65536), new PollState(db), 1000);
        List<Integer> flagged = new ArrayList<>();
        var result = poller.importRows(mapper(mode.equals("FLAG") ? FLAG : WATERMARK), rows(1, 2).iterator(),
                mode.equals("FLAG") ? null : T0.plusHours(1), batch -> flagged.add(batch.size()));

        assertThat(result.counts().imported()).isEqualTo(2);
        assertThat(flagged).containsExactly(1, 1);
        List<String> seen = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM seen_setting")) {
            while (rs.next()) seen.add(rs.getString(1));
        }
        assertThat(seen).isNotEmpty().containsOnly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aFailedPollReadsAgainWhatTheStoreNoLongerHolds(String store) throws Exception {
        db = TestDatabases.open(store, pg, tmp);
        RecordMapper feed = mapper(WATERMARK);
        PollImporter poller = new PollImporter(new ImportJournal(db), new BatchWriter(db, 65536), new PollState(db), 1000);
        poller.importRows(feed, rows(1, 2, 3).iterator(), T0.plusHours(1), batch -> { });
        String markBefore = watermark();

        // the next poll stores rows 4 and 5, batch by batch, then the legacy database goes away
        Iterator<Map<String, Object>> broken = failingAfter(rows(4, 5));
        assertThatThrownBy(() -> poller.importRows(feed, broken, T0.plusHours(1), batch -> { }))
                .hasMessageContaining("connection reset");
        assertThat(stored()).containsExactly("C1", "C2", "C3", "C4", "C5");

        // ... and the store's server crashed before its log reached the disk: both batches are gone, watermark and all
        forget("C4", "C5", markBefore);

        assertThat(poller.query(feed.config(), T0.plusHours(1)).from()).as("the next poll starts from the store's watermark")
                .isEqualTo(T0.plusMinutes(3).minusMinutes(1));
        PollImporter.PollResult again = poller.importRows(feed, rows(3, 4, 5).iterator(), T0.plusHours(1), batch -> { });
        assertThat(again.counts().imported()).isEqualTo(2);
        assertThat(stored()).containsExactly("C1", "C2", "C3", "C4", "C5");
    }

    /** Legacy rows C{n}, each changed a minute after the one before. */
    private static List<Map<String, Object>> rows(int... ns) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int n : ns) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("CONF", "C" + n);
            row.put("ROOM", "10" + n);
            row.put("GID", "G" + n);
            row.put("NAME", "CHEN/MARY");
            row.put("UPDATED_AT", T0.plusMinutes(n));
            out.add(row);
        }
        return out;
    }

    private static Iterator<Map<String, Object>> failingAfter(List<Map<String, Object>> rows) {
        Iterator<Map<String, Object>> it = rows.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (!it.hasNext()) throw new IllegalStateException("legacy database: connection reset");
                return true;
            }

            @Override
            public Map<String, Object> next() {
                return it.next();
            }
        };
    }

    private List<String> stored() throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT source_key FROM source_record ORDER BY source_key")) {
            while (rs.next()) keys.add(rs.getString(1));
        }
        return keys;
    }

    private String watermark() throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT watermark FROM poll_state WHERE source_id = 'res'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** What a server crash does to batches committed without waiting for the disk: they and their watermark are gone. */
    private void forget(String key1, String key2, String mark) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            String ids = "(SELECT id FROM source_record WHERE source_key IN ('" + key1 + "', '" + key2 + "'))";
            DatabaseMetaData meta = c.getMetaData();
            List<String[]> refs = new ArrayList<>();
            for (String name : new String[]{"source_record", "SOURCE_RECORD"}) {
                try (ResultSet rs = meta.getExportedKeys(null, null, name)) {
                    while (rs.next()) refs.add(new String[]{rs.getString("FKTABLE_NAME"), rs.getString("FKCOLUMN_NAME")});
                }
            }
            try (Statement s = c.createStatement()) {
                for (String[] r : refs) s.executeUpdate("DELETE FROM " + r[0] + " WHERE " + r[1] + " IN " + ids);
                s.executeUpdate("DELETE FROM source_record WHERE id IN " + ids);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE poll_state SET watermark = ? WHERE source_id = 'res'")) {
                ps.setString(1, mark);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    private RecordMapper mapper(String yaml) throws IOException {
        return FeedMappers.fromYaml(tmp, yaml);
    }
}

package io.guestlink.store;

import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL a run's rejected rows have an index of their own (V25: only they are in it, so the imported rows every
 * batch journals cost it nothing), and the journal's look-ups of them read it: a page of a run's rejects as the API
 * and CLI ask for it, in two runs of 50,000 rows of which one in a hundred was rejected. The page itself still comes
 * back whole and in line order, from both stores.
 */
class RejectedRowsIndexTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_rejected_rows");

    @Test
    void aRunsRejectedRowsAreFoundThroughTheirOwnIndex() throws Exception {
        try (Database db = TestDatabases.open("postgres", pg, tmp); Connection c = db.connection(); Statement s = c.createStatement()) {
            assertThat(QueryPlans.indexes(s, "import_row")).contains("import_row_rejected").doesNotContain("import_row_rejects");
            journal(s);
            String page = ImportJournal.pageOfOutcome("REJECTED").replaceFirst("\\?", "1").replaceFirst("\\?", "0").replaceFirst("\\?", "50");
            assertThat(QueryPlans.plan(s, page)).contains("import_row_rejected");
            assertThat(QueryPlans.plan(s, "SELECT line_no, reprocessed_run FROM import_row WHERE file_id = 2 AND outcome = 'REJECTED' "
                    + "AND reprocessed_run IS NOT NULL")).contains("import_row_rejected");
        }
    }

    @Test
    void aPageOfRejectsHoldsTheRunsRejectedRowsInLineOrderOnBothStores() throws Exception {
        for (String store : List.of("h2", "postgres")) {
            try (Database db = TestDatabases.open(store, pg, tmp.resolve(store)); Connection c = db.connection(); Statement s = c.createStatement()) {
                journal(s);
                ImportJournal journal = new ImportJournal(db);
                List<Long> lines = journal.rows(2, "REJECTED", 10, 5).stream().map(ImportJournal.JournalRow::line).toList();
                assertThat(lines).as(store).containsExactly(1100L, 1200L, 1300L, 1400L, 1500L);
                assertThat(journal.rows(2, "NOT_AN_OUTCOME", 0, 5)).as(store).isEmpty();
            }
        }
    }

    /** Two runs of 50,000 journal rows, every hundredth line rejected. */
    private static void journal(Statement s) throws SQLException {
        String lines = isPostgres(s) ? "generate_series(1, 50000) AS g(x)" : "SYSTEM_RANGE(1, 50000) AS g(x)";
        for (int run = 1; run <= 2; run++) {
            s.execute("INSERT INTO import_file (id, source_id, file_name, file_sha256, status, started_at) VALUES (" + run
                    + ", 'feed', 'f" + run + "', 'sha" + run + "', 'DONE', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO import_row (file_id, line_no, outcome, source_key, reason) SELECT " + run + ", x, "
                    + "CASE WHEN MOD(x, 100) = 0 THEN 'REJECTED' ELSE 'IMPORTED' END, CAST(x AS VARCHAR), "
                    + "CASE WHEN MOD(x, 100) = 0 THEN 'bad' END FROM " + lines);
        }
        if (isPostgres(s)) s.execute("ANALYZE import_row");
    }

    private static boolean isPostgres(Statement s) throws SQLException {
        return s.getConnection().getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    }
}

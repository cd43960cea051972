package io.guestlink.store;

import io.guestlink.testing.PostgresDatabase;
import io.guestlink.testing.StoreCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A table a load grew past its threshold gets statistics after the batch, and the pooled connection is left as it came. */
class GrowthAnalyzerTest {
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_growth");

    @Test
    void aGrownTableIsAnalysedWithASmallSampleAndTheConnectionKeepsItsSettings() throws Exception {
        try (Database db = Database.open(pg.url(), pg.user(), "", 2); Connection c = db.connection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true); // as BatchWriter hands it over after a commit
            grow(db, s, "grown");
            assertThat(new GrowthAnalyzer().afterBatch(c)).contains("grown");
            assertThat(StoreCounts.count(db, "SELECT count(*) FROM pg_stats WHERE tablename = 'grown' AND attname = 'id'"))
                    .as("the planner has statistics").isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SHOW default_statistics_target")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("100");
            }
        }
    }

    /**
     * The batch writer asks for the analysis and goes on; the store's own thread analyses on a connection of its own,
     * and closing the store waits for it rather than pulling the connections from under it.
     */
    @Test
    void aStoreAnalysesWhatGrewOnItsOwnThreadAndClosesAfterIt() throws Exception {
        Database db = Database.open(pg.url(), pg.user(), "", 2);
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            grow(db, s, "grown_later");
        }
        db.analyseGrowthSoon();
        db.close();
        try (Database again = Database.open(pg.url(), pg.user(), "", 2)) {
            assertThat(StoreCounts.count(again, "SELECT count(*) FROM pg_stats WHERE tablename = 'grown_later' AND attname = 'id'"))
                    .as("analysed before the store closed").isEqualTo(1);
        }
    }

    /** A new table of 25,000 rows, once the statistics views show them as changed since its (missing) analysis. */
    private static void grow(Database db, Statement s, String table) throws Exception {
        s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, label TEXT)");
        s.execute("INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 25000) g");
        // the statistics views are fed asynchronously (PostgreSQL 15: when the backend next reports): ask for it now
        s.execute("SELECT pg_stat_force_next_flush()");
        s.execute("SELECT 1");
        for (int i = 0; i < 150 && StoreCounts.count(db, "SELECT COALESCE(SUM(n_mod_since_analyze), 0) FROM pg_stat_user_tables "
                + "WHERE relname = '" + table + "'") < 25000; i++) Thread.sleep(100);
    }
}

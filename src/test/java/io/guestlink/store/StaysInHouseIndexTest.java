package io.guestlink.store;

import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL the stays in house have an index of their own (V24: only they are in it, so the other stays a batch
 * writes cost it nothing), and the look-ups of stays in house can be answered from it: the closing pass of business
 * days (OverdueStays) and the front desk's board (FrontOfHouse), in their shape here, on a hotel's history of 20,000
 * stays of which one in a hundred is in house.
 */
class StaysInHouseIndexTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_in_house");

    static final List<String> IN_HOUSE_LOOK_UPS = List.of(
            "SELECT DISTINCT property FROM stay WHERE status = 'IN_HOUSE'",
            "SELECT s.source_record_id FROM stay s WHERE s.status = 'IN_HOUSE' AND s.property = 'BKK01' "
                    + "AND s.departure < DATE '2026-06-01' ORDER BY s.departure, s.source_record_id LIMIT 500",
            "SELECT s.confirmation_no FROM stay s WHERE s.property = 'BKK01' AND ((s.status = 'BOOKED' AND s.arrival = DATE '2026-06-01') "
                    + "OR (s.status = 'IN_HOUSE' AND (s.arrival IS NULL OR s.arrival <= DATE '2026-06-01') "
                    + "AND (s.departure IS NULL OR s.departure >= DATE '2026-06-01')))");

    @Test
    void theStaysInHouseAreFoundThroughTheirOwnIndex() throws Exception {
        try (Database db = TestDatabases.open("postgres", pg, tmp); Connection c = db.connection(); Statement s = c.createStatement()) {
            assertThat(QueryPlans.indexes(s, "stay")).contains("stay_in_house").doesNotContain("stay_by_status");
            s.execute("INSERT INTO stay (source_record_id, profile_id, property, confirmation_no, arrival, departure, status) "
                    + "SELECT g, g, CASE WHEN g % 2 = 0 THEN 'BKK01' ELSE 'HKT01' END, 'C' || g, DATE '2021-01-01' + g / 10, "
                    + "DATE '2021-01-03' + g / 10, CASE WHEN g % 100 = 0 THEN 'IN_HOUSE' WHEN g % 7 = 0 THEN 'BOOKED' "
                    + "ELSE 'CHECKED_OUT' END FROM generate_series(1, 20000) g");
            s.execute("ANALYZE stay");
            for (String query : IN_HOUSE_LOOK_UPS) assertThat(QueryPlans.plan(s, query)).as(query).contains("stay_in_house");
        }
    }
}

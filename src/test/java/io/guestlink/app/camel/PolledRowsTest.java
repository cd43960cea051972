package io.guestlink.app.camel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.ColumnMapRowMapper;
import org.springframework.jdbc.core.RowMapper;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A polled row holds what camel-sql's default row (Spring's ColumnMapRowMapper) holds, looked up the same way. */
class PolledRowsTest {
    @TempDir
    Path tmp;

    @Test
    void aRowHoldsTheValuesLabelsAndOrderOfSpringsRowAndFindsALabelInAnyCase() throws Exception {
        String query = "SELECT res_id, guest_name, birth_date, rate_amount, updated_at, note, res_id AS \"Res_Id\" FROM reservation ORDER BY res_id";
        List<Map<String, Object>> ours = read(query, (RowMapper<?>) new PolledRows().newColumnRowMapper());
        List<Map<String, Object>> spring = read(query, new ColumnMapRowMapper());

        assertThat(ours).hasSize(2);
        for (int i = 0; i < ours.size(); i++) {
            Map<String, Object> row = ours.get(i);
            // the same entries in the same order (the second column labelled res_id in another case is not kept)
            assertThat(new ArrayList<>(row.entrySet())).isEqualTo(new ArrayList<>(spring.get(i).entrySet()));
            assertThat(new LinkedHashMap<>(row)).isEqualTo(new LinkedHashMap<>(spring.get(i)));
            row.forEach((label, value) -> assertThat(spring.get(0)).containsKey(label));
            for (String label : List.of("RES_ID", "res_id", "Guest_Name", "NOTE")) {
                assertThat(row.containsKey(label)).as(label).isTrue();
                assertThat(row.get(label)).as(label).isEqualTo(spring.get(i).get(label));
            }
            assertThat(row.containsKey("status")).isFalse();
            assertThat(row.get("status")).isNull();
            assertThat(row.get(42)).isNull();
            assertThat(row).hasSize(6);
        }
        assertThat(ours.get(1).get("note")).as("a NULL").isNull();
        assertThat(ours.get(1).containsKey("note")).isTrue();
        assertThatThrownBy(() -> ours.get(0).put("res_id", 9)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eachQueryHasItsOwnLabels() throws Exception {
        PolledRows rows = new PolledRows();
        List<Map<String, Object>> first = read("SELECT res_id FROM reservation", (RowMapper<?>) rows.newColumnRowMapper());
        List<Map<String, Object>> second = read("SELECT guest_name, res_id FROM reservation", (RowMapper<?>) rows.newColumnRowMapper());
        assertThat(first.get(0).keySet()).containsExactly("RES_ID");
        assertThat(second.get(0).keySet()).containsExactly("GUEST_NAME", "RES_ID");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> read(String query, RowMapper<?> mapper) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + tmp.resolve("legacy").toAbsolutePath(), "sa", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS reservation (res_id BIGINT PRIMARY KEY, guest_name VARCHAR(100), birth_date DATE, "
                    + "rate_amount DECIMAL(12,2), updated_at TIMESTAMP, note VARCHAR(20))");
            s.execute("MERGE INTO reservation KEY (res_id) VALUES (1, 'YU/MING', DATE '1985-11-02', 3800.00, "
                    + "TIMESTAMP '2026-06-15 08:01:00', 'quiet room'), (2, 'LI/NA', NULL, 1500.50, TIMESTAMP '2026-06-15 08:02:00', NULL)");
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(query)) {
                int n = 0;
                while (rs.next()) out.add((Map<String, Object>) mapper.mapRow(rs, n++));
            }
            return out;
        }
    }
}

package io.guestlink.poll;

import io.guestlink.poll.ConcurrentWriter.Change;
import io.guestlink.testing.LegacyDatabase;
import io.guestlink.testing.LegacyDatabases.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The legacy-database fixtures on their own: generator, GBK bytes in the latin1 column, the late-committing writer. */
class LegacyPmsTest {
    @RegisterExtension
    final LegacyDatabase legacyDatabase = new LegacyDatabase();

    LegacyPms pms(Dialect dialect) throws SQLException {
        LegacyPms pms = new LegacyPms(legacyDatabase.create(dialect));
        pms.createSchema();
        return pms;
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void generatorInsertsTheRowsAskedForWithLegacyValues(Dialect dialect) throws Exception {
        LegacyPms pms = pms(dialect);
        assertThat(pms.generate(1, 10_000)).isEqualTo(10_000);
        assertThat(pms.generate(10_001, 500)).isEqualTo(500);
        assertThat(pms.count(null)).isEqualTo(10_500);
        assertThat(pms.maxId()).isEqualTo(10_500);
        assertThat(pms.count("res_id BETWEEN 1 AND 10500")).isEqualTo(10_500);
        // every status of the code table, spread evenly
        for (String s : LegacyPms.STATUS) assertThat(pms.count("status = '" + s + "'")).isEqualTo(2_100);
        assertThat(pms.count("email IS NULL")).isEqualTo(10_500 / 7);
        assertThat(pms.count("phone IS NULL")).isEqualTo(10_500 / 10);
        assertThat(pms.count("exported = 0")).isEqualTo(10_500);
        if (dialect == Dialect.MARIADB) assertThat(pms.count("birth_date = '0000-00-00'")).isEqualTo(10_500 / 25);
        else assertThat(pms.count("birth_date IS NULL")).isEqualTo(10_500 / 25);
        assertThat(pms.row(42)).isEqualTo("OUT/" + (100 + 42) + "/" + new BigDecimal("1542.50").toPlainString());
        // stamped before now, in res_id order
        assertThat(pms.count("updated_at IS NULL OR updated_at > " + pms.nowExpression())).isZero();
        try (Connection c = pms.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM reservation a JOIN reservation b ON b.res_id = a.res_id + 1 "
                     + "WHERE b.updated_at < a.updated_at")) {
            rs.next();
            assertThat(rs.getLong(1)).as("updated_at rises with res_id").isZero();
        }
    }

    @Test
    void gbkNameRoundTripsThroughTheLatin1Column() throws Exception {
        LegacyPms pms = pms(Dialect.MARIADB);
        pms.generate(1, 3);
        // 于明 and 曾, plus GBK characters whose bytes are the five Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D)
        String odd = new String(new byte[] {(byte) 0x81, (byte) 0x8D, (byte) 0x8F, (byte) 0x90, (byte) 0x9D, (byte) 0x81}, LegacyPms.GBK);
        assertThat(odd).hasSize(3).doesNotContain("\uFFFD");
        for (var e : Map.of(1L, "于明", 2L, "曾" + odd, 3L, "YU/MING MR").entrySet()) {
            pms.setGbkName(e.getKey(), e.getValue());
            assertThat(pms.nameHex(e.getKey())).as(e.getValue()).isEqualTo(LegacyPms.hex(e.getValue().getBytes(LegacyPms.GBK)));
        }
        try (Connection c = pms.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                     + "AND TABLE_NAME = 'reservation' AND COLUMN_NAME = 'guest_name'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("latin1");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void writerCommitsLateRowsWithOlderTimestampsThanRowsCommittedBeforeThem(Dialect dialect) throws Exception {
        LegacyPms pms = pms(dialect);
        pms.generate(1, 1_000);
        ConcurrentWriter writer = new ConcurrentWriter(pms, 50, 0.2, 10, 2_000, 7).start();
        Thread.sleep(4_000);
        writer.stop();
        assertThat(writer.errors()).isEmpty();
        List<Change> changes = writer.changes();
        assertThat(changes).anyMatch(Change::insert).anyMatch(c -> !c.insert() && !c.late()).anyMatch(Change::late);
        // a late row: committed after another change whose timestamp is newer than its own
        Optional<Change> overtaken = changes.stream().filter(Change::late).filter(late -> changes.stream().anyMatch(
                other -> !other.late() && other.commitNanos() < late.commitNanos() && other.updatedAt().isAfter(late.updatedAt()))).findFirst();
        assertThat(overtaken).as("a late commit overtaken by a newer-stamped commit").isPresent();
        // what the writer recorded is what the table holds (the last change of each row wins)
        Map<Long, Change> last = new java.util.HashMap<>();
        for (Change c : changes) last.put(c.resId(), c);
        for (Change c : last.values())
            assertThat(pms.row(c.resId())).isEqualTo(c.status() + "/" + c.roomNo() + "/" + c.rate().toPlainString());
        long inserts = changes.stream().filter(Change::insert).count();
        assertThat(pms.count(null)).isEqualTo(1_000 + inserts);
        assertThat(pms.count("exported = 0")).isEqualTo(1_000 + inserts);
    }
}

package io.guestlink.testing;

import io.guestlink.store.Database;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The references the PostgreSQL store no longer checks row by row (db/migration-postgresql V22: the import's foreign
 * keys cost more than its inserts), checked after the fact: each query counts the rows whose parent is missing. H2
 * keeps the keys, so there the counts are 0 by construction; the PostgreSQL cases of the write, merge and erasure
 * suites call this to show that the code alone keeps the references.
 */
public final class StoreIntegrity {
    private static final Map<String, String> REFERENCES = new LinkedHashMap<>();

    static {
        reference("import_row", "file_id", "import_file");
        reference("source_record", "profile_id", "guest_profile");
        for (String fact : new String[]{"stay", "folio_line", "pos_ticket", "pos_item"}) reference(fact, "source_record_id", "source_record");
        for (String table : new String[]{"profile_key", "profile_name", "profile_contact", "consent_statement"})
            reference(table, "profile_id", "guest_profile");
        reference("possible_duplicate", "profile_a", "guest_profile");
        reference("possible_duplicate", "profile_b", "guest_profile");
    }

    private static void reference(String table, String column, String parent) {
        REFERENCES.put(table + "." + column + " -> " + parent, "SELECT count(*) FROM " + table + " t WHERE t." + column
                + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + parent + " p WHERE p.id = t." + column + ")");
    }

    private StoreIntegrity() {
    }

    /** Each broken reference with the number of rows that break it; empty when the store is whole. */
    public static Map<String, Long> orphans(Database db) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (var e : REFERENCES.entrySet()) {
            long n = StoreCounts.count(db, e.getValue());
            if (n > 0) out.put(e.getKey(), n);
        }
        return out;
    }
}

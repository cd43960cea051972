package io.guestlink.store;

import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.identity.match.PersonRecord;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Each profile's own comparable record, kept beside its blocking keys (table profile_match). */
final class ProfileMatches {
    private static final ObjectReader READER = Payloads.JSON.readerFor(PersonRecord.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ProfileMatches() {
    }

    static void write(Connection c, Map<Long, PersonRecord> persons) throws SQLException {
        if (persons.isEmpty()) return;
        Sql.deleteIn(c, "profile_match", "profile_id", persons.keySet());
        try (TableRows rows = new TableRows(c, "profile_match", "profile_id, person")) {
            for (var e : persons.entrySet()) rows.add(e.getKey(), Payloads.json(e.getValue()));
            rows.flush();
        }
    }

    static Map<Long, PersonRecord> read(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, PersonRecord> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        Sql.in(c, "SELECT profile_id, person FROM profile_match WHERE profile_id", List.of(), new LinkedHashSet<>(ids), rs -> {
            try {
                out.put(rs.getLong(1), READER.readValue(rs.getString(2)));
            } catch (IOException e) {
                throw new IllegalStateException("profile " + rs.getLong(1) + ": stored match record unreadable: " + e.getMessage(), e);
            }
        });
        return out;
    }
}

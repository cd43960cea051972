package io.guestlink.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.memory.RecordedFact;
import io.guestlink.memory.SummaryUpdate;
import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The facts guest memory reads back from source_record payloads: a batch of records by id, every record of some
 * profiles, and the records of a cluster that share a natural key with landing ones (found through the fact tables'
 * indexes, so the cost follows the number of versions of that key, not the guest's history).
 */
public final class MemoryFacts {
    private MemoryFacts() {
    }

    /** The source records guest memory reads, in this transaction. */
    public static SummaryUpdate.SourceRecords in(Transaction tx) {
        return new SummaryUpdate.SourceRecords() {
            @Override
            public Map<Long, RecordedFact> byId(Collection<Long> recordIds) {
                return tx.sql("guest memory facts", c -> MemoryFacts.byId(c, recordIds));
            }

            @Override
            public Set<Long> sameKeyCandidates(Collection<Fact> facts, Set<Long> profiles) {
                return tx.sql("guest memory facts", c -> MemoryFacts.sameKeyCandidates(c, facts, profiles));
            }

            @Override
            public List<RecordedFact> ofProfiles(Collection<Long> profiles) {
                return tx.sql("guest memory facts", c -> MemoryFacts.ofProfiles(c, profiles));
            }
        };
    }

    // payloads also hold the ref and the guest: the parser skips straight to the fact (a third of a rebuild's time
    // went into reading the rest)
    private static final ObjectReader RESERVATION = reader(Reservation.class);
    private static final ObjectReader FOLIO = reader(FolioLine.class);
    private static final ObjectReader TICKET = reader(PosTicket.class);

    private static ObjectReader reader(Class<?> type) {
        return Payloads.JSON.readerFor(type).at("/fact").without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    static Fact fact(String kind, String payload) {
        try {
            return switch (kind) {
                case "RESERVATION" -> RESERVATION.<Reservation>readValue(payload);
                case "FOLIO" -> FOLIO.<FolioLine>readValue(payload);
                case "POS_TICKET" -> TICKET.<PosTicket>readValue(payload);
                default -> null;
            };
        } catch (IOException e) {
            throw new IllegalStateException("a stored payload cannot be read back: " + e.getMessage(), e);
        }
    }

    /** The records with these ids that hold a fact. */
    private static Map<Long, RecordedFact> byId(Connection c, Collection<Long> recordIds) throws SQLException {
        Map<Long, RecordedFact> out = new HashMap<>();
        Sql.in(c, "SELECT id, profile_id, record_kind, payload FROM source_record WHERE id", List.of(),
                new LinkedHashSet<>(recordIds), rs -> add(out, rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4)));
        return out;
    }

    /** Every record with a fact of these profiles. */
    private static List<RecordedFact> ofProfiles(Connection c, Collection<Long> profiles) throws SQLException {
        Map<Long, RecordedFact> out = new LinkedHashMap<>();
        Sql.in(c, "SELECT id, profile_id, record_kind, payload FROM source_record WHERE profile_id", List.of(),
                new LinkedHashSet<>(profiles), rs -> add(out, rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4)));
        return new ArrayList<>(out.values());
    }

    private static void add(Map<Long, RecordedFact> out, long id, Long profile, String kind, String payload) {
        if (profile == null) return;
        Fact f = fact(kind, payload);
        if (f != null) out.put(id, new RecordedFact(id, profile, f));
    }

    /**
     * The ids of records of these profiles whose fact may share a natural key with one of {@code facts}: the same
     * confirmation number, folio number, or property, outlet and ticket number. The caller compares the keys.
     */
    private static Set<Long> sameKeyCandidates(Connection c, Collection<Fact> facts, Set<Long> profiles) throws SQLException {
        Set<String> confirmations = new LinkedHashSet<>();
        Set<String> folios = new LinkedHashSet<>();
        Map<List<String>, Set<String>> tickets = new LinkedHashMap<>();
        for (Fact f : facts) {
            if (f instanceof Reservation r) confirmations.add(r.confirmationNumber());
            else if (f instanceof FolioLine l) folios.add(l.folioNumber());
            else if (f instanceof PosTicket t)
                tickets.computeIfAbsent(java.util.Arrays.asList(t.property(), t.outlet()), k -> new LinkedHashSet<>()).add(t.ticketNumber());
        }
        Set<Long> out = new LinkedHashSet<>();
        Sql.RowReader keep = rs -> {
            Long p = rs.getObject(2, Long.class);
            if (p != null && profiles.contains(p)) out.add(rs.getLong(1));
        };
        Sql.in(c, "SELECT source_record_id, profile_id FROM stay WHERE confirmation_no", List.of(), confirmations, keep);
        Sql.in(c, "SELECT source_record_id, profile_id FROM folio_line WHERE folio_no", List.of(), folios, keep);
        for (var e : tickets.entrySet()) {
            // the index is (property, outlet, ticket_no): a null property or outlet is matched with IS NULL
            String property = e.getKey().get(0), outlet = e.getKey().get(1);
            List<Object> fixed = new ArrayList<>();
            StringBuilder sql = new StringBuilder("SELECT source_record_id, profile_id FROM pos_ticket WHERE ");
            sql.append(property == null ? "property IS NULL" : "property = ?");
            if (property != null) fixed.add(property);
            sql.append(outlet == null ? " AND outlet IS NULL" : " AND outlet = ?");
            if (outlet != null) fixed.add(outlet);
            Sql.in(c, sql + " AND ticket_no", fixed, e.getValue(), keep);
        }
        return out;
    }
}

package io.guestlink.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.RecordKind;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Stays the PMS left in house past their departure (no check-out message came), and the record that GuestLink closed
 * one as departed by inference (stay_checkout_inferred). The closed stay itself is written as a new version of its
 * source record through {@link BatchWriter}, so history, journal, identity and guest memory follow as for any update.
 */
public final class OverdueStays {
    /** The source id of the record versions that say a stay departed by inference, not by a PMS message. */
    public static final String SOURCE_ID = "inferred:checkout";

    /** A stay in house as stored: its record id, the version read and the record (its fact a {@link Reservation}). */
    public record Overdue(long recordId, int version, CanonicalRecord record) {
        public Reservation stay() {
            return (Reservation) record.fact();
        }
    }

    /** A stay GuestLink closed as departed: for which departure, on which business date, after how many days. */
    public record Inferred(long recordId, String property, String confirmation, LocalDate departure,
                           LocalDate businessDate, int graceDays, String status) {
    }

    /** The properties with stays in house (null stands for stays without a property). */
    public List<String> propertiesInHouse(Transaction tx) {
        return tx.sql("reading the properties with stays in house", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT property FROM stay WHERE status = 'IN_HOUSE'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    /**
     * Up to {@code limit} stays at the property still in house whose departure is before {@code departedBefore},
     * earliest departure first (whoever said in house last: a PMS that sends the same stale stay again has not
     * checked the guest in again).
     */
    public List<Overdue> overdue(Transaction tx, String property, LocalDate departedBefore, int limit) {
        return tx.sql("reading the stays in house past their departure", c -> {
            List<Overdue> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.version, r.system, r.record_kind, r.source_key, "
                    + "r.payload FROM stay s JOIN source_record r ON r.id = s.source_record_id WHERE s.status = 'IN_HOUSE' AND "
                    + (property == null ? "s.property IS NULL" : "s.property = ?") + " AND s.departure < ? "
                    + "ORDER BY s.departure, r.id LIMIT " + limit)) {
                int i = 1;
                if (property != null) ps.setString(i++, property);
                ps.setObject(i, departedBefore);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        SourceRef ref = new SourceRef(rs.getString(3), RecordKind.valueOf(rs.getString(4)), rs.getString(5));
                        out.add(new Overdue(rs.getLong(1), rs.getInt(2), record(ref, rs.getString(6))));
                    }
                }
            }
            return out;
        });
    }

    /** The stored record read back as it was written, amounts with their scale, so only what is changed differs. */
    private static CanonicalRecord record(SourceRef ref, String payload) {
        try {
            JsonNode node = Payloads.READER.readTree(payload);
            JsonNode guest = node.get("guest");
            JsonNode key = node.get("guestKey");
            return new CanonicalRecord(ref, key == null || key.isNull() ? null : key.asText(),
                    guest == null || guest.isNull() ? null : Payloads.READER.treeToValue(guest, GuestProfile.class),
                    Payloads.READER.treeToValue(node.get("fact"), Reservation.class));
        } catch (IOException e) {
            throw new IllegalStateException("stored record " + ref.kind() + " " + ref.system() + " cannot be read back: " + e.getMessage(), e);
        }
    }

    /**
     * Records that the stay was closed by inference, in the transaction that wrote its closed version. Fails (and with
     * it that transaction) unless the record now holds exactly that version on top of the one read: a PMS message
     * that updated the stay in between wins, and the stay is looked at again next time.
     */
    public void recordInferred(Transaction tx, Overdue o, LocalDate businessDate, int graceDays) {
        tx.sql("recording an inferred check-out", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version, source_id FROM source_record WHERE id = ?")) {
                ps.setLong(1, o.recordId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != o.version() + 1 || !SOURCE_ID.equals(rs.getString(2)))
                        throw new IllegalStateException("stay record " + o.recordId() + " changed while its check-out was "
                                + "inferred: left to the next closing pass");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM stay_checkout_inferred WHERE source_record_id = ?")) {
                ps.setLong(1, o.recordId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO stay_checkout_inferred (source_record_id, departure, "
                    + "business_date, grace_days, version, inferred_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, o.recordId());
                ps.setObject(2, o.stay().departure());
                ps.setObject(3, businessDate);
                ps.setInt(4, graceDays);
                ps.setInt(5, o.version() + 1);
                ps.setObject(6, ImportJournal.now());
                return ps.executeUpdate();
            }
        });
    }

    /** The stays closed by inference, latest first, with the status their record holds now (the PMS may have sent one since). */
    public List<Inferred> inferred(Transaction tx, int limit) {
        return tx.sql("reading inferred check-outs", c -> {
            List<Inferred> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT i.source_record_id, s.property, s.confirmation_no, i.departure, "
                    + "i.business_date, i.grace_days, s.status FROM stay_checkout_inferred i JOIN stay s "
                    + "ON s.source_record_id = i.source_record_id ORDER BY i.inferred_at DESC, i.source_record_id LIMIT " + limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.add(new Inferred(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                            rs.getObject(5, LocalDate.class), rs.getInt(6), rs.getString(7)));
            }
            return out;
        });
    }
}

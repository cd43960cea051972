package io.guestlink.store;

import io.guestlink.model.FieldLimit;
import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** Writes the hotel facts (stays, folio lines, POS tickets and items) of source records, as batches. */
final class FactWrites {
    record Row(long sourceRecordId, Long profileId, Fact fact) {
    }

    private FactWrites() {
    }

    /** Removes the facts of updated records before their new version is inserted. */
    static void delete(Connection c, Collection<Long> sourceRecordIds) throws SQLException {
        if (sourceRecordIds.isEmpty()) return;
        InHouseChanges.changing(); // a replaced record may be a stay
        if (Sql.isPostgres(c)) {
            // one statement per table whatever the count, instead of one execution per id
            java.sql.Array ids = c.createArrayOf("bigint", sourceRecordIds.toArray());
            for (String table : List.of("stay", "folio_line", "pos_item", "pos_ticket")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE source_record_id = ANY(?)")) {
                    ps.setArray(1, ids);
                    ps.executeUpdate();
                }
            }
            return;
        }
        for (String table : List.of("stay", "folio_line", "pos_item", "pos_ticket")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE source_record_id = ?")) {
                for (long id : sourceRecordIds) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static final String STAY = "source_record_id, profile_id, property, confirmation_no, arrival, departure, "
            + "room_type, room_no, rate_code, rate_amount, currency, status, channel, adults, children";
    private static final String FOLIO = "source_record_id, profile_id, property, folio_no, line_no, reservation_ref, "
            + "business_date, trx_code, description, category, amount, currency";
    private static final String TICKET = "source_record_id, profile_id, property, outlet, ticket_no, table_no, covers, "
            + "opened_at, closed_at, room_no, member_no, guest_name, settlement, total, currency";
    private static final String ITEM = "source_record_id, position, item_line, name, quantity, price";

    /** Inserts the facts of new records and of the new versions of updated ones (their old facts deleted first). */
    static void insert(Connection c, List<Row> rows) throws SQLException {
        try (TableRows stay = new TableRows(c, "stay", STAY);
             TableRows folio = new TableRows(c, "folio_line", FOLIO);
             TableRows ticket = new TableRows(c, "pos_ticket", TICKET);
             TableRows item = new TableRows(c, "pos_item", ITEM)) {
            boolean stays = false;
            for (Row r : rows) {
                if (r.fact() instanceof Reservation s) {
                    if (!stays) InHouseChanges.changing(); // who is in house
                    stays = true;
                    stay.add(r.sourceRecordId(), r.profileId(), checked(s.property(), FieldLimit.PROPERTY),
                            checked(s.confirmationNumber(), FieldLimit.CONFIRMATION_NUMBER), s.arrival(), s.departure(),
                            checked(s.roomType(), FieldLimit.ROOM_TYPE), checked(s.roomNumber(), FieldLimit.ROOM_NUMBER),
                            checked(s.rateCode(), FieldLimit.RATE_CODE), s.rateAmount(), checked(s.currency(), FieldLimit.CURRENCY),
                            checked(s.status() == null ? null : s.status().name(), FieldLimit.STATUS),
                            checked(s.channel(), FieldLimit.CHANNEL), s.adults(), s.children());
                } else if (r.fact() instanceof FolioLine f) {
                    folio.add(r.sourceRecordId(), r.profileId(), checked(f.property(), FieldLimit.PROPERTY),
                            checked(f.folioNumber(), FieldLimit.FOLIO_NUMBER), checked(f.lineNumber(), FieldLimit.FOLIO_LINE_NUMBER),
                            checked(f.reservationRef(), FieldLimit.RESERVATION_REF), f.businessDate(),
                            checked(f.transactionCode(), FieldLimit.TRANSACTION_CODE), checked(f.description(), FieldLimit.DESCRIPTION),
                            checked(f.category() == null ? null : f.category().name(), FieldLimit.CATEGORY), f.amount(),
                            checked(f.currency(), FieldLimit.CURRENCY));
                } else if (r.fact() instanceof PosTicket t) {
                    ticket.add(r.sourceRecordId(), r.profileId(), checked(t.property(), FieldLimit.PROPERTY),
                            checked(t.outlet(), FieldLimit.OUTLET), checked(t.ticketNumber(), FieldLimit.TICKET_NUMBER),
                            checked(t.table(), FieldLimit.TABLE), t.covers(), t.opened(), t.closed(),
                            checked(t.roomNumber(), FieldLimit.TICKET_ROOM_NUMBER), checked(t.memberNumber(), FieldLimit.TICKET_MEMBER_NUMBER),
                            checked(t.guestName(), FieldLimit.TICKET_GUEST_NAME), checked(t.settlement(), FieldLimit.SETTLEMENT),
                            t.total(), checked(t.currency(), FieldLimit.CURRENCY));
                    int n = 0;
                    for (PosItem i : t.items()) {
                        item.add(r.sourceRecordId(), ++n, checked(i.line(), FieldLimit.ITEM_LINE),
                                checked(i.name(), FieldLimit.ITEM_NAME), i.quantity(), i.price());
                    }
                }
            }
            stay.flush();
            folio.flush();
            ticket.flush();
            item.flush();
        }
    }

    private static String checked(String v, FieldLimit field) {
        return Sql.checked(v, field);
    }
}

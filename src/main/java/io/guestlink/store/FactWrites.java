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

    static void insert(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement stay = c.prepareStatement("INSERT INTO stay (source_record_id, profile_id, property, "
                + "confirmation_no, arrival, departure, room_type, room_no, rate_code, rate_amount, currency, status, "
                + "channel, adults, children) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement folio = c.prepareStatement("INSERT INTO folio_line (source_record_id, profile_id, property, "
                     + "folio_no, line_no, reservation_ref, business_date, trx_code, description, category, amount, currency) "
                     + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement ticket = c.prepareStatement("INSERT INTO pos_ticket (source_record_id, profile_id, property, "
                     + "outlet, ticket_no, table_no, covers, opened_at, closed_at, room_no, member_no, guest_name, settlement, "
                     + "total, currency) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement item = c.prepareStatement("INSERT INTO pos_item (source_record_id, position, item_line, name, "
                     + "quantity, price) VALUES (?,?,?,?,?,?)")) {
            int stays = 0, folios = 0, tickets = 0, items = 0;
            for (Row r : rows) {
                if (r.fact() instanceof Reservation s) {
                    bindStay(stay, r, s);
                    stays++;
                } else if (r.fact() instanceof FolioLine f) {
                    bindFolio(folio, r, f);
                    folios++;
                } else if (r.fact() instanceof PosTicket t) {
                    bindTicket(ticket, r, t);
                    tickets++;
                    int n = 0;
                    for (PosItem i : t.items()) {
                        item.setLong(1, r.sourceRecordId());
                        item.setInt(2, ++n);
                        Sql.setString(item, 3, i.line(), FieldLimit.ITEM_LINE);
                        Sql.setString(item, 4, i.name(), FieldLimit.ITEM_NAME);
                        item.setBigDecimal(5, i.quantity());
                        Sql.setDecimal(item, 6, i.price());
                        item.addBatch();
                        items++;
                    }
                }
            }
            if (stays > 0) stay.executeBatch();
            if (folios > 0) folio.executeBatch();
            if (tickets > 0) ticket.executeBatch();
            if (items > 0) item.executeBatch();
        }
    }

    private static void bindStay(PreparedStatement ps, Row r, Reservation s) throws SQLException {
        ps.setLong(1, r.sourceRecordId());
        Sql.setLong(ps, 2, r.profileId());
        Sql.setString(ps, 3, s.property(), FieldLimit.PROPERTY);
        Sql.setString(ps, 4, s.confirmationNumber(), FieldLimit.CONFIRMATION_NUMBER);
        Sql.setDate(ps, 5, s.arrival());
        Sql.setDate(ps, 6, s.departure());
        Sql.setString(ps, 7, s.roomType(), FieldLimit.ROOM_TYPE);
        Sql.setString(ps, 8, s.roomNumber(), FieldLimit.ROOM_NUMBER);
        Sql.setString(ps, 9, s.rateCode(), FieldLimit.RATE_CODE);
        Sql.setDecimal(ps, 10, s.rateAmount());
        Sql.setString(ps, 11, s.currency(), FieldLimit.CURRENCY);
        Sql.setString(ps, 12, s.status() == null ? null : s.status().name(), FieldLimit.STATUS);
        Sql.setString(ps, 13, s.channel(), FieldLimit.CHANNEL);
        Sql.setInt(ps, 14, s.adults());
        Sql.setInt(ps, 15, s.children());
        ps.addBatch();
    }

    private static void bindFolio(PreparedStatement ps, Row r, FolioLine f) throws SQLException {
        ps.setLong(1, r.sourceRecordId());
        Sql.setLong(ps, 2, r.profileId());
        Sql.setString(ps, 3, f.property(), FieldLimit.PROPERTY);
        Sql.setString(ps, 4, f.folioNumber(), FieldLimit.FOLIO_NUMBER);
        Sql.setString(ps, 5, f.lineNumber(), FieldLimit.FOLIO_LINE_NUMBER);
        Sql.setString(ps, 6, f.reservationRef(), FieldLimit.RESERVATION_REF);
        Sql.setDate(ps, 7, f.businessDate());
        Sql.setString(ps, 8, f.transactionCode(), FieldLimit.TRANSACTION_CODE);
        Sql.setString(ps, 9, f.description(), FieldLimit.DESCRIPTION);
        Sql.setString(ps, 10, f.category() == null ? null : f.category().name(), FieldLimit.CATEGORY);
        ps.setBigDecimal(11, f.amount());
        Sql.setString(ps, 12, f.currency(), FieldLimit.CURRENCY);
        ps.addBatch();
    }

    private static void bindTicket(PreparedStatement ps, Row r, PosTicket t) throws SQLException {
        ps.setLong(1, r.sourceRecordId());
        Sql.setLong(ps, 2, r.profileId());
        Sql.setString(ps, 3, t.property(), FieldLimit.PROPERTY);
        Sql.setString(ps, 4, t.outlet(), FieldLimit.OUTLET);
        Sql.setString(ps, 5, t.ticketNumber(), FieldLimit.TICKET_NUMBER);
        Sql.setString(ps, 6, t.table(), FieldLimit.TABLE);
        Sql.setInt(ps, 7, t.covers());
        Sql.setDateTime(ps, 8, t.opened());
        Sql.setDateTime(ps, 9, t.closed());
        Sql.setString(ps, 10, t.roomNumber(), FieldLimit.TICKET_ROOM_NUMBER);
        Sql.setString(ps, 11, t.memberNumber(), FieldLimit.TICKET_MEMBER_NUMBER);
        Sql.setString(ps, 12, t.guestName(), FieldLimit.TICKET_GUEST_NAME);
        Sql.setString(ps, 13, t.settlement(), FieldLimit.SETTLEMENT);
        Sql.setDecimal(ps, 14, t.total());
        Sql.setString(ps, 15, t.currency(), FieldLimit.CURRENCY);
        ps.addBatch();
    }
}

package io.guestlink.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The canonical fields the store keeps in a bounded column, with their type, their limit and the columns that keep
 * them: the one definition the feed mapper, the JSON event mapping, the HL7 mapper and the store read, so a value
 * too long for its column is refused with its field and limit on every channel and never cut.
 *
 * <p>The names are the canonical field names of the feed files ({@code reservation.roomNumber}); each channel names
 * the place the value came from in its own terms (a JSON path, an HL7 field). {@code FieldLimitSchemaTest} reads the
 * column sizes of the migrated schema on H2 and PostgreSQL and checks them against this definition, so the two
 * cannot drift apart.
 *
 * <p>Not here: values kept only inside a record's JSON payload (complaints, preferences, membership programme and
 * level), whose length no column bounds; identity keys, which are derived and checked where they are built; amounts'
 * magnitude, bounded by each feed's {@code maxAmount} and the event schema.
 */
public enum FieldLimit {
    PROPERTY("property", Type.CODE, 32, false, "stay.property", "folio_line.property", "pos_ticket.property",
            "profile_segment.property"),
    CURRENCY("currency", Type.CODE, 3, false, "stay.currency", "folio_line.currency", "pos_ticket.currency"),

    CONFIRMATION_NUMBER("reservation.confirmationNumber", Type.CODE, 100, false, "stay.confirmation_no"),
    ARRIVAL("reservation.arrival", Type.DATE, 0, false, "stay.arrival"),
    DEPARTURE("reservation.departure", Type.DATE, 0, false, "stay.departure"),
    ROOM_TYPE("reservation.roomType", Type.CODE, 32, false, "stay.room_type"),
    ROOM_NUMBER("reservation.roomNumber", Type.CODE, 32, false, "stay.room_no"),
    RATE_CODE("reservation.rateCode", Type.CODE, 32, false, "stay.rate_code"),
    RATE_AMOUNT("reservation.rateAmount", Type.AMOUNT, 0, false, "stay.rate_amount"),
    STATUS("reservation.status", Type.CODE, 16, false, "stay.status"),
    CHANNEL("reservation.channel", Type.CODE, 64, false, "stay.channel"),
    ADULTS("reservation.adults", Type.COUNT, 0, false, "stay.adults"),
    CHILDREN("reservation.children", Type.COUNT, 0, false, "stay.children"),

    FOLIO_NUMBER("folio.folioNumber", Type.CODE, 100, false, "folio_line.folio_no"),
    FOLIO_LINE_NUMBER("folio.lineNumber", Type.CODE, 32, false, "folio_line.line_no"),
    RESERVATION_REF("folio.reservationRef", Type.CODE, 100, false, "folio_line.reservation_ref"),
    BUSINESS_DATE("folio.businessDate", Type.DATE, 0, false, "folio_line.business_date"),
    TRANSACTION_CODE("folio.transactionCode", Type.CODE, 32, false, "folio_line.trx_code"),
    DESCRIPTION("folio.description", Type.TEXT, 500, false, "folio_line.description"),
    CATEGORY("folio.category", Type.CODE, 16, false, "folio_line.category"),
    FOLIO_AMOUNT("folio.amount", Type.AMOUNT, 0, false, "folio_line.amount"),

    OUTLET("pos.outlet", Type.CODE, 64, false, "pos_ticket.outlet"),
    TICKET_NUMBER("pos.ticketNumber", Type.CODE, 100, false, "pos_ticket.ticket_no"),
    TABLE("pos.table", Type.CODE, 32, false, "pos_ticket.table_no"),
    COVERS("pos.covers", Type.COUNT, 0, false, "pos_ticket.covers"),
    OPENED("pos.opened", Type.DATE_TIME, 0, false, "pos_ticket.opened_at"),
    CLOSED("pos.closed", Type.DATE_TIME, 0, false, "pos_ticket.closed_at"),
    TICKET_ROOM_NUMBER("pos.roomNumber", Type.CODE, 32, false, "pos_ticket.room_no"),
    TICKET_MEMBER_NUMBER("pos.memberNumber", Type.CODE, 100, true, "pos_ticket.member_no"),
    TICKET_GUEST_NAME("pos.guestName", Type.TEXT, 500, true, "pos_ticket.guest_name"),
    SETTLEMENT("pos.settlement", Type.CODE, 64, false, "pos_ticket.settlement"),
    TOTAL("pos.total", Type.AMOUNT, 0, false, "pos_ticket.total"),
    ITEM_LINE("pos.item.line", Type.CODE, 100, false, "pos_item.item_line"),
    ITEM_NAME("pos.item.name", Type.TEXT, 500, false, "pos_item.name"),
    ITEM_QUANTITY("pos.item.quantity", Type.QUANTITY, 0, false, "pos_item.quantity"),
    ITEM_PRICE("pos.item.price", Type.AMOUNT, 0, false, "pos_item.price"),

    GUEST_NAME("guest.name", Type.TEXT, 1000, true, "profile_name.full_name", "guest_profile.display_name"),
    FAMILY_NAME("guest.familyName", Type.TEXT, 500, true, "profile_name.family_name"),
    GIVEN_NAME("guest.givenName", Type.TEXT, 500, true, "profile_name.given_name"),
    TITLE("guest.title", Type.CODE, 64, false, "profile_name.title"),
    BIRTH_DATE("guest.birthDate", Type.DATE, 0, true, "guest_profile.birth_date"),
    GENDER("guest.gender", Type.CODE, 8, false, "guest_profile.gender"),
    NATIONALITY("guest.nationality", Type.CODE, 8, false, "guest_profile.nationality"),
    LANGUAGE("guest.language", Type.CODE, 16, false, "guest_profile.language"),
    VIP("guest.vip", Type.CODE, 32, false, "guest_profile.vip_code"),

    // what an API request puts into the store besides records: who acted (a signed-in user or token), on what, how
    ACTOR("request.user", Type.CODE, 100, false, "profile_merge.decided_by", "possible_duplicate.decided_by",
            "audit_entry.actor"),
    AUDIT_TARGET("request.target", Type.CODE, 300, false, "audit_entry.target"),
    AUDIT_DETAIL("request.detail", Type.TEXT, 500, false, "audit_entry.detail");

    /** What a field holds, which decides its column type (checked against the schema) and how it is bounded. */
    public enum Type {
        /** An identifier or code: a bounded VARCHAR. */
        CODE,
        /** Free text a person reads (a description, a name): a bounded VARCHAR. */
        TEXT,
        /** A calendar date: DATE. */
        DATE,
        /** A local date and time: TIMESTAMP (without time zone). */
        DATE_TIME,
        /** Money: NUMERIC(14, 2). */
        AMOUNT,
        /** A POS item quantity: NUMERIC(12, 3). */
        QUANTITY,
        /** A small whole number (guests, covers): INTEGER. */
        COUNT;

        public boolean isText() {
            return this == CODE || this == TEXT;
        }
    }

    private static final Map<String, FieldLimit> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(FieldLimit::field, Function.identity()));
    /** How much of a non-personal over-long value an error shows. */
    private static final int SHOWN = 100;

    private final String field;
    private final Type type;
    private final int maxLength;
    private final boolean personal;
    private final List<String> columns;

    FieldLimit(String field, Type type, int maxLength, boolean personal, String... columns) {
        this.field = field;
        this.type = type;
        this.maxLength = maxLength;
        this.personal = personal;
        this.columns = List.of(columns);
    }

    /** The canonical field name, as a feed file spells it. */
    public String field() {
        return field;
    }

    public Type type() {
        return type;
    }

    /** The most characters the store keeps; 0 for fields that are not text. */
    public int maxLength() {
        return maxLength;
    }

    /** Whether the value is about a person (a name, a member number): masked wherever it is shown. */
    public boolean personal() {
        return personal;
    }

    /** The {@code table.column}s that keep the field. */
    public List<String> columns() {
        return columns;
    }

    /** The limit of a canonical field name, if it has one. */
    public static Optional<FieldLimit> of(String field) {
        return Optional.ofNullable(BY_NAME.get(field));
    }

    /** Whether a text value fits; null always fits, and so does anything for a field that is not text. */
    public boolean fits(String value) {
        return value == null || !type.isText() || value.length() <= maxLength;
    }

    /** Why a value that does not {@link #fits fit} is refused: its length, the limit and the field. */
    public String reason(String value) {
        return "is " + value.length() + " characters, more than the " + maxLength + " GuestLink keeps for " + field;
    }

    /** The value as an error may show it: masked when personal, else shortened past 100 characters (and saying so). */
    public String shown(String value) {
        if (value == null) return null;
        if (personal) return Masking.name(value);
        return value.length() > SHOWN ? value.substring(0, SHOWN) + "…(" + value.length() + " chars)" : value;
    }

    /**
     * A value of a record longer than its field keeps.
     *
     * @param index the position of the name or item the value belongs to (0-based), or -1 for a single value
     */
    public record Breach(FieldLimit limit, int index, String value) {
        public String reason() {
            return limit.reason(value);
        }

        public String shown() {
            return limit.shown(value);
        }

        @Override
        public String toString() {
            return limit.field() + (index < 0 ? "" : " (#" + (index + 1) + ")") + " " + reason();
        }
    }

    /** Every value of the record that is longer than its field keeps, in field order; empty when all fit. */
    public static List<Breach> breaches(CanonicalRecord r) {
        List<Breach> out = new ArrayList<>();
        if (r.fact() instanceof Reservation s) {
            check(out, PROPERTY, s.property());
            check(out, CURRENCY, s.currency());
            check(out, CONFIRMATION_NUMBER, s.confirmationNumber());
            check(out, ROOM_TYPE, s.roomType());
            check(out, ROOM_NUMBER, s.roomNumber());
            check(out, RATE_CODE, s.rateCode());
            check(out, STATUS, s.status() == null ? null : s.status().name());
            check(out, CHANNEL, s.channel());
        } else if (r.fact() instanceof FolioLine f) {
            check(out, PROPERTY, f.property());
            check(out, CURRENCY, f.currency());
            check(out, FOLIO_NUMBER, f.folioNumber());
            check(out, FOLIO_LINE_NUMBER, f.lineNumber());
            check(out, RESERVATION_REF, f.reservationRef());
            check(out, TRANSACTION_CODE, f.transactionCode());
            check(out, DESCRIPTION, f.description());
            check(out, CATEGORY, f.category() == null ? null : f.category().name());
        } else if (r.fact() instanceof PosTicket t) {
            check(out, PROPERTY, t.property());
            check(out, CURRENCY, t.currency());
            check(out, OUTLET, t.outlet());
            check(out, TICKET_NUMBER, t.ticketNumber());
            check(out, TABLE, t.table());
            check(out, TICKET_ROOM_NUMBER, t.roomNumber());
            check(out, TICKET_MEMBER_NUMBER, t.memberNumber());
            check(out, TICKET_GUEST_NAME, t.guestName());
            check(out, SETTLEMENT, t.settlement());
            for (int i = 0; i < t.items().size(); i++) {
                check(out, ITEM_LINE, i, t.items().get(i).line());
                check(out, ITEM_NAME, i, t.items().get(i).name());
            }
        }
        GuestProfile g = r.guest();
        if (g != null) {
            for (int i = 0; i < g.names().size(); i++) {
                PersonName n = g.names().get(i);
                check(out, GUEST_NAME, i, n.full());
                check(out, FAMILY_NAME, i, n.family());
                check(out, GIVEN_NAME, i, n.given());
                check(out, TITLE, i, n.title());
            }
            check(out, GENDER, g.gender());
            check(out, NATIONALITY, g.nationality());
            check(out, LANGUAGE, g.language());
            check(out, VIP, g.vipCode());
        }
        return out;
    }

    private static void check(List<Breach> out, FieldLimit limit, String value) {
        check(out, limit, -1, value);
    }

    private static void check(List<Breach> out, FieldLimit limit, int index, String value) {
        if (!limit.fits(value)) out.add(new Breach(limit, index, value));
    }
}

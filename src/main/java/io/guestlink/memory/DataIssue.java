package io.guestlink.memory;

/**
 * A fact that memory could not use as given, and what it did instead. Issues are values (sorted in results), so a
 * roll-up's issues are the same whichever order the facts arrived in.
 *
 * @param ref the fact's natural key ({@code BKK01 res 548213907}, {@code BKK01 CAFE #10234}), no personal data
 */
public record DataIssue(Kind kind, String ref, String detail) implements Comparable<DataIssue> {

    public enum Kind {
        /** Departure before arrival: the stay is excluded from stays, nights and ADR. */
        DEPARTURE_BEFORE_ARRIVAL,
        /** A reservation without arrival or departure date: excluded from stays and nights. */
        MISSING_DATES,
        /** A POS ticket with no item lines: a visit (table) with the ticket total as spend, not an order. */
        TICKET_WITHOUT_ITEMS,
        /** A POS ticket whose spend nets below zero (a refund): netted against the guest's spend. */
        REFUND,
        /** An item voided more than ordered on one ticket: treated as not ordered. */
        VOID_EXCEEDS_ORDER,
        /** A POS ticket without an open time: counted in spend but not in usual table/order. */
        TICKET_WITHOUT_TIME,
        /** An amount in a currency with no configured rate: kept in its currency, left out of base totals. */
        NO_RATE
    }

    @Override
    public int compareTo(DataIssue o) {
        int c = kind.compareTo(o.kind);
        if (c == 0) c = ref.compareTo(o.ref);
        return c != 0 ? c : detail.compareTo(o.detail);
    }
}

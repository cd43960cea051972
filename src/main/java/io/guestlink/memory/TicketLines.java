package io.guestlink.memory;

import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a POS ticket amounts to once voids have netted out. Shared by spend and usual-order, so both agree. */
final class TicketLines {

    private TicketLines() {
    }

    /** One item as ordered after voids: the name as first written on the ticket and the net quantity. */
    record NetItem(String key, String name, BigDecimal quantity) {
    }

    /** Item name compared ignoring case and surrounding or repeated spaces: "Fried  egg" is "Fried Egg". */
    static String itemKey(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** Items summed by name; a void (negative quantity) cancels an order of the same item on the same ticket. */
    static List<NetItem> netItems(PosTicket t) {
        Map<String, NetItem> m = new LinkedHashMap<>();
        for (PosItem i : t.items()) {
            BigDecimal q = i.quantity() == null ? BigDecimal.ONE : i.quantity();
            m.merge(itemKey(i.name()), new NetItem(itemKey(i.name()), i.name().trim(), q),
                    (a, b) -> new NetItem(a.key(), a.name(), a.quantity().add(b.quantity())));
        }
        return List.copyOf(m.values());
    }

    /** Items actually ordered: net quantity above zero. */
    static List<NetItem> ordered(PosTicket t) {
        return netItems(t).stream().filter(i -> i.quantity().signum() > 0).toList();
    }

    /**
     * What the guest spent on the ticket: its total when the POS gives one (it includes service charge and has the
     * voids already netted), else the sum of quantity × price over the items. A missing quantity counts as 1, a
     * missing price as 0.
     */
    static BigDecimal spend(PosTicket t) {
        if (t.total() != null) return t.total();
        BigDecimal s = BigDecimal.ZERO;
        for (PosItem i : t.items()) {
            BigDecimal q = i.quantity() == null ? BigDecimal.ONE : i.quantity();
            if (i.price() != null) s = s.add(q.multiply(i.price()));
        }
        return s;
    }
}

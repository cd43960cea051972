package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Preferences nobody wrote down but the stays show: the room type and floor a guest keeps getting, the minibar item
 * they keep taking. The same support rule as the usual order: seen on at least 2 stays and on at least half of them,
 * so one stay is never a habit. Each comes with its evidence ("2 of 3 stays") and the arrival of the last stay that
 * showed it. A minibar item counts on a stay only when its postings there net above zero: a charge reversed by a folio
 * correction was not taken.
 */
public final class ObservedPreferences {
    private ObservedPreferences() {
    }

    /**
     * One observed preference, phrased for the card, with how often it was seen.
     *
     * @param category the explicit-preference category it competes with: room, floor or minibar
     */
    public record Observed(String category, String what, int seen, int outOf, LocalDate lastSeen) {
        public String evidence() {
            return seen + " of " + outOf + " stays";
        }

        public String text() {
            return what + " (" + evidence() + ")";
        }
    }

    public static List<Observed> of(GuestFacts facts) {
        List<Reservation> stays = facts.reservations().stream()
                .filter(r -> r.status() == StayStatus.CHECKED_OUT || r.status() == StayStatus.IN_HOUSE).toList();
        List<Observed> out = new ArrayList<>();
        if (stays.size() < 2) return out;
        habit(stays, Reservation::roomType).ifPresent(h -> out.add(new Observed("room", "room type " + h.value(),
                h.stays(), stays.size(), h.last())));
        habit(stays, r -> floor(r.roomNumber())).ifPresent(h -> out.add(new Observed("floor", "floor " + h.value(),
                h.stays(), stays.size(), h.last())));
        // minibar: an item counts once per stay whose postings of it net above zero (folio lines name their reservation)
        Map<String, Map<String, BigDecimal>> netByItemAndStay = new TreeMap<>();
        Map<String, LocalDate> lastByItem = new TreeMap<>();
        for (FolioLine f : facts.folioLines()) {
            if (f.category() != ChargeCategory.MINIBAR || f.description() == null || f.amount() == null) continue;
            String item = f.description().strip().toUpperCase(Locale.ROOT);
            netByItemAndStay.computeIfAbsent(item, k -> new TreeMap<>()).merge(String.valueOf(f.reservationRef()), f.amount(), BigDecimal::add);
            if (f.amount().signum() > 0 && f.businessDate() != null) lastByItem.merge(item, f.businessDate(), (a, b) -> a.isAfter(b) ? a : b);
        }
        netByItemAndStay.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), (int) e.getValue().values().stream().filter(a -> a.signum() > 0).count()))
                .filter(e -> e.getValue() >= 2 && e.getValue() * 2 >= stays.size())
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.add(new Observed("minibar", "minibar " + e.getKey(), e.getValue(), stays.size(),
                        lastByItem.get(e.getKey()))));
        return out;
    }

    private record Habit(String value, int stays, LocalDate last) {
    }

    /** The value seen most often, if it is a habit (at least 2 times and at least half of the stays). */
    private static Optional<Habit> habit(List<Reservation> stays, java.util.function.Function<Reservation, String> value) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, LocalDate> last = new TreeMap<>();
        for (Reservation r : stays) {
            String v = value.apply(r);
            if (v == null || v.isBlank()) continue;
            String key = v.strip().toUpperCase(Locale.ROOT);
            counts.merge(key, 1, Integer::sum);
            if (r.arrival() != null) last.merge(key, r.arrival(), (a, b) -> a.isAfter(b) ? a : b);
        }
        return counts.entrySet().stream()
                .filter(e -> e.getValue() >= 2 && e.getValue() * 2 >= stays.size())
                // ties go to the smaller value, so the result never depends on the order the stays were read in
                .max(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(e -> new Habit(e.getKey(), e.getValue(), last.get(e.getKey())));
    }

    /** The floor of a room number as hotels write them: 1208 is floor 12, 815 floor 8; anything else has none. */
    static String floor(String room) {
        if (room == null) return null;
        String digits = room.strip();
        if (!digits.matches("\\d{3,4}")) return null;
        return String.valueOf(Integer.parseInt(digits.substring(0, digits.length() - 2)));
    }
}

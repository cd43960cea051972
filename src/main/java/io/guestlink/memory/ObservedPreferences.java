package io.guestlink.memory;

import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FolioLine;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Preferences nobody wrote down but the stays show: the room type and floor a guest keeps getting, the minibar item
 * they keep taking. The same support rule as the usual order: seen on at least 2 stays and on at least half of them,
 * so one stay is never a habit. Each comes with its evidence ("2 of 3 stays").
 */
public final class ObservedPreferences {
    private ObservedPreferences() {
    }

    /** One observed preference, phrased for the card, with how often it was seen. */
    public record Observed(String what, int seen, int outOf) {
        public String text() {
            return what + " (" + seen + " of " + outOf + " stays)";
        }
    }

    public static List<Observed> of(GuestFacts facts) {
        List<Reservation> stays = facts.reservations().stream()
                .filter(r -> r.status() == StayStatus.CHECKED_OUT || r.status() == StayStatus.IN_HOUSE).toList();
        List<Observed> out = new ArrayList<>();
        if (stays.size() < 2) return out;
        habit(stays.stream().map(Reservation::roomType).toList(), stays.size()).ifPresent(t -> out.add(new Observed(
                "room type " + t.getKey(), t.getValue(), stays.size())));
        habit(stays.stream().map(r -> floor(r.roomNumber())).toList(), stays.size()).ifPresent(f -> out.add(new Observed(
                "floor " + f.getKey(), f.getValue(), stays.size())));
        // minibar: an item counts once per stay it was taken in (folio lines name their reservation)
        Map<String, java.util.Set<String>> staysByItem = new LinkedHashMap<>();
        for (FolioLine f : facts.folioLines()) {
            if (f.category() != ChargeCategory.MINIBAR || f.description() == null || f.amount() == null || f.amount().signum() <= 0)
                continue;
            staysByItem.computeIfAbsent(f.description().strip().toUpperCase(Locale.ROOT), k -> new java.util.TreeSet<>())
                    .add(String.valueOf(f.reservationRef()));
        }
        staysByItem.entrySet().stream()
                .filter(e -> e.getValue().size() >= 2 && e.getValue().size() * 2 >= stays.size())
                .sorted(Map.Entry.<String, java.util.Set<String>>comparingByValue(Comparator.comparingInt(java.util.Set::size)).reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> out.add(new Observed("minibar " + e.getKey(), e.getValue().size(), stays.size())));
        return out;
    }

    /** The value seen most often, if it is a habit (at least 2 times and at least half of the stays). */
    private static java.util.Optional<Map.Entry<String, Integer>> habit(List<String> values, int stays) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String v : values) if (v != null && !v.isBlank()) counts.merge(v.strip().toUpperCase(Locale.ROOT), 1, Integer::sum);
        return counts.entrySet().stream()
                .filter(e -> e.getValue() >= 2 && e.getValue() * 2 >= stays)
                // ties go to the smaller value, so the result never depends on the order the stays were read in
                .max(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()));
    }

    /** The floor of a room number as hotels write them: 1208 is floor 12, 815 floor 8; anything else has none. */
    static String floor(String room) {
        if (room == null) return null;
        String digits = room.strip();
        if (!digits.matches("\\d{3,4}")) return null;
        return String.valueOf(Integer.parseInt(digits.substring(0, digits.length() - 2)));
    }
}

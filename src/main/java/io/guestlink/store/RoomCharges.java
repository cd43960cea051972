package io.guestlink.store;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whose POS ticket is it, when all it names is a room: the rule {@link BatchWriter} links room-numbered tickets by.
 *
 * <ol>
 *   <li>Candidates: the stays in that room (not cancelled, not no-show) whose arrival-to-departure days, both
 *       included, hold the ticket's local date (the departure-morning breakfast belongs to the stay).</li>
 *   <li>One guest among them (stays of profiles merged into one count once): theirs.</li>
 *   <li>Changeover: on a day one guest departs and another arrives, a ticket opened before the changeover time
 *       ({@code guestlink.pos.room-changeover}, default 12:00) is the departing guest's (a bar bill at 00:20 is still
 *       their last night), one opened from it on the arriving guest's.</li>
 *   <li>Sharers (two guests in the room that day): the room does not decide. The ticket goes on to the name the
 *       cashier wrote ({@link TicketNames}) and the member number: a POS charging a room asks the PMS who is in it
 *       and posts to the guest the cashier picks, whose name the check prints (Oracle's post-inquiry: "so that
 *       charges can be sent to a specific guest"). When neither names exactly one guest, the ticket stays unlinked:
 *       there is no "primary sharer" in the canonical reservation, a guessed owner would put another person's
 *       breakfast into this guest's usual order on the card, and an unlinked room charge loses no spend (it is
 *       counted on the folio it was posted to).</li>
 * </ol>
 */
final class RoomCharges {
    static final LocalTime DEFAULT_CHANGEOVER = LocalTime.NOON;

    private RoomCharges() {
    }

    /** A stay in the room: its dates, the profile it is filed under and that profile's live root. */
    record Occupant(LocalDate arrival, LocalDate departure, long profileId, long root) {
        LocalDate last() {
            return departure == null ? arrival : departure;
        }
    }

    /** The profile the ticket belongs to, or null when the rule above cannot tell. */
    static Long owner(LocalDateTime opened, List<Occupant> stays, LocalTime changeover) {
        LocalDate day = opened.toLocalDate();
        List<Occupant> in = stays.stream().filter(s -> !day.isBefore(s.arrival()) && !day.isAfter(s.last())).toList();
        if (roots(in).size() > 1) {
            boolean beforeChangeover = opened.toLocalTime().isBefore(changeover);
            // a filter that leaves nobody (two sharers both arriving that day, a ticket before noon) changes nothing
            List<Occupant> narrowed = in.stream()
                    .filter(s -> beforeChangeover ? !s.arrival().equals(day) : !s.last().equals(day)).toList();
            if (!narrowed.isEmpty()) in = narrowed;
        }
        if (in.isEmpty() || roots(in).size() > 1) return null;
        long root = in.get(0).root();
        // file the ticket under a stay's own profile, as folio lines are: an unmerge then leaves it with that stay
        return in.stream().filter(s -> s.root() == root)
                .min(Comparator.comparing((Occupant s) -> s.profileId() != root).thenComparing(Occupant::profileId))
                .map(Occupant::profileId).orElse(null);
    }

    private static Set<Long> roots(List<Occupant> stays) {
        return stays.stream().map(Occupant::root).collect(Collectors.toSet());
    }
}

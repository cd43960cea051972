package io.guestlink.store;

import io.guestlink.identity.PersonRecords;
import io.guestlink.identity.match.MatchResult;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.match.ReviewSettlement;
import io.guestlink.identity.match.ValueFrequency;
import io.guestlink.model.Masking;

import java.time.LocalDate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Possible duplicates waiting for a person (possible_duplicate): a pair scored between review and auto-merge, or one
 * that reached auto-merge and a rule held back (names alone), each with why it was not merged. A pair waits only
 * while its two sides are two guests: one that became a single guest meanwhile is not counted and is closed by the
 * identity worker ({@link MergeWrites#SYSTEM}). Every method runs in the caller's unit of work.
 */
public final class ReviewQueue {
    private ReviewQueue() {
    }

    /** The open pairs, strongest first, at most {@code limit}. */
    public static List<MergeWrites.Review> open(Transaction tx, int limit) {
        return open(tx, 0, limit);
    }

    /** The open pairs, strongest first, {@code limit} of them after the first {@code offset} (a page). */
    public static List<MergeWrites.Review> open(Transaction tx, int offset, int limit) {
        return tx.sql("reading the review queue", c -> MergeWrites.reviews(c, "OPEN", offset, limit));
    }

    public static MergeWrites.Review get(Transaction tx, long reviewId) {
        return tx.sql("reading a possible duplicate", c -> MergeWrites.review(c, reviewId));
    }

    /** These pairs by id, whatever their status (a missing id is left out). */
    public static Map<Long, MergeWrites.Review> get(Transaction tx, Collection<Long> reviewIds) {
        return tx.sql("reading possible duplicates", c -> MergeWrites.reviews(c, reviewIds));
    }

    /** Every pair waiting for a person (open, its sides still two guests), with the live guest of each side, by id. */
    public static List<MergeWrites.OpenRow> waiting(Transaction tx) {
        return tx.sql("reading the review queue", MergeWrites::openRows);
    }

    /** How many pairs wait for a person: the total of {@code review}, the API and the review-queue alert. */
    public static long total(Transaction tx) {
        return tx.sql("counting the review queue", MergeWrites::openCount);
    }

    /** Closes the open pairs whose sides became one guest after they were queued; how many. */
    public static int closeMergedAnyway(Transaction tx) {
        return tx.sql("closing pairs merged anyway", MergeWrites::closeMergedAnyway);
    }

    /** Queues a pair (once: a pair already queued or decided is left as it is), with why it was not merged. */
    public static void queue(Transaction tx, long a, long b, MatchResult result) {
        tx.sql("queueing a possible duplicate", c -> {
            MergeWrites.queueReview(c, a, b, result.score(), Payloads.json(result.evidence()), result.rule());
            return null;
        });
    }

    /** Records a person's decision: the same person (MERGED) or two people (DISTINCT). */
    public static void decided(Transaction tx, long reviewId, boolean samePerson, String by) {
        tx.sql("recording a review decision", c -> {
            MergeWrites.decided(c, reviewId, samePerson ? "MERGED" : "DISTINCT", by);
            return null;
        });
    }

    /** One key of a side, its value masked (a source system's guest id or a member number shows its last four). */
    public record Key(String type, String value) {
    }

    /**
     * One side of a pair as a person compares it: the profile, the guest it belongs to now and that guest's display
     * name, the profile's own names (every script it was written in) and its identity keys, masked.
     */
    public record Side(long profile, long guest, String displayName, List<String> names, List<Key> keys) {
        public Side {
            names = List.copyOf(names);
            keys = List.copyOf(keys);
        }
    }

    /** The sides of these profiles. */
    public static Map<Long, Side> sides(Transaction tx, Collection<Long> profiles) {
        return tx.sql("reading the sides of possible duplicates", c -> {
            Map<Long, Side> out = new LinkedHashMap<>();
            if (profiles.isEmpty()) return out;
            Collection<Long> ids = new LinkedHashSet<>(profiles);
            Map<Long, Long> live = GoldenRecords.live(c, ids);
            Map<Long, String> display = new LinkedHashMap<>();
            Sql.in(c, "SELECT id, display_name FROM guest_profile WHERE id", List.of(), new LinkedHashSet<>(live.values()),
                    rs -> display.put(rs.getLong(1), rs.getString(2)));
            Map<Long, List<String>> names = new LinkedHashMap<>();
            Sql.in(c, "SELECT profile_id, full_name FROM profile_name WHERE profile_id", List.of(), ids, rs -> {
                List<String> l = names.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>());
                if (!l.contains(rs.getString(2))) l.add(rs.getString(2));
            });
            Map<Long, List<Key>> keys = new LinkedHashMap<>();
            Sql.in(c, "SELECT profile_id, key_type, display_value FROM profile_key WHERE profile_id", List.of(), ids,
                    rs -> keys.computeIfAbsent(rs.getLong(1), x -> new ArrayList<>())
                            .add(new Key(rs.getString(2), masked(rs.getString(2), rs.getString(3)))));
            for (long p : ids) {
                if (!live.containsKey(p)) continue; // erased meanwhile
                long guest = live.get(p);
                List<String> n = new ArrayList<>(names.getOrDefault(p, List.of()));
                n.sort(null);
                List<Key> k = new ArrayList<>(keys.getOrDefault(p, List.of()));
                k.sort(java.util.Comparator.comparing(Key::type).thenComparing(Key::value));
                out.put(p, new Side(p, guest, display.get(guest), n, k));
            }
            return out;
        });
    }

    /**
     * A key as the review queue shows it: the system and kind before the value stay (they say where it came from),
     * the value shows its last four characters ({@link Masking#idNumber}); a document's display form is masked
     * already, and e-mails and phones are not keys.
     */
    static String masked(String type, String display) {
        if (display == null) return null;
        return switch (type) {
            case "IDDOC" -> display;
            case "EMAIL" -> Masking.email(display);
            case "PHONE" -> Masking.phone(display);
            default -> {
                int colon = display.lastIndexOf(':');
                yield display.substring(0, colon + 1) + Masking.idNumber(display.substring(colon + 1));
            }
        };
    }

    /** A pair a person decided: a labelled example for re-estimating the match model. */
    public record Labelled(long id, long profileA, long profileB, boolean same) {
    }

    /** Every pair a person decided (MERGED or DISTINCT, never one the system settled), by id. */
    public static List<Labelled> labelled(Transaction tx) {
        return tx.sql("reading decided pairs", c -> {
            List<Labelled> out = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT id, profile_a, profile_b, status FROM possible_duplicate "
                    + "WHERE status IN ('MERGED', 'DISTINCT') AND (decided_by IS NULL OR decided_by <> ?) ORDER BY id")) {
                ps.setString(1, MergeWrites.SYSTEM);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Labelled(rs.getLong(1), rs.getLong(2), rs.getLong(3), "MERGED".equals(rs.getString(4))));
                }
            }
            return out;
        });
    }

    /**
     * Comparable records for re-estimating the model: each of {@code profiles} on its own (a decided pair's two sides
     * as their own sources describe them, whatever was merged since), each of {@code guests} with all its members (an
     * open pair's sides as the linker compares them), and how many persons hold their e-mails and phones.
     */
    public record Records(Map<Long, PersonRecord> profiles, Map<Long, PersonRecord> guests, ValueFrequency frequency) {
    }

    public static Records records(Transaction tx, PersonRecords persons, Collection<Long> profiles, Collection<Long> guests) {
        return tx.sql("reading comparable records", c -> {
            ProbabilisticLinker.Reads reads = new ProbabilisticLinker.Reads(c, persons, LocalDate.now());
            Map<Long, PersonRecord> own = new HashMap<>(reads.records(profiles));
            Set<Long> missing = new HashSet<>(profiles);
            missing.removeAll(own.keySet());
            if (!missing.isEmpty()) own.putAll(reads.fromSources(missing));
            Map<Long, PersonRecord> live = ReviewSettlement.guests(reads, guests);
            List<PersonRecord> all = new ArrayList<>(own.values());
            all.addAll(live.values());
            return new Records(own, live, reads.frequency(all));
        });
    }
}

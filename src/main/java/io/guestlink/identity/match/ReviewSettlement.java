package io.guestlink.identity.match;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a later record does to a pair waiting for a person. When one of its guests gained evidence (a new record, new
 * contacts), the pair is scored again, guest against guest, with the same model and rules as linking: MERGE now means
 * the new evidence settles it (merged, the pair closed by the system); DIFFERENT means it fell below review (closed as
 * distinct, without declaring the two distinct for good: yet newer evidence may queue them again); REVIEW keeps it for
 * a person, with its score, evidence and reason brought up to date.
 */
public final class ReviewSettlement {
    /** What to do with an open pair. */
    public enum Action { KEEP, MERGE, CLOSE_DISTINCT }

    /** The action, the new score's result, and the reason kept with a closed pair. */
    public record Outcome(Action action, MatchResult result, String reason) {
    }

    private ReviewSettlement() {
    }

    /** The outcome of scoring an open pair again (names alone never merge, as in linking). */
    public static Outcome of(MatchResult rescored) {
        MatchResult r = IncrementalLinker.namesAloneNeverMerge(rescored);
        return switch (r.decision()) {
            case MERGE -> new Outcome(Action.MERGE, r, "new evidence: " + r.rule());
            case DIFFERENT -> new Outcome(Action.CLOSE_DISTINCT, r, "new evidence: " + r.rule());
            case REVIEW -> new Outcome(Action.KEEP, r, null);
        };
    }

    /**
     * Each live guest's comparable record, every member's names, contacts and documents together (as the linker
     * compares clusters): stored records, else built from the member's sources.
     */
    public static Map<Long, PersonRecord> guests(CandidateSource source, Collection<Long> guests) {
        Map<Long, List<Long>> members = source.members(new HashSet<>(guests));
        Set<Long> everyone = new HashSet<>();
        members.values().forEach(everyone::addAll);
        Map<Long, PersonRecord> known = new HashMap<>(source.records(everyone));
        Set<Long> missing = new HashSet<>(everyone);
        missing.removeAll(known.keySet());
        if (!missing.isEmpty()) known.putAll(source.fromSources(missing));
        Map<Long, PersonRecord> out = new HashMap<>();
        members.forEach((guest, ids) -> {
            List<PersonRecord> parts = new ArrayList<>();
            for (long m : ids) if (known.get(m) != null) parts.add(known.get(m));
            out.put(guest, PersonParts.union(String.valueOf(guest), parts));
        });
        return out;
    }
}

package io.guestlink.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.guestlink.memory.GuestFacts;
import io.guestlink.memory.GuestNotes;
import io.guestlink.memory.MemoryConfig;
import io.guestlink.memory.RecognitionCard;
import io.guestlink.memory.RecognitionCards;
import io.guestlink.model.Fact;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Reservation;
import io.guestlink.model.StayStatus;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a live profile's whole cluster back from the store (its golden row and every source record of every merged
 * profile) and hands the facts to the guest-memory domain for a recognition card. Read-only; built per request.
 */
public final class GuestMemoryReader {
    private static final ObjectMapper JSON = Payloads.READER;

    private final Database db;
    private final MemoryConfig config;

    public GuestMemoryReader(Database db, MemoryConfig config) {
        this.db = db;
        this.config = config;
    }

    /** A live profile's golden view, every fact of its cluster, and what its sources wrote down about the guest. */
    record Cluster(long root, GuestProfile profile, List<Fact> facts, GuestNotes notes) {
    }

    /**
     * The card of the profile's live cluster as of a date: for the stay arriving or in house then, if any, naming
     * the guests it is possibly the same person as.
     */
    public Optional<RecognitionCard> card(long profileId, LocalDate asOf) {
        try (Connection c = db.connection()) {
            Optional<Cluster> cluster = load(c, profileId);
            return cluster.isEmpty() ? Optional.empty() : Optional.of(cardWithPossibleDuplicates(c, cluster.get(), asOf));
        } catch (SQLException e) {
            throw new StoreException("cannot read the memory of profile " + profileId, e);
        }
    }

    /** The card of a loaded cluster: for the stay arriving or in house on {@code asOf}, if any. */
    RecognitionCard card(Cluster cluster, LocalDate asOf) {
        List<Fact> facts = cluster.facts();
        Reservation arriving = arriving(facts, asOf);
        GuestFacts all = GuestFacts.of(facts);
        return RecognitionCards.build(cluster.profile(), all, cluster.notes(), arriving, config, asOf);
    }

    /**
     * The card of a loaded cluster as {@link #card(Cluster, LocalDate)}, naming the guests it is possibly the same
     * person as: the open review-queue pairs (possible_duplicate) of any member, the other side's live guest once
     * (its strongest pair), strongest first; a pair whose two sides are one guest by now is no longer a question.
     */
    RecognitionCard cardWithPossibleDuplicates(Connection c, Cluster cluster, LocalDate asOf) throws SQLException {
        RecognitionCard card = card(cluster, asOf);
        List<RecognitionCard.PossibleMatch> possibly = possibleDuplicates(c, cluster.root(), asOf);
        return possibly.isEmpty() ? card : card.withPossibly(possibly);
    }

    private record OpenPair(long other, double score, String evidence) {
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<List<RecognitionCards.Compared>> EVIDENCE =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private List<RecognitionCard.PossibleMatch> possibleDuplicates(Connection c, long root, LocalDate asOf) throws SQLException {
        Set<Long> members = new LinkedHashSet<>(GoldenRecords.members(c, List.of(root)).get(root));
        List<OpenPair> pairs = new ArrayList<>();
        Sql.in(c, "SELECT profile_b, score, evidence_json FROM possible_duplicate WHERE status = 'OPEN' AND profile_a",
                List.of(), members, rs -> pairs.add(new OpenPair(rs.getLong(1), rs.getDouble(2), rs.getString(3))));
        Sql.in(c, "SELECT profile_a, score, evidence_json FROM possible_duplicate WHERE status = 'OPEN' AND profile_b",
                List.of(), members, rs -> pairs.add(new OpenPair(rs.getLong(1), rs.getDouble(2), rs.getString(3))));
        if (pairs.isEmpty()) return List.of();
        Map<Long, Long> live = GoldenRecords.live(c, pairs.stream().map(OpenPair::other).toList());
        Map<Long, OpenPair> strongest = new LinkedHashMap<>();
        for (OpenPair p : pairs) {
            Long other = live.get(p.other());
            if (other == null || other == root) continue;
            strongest.merge(other, p, (x, y) -> y.score() > x.score() ? y : x);
        }
        List<RecognitionCard.PossibleMatch> out = new ArrayList<>();
        for (var e : strongest.entrySet()) {
            Optional<Cluster> other = load(c, e.getKey());
            if (other.isEmpty()) continue;
            // the other guest outside any stay: its stay number is its number of stays
            RecognitionCard otherCard = RecognitionCards.build(other.get().profile(), GuestFacts.of(other.get().facts()),
                    other.get().notes(), null, config, asOf);
            List<RecognitionCards.Compared> evidence;
            try {
                evidence = e.getValue().evidence() == null ? List.of() : JSON.readValue(e.getValue().evidence(), EVIDENCE);
            } catch (IOException ex) {
                evidence = List.of(); // evidence of an older form: the pair is still named, without it
            }
            out.add(RecognitionCards.possibleMatch(e.getKey(), otherCard, e.getValue().score(), evidence));
        }
        out.sort(Comparator.comparingDouble(RecognitionCard.PossibleMatch::score).reversed());
        return out;
    }

    /** The stay a card on {@code asOf} is for: the earliest live reservation not yet departed, or null. */
    static Reservation arriving(List<Fact> facts, LocalDate asOf) {
        return facts.stream().filter(f -> f instanceof Reservation).map(f -> (Reservation) f)
                .filter(r -> r.arrival() != null && r.departure() != null && !r.departure().isBefore(asOf)
                        && r.status() != StayStatus.CANCELLED && r.status() != StayStatus.NO_SHOW)
                .min(Comparator.comparing(Reservation::arrival)).orElse(null);
    }

    MemoryConfig config() {
        return config;
    }

    /** Reads the live cluster of a profile back: its golden row and every source record of every member. */
    static Optional<Cluster> load(Connection c, long profileId) throws SQLException {
        Map<Long, Long> live = GoldenRecords.live(c, List.of(profileId));
        if (!live.containsKey(profileId)) return Optional.empty();
        long root = live.get(profileId);
        List<Long> members = GoldenRecords.members(c, List.of(root)).get(root);
        List<Fact> facts = new ArrayList<>();
        Set<PersonName> names = new LinkedHashSet<>();
        // consent is the latest statement per purpose over the cluster (consent_statement), not the records' flags
        // read in no particular order: a later "no" from one system always wins over an earlier "yes" from another
        Map<String, Boolean> consent = ConsentRecords.current(c, members).byCode();
        List<GuestNotes.Sourced> sourced = new ArrayList<>();
        Sql.in(c, "SELECT record_kind, payload, system FROM source_record WHERE profile_id", List.of(), new LinkedHashSet<>(members), rs -> {
            Stored stored = stored(rs.getString(1), rs.getString(2));
            Fact f = stored.fact();
            if (f != null) facts.add(f);
            GuestProfile g = stored.guest();
            if (g != null) {
                names.addAll(g.names());
            }
            sourced.add(new GuestNotes.Sourced(rs.getString(3), g, f));
        });
        return Optional.of(new Cluster(root, golden(c, root, new ArrayList<>(names), consent), facts, GuestNotes.from(sourced)));
    }

    /** What a card reads of one stored record: its guest (none for a POS ticket, whose name only echoes them) and its fact. */
    private interface Stored {
        GuestProfile guest();

        Fact fact();
    }

    // One typed reader per record kind: each payload is parsed once, straight into the fact's class, and a ticket's
    // guest is skipped by the parser (an earlier version read a tree first and converted its parts, twice the work).
    private record StoredReservation(GuestProfile guest, Reservation fact) implements Stored {
    }

    private record StoredFolioLine(GuestProfile guest, FolioLine fact) implements Stored {
    }

    private record StoredTicket(PosTicket fact) implements Stored {
        @Override
        public GuestProfile guest() {
            return null;
        }
    }

    private record StoredGuest(GuestProfile guest) implements Stored {
        @Override
        public Fact fact() {
            return null;
        }
    }

    private static final Map<String, ObjectReader> READERS = Map.of("RESERVATION", JSON.readerFor(StoredReservation.class),
            "FOLIO", JSON.readerFor(StoredFolioLine.class), "POS_TICKET", JSON.readerFor(StoredTicket.class));
    private static final ObjectReader GUEST_ONLY = JSON.readerFor(StoredGuest.class);

    static Stored stored(String kind, String payload) {
        try {
            return READERS.getOrDefault(kind, GUEST_ONLY).readValue(payload);
        } catch (IOException e) {
            throw new IllegalStateException("a stored payload cannot be read back: " + e.getMessage(), e);
        }
    }

    private static GuestProfile golden(Connection c, long root, List<PersonName> names, Map<String, Boolean> consent)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT birth_date, gender, nationality, language, vip_code "
                + "FROM guest_profile WHERE id = ?")) {
            ps.setLong(1, root);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new GuestProfile(names, rs.getObject(1, LocalDate.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), List.of(), List.of(), List.of(), rs.getString(5), List.of(), consent);
            }
        }
    }
}

package io.guestlink.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a front-line employee needs in ten seconds about a guest. Built by {@link RecognitionCards#build}; carried as
 * JSON to the restaurant, front desk and marketing systems, or shown as {@link #toText()}.
 *
 * @param name       the name in Latin script with title, for any employee ("Mr. Yu")
 * @param salutation the salutation in the guest's language ("于先生"); equals {@code name} when we have no table for it
 * @param stayNumber which stay this is (the arriving one counted), or the number of stays when no stay is arriving
 * @param lastStay   arrival date of the previous stay, null for a first-timer
 * @param usual      the usual table and order per outlet and meal period at this property
 * @param preferences explicit preferences (source: the system that stated it) first, then the observed ones (source
 *                    {@value #OBSERVED}) of the categories no explicit preference covers
 * @param allergies  explicit allergies with their source
 * @param openComplaints complaints still open on any stay, latest first
 * @param possibly   other guests this one is possibly the same person as (open review-queue pairs, strongest
 *                   first): said on the card, never merged without a person's decision
 */
public record RecognitionCard(String name, String salutation, String language, boolean vip, String vipCode,
                              int stayNumber, LocalDate lastStay, LocalDate lastDeparture, List<Usual> usual,
                              List<Preference> preferences, List<Preference> allergies, LocalDate birthdayThisStay,
                              LocalDate anniversaryThisStay, boolean birthdayToday, boolean lapsed,
                              Segments.Lifecycle lifecycle, List<Complaint> openComplaints, List<PossibleMatch> possibly) {

    /** The source of a preference the stays show rather than a system states. */
    public static final String OBSERVED = "observed";

    public RecognitionCard {
        usual = List.copyOf(usual);
        preferences = List.copyOf(preferences);
        allergies = List.copyOf(allergies);
        openComplaints = openComplaints == null ? List.of() : List.copyOf(openComplaints);
        possibly = possibly == null ? List.of() : List.copyOf(possibly);
    }

    /** A card that names no possible duplicate. */
    public RecognitionCard(String name, String salutation, String language, boolean vip, String vipCode,
                           int stayNumber, LocalDate lastStay, LocalDate lastDeparture, List<Usual> usual,
                           List<Preference> preferences, List<Preference> allergies, LocalDate birthdayThisStay,
                           LocalDate anniversaryThisStay, boolean birthdayToday, boolean lapsed,
                           Segments.Lifecycle lifecycle, List<Complaint> openComplaints) {
        this(name, salutation, language, vip, vipCode, stayNumber, lastStay, lastDeparture, usual, preferences, allergies,
                birthdayThisStay, anniversaryThisStay, birthdayToday, lapsed, lifecycle, openComplaints, List.of());
    }

    /**
     * Another guest (profile) this one is possibly the same person as: a pair the matcher put in the review queue
     * (scored between the review and auto-merge thresholds, or on names alone). What the front desk needs to ask the
     * guest: who, how many stays and when the last one was, and what agreed (contacts masked, never in full).
     *
     * @param profileId the other guest's live profile
     * @param stays     the other guest's stays
     * @param lastStay  arrival of the other guest's latest stay, null when none
     * @param evidence  the agreeing fields, e.g. "phone EXACT +66******5678", "family EXACT"
     */
    public record PossibleMatch(long profileId, String name, int stays, LocalDate lastStay, double score,
                                List<String> evidence) {
        public PossibleMatch {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }

        /** "possibly the same guest as Mr. Yu (1 stay, last stay Jun 2025; agreeing: family EXACT, ...; score 11.4, not merged)". */
        String shown() {
            List<String> about = new ArrayList<>();
            about.add(stays == 1 ? "1 stay" : stays + " stays");
            if (lastStay != null) about.add("last stay " + MONTH.format(lastStay));
            String why = evidence.isEmpty() ? "" : "; agreeing: " + String.join(", ", evidence);
            return "possibly the same guest as " + name + " (" + String.join(", ", about) + why
                    + String.format(Locale.ROOT, "; score %.1f, not merged", score) + ")";
        }
    }

    /** This card with the possible duplicates the store found for the guest. */
    public RecognitionCard withPossibly(List<PossibleMatch> matches) {
        return new RecognitionCard(name, salutation, language, vip, vipCode, stayNumber, lastStay, lastDeparture, usual,
                preferences, allergies, birthdayThisStay, anniversaryThisStay, birthdayToday, lapsed, lifecycle,
                openComplaints, matches);
    }

    /**
     * A first stay as far as the store knows, while the card names a possible same guest who has stayed before: the
     * front desk may greet a returning guest whom identity could not confirm on its own.
     */
    public boolean possiblyReturning() {
        return stayNumber <= 1 && possibly.stream().anyMatch(p -> p.stays() > 0);
    }

    /**
     * A preference or allergy on the card: what, from which system (or {@value #OBSERVED}), last seen when (the
     * arrival of the latest stay that carried or showed it; null when undated), and for an observed one its evidence
     * ("2 of 3 stays").
     */
    public record Preference(String category, String text, String source, LocalDate lastSeen, String evidence) {
        String shown() {
            return evidence == null ? text : text + " (" + evidence + ")";
        }
    }

    /** An open complaint: what, when, from which system, on which stay. */
    public record Complaint(String text, LocalDate date, String source, String stay) {
    }

    /** A usual table and order in one outlet and meal period; table may be null, items may be empty. */
    public record Usual(String outlet, String period, String table, List<String> items) {
        public Usual {
            items = List.copyOf(items);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_YEAR = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    /** "2nd stay", "11th stay", "first stay". */
    public String stayLabel() {
        if (stayNumber <= 1) return "first stay";
        int n = stayNumber, t = n % 100;
        String suffix = t >= 11 && t <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix + " stay";
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recognition card not serialisable", e);
        }
    }

    public static RecognitionCard fromJson(String json) {
        try {
            return JSON.readValue(json, RecognitionCard.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a recognition card: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * One line, most important first: "Mr. Yu (于先生) · 2nd stay · last stay Jun 2025 · CAFE breakfast: table W2,
     * Club Sandwich + Coffee + Fried Egg · prefers feather-free pillow, high floor". Allergies and open complaints are
     * in capitals because they matter most (a kitchen, a duty manager); sources and dates are in the JSON.
     */
    public String toText() {
        List<String> parts = new ArrayList<>();
        parts.add(salutation.equals(name) ? name : name + " (" + salutation + ")");
        if (vip) parts.add("VIP" + (vipCode == null ? "" : " " + vipCode.trim()));
        parts.add(stayLabel());
        if (lastStay != null) parts.add("last stay " + MONTH.format(lastStay));
        if (lapsed) parts.add("lapsed");
        for (Usual u : usual) {
            List<String> what = new ArrayList<>();
            if (u.table() != null) what.add("table " + u.table());
            if (!u.items().isEmpty()) what.add(String.join(" + ", u.items()));
            parts.add(u.outlet() + " " + u.period() + ": " + String.join(", ", what));
        }
        if (!allergies.isEmpty()) parts.add("ALLERGY: " + String.join(", ", allergies.stream().map(Preference::text).toList()));
        for (Complaint c : openComplaints)
            parts.add("OPEN COMPLAINT: " + c.text() + (c.date() == null ? "" : " (" + DAY_YEAR.format(c.date()) + ")"));
        if (!preferences.isEmpty()) parts.add("prefers " + String.join(", ", preferences.stream().map(Preference::shown).toList()));
        if (birthdayThisStay != null) parts.add("birthday " + DAY.format(birthdayThisStay));
        else if (birthdayToday) parts.add("birthday today");
        if (anniversaryThisStay != null) parts.add("anniversary " + DAY.format(anniversaryThisStay));
        for (PossibleMatch p : possibly) parts.add(p.shown());
        return String.join(" · ", parts);
    }
}

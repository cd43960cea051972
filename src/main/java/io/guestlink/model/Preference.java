package io.guestlink.model;

import java.util.Locale;
import java.util.Set;

/**
 * A preference or allergy the hotel recorded for a guest: its category, the source's code (null for free text) and
 * the text staff read ("feather-free pillow"). Allergies are preferences of category {@code allergy}.
 */
public record Preference(String category, String code, String text) {

    public static final String ALLERGY = "allergy";
    public static final String OTHER = "other";

    /** The categories a code table may use. room, floor and minibar are also what stays reveal (observed ones). */
    public static final Set<String> CATEGORIES = Set.of("room", "floor", "bed", "pillow", "newspaper", "temperature",
            "dietary", ALLERGY, "minibar", "smoking", "amenity", OTHER);

    public Preference {
        category = category == null ? "" : category.strip().toLowerCase(Locale.ROOT);
        if (!CATEGORIES.contains(category))
            throw new IllegalArgumentException("preference category '" + category + "' is not one of " + new java.util.TreeSet<>(CATEGORIES));
        if (text == null || text.isBlank()) throw new IllegalArgumentException("preference text is empty");
        text = text.strip();
        code = code == null || code.isBlank() ? null : code.strip();
    }

    @com.fasterxml.jackson.annotation.JsonIgnore // derived: not part of the stored payload
    public boolean isAllergy() {
        return ALLERGY.equals(category);
    }
}

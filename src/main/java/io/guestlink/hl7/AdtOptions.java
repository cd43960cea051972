package io.guestlink.hl7;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How HL7 senders' names map to GuestLink's (configuration: guestlink.hl7.*).
 *
 * @param defaultProperty    the property when a message names no facility (PV1-3.4, MSH-4); null = none
 * @param facilityProperties facility code (PV1-3.4 or MSH-4.1) -> property code, e.g. GHHS -> BKK01; an unmapped
 *                           facility is taken as the property code itself
 * @param systems            sending application (MSH-3.1) -> source system, the {@code system} of the feed files
 *                           of the same PMS (e.g. OPERA-IFC -> OPERA), so the stay and guest keys of a message are
 *                           those of the nightly files; an unmapped sender is its own source system
 * @param phoneRegion        ISO 3166 region for phone numbers written without a country code; null = only
 *                           international numbers are kept
 * @param zones              property code -> its time zone, {@code "*"} for any other property (the zones of
 *                           config/memory.yaml, handed in so that hl7 needs no other package's configuration): an
 *                           HL7 time written without a UTC offset is read in its property's zone; empty = the
 *                           mapper clock's zone
 */
public record AdtOptions(String defaultProperty, Map<String, String> facilityProperties, Map<String, String> systems,
                         String phoneRegion, Map<String, ZoneId> zones) {
    public static final String ANY_PROPERTY = "*";

    public AdtOptions {
        facilityProperties = upperKeys(facilityProperties);
        systems = upperKeys(systems);
        defaultProperty = blankToNull(defaultProperty);
        phoneRegion = blankToNull(phoneRegion);
        zones = zones == null ? Map.of() : Map.copyOf(zones);
    }

    public AdtOptions(String defaultProperty, Map<String, String> facilityProperties, Map<String, String> systems,
                      String phoneRegion) {
        this(defaultProperty, facilityProperties, systems, phoneRegion, Map.of());
    }

    public static AdtOptions defaults() {
        return new AdtOptions(null, Map.of(), Map.of(), null);
    }

    /** The property's zone, else the {@code "*"} zone, else {@code fallback}. */
    ZoneId zone(String property, ZoneId fallback) {
        ZoneId z = property == null ? null : zones.get(property);
        if (z == null) z = zones.get(ANY_PROPERTY);
        return z != null ? z : fallback;
    }

    /**
     * {@code CODE=VALUE, CODE2=VALUE2}; blank means none. Throws IllegalArgumentException naming the bad entry.
     */

    String property(String facility) {
        if (facility == null) return defaultProperty;
        return facilityProperties.getOrDefault(facility.toUpperCase(Locale.ROOT), facility);
    }

    String system(String sendingApplication) {
        return systems.getOrDefault(sendingApplication.toUpperCase(Locale.ROOT), sendingApplication);
    }

    private static Map<String, String> upperKeys(Map<String, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        if (m != null) m.forEach((k, v) -> out.put(k.strip().toUpperCase(Locale.ROOT), v.strip()));
        return Map.copyOf(out);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}

package io.guestlink.alert;

import java.util.Map;

/**
 * What moves a property's business date (config/alerts.yaml {@code businessDay}): the PMS night audit, or the clock.
 *
 * <ul>
 *   <li>{@link Source#NIGHT_AUDIT}: the date the last night audit set (a {@code BUSINESS_DATE_ADVANCED} event from
 *       JSON, HL7 or the PMS feed); before the first audit, the property's local calendar date. After midnight and
 *       before the audit the day is still yesterday's, as at the front desk.</li>
 *   <li>{@link Source#CLOCK}: the property's local calendar date, for a property whose PMS sends no night audit (an
 *       audit it does send is still recorded, and shown, but does not move its day).</li>
 * </ul>
 *
 * @param fallback   the source of every property not listed
 * @param properties a property's own source
 */
public record BusinessDay(Source fallback, Map<String, Source> properties) {
    public enum Source {
        NIGHT_AUDIT("nightAudit", "night audit"), CLOCK("clock", "clock");

        private final String configName;
        private final String words;

        Source(String configName, String words) {
            this.configName = configName;
            this.words = words;
        }

        public String configName() {
            return configName;
        }

        /** How the command line shows it. */
        public String words() {
            return words;
        }

        public static Source of(String configName) {
            for (Source s : values()) if (s.configName.equalsIgnoreCase(configName.trim())) return s;
            throw new IllegalArgumentException("expected nightAudit or clock");
        }
    }

    /** Every property's date from its night audit (the calendar date until the first one). */
    public static final BusinessDay DEFAULT = new BusinessDay(Source.NIGHT_AUDIT, Map.of());

    public BusinessDay {
        if (fallback == null) throw new IllegalArgumentException("businessDay needs a default source");
        properties = Map.copyOf(properties);
    }

    public Source of(String property) {
        return property == null ? fallback : properties.getOrDefault(property, fallback);
    }

}

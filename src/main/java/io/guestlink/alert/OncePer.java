package io.guestlink.alert;

import java.util.Locale;

/**
 * What one alert of a rule stands for, which is what its stable id is made of: re-evaluating the same thing yields
 * the same id, and the store keeps the first.
 */
public enum OncePer {
    /** event rules: one alert per rule and guest event */
    EVENT,
    /** daily rules (default): one per rule, property, guest and business date */
    DAY,
    /** one per rule, guest and calendar year of the business date, whatever the property (birthday greetings) */
    YEAR,
    /** one per rule, guest and stay (service recovery: once, however many days the adjustments stay high) */
    STAY;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

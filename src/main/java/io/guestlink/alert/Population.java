package io.guestlink.alert;

import java.util.Arrays;
import java.util.Locale;

/** Which guests a daily rule looks at, at one property on its business date. */
public enum Population {
    /** guests with a reservation (not cancelled, not a no-show) arriving the day after the business date */
    ARRIVALS_TOMORROW,
    /** guests who ever stayed at the property and whose birthday is the business date (Feb 29 on Feb 28) */
    BIRTHDAYS_TODAY,
    /** guests in house on the business date */
    IN_HOUSE;

    /** The name in config/alerts.yaml: {@code arrivals-tomorrow}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Population of(String configName) {
        return Arrays.stream(values()).filter(p -> p.configName().equals(configName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown population '" + configName + "' (known: "
                        + Arrays.stream(values()).map(Population::configName).toList() + ")"));
    }
}

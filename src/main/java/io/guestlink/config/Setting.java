package io.guestlink.config;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * One configuration key: its name, default, description and validation, in one place. The value comes from the
 * environment variable derived from the key (guestlink.db.url -> GUESTLINK_DB_URL) if set, else from
 * config/application.properties, else the default. The same rule Camel applies to its property placeholders.
 */
public record Setting(String key, String defaultValue, String description, Predicate<String> valid, String expected) {
    public String envName() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static Setting text(String key, String def, String description) {
        return new Setting(key, def, description, v -> true, "text");
    }

    static Setting nonNegative(String key, String def, String description) {
        return new Setting(key, def, description, v -> {
            try {
                return Long.parseLong(v.trim()) >= 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }, "a whole number >= 0");
    }

    static Setting positive(String key, String def, String description) {
        return new Setting(key, def, description, v -> {
            try {
                return Long.parseLong(v.trim()) > 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }, "a whole number > 0");
    }
}

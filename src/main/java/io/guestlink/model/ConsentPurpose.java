package io.guestlink.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a guest may say yes or no to, each on its own: marketing by e-mail, SMS, phone call or post, and profiling
 * (segments and scores built for marketing). The code is the word used in feeds, events, the API and alerts.yaml.
 */
public enum ConsentPurpose {
    EMAIL("email"), SMS("sms"), PHONE("phone"), POST("post"), PROFILING("profiling");

    private final String code;

    ConsentPurpose(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The purpose of a code ("email", "SMS"...), empty for an unknown word. */
    public static Optional<ConsentPurpose> of(String code) {
        if (code == null) return Optional.empty();
        String c = code.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.code.equals(c)).findFirst();
    }

    /** Every code, for error messages and documentation. */
    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(ConsentPurpose::code).toList());
    }
}

package io.guestlink.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person or system may do through the API. Front-desk and outlet staff look guests up and read cards, with
 * contacts masked; a supervisor works the review queue and merges; an operator runs feeds and alerts; the privacy
 * officer will run the privacy operations; an administrator may do everything.
 */
public enum Role {
    FRONT_DESK, OUTLET, SUPERVISOR, OPERATOR, PRIVACY_OFFICER, ADMIN;

    /** The name used in configuration and in the OpenAPI document: {@code front-desk}, {@code privacy-officer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Role> of(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id == null ? null : id.strip())).findFirst();
    }
}

package io.guestlink.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Objects;

/**
 * One statement of a guest's consent for one purpose: yes or no, when the guest said it, which system recorded it and
 * what shows it (a column, an event, a person at the console). Statements are kept, never overwritten: the guest's
 * consent is the latest of them by {@code statedAt} ({@link Consent}), whatever order they arrived in.
 *
 * @param statedAt when the guest said it; null only inside a source record whose source gave no time (the store
 *                 then uses the time it received the record)
 * @param source   the system that recorded it (a feed's system, an event's source, "console"); null inside a
 *                 source record, whose system is the record's
 * @param evidence what shows it, free text (column, message, "signed registration card"); not validated
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentStatement(ConsentPurpose purpose, boolean granted, Instant statedAt, String source, String evidence) {
    public static final int MAX_EVIDENCE = 1000;

    public ConsentStatement {
        Objects.requireNonNull(purpose, "purpose");
        if (evidence != null && evidence.length() > MAX_EVIDENCE)
            throw new IllegalArgumentException("consent evidence longer than " + MAX_EVIDENCE + " characters");
    }

    /** The same statement with the time and system it gets when stored. */
    public ConsentStatement at(Instant time, String system, String evidenceText) {
        return new ConsentStatement(purpose, granted, time, system, evidenceText);
    }
}

package io.guestlink.alert;

import java.time.LocalDate;

/**
 * One guest a daily rule's population brings up at a property: from a stay row (arrivals, in house) or from the
 * birth date on a profile (birthdays). The store reads them; {@link AlertEvaluator} decides which stay on the list.
 *
 * @param profileId the profile the row names (the live one once the store has resolved merges)
 * @param stay      the stay that put the guest on the list, null for a birthday
 * @param birthDate the birth date that put the guest on the list, null for a stay
 */
public record Candidate(long profileId, Alert.Stay stay, LocalDate birthDate) {
}

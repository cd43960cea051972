package io.guestlink.alert;

import io.guestlink.memory.GuestFacts;
import io.guestlink.memory.RecognitionCard;
import io.guestlink.model.GuestProfile;

import java.util.Objects;

/**
 * A guest as the rules see them on one date: the live profile (its golden view, with names and marketing consent),
 * every stay, folio line and POS ticket its sources recorded, and the recognition card as of that date.
 *
 * @param profileId the live profile (the root of a merged cluster): what alerts and their ids name
 */
public record RecognisedGuest(long profileId, GuestProfile profile, GuestFacts facts, RecognitionCard card) {
    public RecognisedGuest {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(card, "card");
    }
}

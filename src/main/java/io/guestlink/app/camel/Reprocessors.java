package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.Reprocessing;

import java.util.Map;

/** Refused messages read and applied again per channel, as the MLLP listener and the event consumer do. */
public final class Reprocessors {
    private Reprocessors() {
    }

    /** What {@code guestlink refused}/{@code reprocess} and {@code /api/v1/messages} share. */
    public static Reprocessing of(GuestLink app) {
        return new Reprocessing(app.database(), app.intake(), Map.of("hl7", Hl7Endpoint.reprocessor(app),
                "jms", JsonEventEndpoint.reprocessor(app)));
    }
}

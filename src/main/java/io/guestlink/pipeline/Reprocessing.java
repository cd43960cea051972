package io.guestlink.pipeline;

import io.guestlink.event.GuestEvent;
import io.guestlink.event.Refusal;
import io.guestlink.store.Database;
import io.guestlink.store.RefusedMessages;

import java.util.List;
import java.util.Map;

/**
 * Re-applies one refused real-time message after a mapping or data fix, through the channel's own reading and the
 * same {@link EventIntake}: once, since the intake applies a (sender, message id) once and a refusal already settled
 * (reprocessed, or applied since because the sender resent it) is not tried again. A message refused again stays
 * open with its new reason.
 */
public final class Reprocessing {
    /** A channel's way of reading and applying a message again: HL7 text through the ADT receiver, JSON through the reader. */
    @FunctionalInterface
    public interface Channel {
        /** Applies the raw message; the stored event, or the refusal it earns now. Store failures propagate. */
        Attempt apply(String raw);
    }

    /** What applying it again did: {@code event} when applied (or applied before), else {@code refusal}. */
    public record Attempt(GuestEvent event, boolean duplicate, Refusal refusal) {
        public static Attempt applied(GuestEvent event, boolean duplicate) {
            return new Attempt(event, duplicate, null);
        }

        public static Attempt refused(Refusal refusal) {
            return new Attempt(null, false, refusal);
        }
    }

    /** The result for the operator: the journal row's new status and a sentence saying what happened. */
    public record Outcome(long id, String status, Long eventId, String text) {
    }

    private final Database db;
    private final RefusedMessages refusals;
    private final Map<String, Channel> channels;

    /** @param channels by channel name ("hl7", "jms") */
    public Reprocessing(Database db, EventIntake intake, Map<String, Channel> channels) {
        this.db = db;
        this.refusals = intake.refusals();
        this.channels = Map.copyOf(channels);
    }

    public List<RefusedMessages.Row> list(boolean openOnly, String channel, int limit) {
        return db.withoutTransaction("list refused messages", tx -> refusals.list(tx, openOnly, channel, limit));
    }

    public Outcome reprocess(long id) {
        RefusedMessages.Stored stored = db.withoutTransaction("read refused message " + id, tx -> refusals.get(tx, id))
                .orElseThrow(() -> new IllegalArgumentException("no refused message " + id + " (guestlink refused --all lists them)"));
        RefusedMessages.Row row = stored.row();
        if (!RefusedMessages.REFUSED.equals(row.status()))
            return new Outcome(id, row.status(), row.eventId(), "already " + row.status().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + " (guest event " + row.eventId() + "): nothing done");
        if (stored.raw() == null)
            throw new IllegalArgumentException("refused message " + id + " was " + row.rawChars() + " characters, over "
                    + "guestlink.journal.max-raw-chars, so its text was not kept: have the sender send it again");
        Channel channel = channels.get(row.channel());
        if (channel == null) throw new IllegalArgumentException("refused message " + id + " came over channel '"
                + row.channel() + "', which cannot reprocess (known: " + channels.keySet() + ")");
        Attempt a = channel.apply(stored.raw());
        if (a.refusal() != null) {
            db.inTransaction("note refused message " + id + " refused again", tx -> {
                refusals.refusedAgain(tx, id, a.refusal());
                return null;
            });
            return new Outcome(id, RefusedMessages.REFUSED, null, "refused again (" + a.refusal().answer()
                    + (a.refusal().field() == null ? "" : " " + a.refusal().field()) + "): " + a.refusal().reason());
        }
        String status = a.duplicate() ? RefusedMessages.ALREADY_APPLIED : RefusedMessages.REPROCESSED;
        db.inTransaction("mark refused message " + id + " " + status, tx -> {
            refusals.applied(tx, id, status, a.event().id());
            return null;
        });
        return new Outcome(id, status, a.event().id(), a.duplicate()
                ? "was applied before (the sender resent it): guest event " + a.event().id() + ", nothing changed"
                : "applied: guest event " + a.event().id());
    }
}

package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.app.camel.Reprocessors;
import io.guestlink.pipeline.Reprocessing;
import io.guestlink.store.RefusedMessages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


/**
 * {@code guestlink refused}: the real-time messages a channel refused (HL7 AE/AR, JSON events sent to the dead-letter
 * queue), newest first, with the id {@code reprocess} takes. Only what the sender was told is shown (masked); the raw
 * text stays in the journal.
 */
@Command(name = "refused", description = "List refused real-time messages (HL7 AE/AR, JSON events on the dead-letter "
        + "queue), newest first: id, time, channel, sender, message id, answer, field, status, reason.")
final class RefusedCommand extends GuestLinkCommand {
    @Option(names = "--all", description = "also those reprocessed or applied since (resent by their sender)")
    boolean all;

    @Option(names = "--channel", description = "hl7 or jms")
    String channel;

    @Option(names = "--limit", defaultValue = "50")
    int limit;

    @Override
    void check() {
        if (channel != null && !channel.equals("hl7") && !channel.equals("jms"))
            throw new IllegalArgumentException("--channel '" + channel + "': hl7 or jms");
    }

    @Override
    int run(GuestLink app) {
        var rows = reprocessing(app).list(!all, channel, limit);
        out().printf("%-6s %-24s %-4s %-16s %-24s %-7s %-14s %-16s %s%n", "id", "received", "via", "sender", "message id",
                "answer", "field", "status", "reason");
        for (RefusedMessages.Row r : rows) {
            String status = r.appliedEvent() != null && RefusedMessages.REFUSED.equals(r.status())
                    ? "APPLIED_SINCE" : r.status();
            String id = r.messageId() != null ? r.messageId() : r.transportId() != null ? "(jms " + r.transportId() + ")" : "?";
            out().printf("%-6d %-24s %-4s %-16s %-24s %-7s %-14s %-16s %s%s%n", r.id(), r.receivedAt(), r.channel(),
                    r.system() == null ? "?" : r.system(), id, r.answer() + (r.code() == null ? "" : " " + r.code()),
                    r.field() == null ? "" : r.field(), status, r.reason(),
                    r.rawKept() ? "" : " [text not kept: " + r.rawChars() + " characters, over guestlink.journal.max-raw-chars]");
        }
        if (rows.isEmpty()) out().println(all ? "no refused messages" : "no open refused messages (--all lists those settled)");
        return 0;
    }

    /** Reading and applying per channel, as the listener and the consumer do (also used by reprocess). */
    static Reprocessing reprocessing(GuestLink app) {
        return Reprocessors.of(app);
    }
}

package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.model.Masking;
import io.guestlink.pipeline.GuestDirectory;
import io.guestlink.pipeline.Reprocessing;
import io.guestlink.store.MessageJournal;
import org.apache.camel.Exchange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The real-time message journal over HTTP: what the HL7 listener and the event queue received and what became of
 * each message (accepted, refused, reprocessed), the raw text always masked ({@link Masking#message}); and a
 * refused message applied again, as {@code guestlink reprocess ID}.
 */
public final class MessagesApi {
    /** One message as shown: {@code refusalId} is what POST /messages/{id}/reprocess takes. */
    public record Message(Long refusalId, Long eventId, String feed, String channel, String system, String messageId,
                          String eventType, Instant receivedAt, String status, String answer, String code, String field,
                          String reason, String raw) {
    }

    private final GuestLink app;
    private final GuestDirectory directory;
    private volatile Reprocessing reprocessing;

    MessagesApi(GuestLink app, GuestDirectory directory) {
        this.app = app;
        this.directory = directory;
    }

    /** GET /messages?feed=&channel=&status=&from=&to=: newest first. */
    public void messages(Exchange e) {
        String channel = ApiParams.text(e, "channel");
        if (channel != null && !channel.equals("hl7") && !channel.equals("jms"))
            throw ApiProblem.badInput("channel", "channel must be hl7 or jms");
        String system = null;
        String feed = ApiParams.text(e, "feed");
        if (feed != null) {
            int colon = feed.indexOf(':');
            String feedChannel = feed.equals("hl7") || feed.equals("jms") ? feed : colon > 0 ? feed.substring(0, colon) : null;
            system = feed.equals("hl7") || feed.equals("jms") ? null : feed.substring(colon + 1);
            if (feedChannel != null && channel != null && !feedChannel.equals(channel))
                throw ApiProblem.badInput("feed", "feed " + feed + " is not of channel " + channel);
            if (feedChannel != null) channel = feedChannel;
        }
        String status = ApiParams.text(e, "status");
        if (status != null) {
            status = status.toUpperCase(Locale.ROOT);
            if (!MessageJournal.STATUSES.contains(status))
                throw ApiProblem.badInput("status", "status must be one of " + MessageJournal.STATUSES);
        }
        Instant from = instant(e, "from");
        Instant to = instant(e, "to");
        ApiParams.Paging p = ApiParams.paging(e);
        MessageJournal.Filter f = new MessageJournal.Filter(channel, system, status, from, to);
        List<Message> rows = app.database().withoutTransaction("reading the message journal",
                tx -> MessageJournal.list(tx, f, p.offset(), p.limit() + 1)).stream()
                .map(m -> new Message(m.refusalId(), m.eventId(), m.channel() + ":" + m.system(), m.channel(), m.system(),
                        m.messageId(), m.eventType(), m.receivedAt(), m.status(), m.answer(), m.code(), m.field(),
                        m.reason(), Masking.message(m.raw()))).toList();
        ApiResponses.ok(e, OperationsApi.page(rows, p));
    }

    /** POST /messages/{id}/reprocess: a refused message applied again (once). */
    public void reprocess(Exchange e) {
        long id = ApiParams.id(e, "id");
        Reprocessing.Outcome o;
        try {
            o = reprocessing().reprocess(id);
        } catch (IllegalArgumentException x) {
            String m = x.getMessage() == null ? "refused" : x.getMessage();
            throw ApiProblem.of(m.startsWith("no ") ? 404 : 409, m);
        }
        directory.note(ApiAccess.principal(e).name(), "REPROCESS_MESSAGE", null, "refused message " + id, o.status()
                + (o.eventId() == null ? "" : " event " + o.eventId()));
        ApiResponses.ok(e, o);
    }

    private Reprocessing reprocessing() {
        Reprocessing r = reprocessing;
        if (r == null) reprocessing = r = Reprocessors.of(app);
        return r;
    }

    /** An ISO-8601 instant (2026-12-06T10:00:00Z) or a day (2026-12-06, its start in UTC). */
    private static Instant instant(Exchange e, String name) {
        String v = ApiParams.text(e, name);
        if (v == null || v.isBlank()) return null;
        try {
            return v.strip().length() == 10 ? LocalDate.parse(v.strip()).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(v.strip());
        } catch (DateTimeParseException x) {
            throw ApiProblem.badInput(name, name + " must be an instant (2026-12-06T10:00:00Z) or a date YYYY-MM-DD");
        }
    }
}

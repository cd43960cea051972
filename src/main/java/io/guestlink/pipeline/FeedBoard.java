package io.guestlink.pipeline;

import io.guestlink.ingest.SourceConfig;
import io.guestlink.model.ImportCounts;
import io.guestlink.store.Database;
import io.guestlink.store.ImportJournal;
import io.guestlink.store.MessageJournal;
import io.guestlink.store.PollState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every feed the application takes data from, with its state as an operator needs it: file feeds (local inbox or a
 * remote folder), database feeds, the HL7 listener and the JSON event queue. The state comes from the import
 * journal (last file or poll, row counts, last failed run), the database feeds' poll state (watermark, last error),
 * the message journal (messages accepted and refused) and, for an inbox feed, its {@code failed/} folder (file
 * names only, never contents). Read-only.
 */
public final class FeedBoard {
    /** The HL7 listener's and the JSON event queue's names on the board (and their channels in the message journal). */
    public static final String HL7 = "hl7";
    public static final String JMS = "jms";
    /** At most this many names of files in failed/ are listed; {@code count} is always the whole number. */
    public static final int MAX_FAILED_NAMES = 100;

    /** A feed's state. Members that do not apply to its kind are null. */
    public record Feed(String name, String kind, String system, String property, Boolean remote, Instant lastActivity,
                       String lastFile, Long lastRun, String lastRunStatus, Long runs, ImportCounts rows,
                       Messages messages, LastError lastError, String watermark, FailedFiles failed,
                       List<RunProgress> running) {
    }

    public record Messages(long accepted, long refused, long refusedOpen) {
    }

    public record LastError(Instant at, String error) {
    }

    /** Files the route moved to failed/ (the whole file could not be read): how many, and their names. */
    public record FailedFiles(int count, List<String> names) {
    }

    /** A run and how far it is. */
    public record RunProgress(long run, String file, Instant startedAt, ImportProgress.Progress progress) {
    }

    /** One run as the API shows it: its journal summary and its progress. */
    public record RunView(ImportJournal.FileSummary run, long fileSize, long lastLine, Instant finishedAt,
                          ImportProgress.Progress progress) {
    }

    private final Database db;
    private final ImportJournal journal;
    private final PollState polls;
    private final ImportProgress progress;
    private final Map<String, SourceConfig> feeds = new LinkedHashMap<>();
    private final Path inbox;
    private final boolean hl7;
    private final Clock clock;

    /**
     * @param feeds the configured feed files
     * @param inbox the local inbox folder (guestlink.inbox.dir): an inbox feed's failed/ is {@code <inbox>/<feed>/failed}
     * @param hl7   whether the HL7 listener is configured (guestlink.hl7.enabled)
     */
    public FeedBoard(Database db, ImportJournal journal, ImportProgress progress, List<SourceConfig> feeds, Path inbox,
                     boolean hl7, Clock clock) {
        this.db = db;
        this.journal = journal;
        this.polls = new PollState(db);
        this.progress = progress;
        for (SourceConfig f : feeds) this.feeds.put(f.id(), f);
        this.inbox = inbox;
        this.hl7 = hl7;
        this.clock = clock;
    }

    /** The names of every feed: the feed files' ids, then the message channels. */
    public List<String> names() {
        List<String> out = new ArrayList<>(feeds.keySet());
        if (hl7 && !feeds.containsKey(HL7)) out.add(HL7);
        if (!feeds.containsKey(JMS)) out.add(JMS);
        return out;
    }

    public List<Feed> all() {
        return names().stream().map(n -> feed(n).orElseThrow()).toList();
    }

    /** A feed by its name; empty for a name that is no configured feed (nothing is looked up by the name itself). */
    public Optional<Feed> feed(String name) {
        SourceConfig f = feeds.get(name);
        if (f != null) return Optional.of(f.isDatabaseFeed() ? poll(f) : file(f));
        if (names().contains(name)) return Optional.of(messages(name));
        return Optional.empty();
    }

    /** One journaled run with its progress. */
    public Optional<RunView> run(long id) {
        return journal.runDetail(id).map(d -> new RunView(d.summary(), d.fileSize(), d.lastLine(),
                d.finishedAt() == null ? null : d.finishedAt().toInstant(), progress.of(d, clock.instant())));
    }

    private Feed file(SourceConfig f) {
        Optional<ImportJournal.RunDetail> last = journal.lastRun(f.id());
        ImportJournal.FeedTotals totals = journal.totals(f.id());
        boolean remote = f.endpoint() != null;
        return new Feed(f.id(), "file", f.system(), f.property(), remote,
                last.map(d -> d.summary().startedAt()).orElse(null), last.map(d -> d.summary().fileName()).orElse(null),
                last.map(d -> d.summary().id()).orElse(null), last.map(d -> d.summary().status()).orElse(null),
                totals.runs(), totals.rows(), null, lastFailedRun(f.id()), null, remote ? null : failed(f.id()),
                running(f.id()));
    }

    private Feed poll(SourceConfig f) {
        Optional<ImportJournal.RunDetail> last = journal.lastRun(f.id());
        Optional<PollState.Mark> mark = polls.read(f.id());
        ImportJournal.FeedTotals totals = journal.totals(f.id());
        Instant lastPoll = mark.map(m -> m.updatedAt().toInstant()).orElse(null);
        Instant lastRunAt = last.map(d -> d.summary().startedAt()).orElse(null);
        LastError error = mark.filter(m -> m.lastError() != null)
                .map(m -> new LastError(m.lastErrorAt() == null ? null : m.lastErrorAt().toInstant(), m.lastError()))
                .orElse(null);
        return new Feed(f.id(), "poll", f.system(), f.property(), null,
                lastPoll == null || (lastRunAt != null && lastRunAt.isAfter(lastPoll)) ? lastRunAt : lastPoll, null,
                last.map(d -> d.summary().id()).orElse(null), last.map(d -> d.summary().status()).orElse(null),
                totals.runs(), totals.rows(), null, error, mark.map(PollState.Mark::watermark).orElse(null), null,
                running(f.id()));
    }

    private Feed messages(String channel) {
        MessageJournal.ChannelCounts c = db.withoutTransaction("counting " + channel + " messages",
                tx -> MessageJournal.counts(tx, channel));
        return new Feed(channel, channel, null, null, null, c.lastReceived(), null, null, null, null, null,
                new Messages(c.accepted(), c.refused(), c.refusedOpen()),
                c.lastRefused() == null ? null : new LastError(c.lastRefused(), c.lastRefusal()), null, null, List.of());
    }

    private LastError lastFailedRun(String feed) {
        return journal.lastError(feed).map(d -> new LastError(d.finishedAt() == null ? d.summary().startedAt()
                : d.finishedAt().toInstant(), d.summary().error())).orElse(null);
    }

    private List<RunProgress> running(String feed) {
        Instant now = clock.instant();
        return journal.running(feed).stream().map(d -> new RunProgress(d.summary().id(), d.summary().fileName(),
                d.summary().startedAt(), progress.of(d, now))).toList();
    }

    /** The names in {@code <inbox>/<feed>/failed/}, sorted; the folder is the configured feed's, never a caller's. */
    private FailedFiles failed(String feed) {
        Path dir = inbox.resolve(feed).resolve("failed");
        if (!Files.isDirectory(dir)) return new FailedFiles(0, List.of());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
            return new FailedFiles(names.size(), names.subList(0, Math.min(MAX_FAILED_NAMES, names.size())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the failed files of feed " + feed, e);
        }
    }
}

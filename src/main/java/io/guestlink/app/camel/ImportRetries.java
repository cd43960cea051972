package io.guestlink.app.camel;

import io.guestlink.store.ImportJournal;
import io.guestlink.store.TransientFailures;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file import interrupted by a transient failure (the database restarting, a connection cut, a deadlock) is
 * retried in place by Camel's redelivery, with exponential backoff (routes/file-import.camel.yaml, the
 * guestlink.import.retry-* settings); each attempt resumes after the run's last committed batch, so nothing is lost
 * or doubled, and the file never goes to failed/ for it. This bean decides what is transient, says one warning per
 * retry (no stack trace: the kind of failure and its SQLSTATE are the news), and notes on the run why it waits.
 */
public final class ImportRetries implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ImportRetries.class);

    private final ImportJournal journal;
    private final int maxAttempts;

    public ImportRetries(ImportJournal journal, int maxAttempts) {
        this.journal = journal;
        this.maxAttempts = maxAttempts;
    }

    /** The onWhen of the transient onException: is the failure the moment's, not the file's? */
    public boolean isTransient(Exchange exchange) {
        Throwable e = failure(exchange);
        return e != null && TransientFailures.isTransient(e);
    }

    /** Before each redelivery (after its delay): one warning, and the run's note. */
    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        int attempt = in.getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        String reason = TransientFailures.reason(failure(exchange));
        String feed = in.getHeader(Headers.SOURCE, String.class);
        String name = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        LOG.warn("import of {} for feed {} interrupted by a transient failure: {}; retry {} of {}, resuming after its last "
                + "committed batch", name, feed, reason, attempt, maxAttempts);
        note(in, feed, "interrupted by a transient failure (" + reason + "); retry " + attempt + " of " + maxAttempts);
    }

    /**
     * The retries ran out (or the application is stopping): the file stays where it is, its run RUNNING with the note,
     * and the next poll resumes it; never failed/, which is for files that do not fit their feed.
     */
    public void exhausted(Exchange exchange) {
        Message in = exchange.getIn();
        String reason = TransientFailures.reason(failure(exchange));
        String feed = in.getHeader(Headers.SOURCE, String.class);
        LOG.warn("import of {} for feed {} still fails after {} retries ({}); the file stays in the inbox and the next "
                + "poll resumes it", in.getHeader(Exchange.FILE_NAME_ONLY, String.class), feed, maxAttempts, reason);
        note(in, feed, "waiting for the next poll after " + maxAttempts + " retries; last failure: " + reason);
    }

    /**
     * Notes it on the run now if the database answers, and on the message for the attempt to note first (the database
     * is often still away when the retry is announced: {@link ImportEndpoint} notes it when it is back).
     */
    private void note(Message in, String feed, String text) {
        in.setHeader(Headers.RETRY_NOTE, text);
        String sha = in.getHeader(Headers.SHA256, String.class);
        if (feed != null && sha != null) journal.noteRetry(feed, sha, text);
    }

    private static Throwable failure(Exchange exchange) {
        Throwable e = exchange.getException();
        if (e == null) e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return e;
    }
}

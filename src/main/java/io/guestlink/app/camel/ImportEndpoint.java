package io.guestlink.app.camel;

import io.guestlink.app.GuestLink;
import io.guestlink.pipeline.FileImporter;
import io.guestlink.pipeline.LogContext;
import io.guestlink.model.ImportSummary;
import io.guestlink.ingest.RecordMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Camel edge of the import: reads headers and the file body, calls the plain-Java importer, and puts the outcome
 * back on headers for the route (rejects file, counts). Nothing of the domain lives here.
 */
public final class ImportEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ImportEndpoint.class);

    private final GuestLink app;

    public ImportEndpoint(GuestLink app) {
        this.app = app;
    }

    /** Computes the content hash that makes a re-delivered file a duplicate, whatever its name or time stamp. */
    public void fingerprint(Exchange exchange) {
        Message in = exchange.getIn();
        String source = in.getHeader(Headers.SOURCE, String.class);
        app.feed(source); // unknown feed: fail before anything is remembered
        File file = in.getBody(File.class);
        if (file == null) throw new IllegalArgumentException("no file in the message for feed " + source);
        String sha = FileImporter.sha256(file.toPath());
        in.setHeader(Headers.SHA256, sha);
        in.setHeader(Headers.FILE_KEY, source + ":" + sha);
    }

    public void duplicate(Exchange exchange) {
        Message in = exchange.getIn();
        File file = in.getBody(File.class);
        String name = fileName(in, file);
        String source = in.getHeader(Headers.SOURCE, String.class);
        long id = app.journal().recordDuplicate(source, name, in.getHeader(Headers.SHA256, String.class), file.length());
        in.setHeader(Headers.STATUS, "DUPLICATE");
        in.setHeader(Headers.RUN_ID, id);
        try (LogContext.Scope log = LogContext.run(source, id)) {
            LOG.info("{} {}: same content as a file already imported; nothing changed", source, name);
        }
    }

    /** Imports the file; its log lines carry the feed and run ids (the importer sets the run once it is journaled). */
    public void importFile(Exchange exchange) throws IOException {
        String source = exchange.getIn().getHeader(Headers.SOURCE, String.class);
        try (LogContext.Scope log = LogContext.feed(source)) {
            importFeedFile(exchange, source);
        }
    }

    private void importFeedFile(Exchange exchange, String source) throws IOException {
        Message in = exchange.getIn();
        RecordMapper mapper = app.feed(source);
        File file = in.getBody(File.class);
        String name = fileName(in, file);
        String retryNote = in.getHeader(Headers.RETRY_NOTE, String.class);
        // a retry: the run says what interrupted it (noted here too, as the database was away when it was announced)
        if (retryNote != null) app.journal().noteRetry(source, in.getHeader(Headers.SHA256, String.class), retryNote);
        Path rejects = Files.createTempFile("guestlink-rejects-", ".csv");
        ImportSummary summary;
        try {
            summary = app.importer().importFile(mapper, file.toPath(), name, in.getHeader(Headers.SHA256, String.class), rejects,
                    retryNote);
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(rejects);
            throw e.getCause();
        }
        in.setHeader(Headers.RUN_ID, summary.runId());
        in.setHeader(Headers.STATUS, summary.status());
        in.setHeader(Headers.SUMMARY, summary);
        if (summary.rejectsFile() != null) {
            in.setHeader(Headers.REJECTS_FILE, summary.rejectsFile());
            exchange.getExchangeExtension().addOnCompletion(new DeleteWhenDone(summary.rejectsFile()));
        } else {
            Files.deleteIfExists(rejects);
        }
        if ("FAILED".equals(summary.status())) throw new ImportFailedException(summary.error());
    }

    /** The time stamp an archived name starts with ({@code 20250608-021500-}): a file moved back keeps only its own. */
    private static final java.util.regex.Pattern STAMPED = java.util.regex.Pattern.compile("^(\\d{8}-\\d{6}-)+");
    private static final java.time.format.DateTimeFormatter STAMP = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * The name a file is archived under in done/ or failed/: the time now, then its name. A file moved back from
     * failed/ (fixed feed) already starts with the stamp of its first try: that one is replaced, not doubled.
     */
    public String archiveName(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String bare = STAMPED.matcher(name == null ? "" : name).replaceFirst("");
        return java.time.LocalDateTime.now().format(STAMP) + "-" + (bare.isEmpty() ? name : bare);
    }

    /**
     * An inbox file whose import failed for good (it does not fit its feed) goes to failed/ under its archive name;
     * a transient failure never gets here (ImportRetries), nor does a stop in the middle of a file (it stays in the
     * inbox and resumes). Only the inbox route sets {@link Headers#FAILED_DIR}; a remote feed's consumer moves its own.
     */
    public void moveToFailed(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        String failedDir = in.getHeader(Headers.FAILED_DIR, String.class);
        String archived = in.getHeader(Headers.ARCHIVE_NAME, String.class);
        String path = in.getHeader(Exchange.FILE_PATH, String.class);
        if (failedDir == null || archived == null || path == null) return;
        if (exchange.getContext().isStopping()) return;
        Path file = Path.of(path);
        if (!Files.exists(file)) return; // moved already (this route's caller runs the same handler)
        Path dir = Files.createDirectories(Path.of(failedDir));
        Path target = dir.resolve(archived);
        // the same name failed twice within a second: a number before the extension, never over the first
        int dot = archived.lastIndexOf('.');
        for (int n = 2; Files.exists(target); n++)
            target = dir.resolve(dot > 0 ? archived.substring(0, dot) + "-" + n + archived.substring(dot) : archived + "-" + n);
        Files.move(file, target);
    }

    private static String fileName(Message in, File file) {
        String name = in.getHeader(Exchange.FILE_NAME, String.class);
        return name != null ? name : file.getName();
    }

    /** The whole file cannot be imported with its feed's mapping (wrong layout); its rows were not touched. */
    public static final class ImportFailedException extends RuntimeException {
        ImportFailedException(String message) {
            super(message);
        }
    }

    private static final class DeleteWhenDone extends org.apache.camel.support.SynchronizationAdapter {
        private final Path path;

        DeleteWhenDone(Path path) {
            this.path = path;
        }

        @Override
        public void onDone(Exchange exchange) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("cannot delete temporary rejects file {}", path);
            }
        }
    }
}

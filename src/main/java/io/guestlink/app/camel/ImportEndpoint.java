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
        Path rejects = Files.createTempFile("guestlink-rejects-", ".csv");
        ImportSummary summary;
        try {
            summary = app.importer().importFile(mapper, file.toPath(), name, in.getHeader(Headers.SHA256, String.class), rejects);
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

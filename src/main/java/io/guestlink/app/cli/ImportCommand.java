package io.guestlink.app.cli;

import io.guestlink.app.GuestLink;
import io.guestlink.app.camel.Headers;
import io.guestlink.app.camel.Runtime;
import io.guestlink.model.ImportSummary;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code guestlink import -f FEED FILE}: one local file through the feed's route, then stop. */
@Command(name = "import", description = "Import one local file through the feed's route, then stop.")
final class ImportCommand extends GuestLinkCommand {
    @Option(names = {"-f", "--feed"}, required = true, description = "feed id (a file in config/sources/)")
    String feed;
    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    void check() {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no such file: " + file);
    }

    @Override
    int run(GuestLink app) throws Exception {
        ImportSummary s = importThroughRoute(app, cli.config, feed, file);
        out().println(s == null ? "duplicate: same content as a file already imported; nothing changed" : s);
        if (s != null && s.rejectsFile() != null) out().println("rejected rows: " + s.rejectsFile());
        return s != null && "FAILED".equals(s.status()) ? 1 : 0;
    }

    /** Sends one file through direct:import-file, the route every feed uses; rejects go beside the file. */
    static ImportSummary importThroughRoute(GuestLink app, Path config, String feed, Path file) throws Exception {
        app.feed(feed);
        Main main = Runtime.start(app, config, false);
        try (ProducerTemplate producer = main.getCamelContext().createProducerTemplate()) {
            Path dir = file.toAbsolutePath().getParent();
            Map<String, Object> headers = new HashMap<>();
            headers.put(Headers.SOURCE, feed);
            headers.put(Exchange.FILE_NAME, file.getFileName().toString());
            headers.put(Headers.ARCHIVE_NAME, file.getFileName().toString());
            headers.put(Headers.ARCHIVE_URI, "file:" + dir);
            var result = producer.request("direct:import-file", ex -> {
                ex.getIn().setHeaders(headers);
                ex.getIn().setBody(file.toFile());
            });
            if (result.getException() != null) throw result.getException();
            return result.getMessage().getHeader(Headers.SUMMARY, ImportSummary.class);
        } finally {
            main.stop();
        }
    }
}

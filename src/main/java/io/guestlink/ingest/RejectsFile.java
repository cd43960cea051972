package io.guestlink.ingest;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rejected rows of a file as CSV (UTF-8): line, field, value, reason, raw. Written beside the archived file so
 * the person who fixes the export sees every bad row and why. Created lazily: a clean file leaves no rejects file.
 */
public final class RejectsFile implements Closeable {
    private final Path path;
    private CSVPrinter printer;
    private long count;

    public RejectsFile(Path path) {
        this.path = path;
    }

    public void add(long line, String field, String value, String reason, String raw) throws IOException {
        if (printer == null) {
            BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            printer = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader("line", "field", "value", "reason", "raw").get());
        }
        printer.printRecord(line, field, value, reason, raw == null || raw.length() <= 4096 ? raw : raw.substring(0, 4096) + "…");
        count++;
    }

    long count() {
        return count;
    }

    public Path pathIfAny() {
        return printer == null ? null : path;
    }

    @Override
    public void close() throws IOException {
        if (printer != null) printer.close();
    }
}

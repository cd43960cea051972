package io.guestlink.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The polled folder of an in-process FTP or SFTP server, seen through the server's own file system: uploads the way
 * a well-behaved PMS does (write elsewhere, then rename into the folder) and waits for the route's archive moves.
 */
final class FtpRemoteFolder {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern ARCHIVED = Pattern.compile("\\d{8}-\\d{6}-(.*)");

    final Path dir;
    private final Path staging;

    /** @param staging a folder on the same file system as {@code dir} but not polled */
    FtpRemoteFolder(Path dir, Path staging) {
        this.dir = dir;
        this.staging = staging;
    }

    Path upload(String name, String content) throws IOException {
        Path part = staging.resolve("upload-" + System.nanoTime() + ".part");
        Files.writeString(part, content, StandardCharsets.UTF_8);
        return Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    List<Path> done() throws IOException {
        return list(dir.resolve(".done"));
    }

    List<Path> failed() throws IOException {
        return list(dir.resolve(".failed"));
    }

    /** Waits for {@code <yyyyMMdd-HHmmss>-<name>} in .done/ and returns it. */
    Path awaitArchived(String name) throws Exception {
        return await(() -> done().stream().filter(p -> {
            var m = ARCHIVED.matcher(p.getFileName().toString());
            return m.matches() && m.group(1).equals(name);
        }).findFirst().orElse(null), "archived " + name);
    }

    Path awaitInDone(String fileName) throws Exception {
        Path p = dir.resolve(".done").resolve(fileName);
        return await(() -> Files.isRegularFile(p) ? p : null, fileName + " in .done");
    }

    private Path await(IoSupplier find, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Path p = find.get();
            if (p != null) return p;
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + WAIT + "; .done: " + done() + ", .failed: " + failed()
                + ", polled folder: " + list(dir));
    }

    static Set<String> namesIn(Path dir) throws IOException {
        return list(dir).stream().map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Names a path traversal by the tests' file names would leave behind (other processes may use the folder too). */
    static Set<String> suspiciousNamesIn(Path dir) throws IOException {
        return namesIn(dir).stream().filter(n -> n.contains("evil") || n.contains("res..") || n.endsWith(".rejects.csv"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private interface IoSupplier {
        Path get() throws IOException;
    }
}

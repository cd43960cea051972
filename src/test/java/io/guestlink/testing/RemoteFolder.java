package io.guestlink.testing;

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
public final class RemoteFolder {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Pattern ARCHIVED = Pattern.compile("\\d{8}-\\d{6}-(.*)");

    public final Path dir;
    private final Path staging;

    /** @param staging a folder on the same file system as {@code dir} but not polled */
    public RemoteFolder(Path dir, Path staging) {
        this.dir = dir;
        this.staging = staging;
    }

    public Path upload(String name, String content) throws IOException {
        Path part = staging.resolve("upload-" + System.nanoTime() + ".part");
        Files.writeString(part, content, StandardCharsets.UTF_8);
        return Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    public List<Path> done() throws IOException {
        return list(dir.resolve(".done"));
    }

    public List<Path> failed() throws IOException {
        return list(dir.resolve(".failed"));
    }

    /** Waits for {@code <yyyyMMdd-HHmmss>-<name>} in .done/ and returns it. */
    public Path awaitArchived(String name) throws Exception {
        return await(() -> done().stream().filter(p -> {
            var m = ARCHIVED.matcher(p.getFileName().toString());
            return m.matches() && m.group(1).equals(name);
        }).findFirst().orElse(null), "archived " + name);
    }

    public Path awaitInDone(String fileName) throws Exception {
        Path p = dir.resolve(".done").resolve(fileName);
        return await(() -> Files.isRegularFile(p) ? p : null, fileName + " in .done");
    }

    private Path await(Wait.Probe<Path> find, String what) throws Exception {
        return Wait.forValue(what, WAIT, find, () -> ".done: " + done() + ", .failed: " + failed() + ", polled folder: " + list(dir));
    }

    public static Set<String> namesIn(Path dir) throws IOException {
        return list(dir).stream().map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Names a path traversal by the tests' file names would leave behind (other processes may use the folder too). */
    public static Set<String> suspiciousNamesIn(Path dir) throws IOException {
        return namesIn(dir).stream().filter(n -> n.contains("evil") || n.contains("res..") || n.endsWith(".rejects.csv"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}

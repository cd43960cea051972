package io.guestlink.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the temporary folders the server fixtures create (JUnit's @TempDir covers only the test's own). */
final class TempFolders {
    private TempFolders() {
    }

    static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
